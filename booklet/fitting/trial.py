"""The copyfit's trial: a document of candidate arrangements laid out and measured.

`measure()` takes an edition, a trial document (html.render_html without a
plan: every arrangement of every page file, one after another) and the
stylesheets; returns a `Fit` per page file and arrangement, measured from
WeasyPrint's boxes: whether its text ran onto another page, the tallest
stretch of a page's type area left as blank paper, and per page what the
spread planner (planner.py) compares across the gutter and along the booklet
(a `Look`), read from the laid-out boxes as boxes.py gives them (plain data,
with the page map).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from booklet.content.edition import Edition
from booklet.core.cachefiles import layout_roots
from booklet.layout.boxes import Box, Colour
from booklet.layout.html import Document
from booklet.render.pdf import font_configuration, lay_out

BLANK_LIMIT = 1 / 3
"""No page may leave more of its type area as blank paper (from the design review)."""
CAP_HEIGHT = 0.71
"""The height of the faces' capitals and figures, in ems (Noto Sans and Serif): a hang line is
where the tops of a line's capitals stand, whatever its size and line height."""
EMPTY_STRETCH = 0.1
"""A stretch of a page with nothing printed across it that counts as empty (Look.empty): the air
between paragraphs and under a heading is less."""


@dataclass(frozen=True)
class Look:
    """What one page of an arrangement shows, in shares of the trimmed page's height."""

    colour: bool
    """A flat colour covers at least half of the page (a colour page)."""
    flat: float
    """The tallest stretch of the page with nothing printed across it but flat colour or paper."""
    photo_to: float | None
    """Where a photo as wide as the page, from the top edge, ends (None: no such photo)."""
    hang: float | None
    """Where the page's first text under a photo or field from the top edge starts: the top of
    its capitals (None: no text)."""
    edge_to: float | None = None
    """Where a photo or a tint as wide as the page, from the top edge, ends (None: neither)."""
    empty: float = 0.0
    """All the page's stretches with nothing printed across them, each taller than a tenth of
    the page (EMPTY_STRETCH), together: a page empty above and below its text shows two."""


@dataclass(frozen=True)
class Fit:
    """One arrangement of one page file as the trial laid it out."""

    page_file: str
    arrangement: str | None
    sides: tuple[str, ...]
    """Per page it makes, the side it must fall on ('' for either)."""
    overflow: bool
    blank: float
    """The largest share of one of its pages' type area left as blank paper."""
    looks: tuple[Look, ...] = ()
    """Per page it makes, what it shows (planner.py); empty when not measured."""
    extra: float = 0.0
    """What the arrangement costs besides its measures (its layout says; not measured, not cached)."""
    joins: str = ""
    """The page file it lays out too, a joining arrangement's next (not measured, not cached)."""

    @property
    def cost(self) -> float:
        return self.blank + (10.0 if self.overflow else 0.0) + (1.0 if self.blank > BLANK_LIMIT else 0.0)


def measure(edition: Edition, document: Document, sheets: list[Any]) -> list[Fit]:
    """Lay the trial document out and measure every arrangement of every page file in it."""
    booklet = edition.booklet
    with font_configuration() as fonts:
        _, page_map, _ = lay_out(document, booklet.root, sheets, layout_roots(booklet.cache_dir), fonts,
                                 theme=booklet.theme_root)
    spec = booklet.spec
    px = 96 / 25.4  # WeasyPrint's boxes are in CSS pixels
    area = (spec.margins.top * px, (spec.trim.height - spec.margins.bottom) * px)
    found: dict[tuple[str, str | None], dict[str, Any]] = {}
    for page in page_map.boxes:
        box = page.box
        for element in _sections(box):
            key = (element.get("data-page-file") or "", element.get("data-arrangement"))
            entry = found.setdefault(key, {"ids": [], "pages": {}, "sides": [], "looks": []})
            ident = element.get("data-section")
            if ident not in entry["ids"]:
                entry["ids"].append(ident)
                entry["sides"].append(element.get("data-side") or "")
                entry["looks"].append(_look(box, spec.trim.width * px, spec.trim.height * px))
            entry["pages"].setdefault(ident, []).append(_blank(box, area))
    return [Fit(page_file, arrangement, tuple(entry["sides"]),
                any(len(p) > 1 for p in entry["pages"].values()),
                max(max(p) for p in entry["pages"].values()), tuple(entry["looks"]))
            for (page_file, arrangement), entry in found.items()]


def _sections(box: Box) -> Iterator[Element]:
    """The elements of the sections laid out on a page."""
    element = box.element
    if element is not None and element.tag == "section" and box.tag == "section":
        yield element
        return
    for child in box.children:
        yield from _sections(child)


def _blank(page_box: Box, area: tuple[float, float]) -> float:
    """The tallest stretch of the type area with nothing printed across it, as a share of it."""
    top, bottom = area
    inked = sorted((max(a, top), min(b, bottom)) for a, b in _ink(page_box) if b > top and a < bottom)
    gap, reached = 0.0, top
    for a, b in inked:
        gap = max(gap, a - reached)
        reached = max(reached, b)
    gap = max(gap, bottom - reached)
    return round(gap / (bottom - top), 4)


def _ink(box: Box) -> Iterator[tuple[float, float]]:
    """The vertical extent of everything a page prints: text, images, backgrounds, rules."""
    if box.kind not in ("page", "margin"):
        y, style = box.y, box.style
        if box.kind in ("text", "replaced"):
            yield y, y + box.outer_height
        elif style is not None:
            if style.background[2] > 0:
                yield y, y + box.outer_height
            elif style.border_top:
                yield y, y + style.border_top
    if box.kind == "margin":
        return
    for child in box.children:
        yield from _ink(child)


def _look(page_box: Box, width: float, height: float) -> Look:
    """What a page shows: its colour, its tallest flat stretch, a photo from the top, its hang line."""
    marks: list[tuple[float, float]] = []
    colour, photo_to, edge_to, texts = False, None, None, []
    for kind, box, y, bottom in _printed(page_box):
        if kind == "fill":
            x0, x1 = max(box.x, 0), min(box.x + box.outer_width, width)
            colour = colour or (x1 - x0) * (min(bottom, height) - max(y, 0)) >= width * height / 2
            if y <= 1 and x0 <= 1 and x1 >= width - 1 and bottom < height * 0.9:
                edge_to = max(edge_to or 0.0, bottom / height)
            continue
        marks.append((y, bottom))
        if kind == "image" and y <= 1 and box.x <= 1 and box.x + box.outer_width >= width - 1:
            photo_to = max(photo_to or 0.0, min(bottom, height) / height)
        elif kind == "text":
            texts.append(cap_top(box))
    # The hang line is the first text under the photo or the field from the top edge (a
    # credit set in the photo is not, nor a year standing on its field's foot).
    field = max(photo_to or 0.0, edge_to or 0.0) * height
    below = [y for y in texts if y >= field - 1]
    hang = min(below, default=None)  # fills are not text: a tint's text hangs below it too
    reached, gaps = 0.0, []
    for a, b in sorted((max(a, 0), min(b, height)) for a, b in marks if b > 0 and a < height):
        gaps.append(a - reached)
        reached = max(reached, b)
    gaps.append(height - reached)
    flat = max(gaps)
    empty = sum(g for g in gaps if g > EMPTY_STRETCH * height)
    edge_to = photo_to if edge_to is None else max(edge_to, photo_to or 0.0)
    return Look(colour, round(flat / height, 4), None if photo_to is None else round(photo_to, 4),
                None if hang is None else round(hang / height, 4),
                None if edge_to is None else round(edge_to, 4), round(empty / height, 4))


def cap_top(box: Box) -> float:
    """Where a text box's capitals and figures start: its baseline less their height."""
    size = box.style.font_size if box.style is not None else 0.0
    return box.y + box.baseline - CAP_HEIGHT * size


def _printed(box: Box, margin: bool = False) -> Iterator[tuple[str, Box, float, float]]:
    """Everything a page prints, the running foot included: ("text" | "image" | "rule" | "fill",
    the box, its top, its bottom) — a fill is a background of a colour other than the paper's."""
    margin = margin or box.kind == "margin"
    style = box.style
    if box.kind != "page":
        y, bottom = box.y, box.y + box.outer_height
        if box.kind == "text":
            if box.text.strip() and style is not None and style.visible:
                yield ("rule" if margin else "text"), box, y, bottom
        elif box.kind == "replaced":
            yield "image", box, y, bottom
        elif style is not None:
            if style.background[2] > 0 and _coloured(style.background):
                yield "fill", box, y, bottom
            if style.border_top:
                yield "rule", box, y, y + style.border_top
    for child in box.children:
        yield from _printed(child, margin)


def _coloured(colour: Colour) -> bool:
    """Whether a computed colour is other than white paper (white is no ink in device CMYK)."""
    space, coordinates, _alpha = colour
    values = tuple(round(float(c or 0.0), 3) for c in coordinates)
    if space == "device-cmyk":
        return any(values)
    return values[:3] != (1.0, 1.0, 1.0)
