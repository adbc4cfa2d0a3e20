"""Where each text of the language file is printed: its key's rectangles, page by page.

`text_pages()` takes the printed pages as boxes.py reads them and where the
type area ends; returns per page a `TextPage`: the rectangles of each key's
words, line by line, as fractions (0..1) of the trimmed page's width and
height from its top-left corner; the room left below the page's last line
of text (in that line's heights, down to the next thing printed or the foot
of the type area); and per key the room its text has: the more of the blank
under its own last line (in its column, down to the next thing printed
there) and the page's, in its own line's heights, and about how many of
its characters that many lines of its column hold.  A text is known by the `data-key` attribute the HTML
carries on the element that prints it (html.py: a span around an inline text,
each paragraph of a block), so a word belongs to the nearest key around it.
A text a margin box prints (the running foot, from a hidden element's
`string-set`) is found in the margin box by its words, so a click on the
foot finds it too.  The preview answers a click on a
page image with these, laying nothing out again.
"""

from __future__ import annotations

from booklet.core.report import Rect, TextPage
from booklet.layout.boxes import Box, PageBoxes

KEY_ATTRIBUTE = "data-key"
KeyBoxes = dict[str, list[Rect]]
"""A page's texts: each key, with where its words are, one rectangle a line."""
PLACES = 4
"""Decimals kept: a ten-thousandth of a page is well under a point."""


def text_pages(pages: list[PageBoxes], area_bottom: float) -> list[TextPage]:
    """Per printed page its texts (see the module docstring); area_bottom in CSS pixels from the
    trimmed page's top."""
    return [_text_page(page, area_bottom) for page in pages]


def _text_page(page: PageBoxes, area_bottom: float) -> TextPage:
    lines: dict[tuple[str, int], list[float]] = {}  # (key, line) -> [left, top, right, bottom]
    heights: dict[tuple[str, int], float] = {}  # (key, line) -> the line box's height
    measure: dict[str, list[float]] = {}  # key -> [characters, their width, the widest line box]
    _walk(page.box, "", None, lines, heights, measure, [0])
    inks = _inks(page.box)
    margins = _in_margins(page, _hidden(page.box, "", {}))
    blank = _blank(page, area_bottom, inks)
    found: KeyBoxes = {}
    lowest: dict[str, tuple[int, list[float]]] = {}
    for (key, line), edges in lines.items():
        rect = _fraction(edges[0], edges[1], edges[2], edges[3], page.width, page.height)
        if rect is not None:
            found.setdefault(key, []).append(rect)
        if key not in lowest or edges[3] > lowest[key][1][3]:
            lowest[key] = (line, edges)
    for key, rects in margins.items():
        found.setdefault(key, []).extend(r for r in rects if r not in found.get(key, []))
    rooms, chars = {}, {}
    for key, (line, (left, _top, right, bottom)) in lowest.items():
        if key not in found:
            continue
        below = [top for top, ink_left, ink_right in inks
                 if top >= bottom - 0.5 and ink_left < right and ink_right > left]
        gap = min([area_bottom, *below]) - bottom  # under its own last line, in its column
        unit = heights[(key, line)]
        if unit > 0:
            rooms[key] = round(max(gap, blank[0] if blank else 0.0, 0.0) / unit, 1)
            count, width, widest = measure[key]
            chars[key] = int(rooms[key]) * round(count / width * widest) if width > 0 else 0
    return TextPage(found, round(blank[0] / blank[1], 1) if blank else None, rooms, chars)


def _walk(box: Box, key: str, line: Box | None, lines: dict[tuple[str, int], list[float]],
          heights: dict[tuple[str, int], float], measure: dict[str, list[float]], count: list[int]) -> None:
    if box.element is not None and box.tag and "::" not in box.tag:
        key = box.element.get(KEY_ATTRIBUTE) or key
    if box.kind == "line":
        count[0] += 1
        line = box
    if box.kind == "text" and key and box.text.strip() and box.width > 0 and _seen(box):
        at = (key, count[0] if line is not None else 0)
        edges = lines.get(at)
        right, bottom = box.x + box.width, box.y + box.height
        if edges is None:
            lines[at] = [box.x, box.y, right, bottom]
            heights[at] = line.height if line is not None else box.height
        else:
            edges[:] = [min(edges[0], box.x), min(edges[1], box.y), max(edges[2], right),
                        max(edges[3], bottom)]
        sums = measure.setdefault(key, [0.0, 0.0, 0.0])
        sums[0] += len(box.text)
        sums[1] += box.width
        sums[2] = max(sums[2], line.width if line is not None else box.width)
    for child in box.children:
        _walk(child, key, line, lines, heights, measure, count)


def _hidden(box: Box, key: str, found: dict[str, str]) -> dict[str, str]:
    """The words of each key laid out but not seen: a running head's, which a margin box prints."""
    if box.kind == "margin":
        return found
    if box.element is not None and box.tag and "::" not in box.tag:
        key = box.element.get(KEY_ATTRIBUTE) or key
    if box.kind == "text" and key and box.text.strip() and not _seen(box):
        found[key] = " ".join([*found.get(key, "").split(), *box.text.split()])
    for child in box.children:
        _hidden(child, key, found)
    return found


def _in_margins(page: PageBoxes, hidden: dict[str, str]) -> KeyBoxes:
    """Where the margin boxes print the hidden texts: the rectangle of each margin text holding one."""
    found: KeyBoxes = {}
    for margin in page.margins:
        for text in margin.walk("text"):
            rect = _fraction(text.x, text.y, text.x + text.width, text.y + text.height,
                             page.width, page.height)
            printed = " ".join(text.text.split())
            for key, words in hidden.items():
                if rect is not None and words in printed:
                    found.setdefault(key, []).append(rect)
    return found


def _seen(box: Box) -> bool:
    """Whether a text box prints (not hidden: a running head's text is printed in a margin box)."""
    return box.style is None or (box.style.visible and box.style.opacity > 0 and box.style.colour[2] > 0)


def _fraction(left: float, top: float, right: float, bottom: float, width: float, height: float
              ) -> Rect | None:
    """The rectangle as fractions of the page, cut to the page; None when nothing of it is on it."""
    left, top = max(left / width, 0.0), max(top / height, 0.0)
    right, bottom = min(right / width, 1.0), min(bottom / height, 1.0)
    if right <= left or bottom <= top:
        return None
    return (round(left, PLACES), round(top, PLACES), round(right - left, PLACES), round(bottom - top, PLACES))


def _blank(page: PageBoxes, area_bottom: float, inks: list[tuple[float, float, float]]
           ) -> tuple[float, float] | None:
    """The blank below the page's lowest line of running text, down to the next thing printed or
    the foot of the type area, and that line's height, in CSS pixels (None: no running text)."""
    lines = [line for line in _flow_lines(page.box) if line.height > 0]
    if not lines:
        return None
    last = max(lines, key=lambda line: line.y + line.height)
    below = last.y + last.height
    limit = min([area_bottom, *(top for top, _, _ in inks if top >= below - 0.5)])
    return max(limit - below, 0.0), last.height


def _flow_lines(box: Box) -> list[Box]:
    """The lines of text in the page's flow (not in margin boxes, nor in a positioned layer)."""
    if box.kind == "margin" or (box.style is not None and box.style.positioned):
        return []
    if box.kind == "line":
        return [box] if any(t.text.strip() for t in box.walk("text")) else []
    return [line for child in box.children for line in _flow_lines(child)]


def _inks(box: Box) -> list[tuple[float, float, float]]:
    """(top, left, right) of each printed thing: text, images and backgrounds (margin boxes aside)."""
    if box.kind == "margin":
        return []
    found = []
    if box.kind in ("text", "replaced") or (
            box.kind != "page" and box.style is not None and box.style.background[2] > 0):
        found.append((box.y, box.x, box.x + box.outer_width))
    return found + [ink for child in box.children for ink in _inks(child)]
