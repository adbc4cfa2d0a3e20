"""booklet i18n export/import as translators use them: the build's rules, conflicts, CAT tools.

Each slip is caught through the CLI on the mini project at the PO file's
line (or prevented), and a round trip through polib, as CAT tools built on
it write PO files, keeps previous msgids, flags and the language file's folding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import MINI_SQ

from booklet.cli import main
from booklet.i18n.langwrite import refolded
from booklet.i18n.po_language import languages_of_header
from booklet.i18n.reviewstate import fingerprint
from booklet.project.config import load_booklet


def i18n(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "i18n", *args])


def export(root: Path, lang: str = "sq") -> str:
    target = root / "out.po"
    result = i18n(root, "export", "--lang", lang, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def import_(root: Path, po: str, *options: str) -> Result:
    (root / "out.po").write_text(po, encoding="utf-8")
    return i18n(root, "import", str(root / "out.po"), *options)


def line_of(text: str, line: str) -> int:
    return text.splitlines().index(line) + 1


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def sq(mini: Callable[..., Path]) -> Path:
    root = mini(translated=True)
    assert i18n(root, "mark", "--lang", "sq", "--all").exit_code == 0
    return root


def unchanged_by(root: Path, po: str, *options: str) -> Result:
    """Import po and check that it failed and wrote nothing."""
    files = [root / "content/lang/sq.yaml", root / "content/lang/sq.state.yaml"]
    before = [f.read_bytes() for f in files]
    result = import_(root, po, *options)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert [f.read_bytes() for f in files] == before
    return result


def test_import_refuses_what_the_build_refuses_at_the_po_line(sq: Path) -> None:
    po = export(sq)
    po = po.replace('msgstr "që nga {start}"', 'msgstr "që nga {fillimi}"')
    po = po.replace('msgstr "Foto: {credit}"', 'msgstr "Foto:"')
    po = po.replace('msgstr "Arritja e parë"', 'msgstr "Arritja *e parë"')
    po = po.replace('msgstr "Një foto e kopertinës."', 'msgstr "\u200b"')
    out = sq / "out.po"
    at = {name: line_of(po, f'msgstr "{text}"') for name, text in (
        ("since", "që nga {fillimi}"), ("credit", "Foto:"), ("blank", "\u200b"),
        ("italic", "Arritja *e parë"))}
    result = unchanged_by(sq, po)
    assert result.output == (  # in the PO's order
        f"{out}:{at['blank']}:1: 'photos.cover': the text is empty (only spaces or "
        "invisible characters): write its text\n"
        f"{out}:{at['italic']}:1: 'm.one.title': a * that starts italic text "
        "is not closed (or a closing one has no start): put * on both sides of the italic words\n"
        f"{out}:{at['since']}:1: 'labels.since': {{fillimi}} should be "
        "{start} as in the English: booklet puts the value in its place by that name, so keep it exactly "
        "as written\n"
        f"{out}:{at['credit']}:1: 'labels.photo_credit': {{credit}} of the English is "
        "missing: booklet writes the number or date there, so copy it into the translation unchanged\n"
        "4 problems.\n")


def test_an_older_po_never_reverts_newer_corrections(sq: Path) -> None:
    po = export(sq)
    lang = sq / "content/lang/sq.yaml"
    edit(lang, "Arritja e parë", "Arritja e parë, e korrigjuar")  # corrected in the file after the export
    assert i18n(sq, "mark", "--lang", "sq", "--reviewed", "m.one.title").exit_code == 0  # and reviewed
    result = import_(sq, po)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "content/lang/sq.yaml: 0 added, 0 changed, 10 unchanged\n"
        "  kept the language file's newer words (changed since the export): m.one.title\n")
    assert "title: Arritja e parë, e korrigjuar\n" in lang.read_text(encoding="utf-8")
    status = json.loads(i18n(sq, "status", "--lang", "sq", "--json").output)[0]
    assert status["reviewed"] == 1 and "m.one.title" not in status["unreviewed"]  # not demoted


def test_words_changed_on_both_sides_are_a_conflict_until_overwrite(sq: Path) -> None:
    po = export(sq).replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë (nga PO)"')
    lang = sq / "content/lang/sq.yaml"
    edit(lang, "Arritja e parë", "Arritja e parë, e korrigjuar")
    line = line_of(po, 'msgstr "Arritja e parë (nga PO)"')
    result = unchanged_by(sq, po)
    assert result.output == (
        f"{sq / 'out.po'}:{line}:1: 'm.one.title': content/lang/sq.yaml:13 was changed since this PO was "
        "exported, and the PO changes it too: the file has “Arritja e parë, e korrigjuar” (take the file's "
        "words into your CAT tool and export again, or import with --overwrite to replace them)\n"
        "1 problem.\n")
    result = import_(sq, po, "--overwrite")
    assert result.exit_code == 0, result.output
    assert result.output == ("content/lang/sq.yaml: 0 added, 1 changed, 10 unchanged\n"
                             "  changed: m.one.title\n"
                             "  overwritten (changed in the language file since the export, or reviewed): "
                             "m.one.title\n")
    assert "title: Arritja e parë (nga PO)\n" in lang.read_text(encoding="utf-8")


def test_reviewed_words_are_not_replaced_without_overwrite(sq: Path) -> None:
    assert i18n(sq, "mark", "--lang", "sq", "--reviewed", "m.one.title").exit_code == 0
    po = export(sq).replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë (nga PO)"')
    result = unchanged_by(sq, po)
    assert "'m.one.title': content/lang/sq.yaml:13 is reviewed: importing would replace the reviewed " \
           "words" in result.output
    assert import_(sq, po, "--overwrite").exit_code == 0
    status = json.loads(i18n(sq, "status", "--lang", "sq", "--json").output)[0]
    assert status["reviewed"] == 0 and "m.one.title" in status["unreviewed"]  # a draft again


def test_a_stale_reviewed_text_is_updated_without_overwrite(sq: Path) -> None:
    assert i18n(sq, "mark", "--lang", "sq", "--reviewed", "m.one.title").exit_code == 0
    edit(sq / "content/lang/en.yaml", "First milestone", "The first milestone")
    po = export(sq)
    assert '#, fuzzy, max-length:25\n#| msgid "First milestone"\nmsgctxt "m.one.title"' in po
    po = po.replace('#, fuzzy, max-length:25\n#| msgid "First milestone"\n', "#, max-length:25\n")
    result = import_(sq, po.replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë e Misionit"'))
    assert result.exit_code == 0, result.output
    assert "  changed: m.one.title\n" in result.output and "overwritten" not in result.output


def test_a_po_that_does_not_say_what_it_was_exported_from_changes_nothing_silently(sq: Path) -> None:
    po = re.sub(r"#\. booklet: exported [^\n]*\n", "", export(sq))
    po = po.replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë (nga PO)"')
    result = unchanged_by(sq, po)
    assert ("'m.one.title': this PO does not say which words it was exported with, and "
            "content/lang/sq.yaml:13 holds other words now: “Arritja e parë”") in result.output


@pytest.mark.parametrize("header", ["sq", "sq-XK", "sq_XK", "sq_AL", "sq-AL"])
def test_language_headers_as_cat_tools_write_them(sq: Path, header: str) -> None:
    po = re.sub(r'"Language: [^"]*\\n"', f'"Language: {header}\\\\n"', export(sq))
    assert f'"Language: {header}\\n"' in po
    result = import_(sq, po.replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë!"'))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("content/lang/sq.yaml: 0 added, 1 changed")


def test_an_unclear_language_header_asks_for_lang(sq: Path) -> None:
    po = export(sq)
    line = line_of(po, next(x for x in po.splitlines() if x.startswith('"Language: ')))
    unclear = re.sub(r'"Language: [^"]*\\n"', '"Language: sr\\\\n"', po)
    result = unchanged_by(sq, unclear)
    assert result.output == (
        f"{sq / 'out.po'}:{line}:1: its Language header 'sr' could be sr-Latn or sr-Cyrl (say which with "
        "--lang; languages: en, sq, sr-Latn, sr-Cyrl)\n1 problem.\n")
    wrong = re.sub(r'"Language: [^"]*\\n"', '"Language: fr\\\\n"', po)
    wrong = wrong.replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë!"')
    result = import_(sq, wrong, "--lang", "sq")
    assert result.exit_code == 0, result.output
    assert "  changed: m.one.title\n" in result.output


FOLDED_SQ = MINI_SQ.replace("    body: Një përshkrim i shkurtër.\n",
                            "    body: >-\n      Një përshkrim i shkurtër që vazhdon\n"
                            "      në një rresht të dytë.\n")


def test_a_round_trip_through_polib_keeps_previous_msgids_flags_and_folding(
        mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/sq.yaml": FOLDED_SQ}, translated=True)
    assert i18n(root, "mark", "--lang", "sq", "--all").exit_code == 0
    edit(root / "content/lang/en.yaml", "First milestone", "The first milestone")  # m.one.title is stale
    export(root)
    catalog = polib.pofile(str(root / "out.po"), wrapwidth=30)  # as a CAT tool reads and rewrites it
    title = catalog.find("The first milestone", msgctxt="m.one.title")
    assert title is not None
    assert (title.previous_msgid, "fuzzy" in title.flags) == ("First milestone", True)
    assert "max-length:25" in title.flags
    since = catalog.find("since {start}", msgctxt="labels.since")
    assert since is not None and {"python-brace-format", "max-length:17"} <= set(since.flags)
    body = catalog.find("A short description.", msgctxt="m.one.body")
    assert body is not None
    body.msgstr = ("Një përshkrim i shkurtër që vazhdon në një rresht të dytë dhe në një të tretë, më i "
                   "gjatë se i pari.")
    catalog.save(str(root / "out.po"))
    saved = polib.pofile(str(root / "out.po"))  # polib wrote them: wrapped, as its users' files are
    title = saved.find("The first milestone", msgctxt="m.one.title")
    assert title is not None and title.previous_msgid == "First milestone"
    assert {"fuzzy", "max-length:25"} <= set(title.flags)
    assert '#| msgid ""\n#| "First milestone"\n' in (root / "out.po").read_text(encoding="utf-8")
    lang = root / "content/lang/sq.yaml"
    before = lang.read_text(encoding="utf-8")
    result = i18n(root, "import", str(root / "out.po"))
    assert result.exit_code == 0, result.output
    assert "  changed: m.one.body\n" in result.output
    after = lang.read_text(encoding="utf-8")
    folded = after[after.index("    body: >-\n"):after.index("  two:\n")]
    lines = folded.splitlines()[1:]
    assert len(lines) > 2 and all(len(x) - 6 <= len("Një përshkrim i shkurtër që vazhdon") for x in lines)
    assert lines[0] == "      Një përshkrim i shkurtër që vazhdon"  # the line before the change kept
    assert yaml.safe_load(after)["m"]["one"]["body"] == body.msgstr
    assert after.replace(folded, "") == before.replace(
        "    body: >-\n      Një përshkrim i shkurtër që vazhdon\n      në një rresht të dytë.\n", "")
    # a fuzzy entry sent back keeps its previous English for the next export
    po = export(root)
    assert '#, fuzzy, max-length:25\n#| msgid "First milestone"\nmsgctxt "m.one.title"' in po
    assert f"#. booklet: exported translation {fingerprint(body.msgstr)}\n" in po


def test_pages_named_are_the_editions_own(sq: Path) -> None:
    po = export(sq)
    assert "# The pages named are the" not in po
    edit(sq / "content/lang/sq.yaml", '"që nga {start}"', '"që nga {fillimi}"')  # sq cannot be laid out
    po = export(sq)
    assert "# The pages named are the en edition's: the sq edition cannot be laid out yet.\n" in po


@pytest.mark.parametrize(("header", "found"), [
    ("sq", ["sq"]), ("sq-XK", ["sq"]), ("sq_XK", ["sq"]), ("sq_AL", ["sq"]), ("sr-Latn", ["sr-Latn"]),
    ("sr_Latn_RS", ["sr-Latn"]), ("sr@latin", ["sr-Latn"]), ("sr_RS@latin", ["sr-Latn"]),
    ("sr", ["sr-Latn", "sr-Cyrl"]), ("fr", []), ("", [])])
def test_which_edition_a_language_header_means(mini: Callable[..., Path], header: str,
                                                found: list[str]) -> None:
    assert languages_of_header(load_booklet(mini(translated=True)), header) == found


def _lines(text: str, folds: list[int]) -> list[str]:
    edges = [-1, *folds, len(text)]
    return [text[a + 1:b] for a, b in zip(edges[:-1], edges[1:], strict=True)]


@pytest.mark.parametrize(("new", "lines"), [
    ("aaa bbb ccc XXXXXXX ddd eee fff", ["aaa bbb", "ccc", "XXXXXXX", "ddd", "eee fff"]),
    ("aaa bbb ccc ddd eee", ["aaa bbb", "ccc ddd", "eee"]),
    ("zzz bbb ccc ddd eee fff", ["zzz bbb", "ccc ddd", "eee fff"]),
    ("aaa  bbb ccc ddd eee fff", ["aaa  bbb", "ccc ddd", "eee fff"]),  # never at a double space
])
def test_an_edited_folded_text_is_folded_again_only_where_it_changed(new: str, lines: list[str]) -> None:
    old = "aaa bbb ccc ddd eee fff"
    assert _lines(old, [7, 15]) == ["aaa bbb", "ccc ddd", "eee fff"]
    assert _lines(new, refolded(old, [7, 15], new)) == lines
