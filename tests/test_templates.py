"""Layouts are designers' files, not programs the build trusts: sandboxed, bounded, inside layouts/."""

import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.core.errors import BookletError
from booklet.layout.html import Words
from booklet.project.config import load_booklet
from booklet.project.viewmodel import TEXT_FUNCTIONS, page_view, plain, text_functions

NOTHING_WRITTEN = "\n1 problem; no PDF was updated (any earlier PDF is still in place).\n"


def build_with_cover(root: Path, template: str) -> str:
    (root / "layouts/cover/cover.html.j2").write_text(template)
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return result.stderr


@pytest.mark.parametrize(("template", "message"), [
    ('{% include "cover/cover.html.j2" %}',
     "layouts/cover/cover.html.j2:1:1: layout error: a layout includes itself, or layouts include each other "
     "in a circle"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "layouts/cover/cover.html.j2:1:1: layout error: the layouts loop more than 1,000,000 times (a loop that "
     "never ends?)"),
    ("{{ t.__class__ }}",
     "layouts/cover/cover.html.j2:1:1: layout error: access to attribute '__class__' of 'TextFunctions' "
     "object is unsafe."),
])
def test_a_runaway_or_unsafe_layout_stops_at_its_template(mini: Callable[..., Path], template: str,
                                                         message: str) -> None:
    assert build_with_cover(mini(), template).endswith(message + NOTHING_WRITTEN)


def test_a_layout_that_is_a_symlink_out_of_layouts(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    (tmp_path / "secret.txt").write_text("the outside file's text")
    (root / "layouts/cover/cover.html.j2").unlink()
    (root / "layouts/cover/cover.html.j2").symlink_to(tmp_path / "secret.txt")
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1
    assert result.stderr.endswith("layouts/cover/cover.html.j2: is outside layouts/ (copy the template "
                                  "into layouts/)" + NOTHING_WRITTEN)
    assert not list((root / "build").glob("*rejected*"))


def _files_under(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts}


@pytest.mark.parametrize("template", [
    '{{ edition.booklet.root.joinpath(outside).read_text() }}',
    '{{ t.edition.booklet.root.joinpath(outside).write_text("written") }}',
    '{{ t.inline.__self__.edition }}',
    '{{ page.model_dump() }}',
    '{{ page.path.read_text() }}',
    '{{ page.photo.file.write_text("written") }}',
    '{{ pages[0].update({"path": outside}) }}',
    '{{ template_of({"path": outside, "layout": "cover"}) }}',
    '{{ view_of(pages[1], none).columns[0][0].title.__class__ }}',
    '{{ pager.__dict__ }}',
    '{{ image_url(outside) }}',
])
def test_a_template_reaches_no_file_outside_the_project(mini: Callable[..., Path], tmp_path: Path,
                                                       template: str) -> None:
    root = mini()
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("the outside file's text")
    cover = root / "layouts/cover/cover.html.j2"
    cover.write_text("{% set outside = '" + str(sentinel) + "' %}\n" + template)
    before = _files_under(tmp_path)
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    stderr = result.stderr
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "layouts/cover/cover.html.j2:2:1: layout error: " in stderr, stderr
    assert stderr.endswith(NOTHING_WRITTEN)
    assert "the outside file's text" not in stderr
    assert sentinel.read_text() == "the outside file's text"
    assert _files_under(tmp_path) == before  # nothing new, nothing changed, no PDF


@pytest.mark.parametrize(("template", "message"), [
    ("{{ 9 ** (9 ** 9) }}", "9 ** 387420489 is larger than 10**100"),
    ('{{ "x" * 4000000000 }}', "repeating it would make a text of 4,000,000,000 characters"),
    ('{{ "x".center(10**10) }}', ".center() would make a text of 10,000,000,000 characters"),
    ('{{ "x"|center(10**10) }}', "the filter center would make a text of 10,000,000,000 characters"),
    ('{{ "%2000000000s" % "x" }}', "the format %2000000000 would make a text of 2,000,000,000 characters"),
    ('{{ "{:>2000000000}".format("x") }}',
     "the format {:>2000000000} would make a text of 2,000,000,000 characters"),
    ("{{ [0] * 10**9 }}", "repeating it would make a list of 1,000,000,000 items"),
    ('{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s }}{% endmacro %}{{ d("x", 60) }}',
     "joining texts with ~ would make a text of 67,108,864 characters"),
])
def test_a_number_or_text_too_large_is_refused_before_it_is_made(mini: Callable[..., Path], template: str,
                                                                 message: str) -> None:
    started = time.monotonic()
    stderr = build_with_cover(mini(), "\n" + template)
    assert stderr.endswith(f"layouts/cover/cover.html.j2:2:1: layout error: {message}: more than a layout "
                           "can use (a mistake in the template?)" + NOTHING_WRITTEN)
    assert time.monotonic() - started < 60  # not an hour of arithmetic, not a MemoryError


def _kinds(value: object) -> set[type]:
    if isinstance(value, dict):
        assert all(type(k) is str for k in value)
        return {dict}.union(*(_kinds(v) for v in value.values()))
    if isinstance(value, list):
        return {list}.union(*(_kinds(v) for v in value))
    return {type(value)}


def test_templates_receive_plain_data_only() -> None:
    booklet = load_booklet(REPO)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    seen = _kinds([page_view(p) for p in edition.pages])
    assert seen <= {dict, list, str, int, bool, dt.date, type(None)}, seen
    words = Words(edition)
    views = [plain(view(p.page, words, None)) for p in edition.pages
             if (view := booklet.layouts[p.page.layout].view_function)]
    assert views
    assert _kinds(views) <= {dict, list, str, int, bool, type(None)}
    assert set(vars(text_functions(words))) == set(TEXT_FUNCTIONS)
    with pytest.raises(TypeError, match="a PosixPath is not data a template may receive"):
        plain({"root": booklet.root})


def test_a_field_cannot_take_a_name_the_templates_use(mini: Callable[..., Path]) -> None:
    root = mini()
    spec = root / "layouts/cover/layout.yaml"
    spec.write_text(spec.read_text().replace("fields:\n", "fields:\n  items: text\n"))
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 1
    assert ("layouts/cover/layout.yaml:3:3: field items: the name is taken (templates read page.items for "
            "something else) (give the field another name)") in result.stderr


@pytest.mark.parametrize(("template", "message"), [
    ('{{ t.date("1999-07-01") }}', "t.date() takes a date, not '1999-07-01'"),
    ("{{ t.number(page.title) }}", "t.number() takes a whole number, not 'cover'"),
    ("{{ 1 / 0 }}", "division by zero"),
    ('{{ view_of({"path": "content/pages/none.yaml"}, none) }}', "expected one of the edition's pages"),
])
def test_a_call_a_template_gets_wrong_is_a_layout_error(mini: Callable[..., Path], template: str,
                                                         message: str) -> None:
    assert build_with_cover(mini(), "\n" + template).endswith(
        f"layouts/cover/cover.html.j2:2:1: layout error: {message}" + NOTHING_WRITTEN)


def test_a_sum_doubled_in_a_loop_is_refused(mini: Callable[..., Path]) -> None:
    doubling = ("{% set ns = namespace(x=1) %}{% for i in range(1000000) %}{% set ns.x = ns.x + ns.x %}"
                "{% endfor %}{{ ns.x }}")
    assert build_with_cover(mini(), "\n" + doubling).endswith(
        "layouts/cover/cover.html.j2:2:1: layout error: a sum larger than 10**100: more than a layout can "
        "use (a mistake in the template?)" + NOTHING_WRITTEN)


def test_a_layout_that_prints_more_than_a_page_holds_stops_before_layout(mini: Callable[..., Path]) -> None:
    """Within every bound of the sandbox, a loop can still print megabytes onto one page: WeasyPrint
    would take many minutes over it, so it is refused before layout, at the page."""
    root = mini()
    cover = root / "layouts/cover/cover.html.j2"
    cover.write_text(cover.read_text().replace("{% endcall %}", '{{ "a" ~ [1] * 999999 }}\n{% endcall %}'))
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print"])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert re.fullmatch(r"content/pages/010-cover\.yaml: its layout makes 2,000,0\d\d characters for one "
                        r"page; even in 6 pt type a page holds about [\d,]+ \(look at what the layout's "
                        r"template prints for this page\)", first), first


def test_a_template_is_compiled_once_per_process_and_again_when_edited(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from booklet.layout import templates
    from booklet.layout.sandbox import BoundedSandbox

    layouts = tmp_path / "layouts"
    layouts.mkdir()
    page = layouts / "page.html.j2"
    page.write_text("<p>{{ word }}</p>")
    compiled: list[str] = []
    compile_ = BoundedSandbox.compile

    def counting(self: BoundedSandbox, source: str, *args: object, **kwargs: object) -> object:
        compiled.append(source)
        return compile_(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BoundedSandbox, "compile", counting)
    render = templates.render
    assert render([layouts], tmp_path, "page.html.j2", {}, {"word": "one"}) == "<p>one</p>"
    assert render([layouts], tmp_path, "page.html.j2", {}, {"word": "two"}) == "<p>two</p>"
    assert compiled == ["<p>{{ word }}</p>"]  # the second render used the kept code
    page.write_text("<h1>{{ word }}</h1>")  # an edit in the same process: compiled again
    assert render([layouts], tmp_path, "page.html.j2", {}, {"word": "three"}) == "<h1>three</h1>"
    assert compiled == ["<p>{{ word }}</p>", "<h1>{{ word }}</h1>"]
    page.write_text("{{ word.__class__ }}")  # the kept code is the sandbox's: still refused
    with pytest.raises(BookletError, match="unsafe"):
        render([layouts], tmp_path, "page.html.j2", {}, {"word": "x"})
    with pytest.raises(BookletError, match="unsafe"):
        render([layouts], tmp_path, "page.html.j2", {}, {"word": "x"})
