"""The one reader of WeasyPrint's boxes, on tiny documents laid out for real (bundled fonts only)."""

from __future__ import annotations

import weasyprint

from booklet.layout.boxes import Box, PageBoxes, read_pages, same_colour
from booklet.render.pdf import font_configuration
from tests.conftest import FONTS

PX_PER_MM = 96 / 25.4
PAGE_CSS = (
    f"@font-face {{ font-family: Test Serif; src: url({(FONTS / 'NotoSerif-Regular.ttf').as_uri()}); }}"
    "@page { size: 100mm 80mm; margin: 10mm; @bottom-center { content: 'Folio ' counter(page); "
    "font-family: Test Serif; font-size: 8pt; } }"
    "body { margin: 0; font-family: Test Serif; font-size: 10pt; line-height: 14pt; } p { margin: 0; }"
    "section { break-before: page; } section:first-child { break-before: auto; }")
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def pages_of(body: str, css: str = "") -> list[PageBoxes]:
    with font_configuration() as fonts:
        stylesheets = [weasyprint.CSS(string=PAGE_CSS + css, font_config=fonts)]
        rendered = weasyprint.HTML(string=f"<html lang='en'><body>{body}</body></html>").render(
            stylesheets=stylesheets, font_config=fonts)
        return read_pages(rendered)


def first(box: Box, tag: str) -> Box:
    return next(b for b in _every(box) if b.tag == tag)


def _every(box: Box) -> list[Box]:
    return [box, *(b for child in box.children for b in _every(child))]


def test_pages_their_size_and_their_margin_boxes() -> None:
    pages = pages_of("<section><p>One</p></section><section><p>Two</p></section>")
    assert [p.index for p in pages] == [0, 1]
    assert round(pages[0].width / PX_PER_MM) == 100 and round(pages[0].height / PX_PER_MM) == 80
    assert pages[0].box.kind == "page" and pages[0].box.children[0].tag == "html"
    (folio,) = pages[1].margins
    assert folio.kind == "margin" and folio.at_keyword == "@bottom-center"
    assert " ".join(t.text for t in folio.walk("text")) == "Folio 2"
    assert [t.text for t in pages[1].box.children[0].walk("text")] == ["Two"]


def test_lines_text_and_where_they_lie() -> None:
    (page,) = pages_of("<p data-key='k.one' style='text-align: justify'>Alpha<br>Beta<br>Gamma</p>")
    paragraph = first(page.box, "p")
    assert paragraph.kind == "block" and paragraph.element is not None
    assert paragraph.element.get("data-key") == "k.one"
    assert paragraph.style is not None and paragraph.style.justified
    lines = [c for c in paragraph.children if c.kind == "line"]
    assert [[t.text for t in line.walk("text")] for line in lines] == [["Alpha"], ["Beta"], ["Gamma"]]
    # The type area starts 10 mm in; lines follow each other 14 pt apart.
    assert round(paragraph.x / PX_PER_MM) == 10 and round(paragraph.content_x / PX_PER_MM) == 10
    assert [round(line.y - lines[0].y, 2) for line in lines] == [0, round(14 * 96 / 72, 2),
                                                                  round(28 * 96 / 72, 2)]
    assert any(b.tag == "br" for b in _every(lines[0]))  # what tells a line broken by hand
    alpha = next(lines[0].walk("text"))
    assert 0 < alpha.baseline < alpha.height and alpha.style is not None
    assert round(alpha.style.font_size, 6) == round(10 * 96 / 72, 6)


def test_images_positioned_boxes_generated_text_and_anonymous_blocks() -> None:
    (page,) = pages_of(
        f"<div class='band'>Loose words<p>A paragraph</p></div>"
        f"<div style='position: absolute; top: 0; left: 0'><img src='{PIXEL}' style='width: 20px; "
        "height: 12px'></div><ol><li>Item</li></ol>",
        ".band { background: #ff0000; overflow: hidden; height: 40mm; }")
    band = first(page.box, "div")
    assert band.style is not None and band.style.clips and band.style.background[2] == 1
    assert same_colour(band.style.background, ("srgb", (1.0, 0.0, 0.0), 0.5))  # alpha aside
    assert round(band.padding_box[3] / PX_PER_MM) == 40
    assert [c.anonymous for c in band.children if c.kind == "block"] == [True, False]
    image = next(page.box.walk("replaced"))
    assert image.tag == "img" and (image.outer_width, image.outer_height) == (20, 12)
    layer = [b for b in _every(page.box) if b.style is not None and b.style.positioned]
    assert [b.tag for b in layer if "::" not in b.tag] == ["div"]  # (an outside list marker is one too)
    assert image in _every(layer[0])
    marker = [t for t in page.box.walk("text") if "::" in t.tag]
    assert [t.tag for t in marker] == ["li::marker"] and marker[0].text.strip() == "1."


def test_hidden_and_hyphenating_styles_are_read() -> None:
    (page,) = pages_of("<p style='visibility: hidden; opacity: 0; color: transparent; "
                       "hyphenate-character: \"-\"'>Gone</p>")
    style = first(page.box, "p").style
    assert style is not None
    assert (style.visible, style.opacity, style.colour[2], style.hyphenate_character) == (False, 0, 0, "-")


def test_an_image_placed_absolutely_is_an_image() -> None:
    """WeasyPrint leaves a placeholder where it takes a positioned box out of the flow; an image
    so placed (the halves of a photo across the gutter) is still read as one."""
    (page,) = pages_of(f"<div style='position: relative; height: 30mm'><img src='{PIXEL}' "
                       "style='position: absolute; top: 0; left: 0; width: 30px; height: 10px'></div>")
    (image,) = page.box.walk("replaced")
    assert image.tag == "img" and (image.outer_width, image.outer_height) == (30, 10)
    assert image.style is not None and image.style.positioned
