"""Stage 4, render — pdf: lay out the HTML with WeasyPrint and write the PDF atomically.

`lay_out()` takes a `Document`, the project and the variant's stylesheets;
returns the rendered `weasyprint.Document`, a `PageMap` (pagemap.py: which
page file's sections landed on which printed page, and what of their text was
laid out) for the layout checks, and WeasyPrint's complaints about the styles.
`check_output_folder()` makes sure, before any layout, that the PDFs can be
written; `write_pdf()` writes to a temporary file beside the target and
renames it, so a failed build never leaves a half-written PDF or removes the
last good one.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import logging
import os
import re
import secrets
import shutil
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from booklet.core.atomic import move_into_place, temporary_beside
from booklet.core.errors import BookletError, Location, raise_all, relative
from booklet.layout.html import Document
from booklet.layout.pagemap import PageMap, map_pages
from booklet.project.paths import file_url_path, may_read, project_file, special_kind
from booklet.project.stylesheets import check_urls, page_geometry
from booklet.render.packed import pack_profiles

PROJECT_URI = "file:///booklet-project/"
"""The project folder as WeasyPrint sees it: the same on every machine.

WeasyPrint names each image in the PDF after its URL, and the build derives
the PDF's identifier from the HTML: with the folder's real path in its URLs,
two copies of the project in two places would make different bytes.  The
fetcher maps the name back to the real folder (`on_disk`)."""


THEME_URI = "file:///booklet-theme/"
"""The project's theme folder as WeasyPrint sees it, for the same reason: wherever booklet is
installed, its theme's fonts and stylesheets have the same URLs."""


def project_document(document: Document, root: Path, theme: Path | None = None) -> Document:
    """The document with every URL into root written under PROJECT_URI, into theme under THEME_URI."""
    html, css = document.html, document.css
    # The theme first: in a checkout the theme's folder is inside the repository's own project.
    for real, fixed in ([(theme, THEME_URI)] if theme else []) + [(root, PROJECT_URI)]:
        html, css = html.replace(real.as_uri() + "/", fixed), css.replace(real.as_uri() + "/", fixed)
    return Document(html, css)


def on_disk(url: str, root: Path, theme: Path | None = None) -> str:
    """The real file:// URL of a URL under PROJECT_URI or THEME_URI (any other URL as it is)."""
    if url.startswith(PROJECT_URI):
        return root.as_uri() + "/" + url[len(PROJECT_URI):]
    if theme is not None and url.startswith(THEME_URI):
        return theme.as_uri() + "/" + url[len(THEME_URI):]
    return url


class ProjectFetcher(weasyprint.URLFetcher):
    """Serves files from inside the project only (and data: URLs); anything else is an error.

    The stylesheets' url()s are checked at their lines before layout
    (stylesheets.py); this is the last word for everything else, such as a
    src in a layout template.
    """

    def __init__(self, allowed: list[Path], theme: Path | None = None) -> None:
        super().__init__(allowed_protocols=["file", "data"], fail_on_errors=True)
        self.allowed, self.theme = allowed, theme

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        path = file_url_path(on_disk(url, self.allowed[0], self.theme))
        if path is None or not may_read(path, self.allowed, self.theme):
            shown = path.as_posix() if path else url
            raise BookletError(f"a layout or style asks for a file outside the project: {shown}",
                               hint="copy it into assets/")
        kind = special_kind(path)  # opening a pipe would block the layout for ever
        if kind:
            raise BookletError(f"a layout or style asks for {path.as_posix()}, which is {kind}, not a file",
                               hint="replace it with a file")
        return super().fetch(path.resolve().as_uri(), headers)  # the file checked is the file read


_AT = re.compile(r" at (\d+):(\d+)")


class _Collect:
    """Keeps WeasyPrint's complaints (an unknown CSS property, a bad value) as BookletErrors."""

    def __init__(self) -> None:
        self.shown_as = ""
        """The file being read, or a folder when WeasyPrint's line numbers mean nothing to a user."""
        self.is_file = False
        self.problems: list[BookletError] = []

    def reading(self, shown_as: str, is_file: bool) -> None:
        self.shown_as, self.is_file = shown_as, is_file

    def add(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        match = _AT.search(message) if self.is_file else None
        line, column = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        text = _AT.sub("", message).rstrip(".")
        self.problems.append(BookletError(text, Location(self.shown_as, line, column), code="css"))


_COLLECTING: contextvars.ContextVar[_Collect | None] = contextvars.ContextVar("collecting", default=None)


class _Route(logging.Handler):
    """Hands each WeasyPrint complaint to the layout that caused it (by context variable).

    One handler for every layout under way in the process, there while at least
    one is: flipping handlers or propagation per build would mix up two builds
    that share a process (a preview server, threads).
    """

    def emit(self, record: logging.LogRecord) -> None:
        collect = _COLLECTING.get()
        if collect is not None:
            collect.add(record)


_ROUTE = _Route(logging.WARNING)
_ROUTING = {"layouts": 0}
_ROUTING_LOCK = threading.Lock()


@contextlib.contextmanager
def _routed() -> Iterator[None]:
    """WeasyPrint's logger routed to the layouts while one is under way, and as it was after:
    importing booklet changes no logger of the process."""
    logger = logging.getLogger("weasyprint")
    with _ROUTING_LOCK:
        _ROUTING["layouts"] += 1
        if _ROUTING["layouts"] == 1:
            logger.addHandler(_ROUTE)
    try:
        yield
    finally:
        with _ROUTING_LOCK:
            _ROUTING["layouts"] -= 1
            if _ROUTING["layouts"] == 0:
                logger.removeHandler(_ROUTE)


FONTS_CONF = Path(__file__).with_name("fonts.conf")
"""A fontconfig configuration with no font folders."""
_FONTCONFIG_LOCK = threading.Lock()


def bundled_fonts_only() -> FontConfiguration:
    """A WeasyPrint font configuration that knows no font of the machine.

    Only the project's own faces may reach a PDF: fontconfig reads fonts.conf
    beside this file (no font folders), so WeasyPrint has nothing but the
    @font-face rules made from booklet.yaml, and a title in CJK can no longer
    come out in the machine's "Droid Sans Fallback" (content.py refuses a
    character the faces cannot draw, at its text's line).  Fontconfig reads
    FONTCONFIG_FILE only while the configuration is made, so it is set for that
    moment and put back: any other user of fontconfig in the process keeps its own.
    """
    with _FONTCONFIG_LOCK:
        before = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
        try:
            return FontConfiguration()
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before


@contextlib.contextmanager
def font_configuration() -> Iterator[FontConfiguration]:
    """The fonts of one layout and its writing; WeasyPrint's copies of the faces are removed after.

    WeasyPrint leaves removing them to the garbage collector, which a build
    stopped by Ctrl-C or SIGTERM may never run: they would pile up in /tmp.
    """
    fonts = bundled_fonts_only()
    try:
        yield fonts
    finally:
        folder = getattr(fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            fonts._folder = None


@dataclass(frozen=True)
class Output:
    """What a variant asks of the PDF stage: a standard, and what its stylesheets must be or become."""

    pdf_variant: str | None = None
    """WeasyPrint's pdf_variant ('pdf/x-4', 'pdf/ua-1'…), given to the layout and the writing."""
    restyle: Callable[[str], str] | None = None
    """Applied to each stylesheet's text before it is read (screen: CMYK colours become RGB)."""
    refuse: Callable[[str, Path], list[BookletError]] | None = None
    """A stylesheet's problems for this variant (print: an RGB colour), each at its line."""


def lay_out(document: Document, root: Path, stylesheets: list[Path], extra_roots: list[Path],
            fonts: FontConfiguration | None = None, output: Output = Output(), theme: Path | None = None
            ) -> tuple[weasyprint.Document, PageMap, list[BookletError]]:
    """Render the HTML to pages; also return what WeasyPrint said about the styles.

    extra_roots are folders it may load files from besides the project (the caches'); theme is
    the project's theme folder, whose files (stylesheets, fonts) it may load too.
    fonts must stay open until the PDF is written (see font_configuration).
    """
    allowed = [root, *extra_roots]
    sources = [(sheet, _styled(sheet, root, allowed, output, theme)) for sheet in stylesheets]
    document = project_document(document, root, theme)
    fonts = fonts or bundled_fonts_only()
    fetcher = ProjectFetcher(allowed, theme)
    collect = _Collect()
    profiles: dict[str, Any] = {}  # filled by an @color-profile rule, kept by the rendered document
    token = _COLLECTING.set(collect)
    try:
        with _routed():
            collect.reading("booklet.yaml", is_file=False)  # the page and font CSS made from it
            css = [weasyprint.CSS(string=document.css, font_config=fonts, url_fetcher=fetcher,
                                  base_url=PROJECT_URI, color_profiles=profiles)]
            for sheet, text in sources:
                collect.reading(relative(sheet, root), is_file=True)
                base = _base_url(sheet, root, theme)
                css.append(weasyprint.CSS(string=text, base_url=base,
                                          font_config=fonts, url_fetcher=fetcher, color_profiles=profiles))
            collect.reading("layouts/", is_file=False)
            html = weasyprint.HTML(string=document.html, base_url=PROJECT_URI, url_fetcher=fetcher)
            rendered = html.render(stylesheets=css, font_config=fonts, color_profiles=profiles,
                                   pdf_variant=output.pdf_variant)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise _fetch_error(exc, collect.shown_as, root, theme) from None
    finally:
        _COLLECTING.reset(token)
    return rendered, map_pages(rendered), collect.problems


def _base_url(sheet: Path, root: Path, theme: Path | None) -> str:
    """A stylesheet's URL under PROJECT_URI or THEME_URI, its url()s resolved from there."""
    if theme is not None and sheet.is_relative_to(theme):
        return THEME_URI + urllib.parse.quote(sheet.resolve().relative_to(theme.resolve()).as_posix())
    return PROJECT_URI + urllib.parse.quote(sheet.resolve().relative_to(root).as_posix())


def _styled(sheet: Path, root: Path, allowed: list[Path], output: Output, theme: Path | None) -> str:
    text = read_stylesheet(sheet, root, allowed, theme)
    if output.refuse:
        raise_all(output.refuse(text, sheet))
    return output.restyle(text) if output.restyle else text


def read_stylesheet(sheet: Path, root: Path, allowed: list[Path], theme: Path | None = None) -> str:
    """A stylesheet's text, once its every url() is known to name a file of the project.

    A stylesheet of the theme folder (theme) is held to that folder, any other to the project.
    """
    # A link is named as the project has it, not by where it leads.
    shown = sheet.relative_to(root).as_posix() if sheet.is_relative_to(root) else relative(sheet, root)
    home = theme if theme is not None and sheet.is_relative_to(theme) else root
    sheet = project_file(sheet, home, "the stylesheet", Location(shown), hint="copy it into styles/",
                         replace="replace it with a CSS file")
    try:
        text = sheet.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BookletError("stylesheet not found", Location(shown)) from None
    except UnicodeDecodeError:
        raise BookletError("not UTF-8 text (save the stylesheet as UTF-8)", Location(shown)) from None
    except OSError as exc:
        raise BookletError(f"the stylesheet cannot be read: {exc.strerror}", Location(shown)) from None
    raise_all(check_urls(text, sheet, root, allowed, theme) + page_geometry(text, sheet, root))
    return text


def _fetch_error(exc: BaseException, shown_as: str, root: Path, theme: Path | None) -> BookletError:
    """A file a style or layout asks for that cannot be had, as one line for the user."""
    cause = exc.__cause__
    if isinstance(cause, BookletError):
        return BookletError(cause.message, Location(shown_as), cause.hint)
    url = on_disk(str(exc).removeprefix("Error fetching ").strip('"'), root, theme)
    path = file_url_path(url)
    shown = relative(path, root) if path else url
    missing = isinstance(cause, FileNotFoundError) or isinstance(
        getattr(cause, "reason", None), FileNotFoundError)
    reason = "file not found" if missing else str(cause or exc)
    return BookletError(f"cannot load '{shown}': {reason}", Location(shown_as),
                        hint="check the url(…) or src that names it")


def check_output_folder(folder: Path, root: Path) -> None:
    """Make sure PDFs can be written into folder, before any work is done for them."""
    shown = relative(folder, root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BookletError(f"the output folder {shown} is a file", Location(shown),
                           hint="move the file away, or choose another folder with --out") from None
    except NotADirectoryError:
        raise BookletError(f"the output folder {shown} is inside a file, not a folder",
                           Location(shown), hint="choose another folder with --out") from None
    except OSError as exc:
        raise BookletError(f"the output folder {shown} cannot be made: {exc.strerror}",
                           Location(shown), hint="choose another folder with --out") from None
    probe = folder / f".booklet-{secrets.token_hex(4)}.probe"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        raise BookletError(f"cannot write into the output folder {shown}: {exc.strerror}",
                           Location(shown), hint="choose another folder with --out") from None


_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_FILE_ID = re.compile(rb"/ID \[\(([0-9a-f]{32})\) \(([0-9a-f]{32})\)\]")


def steady_document_id(pdf: Path) -> None:
    """Make the IDs WeasyPrint draws at random for a PDF/X-4 ones derived from what it is made of.

    Its XMP DocumentID is a random UUID, and the second half of the file's /ID
    is a digest that includes it.  Both are replaced in place by values of the
    same length made from the first half of /ID — the identifier the build
    passes, a digest of the document's HTML, CSS and variant, whose photo
    URLs name their content — so the offsets hold and the same sources give
    the same bytes.  Both sit at the end of the file: only its tail is read.
    """
    size = pdf.stat().st_size
    with pdf.open("r+b") as file:
        start = max(0, size - _TAIL)
        file.seek(start)
        tail = file.read()
        ids, found = _FILE_ID.search(tail), _DOCUMENT_ID.search(tail)
        if not ids or not found:
            return  # no PDF/X-4 metadata (or not where WeasyPrint puts it): nothing drawn at random
        digest = hashlib.sha256(ids.group(1)).hexdigest()
        for match, text in ((found, f"xmp.did:{uuid.UUID(digest[:32])}"),
                            (ids, f"/ID [({ids.group(1).decode()}) ({digest[32:]})]")):
            file.seek(start + match.start())
            file.write(text.encode())


_TAIL = 1 << 20
"""How much of the end of a written PDF holds its metadata and trailer (they take a few KB)."""


def write_pdf(rendered: weasyprint.Document, target: Path, dated: str | None = None,
              finish: Callable[[Path, Path], None] | None = None,
              check: Callable[[Path], bool] | None = None, rejected: Path | None = None,
              **options: Any) -> bool:
    """Write the PDF to target atomically (temporary file, then rename); True if it was.

    dated (ISO 8601) becomes its creation and modification date: a PDF/X
    would otherwise carry the time of the build, and no two builds would be
    the same bytes.  finish(written, target) may make the final file from
    the written one (the proof's sheets); check(file) reads the finished file
    back: when it says no, the file goes to rejected, not to target, and the
    last good PDF stays.
    """
    if dated:
        rendered.metadata.created = rendered.metadata.modified = dated
    try:
        with temporary_beside(target) as temporary, temporary_beside(target) as finished:
            with temporary.open("wb") as out:
                rendered.write_pdf(out, finisher=pack_profiles, **options)
            steady_document_id(temporary)
            if finish:
                finish(temporary, finished)
                os.replace(finished, temporary)
            good = check(temporary) if check else True
            destination = target if good else rejected
            if destination:
                move_into_place(temporary, destination)
            return good
    except OSError as exc:  # a full disk, a folder made read-only since the build began
        raise BookletError(f"{relative(target, Path.cwd())} could not be written: "
                           f"{exc.strerror or exc}", hint="the earlier PDF is still in place") from None
