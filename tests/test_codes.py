"""Diagnostics as data: one registry of codes (codes.py), and no stage reading another's message."""

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from booklet.checks.pdfcheck import PDF_CHECKS
from booklet.checks.preflight import LAYOUT_CHECKS
from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.content.textrules import TEXT_RULES
from booklet.core.codes import CODES
from booklet.core.errors import Data, Diagnostic, Location
from booklet.layout.overflow import explain_overflow
from booklet.layout.pagemap import PageMap, Section
from booklet.project.config import load_booklet

NAMED_BY_FIRST_ARGUMENT = {"Check", "PdfCheck", "TextRule", "Code"}
CODE_POSITION = {"Diagnostic": 1, "BookletError": 3}
"""Where a call names its code when not as code=: Diagnostic(severity, code, ...),
BookletError(message, where, hint, code, ...)."""
PASSED_ON = {"check.name", "rule.name", "exc.code", "self.code", "data['code']", "d.code", "code"}
"""Codes carried from a value that already has one (a check's name, an error being re-raised),
each checked where it comes from."""


def _strings(node: ast.expr) -> tuple[list[str], list[str]]:
    """(the codes a code expression can be, the expressions it passes on unresolved)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value], []
    if isinstance(node, ast.IfExp):
        a, b = _strings(node.body), _strings(node.orelse)
        return a[0] + b[0], a[1] + b[1]
    return [], [ast.unparse(node)]


def codes_in(source: str) -> tuple[set[str], set[str], list[tuple[str, str]]]:
    """(codes used, expressions passed on, (severity, code) pairs written together) in source."""
    used: set[str] = set()
    passed: set[str] = set()
    pairs: list[tuple[str, str]] = []

    def take(node: ast.expr) -> None:
        found, unresolved = _strings(node)
        used.update(found)
        passed.update(unresolved)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            for keyword in node.keywords:
                if keyword.arg == "code" and name != "format":  # "{code}".format(code=lang): a language
                    take(keyword.value)
            if name in NAMED_BY_FIRST_ARGUMENT and node.args and name != "Code":
                take(node.args[0])
            position = CODE_POSITION.get(name)
            if position is not None and len(node.args) > position:
                take(node.args[position])
                severity = node.args[0]
                if name == "Diagnostic" and isinstance(severity, ast.Constant):
                    pairs += [(severity.value, code) for code in _strings(node.args[position])[0]]
        elif (isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute)
              and node.left.attr == "code"):
            for right in node.comparators:
                if not (isinstance(right, ast.Constant) and right.value is None):
                    take(right)
        elif isinstance(node, ast.FunctionDef):
            arguments = node.args.args + node.args.kwonlyargs
            defaults = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
            for argument, default in zip(arguments[len(arguments) - len(defaults):], defaults, strict=True):
                if argument.arg == "code":
                    take(default)
    return used, passed, pairs


def _package() -> list[Path]:
    return sorted((REPO / "booklet").rglob("*.py"))


def test_every_code_the_package_uses_is_registered_and_every_registered_one_used() -> None:
    used: set[str] = set()
    passed: set[str] = set()
    for path in _package():
        found, unresolved, _pairs = codes_in(path.read_text(encoding="utf-8"))
        used |= found
        passed |= unresolved
    assert used - set(CODES) == set(), "codes used but not in booklet/core/codes.py"
    assert set(CODES) - used == set(), "codes registered but used nowhere"
    assert passed <= PASSED_ON, "a code from an expression this test cannot follow"


def test_the_walk_finds_an_unregistered_code() -> None:
    source = ('def f(x, code="input"):\n'
              '    raise BookletError("m", None, "", "typo-code")\n'
              'Diagnostic("warning", "other" if x else "third", "m")\n'
              'BookletError("m", code=x.kind)\n'
              'if d.code == "compared": pass\n'
              'CHECKS = [Check("named", run)]\n')
    used, passed, pairs = codes_in(source)
    assert used == {"input", "typo-code", "other", "third", "compared", "named"}
    assert passed == {"x.kind"}
    assert pairs == [("warning", "other"), ("warning", "third")]


def test_codes_carried_by_name_are_registered_with_the_severity_written() -> None:
    for name in [*(c.name for c in [*LAYOUT_CHECKS, *PDF_CHECKS]), *(r.name for r in TEXT_RULES)]:
        assert name in CODES, name
    for path in _package():
        for severity, code in codes_in(path.read_text(encoding="utf-8"))[2]:
            assert CODES[code].severity == severity, (path.name, code)


def test_codes_lists_and_explains_them() -> None:
    listed = CliRunner().invoke(main, ["codes"])
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == len(CODES)
    assert lines[0].split()[:3] == ["input", "error", "project"]  # in the order of the stages
    assert any(line.split()[:3] == ["low-resolution", "warning", "photos"] for line in lines)
    explained = CliRunner().invoke(main, ["codes", "overflow"])
    assert explained.stdout == ("overflow: error, found in the layout stage\n"
                                "A page's text does not fit the pages its layout makes.\n")
    wrong = CliRunner().invoke(main, ["codes", "overflw"])
    assert wrong.exit_code == 1
    assert wrong.stderr == ("no diagnostic code 'overflw' (did you mean 'overflow'?) "
                            "(booklet codes lists them)\n1 problem.\n")


def _section(chars: int, lines: int) -> Section:
    return Section("content/pages/2000.yaml", "year-spread", "year 2000", "right",
                   source_text="First milestone", printed_on=[2, 3], lines_on={3: lines}, chars_on={3: chars})


def test_an_overflow_is_explained_from_its_data_not_its_words(mini: Callable[..., Path]) -> None:
    booklet = load_booklet(mini())
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    both = ["one", "two"]
    pages = PageMap({"one": _section(100, 3), "two": _section(400, 9)}, [[], [], both, both], [])
    findings = [Diagnostic("error", "overflow", f"{name} runs over, in any words", Location("x"), "",
                           data=Data(page=3, section=name, count=1)) for name in ("two", "one")]
    unsaid = Diagnostic("error", "overflow", "no section said")
    explained = explain_overflow([*findings, unsaid], pages, edition)
    assert [d.message.split(": ", 1)[1].split(".")[0] for d in explained[:2]] == [
        "9 lines (about 400 characters) too many", "3 lines (about 100 characters) too many"]
    assert explained[0].message.startswith("two runs over, in any words: ")
    # the data it had, and the keys of the texts to cut, for a preview to show on the page
    assert explained[0].data == Data(page=3, section="two", count=1, keys=("m.one.title",))
    assert explained[2].message == "no section said"


def test_a_list_a_diagnostic_carries_is_left_out_of_its_one_line_cause() -> None:
    from booklet.core.report import BuildReport, Cause, EditionReport

    standins = Diagnostic("warning", "standin", "the print PDF still has 2 stand-in photos",
                          Location("assets/images"), "put the real photos there",
                          data=Data(count=2, items=("a.jpg", "b.jpg")))
    assert str(standins) == ("assets/images: the print PDF still has 2 stand-in photos: a.jpg, b.jpg "
                             "(put the real photos there)")
    report = BuildReport([EditionReport("en", "print", Path("x.pdf"), diagnostics=[standins])])
    [cause] = report.causes()
    assert isinstance(cause, Cause)
    assert str(cause) == ("assets/images: the print PDF still has 2 stand-in photos (`booklet photos` lists "
                          "them) (put the real photos there) [en: print]")


def _raises(error: BaseException) -> Callable[..., object]:
    def run(*_args: object) -> object:
        raise error
    return run


def test_commands_that_build_nothing_say_nothing_of_pdfs(mini: Callable[..., Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    said = CliRunner().invoke(main, ["--project", str(root), "i18n", "where", "no.such"])
    assert (said.exit_code, said.stderr) == (1, "no page uses the text 'no.such'\n1 problem.\n")
    monkeypatch.setattr("booklet.cli.EditionPipeline.photo_rows", _raises(ValueError("a bug of ours")))
    said = CliRunner().invoke(main, ["--project", str(root), "photos"])
    assert (said.exit_code, said.stderr) == (2, "internal error: ValueError: a bug of ours\n"
                                                "Run again with --debug to see where, and report it.\n")
    monkeypatch.setattr("booklet.cli.EditionPipeline.photo_rows", _raises(KeyboardInterrupt()))
    said = CliRunner().invoke(main, ["--project", str(root), "photos"])
    assert (said.exit_code, said.stderr) == (130, "\nStopped.\n")
    said = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "print"])
    assert said.exit_code == 0 and "PDF" not in said.output
    assert "warning: assets/images: the print variant still has 1 stand-in photo" in said.stderr


def test_the_build_record_keeps_a_warnings_data_and_refuses_data_it_did_not_write() -> None:
    from booklet.pipeline.uptodate import _diagnostic, _diagnostic_json

    said = Diagnostic("warning", "standin", "the print PDF still has 2 stand-in photos",
                      Location("assets/images"), "put them there",
                      data=Data(count=2, items=("a.jpg", "b.jpg")))
    kept = _diagnostic_json(said)
    assert _diagnostic(kept) == said
    assert _diagnostic({**kept, "data": {"count": "2"}}) is None
    assert _diagnostic({**kept, "data": {"items": "a.jpg"}}) is None
    assert _diagnostic({**kept, "data": {"colour": "red"}}) is None
    assert _diagnostic({k: v for k, v in kept.items() if k != "data"}) == Diagnostic(
        "warning", "standin", said.message, said.where, said.hint)  # a record written before data
