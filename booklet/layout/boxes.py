"""The one reader of WeasyPrint's laid-out box tree: its private boxes made plain data.

`read_pages()` takes a rendered WeasyPrint `Document`; returns per printed page
a `PageBoxes`: its size and its tree of `Box`es — what kind of box each is (a
role, not WeasyPrint's class), where it lies, its text, the element it was made
for and the few computed styles the checks read.  `pagemap.py` (what landed
where), `typefaults.py` (the lines of every paragraph) and the copyfit's trial
(`trial.py`: how much of a page stayed blank) read these, never WeasyPrint's
boxes: `page._page_box`, the box classes and their attributes are WeasyPrint's
internals (0.70), and a WeasyPrint upgrade is met here alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.etree.ElementTree import Element

import weasyprint

Kind = Literal["page", "margin", "block", "line", "text", "replaced", "other"]
"""A box's role: a page, a margin box (folio, running foot), a block container (a paragraph, a
table cell, an inline-block), a line, a run of text, an image, or any other box (inline, table…)."""

Colour = tuple[str, tuple[float | None, ...], float]
"""A computed colour: its colour space, its coordinates and its alpha (0: transparent)."""


@dataclass(frozen=True, slots=True)
class Style:
    """What the checks read of a box's computed style."""

    positioned: bool
    """position: absolute or fixed (a layer over the flow)."""
    clips: bool
    """overflow other than visible: what runs past the padding box is hidden."""
    visible: bool
    """visibility: visible."""
    opacity: float
    colour: Colour
    background: Colour
    font_size: float
    hyphenate_character: str
    justified: bool
    """text-align-all: justify."""
    border_top: float
    font_family: tuple[str, ...] = ()
    """The font-family list as written, first choice first ('serif' when it falls back on it)."""
    font_weight: int = 400
    italic: bool = False


@dataclass(slots=True, eq=False)
class Box:
    """One laid-out box, in CSS pixels from the top left of the trimmed page."""

    kind: Kind
    anonymous: bool
    """Made by WeasyPrint around inline content beside blocks, for no element of its own."""
    tag: str
    """The element's tag ('p', 'section'…), 'tag::before' for generated content, '' for none."""
    element: Element | None
    """The HTML element the box was made for (its attributes, its text as written)."""
    x: float
    y: float
    """Top left of its margin box."""
    width: float
    height: float
    """Its content box's size."""
    outer_width: float
    outer_height: float
    """Its margin box's size."""
    content_x: float
    """Left of its content box (blocks; 0 for others)."""
    padding_box: tuple[float, float, float, float]
    """(x, y, width, height) of its padding box (blocks; zeros for others)."""
    baseline: float
    """From its top (text boxes)."""
    text: str
    at_keyword: str
    """A margin box's place, as CSS names it: '@bottom-left'…"""
    style: Style | None
    children: list[Box] = field(default_factory=list)

    def walk(self, kind: Kind) -> Iterator[Box]:
        """This box and every box inside it of that kind, in document order."""
        if self.kind == kind:
            yield self
        for child in self.children:
            yield from child.walk(kind)


@dataclass(frozen=True, slots=True)
class PageBoxes:
    """One printed page: its size and its boxes (the page box; its first child is the document's)."""

    index: int
    """0-based."""
    width: float
    height: float
    box: Box

    @property
    def margins(self) -> list[Box]:
        """The margin boxes that were made (those with content)."""
        return [b for b in self.box.children if b.kind == "margin"]


def read_pages(rendered: weasyprint.Document) -> list[PageBoxes]:
    """Every printed page of a rendered document as plain boxes."""
    return [PageBoxes(index, page.width, page.height, _box(page._page_box))
            for index, page in enumerate(rendered.pages)]


def _kind(name: str) -> Kind:
    if name == "PageBox":
        return "page"
    if name.startswith("Margin"):
        return "margin"
    if name == "LineBox":
        return "line"
    if name == "TextBox":
        return "text"
    if "Replaced" in name:
        return "replaced"
    if name.endswith("BlockBox") or name == "TableCellBox":
        return "block"
    return "other"


def _box(box: Any) -> Box:
    name = type(box).__name__
    if name == "AbsolutePlaceholder" and "Replaced" in type(getattr(box, "_box", None)).__name__:
        name = type(box._box).__name__  # an image placed absolutely is still an image
    kind = _kind(name)
    style = getattr(box, "style", None)
    width, height = getattr(box, "width", 0.0) or 0.0, getattr(box, "height", 0.0) or 0.0
    content_x, padding = 0.0, (0.0, 0.0, 0.0, 0.0)
    if kind == "block":  # the measure and the clip of what is inside
        content_x = box.content_box_x()
        padding = (box.padding_box_x(), box.padding_box_y(), width + box.padding_left + box.padding_right,
                   height + box.padding_top + box.padding_bottom)
    return Box(
        kind, _anonymous(name, style), box.element_tag or "", getattr(box, "element", None),
        getattr(box, "position_x", 0.0), getattr(box, "position_y", 0.0), width, height,
        box.margin_width(), box.margin_height(), content_x, padding, getattr(box, "baseline", 0.0) or 0.0,
        str(box.text) if kind == "text" else "", getattr(box, "at_keyword", "") or "",
        _style(style) if style is not None else None,
        [_box(child) for child in getattr(box, "children", [])])


def _anonymous(name: str, style: Any) -> bool:
    """WeasyPrint 0.70 makes an anonymous box of its element's class, with an AnonymousStyle;
    older ones had classes of their own (AnonBlockBox)."""
    return name.startswith("Anon") or type(style).__name__ == "AnonymousStyle"


def _style(style: Any) -> Style:
    return Style(
        style["position"] in ("absolute", "fixed"), style["overflow"] != "visible",
        style["visibility"] == "visible", float(style["opacity"]), _colour(style["color"]),
        _colour(style["background_color"]), float(style["font_size"]),
        str(style["hyphenate_character"] or ""), style["text_align_all"] == "justify",
        float(style["border_top_width"] or 0), tuple(str(f) for f in style["font_family"]),
        style["font_weight"] if isinstance(style["font_weight"], int) else 400,
        style["font_style"] in ("italic", "oblique"))


def _colour(colour: Any) -> Colour:
    return (str(colour.space), tuple(colour.coordinates), float(colour.alpha))


def same_colour(a: Colour | None, b: Colour | None) -> bool:
    """Whether two colours are the same paint (alpha aside, as WeasyPrint compares them)."""
    return a is not None and b is not None and a[:2] == b[:2]
