"""The font/size pairs a laid-out booklet sets its type in, and the checks that keep them sound.

`read_type_styles()` takes the laid-out pages as boxes.py reads them (pagemap.map_pages
calls it) and returns a `TypeUse`: every `TypeStyle` — a face (family, weight,
italic) at a size — that prints a visible letter, with where it is first used
and how much text it sets (the pages' text, list numbers and other generated
text, and the folios and running feet of the margin boxes); and the small
serif type set reversed, light on a dark ground.  `type_findings()` turns them
into warnings: more pairs than booklet.yaml's `max_type_styles` allows (code
'type-styles', naming the pairs that set the least text: the one-offs a
designer folds into the styles beside them), and serif type under
REVERSED_SERIF_PT reversed out of a colour (code 'reversed-serif': its
hairlines fill in when the inks of the colour print out of register).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from booklet.core.errors import Diagnostic, Location
from booklet.layout.boxes import Box, Colour, PageBoxes, Style

if TYPE_CHECKING:

    from booklet.layout.pagemap import PageMap

PT_PER_PX = 0.75
"""WeasyPrint gives sizes in CSS pixels (1/96 in); type is measured in points (1/72 in)."""
BOLD = 600
"""From this weight on a face is the bold one (the bundled faces have regular and bold only)."""
LISTED = 6
"""How many of the least-used pairs a warning names."""
REVERSED_SERIF_PT = 12.0
"""Serif type smaller than this is not set reversed out of a colour (the printer's rule of thumb)."""
LIGHT = 0.8
"""A text colour at least this light (0 black, 1 white) is reversed: on paper it would barely show."""


@dataclass(frozen=True, order=True)
class TypeStyle:
    """A face at a size: what a designer counts as one style of a booklet's type."""

    family: str
    bold: bool
    italic: bool
    size: float
    """In points, to a tenth."""

    def __str__(self) -> str:
        face = " ".join(w for w, on in (("Bold", self.bold), ("Italic", self.italic)) if on) or "Regular"
        return f"{self.family} {face} {self.size:g} pt"


@dataclass
class StyleUse:
    """Where a type style is used: its first page and text, and how many letters it sets."""

    page: int
    """0-based index of the first printed page it is on."""
    section: str
    """The id of the section it is first used in ('' for a margin box: a folio, a running foot)."""
    text: str
    """The first text set in it."""
    letters: int = 0


@dataclass
class TypeUse:
    """What type the laid-out pages use."""

    styles: dict[TypeStyle, StyleUse] = field(default_factory=dict)
    """Every font/size pair that prints visible text, in order of first use."""
    reversed_serif: dict[int, StyleUse] = field(default_factory=dict)
    """Per printed page, the first small serif text set reversed there (and its style)."""


def read_type_styles(pages: list[PageBoxes]) -> TypeUse:
    """Every font/size pair that prints visible text on the pages, and small reversed serif type."""
    found = TypeUse()
    for page in pages:
        for box, section in _text_boxes(page.box, ""):
            text = box.text.strip()
            if not text or box.style is None or not _visible(box.style):
                continue
            style = type_style(box.style)
            use = found.styles.setdefault(style, StyleUse(page.index, section, text))
            use.letters += len(text)
            if _reversed_serif(style, box.style):
                found.reversed_serif.setdefault(page.index, StyleUse(page.index, section, text, len(text)))
    return found


def type_style(style: Style) -> TypeStyle:
    """The face and size a box's computed style sets its text in."""
    family = style.font_family
    return TypeStyle(family[0] if family else "", style.font_weight >= BOLD, style.italic,
                     round(style.font_size * PT_PER_PX, 1))


def _reversed_serif(type_style: TypeStyle, style: Style) -> bool:
    """Whether a text is small serif type in a light colour (on a dark ground, or it would not show);
    a face is a serif when its font-family list falls back on the generic serif."""
    return (type_style.size < REVERSED_SERIF_PT and "serif" in style.font_family
            and _lightness(style.colour) >= LIGHT)


def _lightness(colour: Colour) -> float:
    """How light a text colour prints, 0 (black) to 1 (the paper): device CMYK or RGB."""
    space, coordinates, _alpha = colour
    values = [float(v or 0.0) for v in coordinates]
    if space == "device-cmyk":
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    red, green, blue = (values + [0.0, 0.0, 0.0])[:3]
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _text_boxes(box: Box, section: str) -> Iterator[tuple[Box, str]]:
    element = box.element
    if box.tag == "section" and element is not None and element.get("data-section"):
        section = element.get("data-section") or section
    if box.kind == "text":
        yield box, section
    for child in box.children:
        yield from _text_boxes(child, section)


def _visible(style: Style) -> bool:
    """Whether a text box prints: shown, and not in a transparent colour (a running head's
    source is laid out hidden, for the margin box to copy)."""
    return style.visible and style.colour[2] > 0


def type_findings(pages: PageMap, edition: str, limit: int | None) -> list[Diagnostic]:
    """The warnings about the edition's type: too many font/size pairs, small serif type reversed."""
    return too_many_type_styles(pages, edition, limit) + reversed_serif(pages, edition)


def too_many_type_styles(pages: PageMap, edition: str, limit: int | None) -> list[Diagnostic]:
    """One warning when the edition sets its type in more font/size pairs than the limit allows."""
    used = pages.type_use.styles
    if limit is None or len(used) <= limit:
        return []
    rarest = sorted(used.items(), key=lambda item: (item[1].letters, item[0]))[:LISTED]
    listed = "; ".join(f"{style} ({_where(pages, use)}: “{use.text[:24]}”, {use.letters} letters)"
                       for style, use in rarest)
    return [Diagnostic(
        "warning", "type-styles",
        f"the {edition} edition sets its type in {len(used)} font/size pairs, more than the "
        f"{limit} of max_type_styles; the least used: {listed}", Location("booklet.yaml"),
        "fold the one-offs into the styles nearest them, in the layouts' stylesheets")]


def _where(pages: PageMap, use: StyleUse) -> str:
    section = pages.sections.get(use.section)
    name = (section.label or section.layout) if section else "margin"
    return f"p. {use.page + 1}, {name}"


def reversed_serif(pages: PageMap, edition: str) -> list[Diagnostic]:
    """One warning when serif type under REVERSED_SERIF_PT is set light on a dark ground."""
    found = pages.type_use.reversed_serif
    if not found:
        return []
    first = next(iter(found.values()))
    numbers = ", ".join(str(page + 1) for page in found)
    return [Diagnostic(
        "warning", "reversed-serif",
        f"serif type under {REVERSED_SERIF_PT:g} pt is set reversed out of a colour on "
        f"{len(found)} page{'s' if len(found) > 1 else ''} of the {edition} edition ({numbers}), "
        f"first on {_where(pages, first)}: “{first.text[:30]}”; its hairlines fill in on press",
        Location("styles"), "set reversed running text in the sans, or larger")]
