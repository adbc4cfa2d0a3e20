"""Stage 5, checks — check the laid-out pages before the PDF is written.

Takes the `PageMap` of one edition; returns `Diagnostic`s, each with a
severity, the check that found it (its code) and the page file it points at.
The checks are the `LAYOUT_CHECKS` table; an error stops the build before the
PDF is written, so the last good PDF stays.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass

from booklet.content.edition import Edition
from booklet.core.codes import CODES, Code, severity_of
from booklet.core.errors import NO_DATA, BookletError, Data, Diagnostic, Location, Severity, raise_all
from booklet.layout.html import Document
from booklet.layout.images import MM_PER_INCH, Images
from booklet.layout.pagemap import PageMap, Section
from booklet.layout.pairing import page_sides
from booklet.layout.typefaults import (
    broken_ties,
    hyphen_ladders,
    one_word_last_lines,
    short_last_lines,
    stranded_words,
)
from booklet.project.registry import load_entry, registered
from booklet.project.schema import keys_in
from booklet.project.variants import Variant

SMALLEST_TYPE_PT = 6.0
"""No booklet sets text smaller: what a page can hold at this size bounds what is worth laying out."""
MM_PER_PT = 25.4 / 72

@dataclass(frozen=True)
class Finding:
    """What a check found, when a message and a place are not all it has to say."""

    message: str
    where: Location
    hint: str = ""
    data: Data = NO_DATA
    """What it is about, as values for later stages (overflow.py finds the section by it)."""


Found = Iterator[tuple[str, Location] | Finding]
"""What a check yields: a message and where to look, or a Finding."""


def _describe(section: Section) -> str:
    return section.label or section.layout


def overflow(pages: PageMap, edition: str) -> Found:
    for name, section in pages.sections.items():
        extra = len(section.printed_on) - 1
        if extra > 0:
            first = section.printed_on[0] + 1
            yield Finding(f"{_describe(section)} does not fit in the {edition} edition: its text runs "
                          f"from page {first} onto {extra} more page{'s' if extra > 1 else ''}",
                          Location(section.page_file), "shorten the text or change the layout",
                          Data(page=first, section=name, count=extra))


def blank_pages(pages: PageMap, edition: str) -> Found:
    for index, found in enumerate(pages.pages):
        if not found:
            yield Finding(f"page {index + 1} of the {edition} edition is empty: a layout made an extra "
                          "page", Location("layouts"), data=Data(page=index + 1))


def overfull_lines(pages: PageMap, edition: str) -> Found:
    for index, section_id, excess in pages.overfull:
        section = pages.sections[section_id]
        yield Finding(f"a line on page {index + 1} ({_describe(section)}) runs {excess:.1f} pt past its "
                      f"column in the {edition} edition", Location(section.page_file),
                      data=Data(page=index + 1, section=section_id))


def lost_text(pages: PageMap, edition: str) -> Found:
    for section in pages.sections.values():
        lost = section.lost_text()
        if lost:
            yield (f"text of {_describe(section)} is cut off or missing in the {edition} edition, "
                   f"from “{lost}…” (it does not fit its box, or a style does not show it)",
                   Location(section.page_file))


def hidden_text(pages: PageMap, edition: str) -> Found:
    for section in pages.sections.values():
        if section.hidden:
            yield (f"text of {_describe(section)} is laid out but cannot be seen in the {edition} "
                   f"edition: “{section.hidden[0].strip()[:40]}” (a style hides it, makes it "
                   "transparent or gives it the colour behind it)", Location(section.page_file))


def text_off_page(pages: PageMap, edition: str) -> Found:
    for name, section in pages.sections.items():
        if section.outside:
            index, text = section.outside[0]
            yield Finding(f"text of {_describe(section)} runs off page {index + 1} in the {edition} "
                          f"edition, at “{text[:40]}”", Location(section.page_file),
                          data=Data(page=index + 1, section=name))


def text_over_text(pages: PageMap, edition: str) -> Found:
    for section in pages.sections.values():  # overlaps() gives a section's first one only
        for index, text, other in section.overlaps():
            yield (f"on page {index + 1} ({_describe(section)}) “{text.strip()[:30].strip()}” prints "
                   f"over “{other.strip()[:30].strip()}” in the {edition} edition (a positioned box has "
                   "grown into the text around it: shorten one of them, or change the layout)",
                   Location(section.page_file))


def loose_lines(pages: PageMap, edition: str) -> Found:
    for index, section_id, text in pages.loose:
        section = pages.sections[section_id]
        yield Finding(f"a line on page {index + 1} ({_describe(section)}) breaks after “{text[:30]}” "
                      f"with most of the line empty in the {edition} edition", Location(section.page_file),
                      data=Data(page=index + 1, section=section_id))


def _margin_name(box: str) -> str:
    """'@bottom-left' → 'running foot': what a reader calls the text in a page margin."""
    edge = box.lstrip("@").split("-")[0]
    return {"top": "running head", "bottom": "running foot"}.get(edge, f"{edge} margin text")


def _margin_where(pages: PageMap, index: int) -> tuple[str, Location]:
    """What the page of a margin box is called, and the page file that made it."""
    on_page = [pages.sections[s] for s in pages.pages[index]]
    if not on_page:
        return f"page {index + 1}", Location("styles/pages.css")
    return f"page {index + 1}, {_describe(on_page[0])},", Location(on_page[0].page_file)


def margin_text_cut(pages: PageMap, edition: str) -> Found:
    for margin in pages.margins:
        if margin.cut:
            page, where = _margin_where(pages, margin.page)
            yield (f"the {_margin_name(margin.box)} of {page} is cut off at the edge of "
                   f"its box or the page in the {edition} edition: “{margin.text[:50]}” (shorten the running "
                   "head or folio text)", where)


def margin_text_wraps(pages: PageMap, edition: str) -> Found:
    for margin in pages.margins:
        if not margin.cut and margin.lines > 1:
            page, where = _margin_where(pages, margin.page)
            yield (f"the {_margin_name(margin.box)} of {page} breaks onto {margin.lines} "
                   f"lines in the {edition} edition: “{margin.text[:50]}” (shorten the running head "
                   "or folio text)", where)


def page_count(pages: PageMap, edition: str) -> Found:
    count = len(pages.pages)
    if any(len(s.printed_on) > 1 for s in pages.sections.values()):
        return  # a section that ran over added the pages: that is reported as an overflow
    if count % 4:
        yield (f"the {edition} edition has {count} pages; a stapled booklet needs a multiple of 4",
               Location("content/pages"))


@dataclass(frozen=True)
class Check:
    """A layout check: its code names what it finds, and says how serious that is (codes.py)."""

    name: str
    run: Callable[[PageMap, str], Found]
    code: Code | None = None
    """Its entry for the registry, for a check a theme registers (registry.py); the engine's
    checks have theirs in codes.CODES."""

    @property
    def severity(self) -> Severity:
        """'error' stops the build; 'warning' is counted and shown (an error where a variant's
        `errors` names the check)."""
        return self.code.severity if self.code else severity_of(self.name)


LAYOUT_CHECKS: list[Check] = [
    Check("overflow", overflow),
    Check("blank-page", blank_pages),
    Check("page-side", page_sides),
    Check("overfull-line", overfull_lines),
    Check("lost-text", lost_text),
    Check("hidden-text", hidden_text),
    Check("text-off-page", text_off_page),
    Check("text-over-text", text_over_text),
    Check("margin-text-cut", margin_text_cut),
    Check("margin-text-wraps", margin_text_wraps),
    Check("loose-line", loose_lines),
    Check("hyphen-ladder", hyphen_ladders),
    Check("stranded-word", stranded_words),
    Check("short-last-line", short_last_lines),
    Check("one-word-last-line", one_word_last_lines),
    Check("broken-tie", broken_ties),
    Check("page-count", page_count),
]
"""The engine's layout checks, in the order they run; a theme adds its own (installed_checks())."""


def installed_checks() -> list[Check]:
    """The layout checks installed packages register ("booklet.checks" entry points, registry.py).

    Each is a `Check` bringing its own `Code` (severity and meaning), named as
    its entry point is, and not one of the engine's codes.
    """
    checks: list[Check] = []
    errors: list[BookletError] = []
    for name, entry in registered("check").items():
        try:
            check = load_entry("check", entry)
        except BookletError as exc:
            errors.append(exc)
            continue
        problem = _unfit(name, check)
        if problem:
            errors.append(BookletError(f"the check '{name}' ({entry.value}) {problem}",
                                       hint="a registered check is Check(name, run, Code(name, ...))"))
        else:
            checks.append(check)
    raise_all(errors)
    return checks


def _unfit(name: str, check: object) -> str:
    """What makes a registered check unusable, in words; '' if nothing does."""
    if not isinstance(check, Check):
        return f"is a {type(check).__name__}, not a booklet.checks.preflight.Check"
    if check.name != name:
        return f"is named '{check.name}'"
    if check.code is None or check.code.name != name:
        return "brings no code of its name (severity and meaning)"
    return "has the name of one of booklet's own codes" if name in CODES else ""


def too_much_text(edition: Edition, document: Document) -> list[BookletError]:
    """Page files with more text than their pages could hold even in 6 pt type, found before layout.

    Laying out such a page takes minutes (WeasyPrint lays out every page the
    text runs onto) only to fail with an overflow: this fails at once instead.
    """
    spec = edition.booklet.spec
    area = ((spec.trim.width - spec.margins.inner - spec.margins.outer)
            * (spec.trim.height - spec.margins.top - spec.margins.bottom))
    per_page = int(area / (0.45 * SMALLEST_TYPE_PT * MM_PER_PT * 1.1 * SMALLEST_TYPE_PT * MM_PER_PT))
    # In the copyfit's trial a page file is there once per arrangement: the largest counts.
    pages: dict[str, Counter[str]] = {}
    for tag in re.findall(r"<section [^>]*>", document.html):
        path = re.search(r'data-page-file="([^"]*)"', tag)
        arrangement = re.search(r'data-arrangement="([^"]*)"', tag)
        if path:
            pages.setdefault(path.group(1), Counter())[arrangement.group(1) if arrangement else ""] += 1
    errors = []
    for page_file in edition.pages:
        count = max(pages.get(page_file.path, Counter()).values(), default=1)
        chars = sum(len(edition.texts[key].value) for _, key in keys_in(page_file.page))
        if chars > per_page * count:
            errors.append(BookletError(
                f"its texts have {chars:,} characters for {count} page"
                f"{'s' if count > 1 else ''} in the {edition.lang} edition; even in "
                f"{SMALLEST_TYPE_PT:g} pt type a page holds about {per_page:,}",
                Location(page_file.path), "shorten the text, or share it among more pages",
                code="overflow"))
    return errors or _sections_too_full(document, per_page)


_SECTION_TEXT = re.compile(r'<section [^>]*data-page-file="([^"]*)"[^>]*>(.*?)</section>', re.S)


def _sections_too_full(document: Document, per_page: int) -> list[BookletError]:
    """Pages whose layout made more text than a page holds in 6 pt: a template's own words or a
    loop, not the page file's texts (a hostile layout would otherwise keep WeasyPrint for hours)."""
    errors: dict[str, BookletError] = {}
    for match in _SECTION_TEXT.finditer(document.html):
        chars = len(re.sub(r"<[^>]*>|\s+", "", match.group(2)))
        if chars > per_page and match.group(1) not in errors:
            errors[match.group(1)] = (BookletError(
                f"its layout makes {chars:,} characters for one page; even in {SMALLEST_TYPE_PT:g} pt "
                f"type a page holds about {per_page:,}", Location(match.group(1)),
                "look at what the layout's template prints for this page", code="overflow"))
    return list(errors.values())


def resolution_problems(images: Images, variant: Variant) -> list[BookletError]:
    """Photos with too few pixels for their frame: below the variant's minimum an error (code
    'resolution', naming the variant), below its wish a warning (code 'low-resolution'; the report
    names the variants it is true of, report.py)."""
    problems = []
    for placed in images.values():
        if placed.ppi >= variant.warn_ppi - 0.5:
            continue
        low = placed.ppi < variant.min_ppi - 0.5
        need = [math.ceil(mm / MM_PER_INCH * (variant.min_ppi if low else variant.warn_ppi))
                for mm in placed.frame_mm]
        problems.append(BookletError(
            f"photo assets/images/{placed.photo.file} has {placed.ppi:.0f} ppi in its "
            f"{placed.frame.name} frame ({placed.pixels[0]}×{placed.pixels[1]} px for "
            f"{placed.frame_mm[0]:.0f}×{placed.frame_mm[1]:.0f} mm); "
            + (f"{variant.name} needs {variant.min_ppi}" if low else f"{variant.warn_ppi} is wanted"),
            placed.where, f"a photo of {need[0]}×{need[1]} px", code="resolution" if low
            else "low-resolution", subject=f"assets/images/{placed.photo.file}"))
    return problems


def check_layout(pages: PageMap, edition: str, errors: Collection[str] = (),
                 checks: Sequence[Check] = ()) -> list[Diagnostic]:
    """Run every layout check (the engine's, then checks) on one edition's pages; those named in
    errors (a variant's) are errors."""
    return [_diagnostic(check, found, check.name in errors)
            for check in [*LAYOUT_CHECKS, *checks] for found in check.run(pages, edition)]


def _diagnostic(check: Check, found: tuple[str, Location] | Finding, error: bool) -> Diagnostic:
    severity: Severity = "error" if error else check.severity
    if isinstance(found, Finding):
        return Diagnostic(severity, check.name, found.message, found.where, found.hint, data=found.data)
    message, where = found
    return Diagnostic(severity, check.name, message, where)
