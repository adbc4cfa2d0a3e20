"""The copyfit's trial: a document of candidate arrangements laid out and measured.

`measure()` takes an edition, a trial document (html.render_html without a
plan: every arrangement of every page file, one after another) and the
stylesheets; returns a `Fit` per page file and arrangement, measured from
WeasyPrint's boxes: whether its text ran onto another page, and the tallest
stretch of a page's type area left as blank paper, read from the laid-out
boxes as boxes.py gives them (plain data, with the page map).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from booklet.content.edition import Edition
from booklet.core.cachefiles import layout_roots
from booklet.layout.boxes import Box
from booklet.layout.html import Document
from booklet.render.pdf import font_configuration, lay_out

BLANK_LIMIT = 1 / 3
"""No page may leave more of its type area as blank paper (from the design review)."""


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
            entry = found.setdefault(key, {"ids": [], "pages": {}, "sides": []})
            ident = element.get("data-section")
            if ident not in entry["ids"]:
                entry["ids"].append(ident)
                entry["sides"].append(element.get("data-side") or "")
            entry["pages"].setdefault(ident, []).append(_blank(box, area))
    return [Fit(page_file, arrangement, tuple(entry["sides"]),
                any(len(p) > 1 for p in entry["pages"].values()),
                max(max(p) for p in entry["pages"].values()))
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
