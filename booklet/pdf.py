"""Stage 5, pdf: lay out the HTML with WeasyPrint and write the PDF atomically.

`lay_out()` takes a `Document`, the project and the variant's stylesheets;
returns the rendered `weasyprint.Document`, a `PageMap` (which page file's
sections landed on which printed page, and what of their text was laid out)
for the layout checks, and WeasyPrint's complaints about the styles.  `write_pdf()`
writes to a temporary file beside the target and renames it, so a failed
build never leaves a half-written PDF or removes the last good one.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from booklet.errors import BookletError, Location, relative
from booklet.html import Document


@dataclass
class Section:
    """One `<section class="page">` of the HTML: a page a layout means to print."""

    page_file: str
    layout: str
    label: str
    side: str
    expected_text: str = ""
    """The section's text in the HTML, normalised (see `normalise`)."""
    printed_on: list[int] = field(default_factory=list)
    """0-based indexes of the printed pages it landed on."""
    printed_text: list[str] = field(default_factory=list)
    """The text WeasyPrint laid out for it, box by box."""
    outside: list[tuple[int, str]] = field(default_factory=list)
    """(printed page, text) of text boxes that reach past the trimmed page."""
    clipped: list[str] = field(default_factory=list)
    """Text laid out but hidden by a box too small for it."""

    def lost_text(self) -> str:
        """The first text that was clipped or not laid out at all ('' when none was)."""
        if self.clipped:
            return self.clipped[0].strip()
        printed = normalise("".join(self.printed_text))
        if printed == self.expected_text:
            return ""
        common = 0
        for a, b in zip(printed, self.expected_text, strict=False):
            if a != b:
                break
            common += 1
        return self.expected_text[common:common + 40] or "?"


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


# Soft hyphen, hyphen, hyphen-minus, zero-width space, the spaces.
_IGNORED = str.maketrans("", "", "\u00ad\u2010\u200b-\u00a0 \t\n\r\u202f\u2009")


def normalise(text: str) -> str:
    """Text without spacing, hyphens and case, to compare source and laid-out text."""
    return text.translate(_IGNORED).casefold()


class ProjectFetcher(weasyprint.URLFetcher):
    """Serves files from inside the project only; anything else is an error."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols=["file"], fail_on_errors=True)
        self.allowed = [p.resolve() for p in allowed]

    def fetch(self, url: str, headers: Any = None) -> Any:
        path = Path(url.removeprefix("file://")).resolve() if url.startswith("file://") else None
        if path is None or not any(path.is_relative_to(root) for root in self.allowed):
            shown = path.as_posix() if path else url
            raise BookletError(f"a layout or style asks for a file outside the project: {shown}",
                               hint="copy it into assets/")
        return super().fetch(url, headers)


_AT = re.compile(r" at (\d+):(\d+)")


class _Collect(logging.Handler):
    """Keeps WeasyPrint's complaints (an unknown CSS property, a bad value) as BookletErrors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.shown_as = ""
        """The file being read, or a folder when WeasyPrint's line numbers mean nothing to a user."""
        self.is_file = False
        self.problems: list[BookletError] = []

    def reading(self, shown_as: str, is_file: bool) -> None:
        self.shown_as, self.is_file = shown_as, is_file

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        match = _AT.search(message) if self.is_file else None
        line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        text = _AT.sub("", message).rstrip(".")
        self.problems.append(BookletError(text, Location(self.shown_as, line, column)))


def lay_out(document: Document, root: Path, stylesheets: list[Path], extra_roots: list[Path]
            ) -> tuple[weasyprint.Document, PageMap, list[BookletError]]:
    """Render the HTML to pages; also return what WeasyPrint said about the styles."""
    fonts = FontConfiguration()
    fetcher = ProjectFetcher([root, *extra_roots])
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    logger.propagate, was = False, logger.propagate
    try:
        collect.reading("booklet.yaml", is_file=False)  # the page and font CSS made from it
        css = [weasyprint.CSS(string=document.css, font_config=fonts, url_fetcher=fetcher,
                              base_url=root.as_uri() + "/")]
        for sheet in stylesheets:
            collect.reading(relative(sheet, root), is_file=True)
            if not sheet.is_file():
                raise BookletError("stylesheet not found", Location(collect.shown_as))
            css.append(weasyprint.CSS(filename=str(sheet), font_config=fonts, url_fetcher=fetcher))
        collect.reading("layouts/, styles/", is_file=False)
        html = weasyprint.HTML(string=document.html, base_url=root.as_uri() + "/",
                               url_fetcher=fetcher)
        rendered = html.render(stylesheets=css, font_config=fonts)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise _fetch_error(exc, collect.shown_as, root) from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = was
    return rendered, map_pages(rendered), collect.problems


def _fetch_error(exc: BaseException, shown_as: str, root: Path) -> BookletError:
    """A file a style or layout asks for that cannot be had, as one line for the user."""
    cause = exc.__cause__
    if isinstance(cause, BookletError):
        return BookletError(cause.message, Location(shown_as), cause.hint)
    url = str(exc).removeprefix("Error fetching ").strip('"')
    path = url.removeprefix("file://")
    shown = relative(Path(path), root) if url.startswith("file://") else url
    missing = isinstance(cause, FileNotFoundError) or isinstance(
        getattr(cause, "reason", None), FileNotFoundError)
    reason = "file not found" if missing else str(cause or exc)
    return BookletError(f"cannot load '{shown}': {reason}", Location(shown_as),
                        hint="check the url(…) or src that names it")


def map_pages(rendered: weasyprint.Document) -> PageMap:
    """Read from the laid-out boxes which section each printed page carries."""
    sections: dict[str, Section] = {}
    pages: list[list[str]] = []
    overfull: list[tuple[int, str, float]] = []
    loose: list[tuple[int, str, str]] = []
    for index, page in enumerate(rendered.pages):
        found: list[str] = []
        _walk(page._page_box, _Walk(index, None, float("inf"), page.width, page.height,
                                    sections, found, overfull, loose))
        pages.append(found)
    return PageMap(sections, pages, overfull, loose)


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


def _walk(box: Any, state: _Walk) -> None:
    element = getattr(box, "element", None)
    if box.element_tag == "section" and element is not None and element.get("data-section"):
        state = _enter(state, element)
    if "::" in (box.element_tag or ""):
        return  # list markers and ::before/::after: generated, not the page's text
    kind = type(box).__name__
    if kind == "LineBox" and state.section is not None:
        right = max((c.position_x + c.margin_width() for c in box.children), default=0.0)
        if right - state.right > 0.5:
            state.overfull.append((state.index, state.section, right - state.right))
    if kind == "TextBox" and state.section is not None:
        section = state.sections[state.section]
        clipped = (box.position_x + box.width > state.clip[0] + 0.5
                   or box.position_y + box.height > state.clip[1] + 0.5)
        (section.clipped if clipped else section.printed_text).append(box.text)
        if not _inside(box, state.page_width, state.page_height):
            section.outside.append((state.index, box.text))
    if kind.endswith("BlockBox") or kind == "TableCellBox":
        state = replace(state, right=box.content_box_x() + box.width)
        if box.style["overflow"] != "visible":
            x, y, width, height = box.padding_box_x(), box.padding_box_y(), *_padding_size(box)
            state = replace(state, clip=(min(state.clip[0], x + width), min(state.clip[1], y + height)))
        if state.section is not None:
            _find_loose_lines(box, state)
    for child in getattr(box, "children", []):
        _walk(child, state)


def _padding_size(box: Any) -> tuple[float, float]:
    return (box.width + box.padding_left + box.padding_right,
            box.height + box.padding_top + box.padding_bottom)


def _line_text(line: Any) -> str:
    if hasattr(line, "text"):
        return str(line.text)
    return "".join(_line_text(child) for child in getattr(line, "children", []))


def _find_loose_lines(block: Any, state: _Walk) -> None:
    """Note lines that stop before half the measure although more text follows.

    WeasyPrint sometimes breaks a line at its first space when an unbreakable
    inline element (a bold word, a number) would end it; a proof shows this as
    a word alone on a line in the middle of a paragraph.
    """
    lines = [c for c in block.children if type(c).__name__ == "LineBox"]
    for line, following in zip(lines, lines[1:], strict=False):
        text = _line_text(line)
        if not line.children or text.endswith("\n") or "\n" in _line_text(following)[:1]:
            continue
        used = max(c.position_x + c.margin_width() for c in line.children) - block.content_box_x()
        if block.width > 100 and used < 0.4 * block.width:
            state.loose.append((state.index, str(state.section), text.strip()))


def _enter(state: _Walk, element: Any) -> _Walk:
    section_id = element.get("data-section")
    if section_id not in state.sections:
        state.sections[section_id] = Section(
            element.get("data-page-file", ""), element.get("data-layout", ""),
            element.get("data-label", ""), element.get("data-side", ""),
            normalise("".join(element.itertext())))
    section = state.sections[section_id]
    if state.index not in section.printed_on:
        section.printed_on.append(state.index)
        state.found.append(section_id)
    return replace(state, section=section_id)


def _inside(box: Any, width: float, height: float) -> bool:
    """Whether a text box lies on the trimmed page (0.5 pt tolerance)."""
    x, y = box.position_x, box.position_y
    return bool(x >= -0.5 and y >= -0.5 and x + box.width <= width + 0.5
                and y + box.height <= height + 0.5)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_pdf(rendered: weasyprint.Document, target: Path, **options: Any) -> None:
    """Write the PDF to target atomically (temporary file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            rendered.write_pdf(out, **options)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a PDF is not
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

