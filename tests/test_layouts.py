"""A layout is one folder: a project adds one without touching the package, and sizes come from one scale."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.core.errors import BookletError
from booklet.project.config import load_booklet
from tests.conftest import THEME

QUOTE_LAYOUT = {
    "layouts/quote-page/layout.yaml": """\
        about: "A page with one quotation and who said it."
        fields:
          quote: text
          by: text
        texts:
          labels.quoted: "the line before who said a quotation"
        """,
    "layouts/quote-page/quote-page.html.j2": """\
        {% from "partials/page.html.j2" import page as section with context %}
        {% call section(page, "the quotation " ~ page.name, "quote-page") %}
          <blockquote class="big-quote">{{ t.block(page.quote) }}</blockquote>
          <p class="quoted-by">{{ t.inline("labels.quoted") }} {{ t.inline(page.by) }}</p>
        {% endcall %}
        """,
    "layouts/quote-page/quote-page.css": """\
        .big-quote { font-size: var(--size-xl); line-height: calc(2 * var(--bl)); }
        .quoted-by { font-family: var(--sans); }
        """,
    "content/pages/900-quote.yaml": "layout: quote-page\nquote: q.text\nby: q.by\n",
}


def with_quote_layout(mini: Callable[..., Path], lang_extra: str) -> Path:
    root = mini({name: textwrap.dedent(text) for name, text in QUOTE_LAYOUT.items()})
    lang = root / "content/lang/en.yaml"
    lang.write_text(lang.read_text() + lang_extra)
    return root


def test_a_project_adds_a_layout_by_adding_a_folder(mini: Callable[..., Path]) -> None:
    root = with_quote_layout(mini, "q:\n  text: Words that stay.\n  by: A. Person\n")
    lang = root / "content/lang/en.yaml"
    lang.write_text(lang.read_text().replace("labels:\n", "labels:\n  quoted: As said by\n", 1))
    assert "quote-page" in load_booklet(root).layouts
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen"])
    assert result.exit_code == 0, result.output
    pdf = next((root / "build").glob("*-screen.pdf"))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Words that stay." in text and "As said by A. Person" in text


def test_a_layout_says_which_texts_it_needs(mini: Callable[..., Path]) -> None:
    root = with_quote_layout(mini, "q:\n  text: Words that stay.\n  by: A. Person\n")
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 1
    assert ("layouts/quote-page/layout.yaml:1:1: no text 'labels.quoted' in content/lang/en.yaml "
            "(the layout quote-page uses it: the line before who said a quotation)") in result.stderr


def test_a_field_of_an_unknown_type_is_an_error_at_its_line(mini: Callable[..., Path]) -> None:
    root = mini({"layouts/odd/layout.yaml": 'about: "Odd."\nfields:\n  when: clock\n',
                 "layouts/odd/odd.html.j2": ""})
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value).startswith(
        "layouts/odd/layout.yaml:3:3: field when: 'clock' is not a field type")


def test_every_font_size_comes_from_the_type_scale() -> None:
    sheets = [*THEME.glob("styles/*.css"), *THEME.glob("layouts/*/*.css")]
    assert sheets
    for sheet in sheets:
        for size in re.findall(r"font-size:\s*([^;}]+)", sheet.read_text()):
            assert re.fullmatch(r"var\(--size-[a-z0-9]+\)", size.strip()), (sheet.name, size)
    # Each size of the scale is one written for the design's page, times how the page fits.
    scale = re.findall(r"--size-[a-z0-9]+:\s*calc\(([\d.]+pt) \* var\(--(?:text-)?fit\)\)",
                       (THEME / "styles/tokens.css").read_text())
    assert len(scale) >= 8


def test_the_screen_pdf_keeps_its_heading_levels_in_order(mini: Callable[..., Path]) -> None:
    root = mini()
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen"])
    assert result.exit_code == 0, result.output  # the cover's h1, the year's h2, the milestones' h3
    year = root / "layouts/year-spread/year-spread.html.j2"
    year.write_text(re.sub(r'<h2 (class="year[^"]*")>(.*?)</h2>', r"<p \1>\2</p>", year.read_text()))
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen"])
    assert result.exit_code == 1
    assert ("build/25-years-together-en-screen.pdf: page 3: a heading of level 3 follows a heading of "
            "level 1: a screen reader's outline skips a level (go down one level at a time: h1, then h2, "
            "then h3; a class sets how each looks)") in result.stderr, result.stderr


def test_files_a_layout_names_outside_are_told_at_its_lines(mini: Callable[..., Path],
                                                            tmp_path: Path) -> None:
    (tmp_path / "theirs.css").write_text("body { color: red }")
    (tmp_path / "theirs.html.j2").write_text("<p>not ours</p>")
    root = mini()
    spec = root / "layouts/cover/layout.yaml"
    spec.write_text(spec.read_text() + f"template: ../../../theirs.html.j2\n"
                                       f"stylesheets:\n  - cover.css\n  - {tmp_path}/theirs.css\n")
    lines = len(spec.read_text().splitlines())
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"layouts/cover/layout.yaml:{lines - 3}:1: template ../../../theirs.html.j2 is outside layouts/ "
        "(copy the template into layouts/)",
        f"layouts/cover/layout.yaml:{lines}:5: stylesheet {tmp_path}/theirs.css is outside the project "
        "(copy the stylesheet into the layout's folder)"]


def test_a_frame_misspelt_in_an_arrangement_is_told_at_its_line(mini: Callable[..., Path]) -> None:
    root = mini()
    spec = root / "layouts/year-spread/layout.yaml"
    text = spec.read_text()
    old = "page-inset:  {pages: 1, needs: [photo], frames: {photo: inset}}"
    assert old in text
    spec.write_text(text.replace(old, old.replace("inset}", "insert}")))
    line = next(n for n, written in enumerate(spec.read_text().splitlines(), 1) if "insert}" in written)
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"layouts/year-spread/layout.yaml:{line}:52: no frame 'insert' for photo (did you mean 'inset'?) "
        "(define it under frames:)")
