"""The type a booklet is set in: few font/size pairs, no small serif reversed out of a colour,
and the pieces of the design they keep honest (the heads of mission's panels, the back cover)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from booklet.cli import main
from booklet.content.edition import load_pages, make_edition
from booklet.content.editiontexts import edition_texts
from booklet.core.cachefiles import layout_roots
from booklet.layout.html import Document, render_html
from booklet.layout.images import place_images
from booklet.layout.typestyles import reversed_serif
from booklet.project.config import load_booklet
from booklet.render.pdf import lay_out
from tests.conftest import FONTS, REPO

PX_PER_PT = 96 / 72
BASELINE_PT = 14  # --bl in styles/tokens.css


def check(root: Path) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "check"])


def limit(root: Path, most: int) -> None:
    config = root / "booklet.yaml"
    text = config.read_text(encoding="utf-8")
    assert "max_type_styles: 14" in text
    config.write_text(text.replace("max_type_styles: 14", f"max_type_styles: {most}"), encoding="utf-8")


def test_more_font_size_pairs_than_booklet_yaml_allows_is_a_warning(mini: Callable[..., Path]) -> None:
    root = mini()
    limit(root, 4)
    result = check(root)
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if "font/size pairs" in line]
    assert line.startswith("warning: booklet.yaml: the en edition sets its type in 6 font/size pairs, "
                           "more than the 4 of max_type_styles; the least used: Booklet Sans Bold 340 pt "
                           "(p. 1, the cover: “25”, 2 letters); ")
    assert line.endswith("(fold the one-offs into the styles nearest them, in the layouts' stylesheets)"
                         " [en: print, screen]")


def test_as_many_font_size_pairs_as_allowed_is_no_warning(mini: Callable[..., Path]) -> None:
    root = mini()
    limit(root, 6)
    result = check(root)
    assert result.exit_code == 0, result.output
    assert "font/size" not in result.output


# Small serif type reversed out of a colour, on a page WeasyPrint lays out for real.
FACES = (f"@font-face {{ font-family: Test Serif; src: url({(FONTS / 'NotoSerif-Regular.ttf').as_uri()}); }}"
         f"@font-face {{ font-family: Test Sans; src: url({(FONTS / 'NotoSans-Regular.ttf').as_uri()}); }}"
         "@page { size: 180mm 100mm; margin: 10mm; } body { margin: 0; font-size: 10pt; }")


def reversed_on(tmp_path: Path, family: str, size: str = "10pt") -> list[str]:
    html = ("<html lang='en'><body><section data-section='p.yaml#1' data-page-file='content/pages/p.yaml' "
            "data-layout='year-spread' data-label='year 2003' "
            "style='background: device-cmyk(1 0.72 0.08 0.42)'>"
            f"<p style='font-family: {family}; font-size: {size}; color: device-cmyk(0.18 0.04 0 0)'>"
            "Reversed out of navy.</p></section></body></html>")
    _, page_map, problems = lay_out(Document(html, FACES), tmp_path, [], [FONTS])
    assert problems == []
    return [str(d) for d in reversed_serif(page_map, "en")]


def test_small_serif_reversed_out_of_a_colour_is_a_warning(tmp_path: Path) -> None:
    assert reversed_on(tmp_path, "Test Serif, serif") == [
        "styles: serif type under 12 pt is set reversed out of a colour on 1 page of the en edition (1), "
        "first on p. 1, year 2003: “Reversed out of navy.”; its hairlines fill in on press "
        "(set reversed running text in the sans, or larger)"]


def test_reversed_sans_or_larger_serif_is_no_warning(tmp_path: Path) -> None:
    assert reversed_on(tmp_path, "Test Sans, sans-serif") == []
    assert reversed_on(tmp_path, "Test Serif, serif", size="16pt") == []


MINI_COLOUR_YEAR = """\
layout: year-spread
running_head: running
year: 2000
milestones:
  - title: m.one.title
    body: m.one.body
arrangement: colour-page
head_of_mission:
  name: m.two.title
  country: m.one.title
  term: {start: 1999, end: 2000}
  photo: {file: portraits/someone.jpg, alt: photos.cover, standin: true}
"""
COLOUR_YEAR_FILES = {"content/pages/2000.yaml": MINI_COLOUR_YEAR,
                     "content/pages/998-blank.yaml": "layout: blank\n"}
"""The mini project with its year on a colour page and a head of mission, and four pages."""


def test_the_styles_set_reversed_running_text_in_the_sans(mini: Callable[..., Path]) -> None:
    """base.css: a colour page's milestones, which year-spread.css sets in the serif, print in the sans."""
    root = mini(COLOUR_YEAR_FILES)
    result = check(root)
    assert result.exit_code == 0, result.output
    assert "reversed" not in result.output
    base = root / "styles" / "base.css"
    rule = ".colour .body, .colour .milestone-body { font-family: var(--sans); }"
    assert rule in base.read_text(encoding="utf-8")
    base.write_text(base.read_text(encoding="utf-8").replace(rule, ""), encoding="utf-8")
    assert "warning: styles: serif type under 12 pt is set reversed out of a colour on 1 page of the en " \
           "edition (2), first on p. 2, year 2000: “A short description.”" in check(root).output




def _boxes(box: Any, css_class: str) -> list[Any]:
    found = []
    element = getattr(box, "element", None)
    if element is not None and css_class in (element.get("class") or "").split():
        found.append(box)
    for child in getattr(box, "children", []):
        found += _boxes(child, css_class)
    return found


def test_a_head_of_mission_panel_ends_two_lines_above_the_foot(mini: Callable[..., Path]) -> None:
    root = mini(COLOUR_YEAR_FILES)
    booklet = load_booklet(root)
    pages = load_pages(booklet)
    edition = make_edition(booklet, "en", pages, edition_texts(booklet, "en", pages))
    plan = {"content/pages/2000.yaml": "colour-page"}
    images = place_images(edition, plan)
    sheets = booklet.stylesheets({p.page.layout for p in edition.pages}, booklet.variants["print"])
    rendered, page_map, _ = lay_out(render_html(edition, images, plan=plan), root, sheets,
                                    layout_roots(booklet.cache_dir))
    panels = [(index, panel) for index, page in enumerate(rendered.pages)
              for panel in _boxes(page._page_box, "hom-panel")]
    assert len(panels) == 1
    index, panel = panels[0]
    page = rendered.pages[index]._page_box
    foot = page.margin_height() - page.margin_bottom  # the top of the bottom margin: the foot's rule
    bottom = panel.position_y + panel.margin_height()
    assert foot - bottom >= 2 * BASELINE_PT * PX_PER_PT - 0.5, (foot, bottom)
    # Sized to its portrait and words, not the type area's width.
    assert panel.margin_width() < 0.75 * page.width
    assert not [s for s in page_map.sections.values() if s.lost_text() or any(True for _ in s.overlaps())]


def test_the_back_cover_gives_the_handle_as_the_source_prints_it() -> None:
    """The source's back cover: @OSCEKOSOVO (an earlier page of it has @oscekos, which is not the
    handle the booklet closes with); every edition, the Cyrillic one too, keeps it in Latin letters."""
    booklet = load_booklet(REPO)
    pages = load_pages(booklet)
    for lang in booklet.spec.languages:
        assert edition_texts(booklet, lang, pages)["back_cover.social"].value == "@OSCEKOSOVO", lang


def test_the_gallery_frames_the_portraits_it_gathers(mini: Callable[..., Path]) -> None:
    """heads-of-mission/layout.yaml gathers the year pages' portraits into a larger frame: the
    stand-in is drawn for it, and `booklet photos` lists it with the pixels it needs."""
    gallery = "layout: heads-of-mission\nheading: m.one.title\n"
    root = mini({**COLOUR_YEAR_FILES, "content/pages/895-heads-of-mission.yaml": gallery})
    result = CliRunner().invoke(main, ["--project", str(root), "photos"])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "not planned yet portrait 36 × 48 422 × 563 stand-in: portraits/someone.jpg" in lines
    assert "not planned yet portrait-gallery 55 × 67 645 × 794 stand-in: portraits/someone.jpg" in lines
    assert "3 photo frames; 2 stand-ins to replace." in lines
    booklet = load_booklet(root)
    pages = load_pages(booklet)
    images = place_images(make_edition(booklet, "en", pages, edition_texts(booklet, "en", pages)))
    assert images["portraits/someone.jpg"].frame.name == "portrait-gallery"
