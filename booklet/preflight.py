"""Stage 6, preflight: check the laid-out pages before the PDF is written.

Takes the `PageMap` of one edition; returns `Finding`s, each with a severity,
the check that found it and the page file it points at.  The checks are the
`LAYOUT_CHECKS` table; an error finding stops the build before anything is
written, so the last good PDF stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from booklet.errors import BookletError, Location
from booklet.pdf import PageMap, Section


@dataclass(frozen=True)
class Finding:
    """One problem preflight found."""

    severity: str
    """'error' stops the build; 'warning' is counted and shown."""
    check: str
    message: str
    where: Location

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def as_error(self) -> BookletError:
        return BookletError(self.message, self.where)


def _side(index: int) -> str:
    """Page 1 (index 0) is a right-hand page; even page numbers are on the left."""
    return "right" if index % 2 == 0 else "left"


def _describe(section: Section) -> str:
    return section.label or section.layout


def check_overflow(pages: PageMap, edition: str) -> Iterator[Finding]:
    for section in pages.sections.values():
        extra = len(section.printed_on) - 1
        if extra > 0:
            first = section.printed_on[0] + 1
            yield Finding("error", "overflow",
                          f"{_describe(section)} does not fit in the {edition} edition: "
                          f"its text runs from page {first} onto {extra} more page"
                          f"{'s' if extra > 1 else ''} (shorten the text or change the layout)",
                          Location(section.page_file))


def check_blank_pages(pages: PageMap, edition: str) -> Iterator[Finding]:
    for index, found in enumerate(pages.pages):
        if not found:
            yield Finding("error", "blank-page",
                          f"page {index + 1} of the {edition} edition is empty: a layout made an "
                          "extra page", Location("layouts"))


def check_sides(pages: PageMap, edition: str) -> Iterator[Finding]:
    # After a page that ran over, every later page is shifted: report only the cause.
    shifted_from = min((s.printed_on[1] for s in pages.sections.values() if len(s.printed_on) > 1),
                       default=len(pages.pages))
    for section in pages.sections.values():
        if section.printed_on and section.printed_on[0] > shifted_from:
            continue
        if section.side and section.printed_on and _side(section.printed_on[0]) != section.side:
            page = section.printed_on[0] + 1
            yield Finding("error", "page-side",
                          f"{_describe(section)} must be a {section.side}-hand page but falls on "
                          f"page {page}, a {_side(section.printed_on[0])}-hand page, in the "
                          f"{edition} edition (a page before it was added or removed)",
                          Location(section.page_file))


def check_overfull_lines(pages: PageMap, edition: str) -> Iterator[Finding]:
    for index, section_id, excess in pages.overfull:
        section = pages.sections[section_id]
        yield Finding("error", "overfull-line",
                      f"a line on page {index + 1} ({_describe(section)}) runs {excess:.1f} pt "
                      f"past its column in the {edition} edition", Location(section.page_file))


def check_lost_text(pages: PageMap, edition: str) -> Iterator[Finding]:
    for section in pages.sections.values():
        lost = section.lost_text()
        if lost:
            yield Finding("error", "lost-text",
                          f"text of {_describe(section)} is cut off or missing in the {edition} "
                          f"edition, from “{lost}…” (it does not fit its box)",
                          Location(section.page_file))


def check_text_on_page(pages: PageMap, edition: str) -> Iterator[Finding]:
    for section in pages.sections.values():
        if section.outside:
            index, text = section.outside[0]
            yield Finding("error", "text-off-page",
                          f"text of {_describe(section)} runs off page {index + 1} in the "
                          f"{edition} edition, at “{text[:40]}”", Location(section.page_file))


def check_loose_lines(pages: PageMap, edition: str) -> Iterator[Finding]:
    for index, section_id, text in pages.loose:
        section = pages.sections[section_id]
        yield Finding("warning", "loose-line",
                      f"a line on page {index + 1} ({_describe(section)}) breaks after “{text[:30]}” "
                      f"with most of the line empty in the {edition} edition",
                      Location(section.page_file))


def check_page_count(pages: PageMap, edition: str) -> Iterator[Finding]:
    count = len(pages.pages)
    if count % 4:
        yield Finding("warning", "page-count",
                      f"the {edition} edition has {count} pages; a stapled booklet needs a "
                      "multiple of 4", Location("content/pages"))


LAYOUT_CHECKS: list[tuple[str, Callable[[PageMap, str], Iterator[Finding]]]] = [
    ("overflow", check_overflow),
    ("blank-page", check_blank_pages),
    ("page-side", check_sides),
    ("overfull-line", check_overfull_lines),
    ("lost-text", check_lost_text),
    ("text-off-page", check_text_on_page),
    ("loose-line", check_loose_lines),
    ("page-count", check_page_count),
]


def check_layout(pages: PageMap, edition: str) -> list[Finding]:
    """Run every layout check on one edition's pages."""
    return [finding for _, check in LAYOUT_CHECKS for finding in check(pages, edition)]
