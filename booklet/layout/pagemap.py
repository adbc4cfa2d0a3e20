"""Reading the laid-out pages: which page file's sections landed where, and what they hold.

Takes WeasyPrint's rendered `Document`, read as plain boxes (boxes.py);
returns a `PageMap` for the layout checks (preflight.py): per section the printed pages it landed on, the text
WeasyPrint laid out for it, text clipped or off the page, lines wider than
their column or broken far too early — and the text of the margin boxes
(folios, running feet), which must stay inside their boxes too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import weasyprint

from booklet.layout.boxes import Box, Colour, PageBoxes, read_pages, same_colour
from booklet.layout.typefaults import Paragraph, read_paragraphs
from booklet.layout.typestyles import TypeUse, read_type_styles


@dataclass
class Section:
    """One `<section class="page">` of the HTML: a page a layout means to print."""

    page_file: str
    layout: str
    label: str
    side: str
    source_text: str = ""
    """The section's text in the HTML, as written."""
    joins: str = ""
    """The page file a joining arrangement lays out on this section's page too (data-joins)."""
    printed_on: list[int] = field(default_factory=list)
    """0-based indexes of the printed pages it landed on."""
    printed_text: list[str] = field(default_factory=list)
    """The text WeasyPrint laid out for it, box by box."""
    outside: list[tuple[int, str]] = field(default_factory=list)
    """(printed page, text) of text boxes that reach past the trimmed page."""
    clipped: list[str] = field(default_factory=list)
    """Text laid out but hidden by a box too small for it."""
    hidden: list[str] = field(default_factory=list)
    """Text laid out but made invisible by a style: hidden, transparent, or in its background's colour."""
    lines_on: dict[int, int] = field(default_factory=dict)
    """Per printed page, the lines of text laid out for it there (to say how much to cut)."""
    chars_on: dict[int, int] = field(default_factory=dict)
    """Per printed page, the characters laid out for it there."""
    inked: list[tuple[int, int, tuple[float, float, float, float], str]] = field(default_factory=list)
    """(printed page, layer, (left, top, right, bottom), text) of its words; a layer is an
    absolutely positioned box (0: the flow), whose text can land on another's."""

    @property
    def page_files(self) -> tuple[str, ...]:
        """The page files whose content it prints: its own, and the one it joins."""
        return (self.page_file, self.joins) if self.joins else (self.page_file,)

    def overlaps(self) -> Iterator[tuple[int, str, str]]:
        """(printed page, text, text) where words of a positioned box print over other words."""
        for index, layer, box, text in self.inked:
            if layer:
                for other in self.inked:
                    if other[0] == index and other[1] != layer and _cross(box, other[2]):
                        yield index, text, other[3]
                        return

    def lost_text(self) -> str:
        """The first text that was clipped or not laid out at all ('' when none was)."""
        if self.clipped:
            return self.clipped[0].strip()
        printed, expected = normalise("".join(self.printed_text)), normalise(self.source_text)
        if printed == expected:
            return ""
        common = 0
        for a, b in zip(printed, expected, strict=False):
            if a != b:
                break
            common += 1
        # The same place in the text as written, so the message quotes words, not a squashed string.
        counted = 0
        for index, char in enumerate(self.source_text):
            if counted == common:
                return " ".join(self.source_text[index:].split())[:40] or "?"
            counted += len(normalise(char))
        return "?"


@dataclass
class MarginText:
    """The text of one margin box (a folio, a running foot) on one printed page."""

    page: int
    """0-based index of the printed page."""
    box: str
    """Which margin box, as CSS names it: '@bottom-left'…"""
    text: str
    lines: int
    cut: bool
    """Whether some of it lies past its box or the trimmed page, where it is cut off."""


@dataclass
class PageMap:
    """Where the sections landed, and what each printed page holds."""

    sections: dict[str, Section]
    pages: list[list[str]]
    """Per printed page, the ids of the sections on it."""
    overfull: list[tuple[int, str, float]]
    """(printed page, section id, points) for every line wider than its box."""
    loose: list[tuple[int, str, str]] = field(default_factory=list)
    """(printed page, section id, text) of lines broken far too early."""
    margins: list[MarginText] = field(default_factory=list)
    """The text of every margin box that has any."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    """Every paragraph of the sections, line by line, for the typographic checks (typefaults.py)."""
    boxes: list[PageBoxes] = field(default_factory=list, repr=False)
    """Every printed page's boxes, as boxes.py reads them (the copyfit's trial measures them)."""
    type_use: TypeUse = field(default_factory=TypeUse)
    """Every font/size pair that prints text, and small reversed serif type (typestyles.py)."""


# Soft hyphen, hyphen, hyphen-minus, zero-width space, the spaces.
_IGNORED = str.maketrans("", "", "\u00ad\u2010\u200b-\u00a0 \t\n\r\u202f\u2009")


def normalise(text: str) -> str:
    """Text without spacing, hyphens and case, to compare source and laid-out text."""
    return text.translate(_IGNORED).casefold()


def map_pages(rendered: weasyprint.Document) -> PageMap:
    """Read from the laid-out boxes which section each printed page carries."""
    boxes = read_pages(rendered)
    sections: dict[str, Section] = {}
    pages: list[list[str]] = []
    overfull: list[tuple[int, str, float]] = []
    loose: list[tuple[int, str, str]] = []
    margins: list[MarginText] = []
    for page in boxes:
        found: list[str] = []
        _walk(page.box, _Walk(page.index, None, float("inf"), page.width, page.height,
                              sections, found, overfull, loose))
        pages.append(found)
        margins += [m for box in page.margins if (m := _margin_text(page.index, box, page))]
    return PageMap(sections, pages, overfull, loose, margins, read_paragraphs(boxes), boxes=boxes,
                   type_use=read_type_styles(boxes))


def _margin_text(index: int, box: Box, page: PageBoxes) -> MarginText | None:
    """What a margin box says, and whether it stays inside the box and the page."""
    texts = list(box.walk("text"))
    if not texts:
        return None
    # Every edge counts: a running foot set on the bottom of its box (vertical-align: bottom)
    # grows upwards, over the page's own text, as one set on the top grows down off the page.
    top, left = max(box.y, 0) - 0.5, max(box.x, 0) - 0.5
    bottom = min(box.y + box.outer_height, page.height) + 0.5
    right = min(box.x + box.outer_width, page.width) + 0.5
    cut = any(t.y + t.height > bottom or t.x + t.width > right
              or t.x < left or t.y < top for t in texts)
    return MarginText(index, box.at_keyword, " ".join(t.text for t in texts),
                      sum(1 for _ in box.walk("line")), cut)


@dataclass
class _Walk:
    index: int
    section: str | None
    right: float
    """Right edge of the nearest block's content box: no line may pass it."""
    page_width: float
    page_height: float
    sections: dict[str, Section]
    found: list[str]
    overfull: list[tuple[int, str, float]]
    loose: list[tuple[int, str, str]]
    clip: tuple[float, float] = (float("inf"), float("inf"))
    """Right and bottom edges of the nearest box that hides what overflows it."""
    background: Colour | None = None
    """The colour of the nearest box with a background colour (None: the paper)."""
    faded: bool = False
    """Whether a box around this one has opacity 0."""
    layer: int = 0
    """The nearest absolutely positioned box around this one (0: none)."""


def _walk(box: Box, state: _Walk) -> None:
    element = box.element
    if box.tag == "section" and element is not None and element.get("data-section"):
        state = _enter(state, element)
    if "::" in box.tag or _for_the_margin(element):
        return  # list markers and ::before/::after: generated, not the page's text
    if box.kind == "line" and state.section is not None:
        right = max((c.x + c.outer_width for c in box.children), default=0.0)
        if right - state.right > 0.5:
            state.overfull.append((state.index, state.section, right - state.right))
        lines = state.sections[state.section].lines_on
        lines[state.index] = lines.get(state.index, 0) + 1
    if box.kind == "text" and state.section is not None:
        section = state.sections[state.section]
        clipped = (box.x + box.width > state.clip[0] + 0.5
                   or box.y + box.height > state.clip[1] + 0.5)
        (section.clipped if clipped else section.printed_text).append(box.text)
        section.chars_on[state.index] = section.chars_on.get(state.index, 0) + len(box.text)
        if _invisible(box, state) and box.text.strip():
            section.hidden.append(box.text)
        if not _inside(box, state.page_width, state.page_height):
            section.outside.append((state.index, box.text))
        if box.text.strip():
            section.inked.append((state.index, state.layer, _ink(box), box.text))
    if box.style is not None and box.style.positioned:
        state = replace(state, layer=id(box))
    state = _paint(box, state)
    if box.kind == "block" and box.style is not None:
        state = replace(state, right=box.content_x + box.width)
        if box.style.clips:
            x, y, width, height = box.padding_box
            state = replace(state, clip=(min(state.clip[0], x + width), min(state.clip[1], y + height)))
        if state.section is not None:
            _find_loose_lines(box, state)
    for child in box.children:
        _walk(child, state)


def _for_the_margin(element: Any) -> bool:
    """An element whose text a layout carries into a margin box (a running head's source)."""
    return element is not None and element.get("data-margin") is not None


def _paint(box: Box, state: _Walk) -> _Walk:
    """The state with this box's background colour and opacity taken into account."""
    style = box.style
    if style is None:
        return state
    background = style.background
    if background[2] > 0 and not same_colour(background, state.background):
        state = replace(state, background=background)
    if style.opacity == 0 and not state.faded:
        state = replace(state, faded=True)
    return state


def _invisible(box: Box, state: _Walk) -> bool:
    """Whether a laid-out text box cannot be seen: hidden, transparent, or the colour behind it."""
    style = box.style
    return style is not None and (not style.visible or state.faded or style.colour[2] == 0
                                  or same_colour(style.colour, state.background))


def _line_text(line: Box) -> str:
    if line.kind == "text":
        return line.text
    return "".join(_line_text(child) for child in line.children)


def _find_loose_lines(block: Box, state: _Walk) -> None:
    """Note lines that stop before half the measure although more text follows.

    WeasyPrint sometimes breaks a line at its first space when an unbreakable
    inline element (a bold word, a number) would end it; a proof shows this as
    a word alone on a line in the middle of a paragraph.

    A line is loose only when the next line's first unbreakable run (words tied by no-break
    spaces are one) would have fitted in the room it left: "Establishes the" over a tied
    "Ombudsperson Institution" is a heading balanced by its tie, not a fault.
    """
    lines = [c for c in block.children if c.kind == "line"]
    for line, following in zip(lines, lines[1:], strict=False):
        text = _line_text(line)
        if not line.children or text.endswith("\n") or "\n" in _line_text(following)[:1]:
            continue
        used = _used(line, block)
        if block.width > 100 and used < 0.4 * block.width \
                and _first_run_width(following, block) < block.width - used:
            state.loose.append((state.index, str(state.section), text.strip()))


def _used(line: Box, block: Box) -> float:
    return max(c.x + c.outer_width for c in line.children) - block.content_x


def _first_run_width(line: Box, block: Box) -> float:
    """About how wide a line's first unbreakable run is: its share of the line's characters."""
    text = _line_text(line).strip()
    if not text or not line.children:
        return 0.0
    run = re.split(r"[ \t\u200b-]", text, maxsplit=1)[0]
    return _used(line, block) * len(run) / len(text)


def _enter(state: _Walk, element: Any) -> _Walk:
    section_id = element.get("data-section")
    if section_id not in state.sections:
        state.sections[section_id] = Section(
            element.get("data-page-file", ""), element.get("data-layout", ""),
            element.get("data-label", ""), element.get("data-side", ""),
            _source_text(element), element.get("data-joins", ""))
    section = state.sections[section_id]
    if state.index not in section.printed_on:
        section.printed_on.append(state.index)
        state.found.append(section_id)
    return replace(state, section=section_id)


def _source_text(element: Any) -> str:
    """An element's text (as itertext() gives it), without what goes to a margin box."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not _for_the_margin(child):  # not a comment
            parts.append(_source_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_DESCENT = 4 * 96 / 72
"""At most 4 pt (in CSS px) of a text's descenders counts as its ink."""


def _ink(box: Box) -> tuple[float, float, float, float]:
    """Where a text box's letters print: from about the cap height to a little under the
    baseline, not its whole line box, so that display type set tight (a 340 pt “25” over the
    title) does not count as touching; a descender of display type may go unnoticed."""
    size = box.style.font_size if box.style else 0.0
    baseline = box.y + box.baseline
    return (box.x, baseline - 0.72 * size, box.x + box.width,
            baseline + min(0.2 * size, _DESCENT))


def _cross(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def _inside(box: Box, width: float, height: float) -> bool:
    """Whether a text box lies on the trimmed page (0.5 pt tolerance)."""
    x, y = box.x, box.y
    return bool(x >= -0.5 and y >= -0.5 and x + box.width <= width + 0.5
                and y + box.height <= height + 0.5)


