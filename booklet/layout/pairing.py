"""Pages on the wrong side: one added page moves every page after it, so say the cause once.

`page_sides()` is a layout check (preflight.LAYOUT_CHECKS): takes a `PageMap`
and the edition's name; yields one finding for the first page that must be
a left- or right-hand page and is not — with the pages before it where a
page was added or removed, and the fix (pages in pairs, or a `blank` page) —
instead of one finding for every year spread after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from booklet.core.errors import Location
from booklet.layout.pagemap import PageMap, Section
from booklet.project.config import page_side

FIX = ("add or remove pages in pairs, or add a page file with 'layout: blank' among them "
       "to fill the gap")


def page_sides(pages: PageMap, edition: str) -> Iterator[tuple[str, Location]]:
    # A section that ran over shifts every later page: that is reported as an overflow.
    shifted_from = min((s.printed_on[1] for s in pages.sections.values() if len(s.printed_on) > 1),
                       default=len(pages.pages))
    placed = [s for s in pages.sections.values() if s.side and s.printed_on]
    wrong = [s for s in placed if s.printed_on[0] <= shifted_from
             and page_side(s.printed_on[0] + 1) != s.side]
    if not wrong:
        return
    first = min(wrong, key=lambda s: s.printed_on[0])
    number = first.printed_on[0] + 1
    good = [s.printed_on[0] + 1 for s in placed if s.printed_on[0] < first.printed_on[0] and s not in wrong]
    start = max(good, default=0) + 1
    files = _files_on(pages, start, number - 1)
    among = (f" among pages {start}–{number - 1} ({', '.join(files)})" if number - 1 > start
             else f" among page {start} ({', '.join(files)})" if files else " before it")
    also = len(wrong) - 1
    moved = (f"; so {also} more page{'s' if also > 1 else ''} after it {'are' if also > 1 else 'is'} "
             "on the wrong side too" if also else "")
    yield (f"{_describe(first)} must be a {first.side}-hand page but falls on page {number}, "
           f"a {page_side(number)}-hand page, in the {edition} edition{moved}: a page was added "
           f"or removed{among} ({FIX})", Location(first.page_file))


def _files_on(pages: PageMap, first: int, last: int) -> list[str]:
    """The names of the page files printed on pages first to last (1-based), in order."""
    names: dict[str, None] = {}
    for index in range(first - 1, min(last, len(pages.pages))):
        for section_id in pages.pages[index]:
            names[Path(pages.sections[section_id].page_file).name] = None
    return list(names)


def _describe(section: Section) -> str:
    return section.label or section.layout
