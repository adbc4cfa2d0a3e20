"""Where each text of the language file is printed: its key's rectangles, page by page.

`text_pages()` takes the printed pages as boxes.py reads them and where the
type area ends; returns per page a `TextPage`: the rectangles of each key's
words, line by line, as fractions (0..1) of the trimmed page's width and
height from its top-left corner, and the room left below the page's last
line of text (in that line's heights, down to the next thing printed or the
foot of the type area).  A text is known by the `data-key` attribute the HTML
carries on the element that prints it (html.py: a span around an inline text,
each paragraph of a block), so a word belongs to the nearest key around it.  The preview answers a click on a
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
    return [TextPage(_page(page), _room(page, area_bottom)) for page in pages]


def _page(page: PageBoxes) -> KeyBoxes:
    lines: dict[tuple[str, int], list[float]] = {}  # (key, line) -> [left, top, right, bottom]
    _walk(page.box, "", 0, lines, [0])
    found: KeyBoxes = {}
    for (key, _line), (left, top, right, bottom) in lines.items():
        rect = _fraction(left, top, right, bottom, page.width, page.height)
        if rect is not None:
            found.setdefault(key, []).append(rect)
    return found


def _walk(box: Box, key: str, line: int, lines: dict[tuple[str, int], list[float]], count: list[int]) -> None:
    if box.element is not None and box.tag and "::" not in box.tag:
        key = box.element.get(KEY_ATTRIBUTE) or key
    if box.kind == "line":
        count[0] += 1
        line = count[0]
    if box.kind == "text" and key and box.text.strip() and box.width > 0 and _seen(box):
        edges = lines.get((key, line))
        right, bottom = box.x + box.width, box.y + box.height
        if edges is None:
            lines[(key, line)] = [box.x, box.y, right, bottom]
        else:
            edges[:] = [min(edges[0], box.x), min(edges[1], box.y), max(edges[2], right),
                        max(edges[3], bottom)]
    for child in box.children:
        _walk(child, key, line, lines, count)


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


def _room(page: PageBoxes, area_bottom: float) -> float | None:
    """The blank below the page's lowest line of running text, in that line's heights."""
    lines = [line for line in _flow_lines(page.box) if line.height > 0]
    if not lines:
        return None
    last = max(lines, key=lambda line: line.y + line.height)
    below = last.y + last.height
    ink = [top for top in _ink_tops(page.box) if top >= below - 0.5]
    limit = min([area_bottom, *ink])
    return round(max(limit - below, 0.0) / last.height, 1)


def _flow_lines(box: Box) -> list[Box]:
    """The lines of text in the page's flow (not in margin boxes, nor in a positioned layer)."""
    if box.kind == "margin" or (box.style is not None and box.style.positioned):
        return []
    if box.kind == "line":
        return [box] if any(t.text.strip() for t in box.walk("text")) else []
    return [line for child in box.children for line in _flow_lines(child)]


def _ink_tops(box: Box) -> list[float]:
    """Where each printed thing starts: text, images and backgrounds (margin boxes aside)."""
    if box.kind == "margin":
        return []
    tops = []
    if box.kind in ("text", "replaced") or (
            box.kind != "page" and box.style is not None and box.style.background[2] > 0):
        tops.append(box.y)
    return tops + [top for child in box.children for top in _ink_tops(child)]
