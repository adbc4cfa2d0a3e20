"""Layouts follow the page: a project from `booklet new` builds without a problem at the common
formats by changing only `trim:`, the copyfit choosing its arrangements at each size, and the
display sizes are the theme's sizes times how the page's type area fits the design's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.layout.html import render_html
from booklet.project.config import load_booklet
from booklet.render.pdf import lay_out

FORMATS = {"A5": (148, 210), "A4": (210, 297), "25-years": (210, 280), "170x240": (170, 240),
           "square": (210, 210)}


def at_format(folder: Path, cache: Path, width: int, height: int) -> Path:
    """A new project whose trim alone is changed."""
    made = CliRunner().invoke(main, ["new", str(folder)])
    assert made.exit_code == 0, made.output
    config = folder / "booklet.yaml"
    text = config.read_text(encoding="utf-8")
    assert "trim: {width: 210mm, height: 280mm}" in text
    config.write_text(text.replace("trim: {width: 210mm, height: 280mm}",
                                   f"trim: {{width: {width}mm, height: {height}mm}}"), encoding="utf-8")
    (folder / ".cache").symlink_to(cache, target_is_directory=True)
    return folder


@pytest.mark.parametrize("name", FORMATS)
def test_a_new_project_builds_at_every_format(name: str, tmp_path: Path, standin_cache: Path) -> None:
    root = at_format(tmp_path / name, standin_cache, *FORMATS[name])
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "print"])
    assert result.exit_code == 0, result.stderr
    assert "no problems" in result.stdout + result.stderr
    assert "planned pp." in result.stderr  # the copyfit planned the pages at this size too


def _font_size(box: Any, css_class: str) -> float | None:
    element = getattr(box, "element", None)
    if element is not None and css_class in (element.get("class") or "").split():
        return float(box.style["font_size"])
    for child in getattr(box, "children", []):
        found = _font_size(child, css_class)
        if found is not None:
            return found
    return None


def test_display_sizes_follow_the_type_area(tmp_path: Path, standin_cache: Path) -> None:
    px = 96 / 72  # WeasyPrint's boxes are in CSS pixels
    sizes = {}
    for name in ("A5", "25-years", "square"):
        booklet = load_booklet(at_format(tmp_path / name, standin_cache, *FORMATS[name]))
        edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
        sheets = booklet.stylesheets({p.page.layout for p in edition.pages}, booklet.variants["print"])
        rendered, _, problems = lay_out(render_html(edition, None), booklet.root, sheets, [],
                                        theme=booklet.theme_root)
        assert not problems
        sizes[name] = (_font_size(rendered.pages[0]._page_box, "cover-number"),
                       _font_size(rendered.pages[0]._page_box, "cover-organisation"))
    # 340 pt at 210 x 280 mm; at A5 the type area is 112 x 170 mm against 174 x 240: 112/174 of it.
    assert sizes["25-years"][0] == pytest.approx(340 * px)
    assert sizes["A5"][0] == pytest.approx(340 * px * 112 / 174)
    assert sizes["square"][0] == pytest.approx(340 * px * 170 / 240)  # the height fits least
    # Reading type follows a quarter as much: 12.5 pt, and a little less on the small page.
    assert sizes["25-years"][1] == pytest.approx(12.5 * px)
    assert sizes["A5"][1] == pytest.approx(12.5 * px * (0.75 + 0.25 * 112 / 174))
