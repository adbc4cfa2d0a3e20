"""Preflight of the written PDF: what a printer's (or a screen reader's) check would reject.

`check_pdf()` takes the path of a written PDF, what its variant promises
(`Expect`) and the name to show it by; returns `Diagnostic`s, one per cause
(with the pages it is on), from the `PDF_CHECKS` table.  The pages are read
once by pdfwalk.py; the costly part, the ink of the photos, by pdfink.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from booklet.checks.pdfink import InkCache, image_ink
from booklet.checks.pdfua import alt_texts, document_title, heading_skips, tagged
from booklet.checks.pdfwalk import Placement, Scan, scan
from booklet.core.codes import severity_of
from booklet.core.errors import Diagnostic, Location, Severity

MM = 72 / 25.4
"""Points per millimetre."""
BOX_TOLERANCE_MM = 0.1


@dataclass(frozen=True)
class Expect:
    """What a variant's PDF promises, so what its preflight holds it to."""

    colour: Literal["cmyk", "rgb"]
    standard: str | None
    """'pdf/x-4', 'pdf/x-1a', 'pdf/ua-1'… or None."""
    ink_limit: int | None = None
    """Highest total area coverage in %, e.g. 300."""
    min_ppi: int = 0
    """A photo below this effective resolution is an error."""
    warn_ppi: int = 0
    """… below this, a warning."""
    bleed_mm: float | None = None
    """The bleed BleedBox must add to TrimBox on each side; None: no boxes needed."""
    page_multiple: int = 4

    @property
    def pdfx(self) -> bool:
        return (self.standard or "").startswith("pdf/x")

    @property
    def pdfua(self) -> bool:
        return (self.standard or "").startswith("pdf/ua")


@dataclass
class Written:
    """The written PDF as the checks see it."""

    pdf: pikepdf.Pdf
    scan: Scan
    expect: Expect
    ink_cache: InkCache | None = None
    photos: Mapping[tuple[int, int], str] = field(default_factory=dict)
    """The project's photos by their pixels as embedded, when the caller knows them: a finding
    about a photo then names it, and has it as its subject (report.cause())."""


@dataclass(frozen=True)
class Subjected:
    """A message with its subject: the photo it is about ('assets/images/cover.jpg')."""

    message: str
    subject: str


Found = Iterator[str | Subjected]
"""What a check yields: a message that names its pages (with what it is about, if it knows)."""


def pages_text(numbers: Iterable[int]) -> str:
    """[1, 2, 3, 7] → 'pages 1–3, 7'; [4] → 'page 4'."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}" if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    return f"page{'s' if len(ordered) > 1 else ''} {', '.join(parts)}"


def by_pages(found: Iterable[tuple[int, str]]) -> Found:
    """One message per text, naming every page it is true of."""
    pages: dict[str, list[int]] = {}
    for number, text in found:
        pages.setdefault(text, []).append(number)
    for text, numbers in pages.items():
        yield f"{pages_text(numbers)}: {text}"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def rgb_anywhere(doc: Written) -> Iterator[tuple[int, str]]:
    for page in doc.scan.pages:
        parts = [_count(len(page.rgb_colours), "RGB colour") + " in drawings"] if page.rgb_colours else []
        photos = [o for o in page.rgb_objects if o.startswith("RGB photo")]
        if photos:
            names = ", ".join(o.removeprefix("RGB photo ").strip("()") for o in photos)
            parts.append(f"{_count(len(photos), 'RGB photo')} ({names})")
        parts += [o for o in page.rgb_objects if not o.startswith("RGB photo")]
        if parts:
            yield page.number, f"{' and '.join(parts)} — everything in a print PDF must be CMYK"


def _summarised(found: Iterable[tuple[int, str]], what: str, limit: int = 3) -> Found:
    """The first few pages of a long list, then which more pages have the same kind of problem."""
    items = list(found)
    yield from (f"page {number}: {text}" for number, text in items[:limit])
    if len(items) > limit:
        more = items[limit:]
        yield f"{what} also on {pages_text(n for n, _ in more)} ({len(more)} more pages)"


def _intents(pdf: pikepdf.Pdf) -> list[Any]:
    return [i for i in pdf.Root.get("/OutputIntents", Array()) if i.get("/S") == Name.GTS_PDFX]


def output_intent(doc: Written) -> Found:
    intents = _intents(doc.pdf)
    if not intents:
        yield "no PDF/X output intent: nothing tells the printer which press the CMYK is for"
        return
    profile = intents[0].get("/DestOutputProfile")
    if not isinstance(profile, Stream):
        yield "the PDF/X output intent has no ICC profile (/DestOutputProfile)"
    elif int(profile.get("/N", 0)) != 4 or profile.read_bytes()[16:20] != b"CMYK":
        yield f"the output intent's profile is not a CMYK profile (it has {profile.get('/N')} components)"


def _xmp(pdf: pikepdf.Pdf, name: str) -> str | None:
    """A simple property of the XMP metadata, element or attribute, without parsing all of it."""
    metadata = pdf.Root.get("/Metadata")
    if not isinstance(metadata, Stream):
        return None
    text = metadata.read_bytes().decode("utf-8", "replace")
    match = re.search(rf"{name}(?:>\s*([^<]+?)\s*<|=\"([^\"]*)\")", text)
    return (match.group(1) or match.group(2)) if match else None


def _info(pdf: pikepdf.Pdf, key: str) -> str | None:
    value = pdf.trailer.get("/Info", Dictionary()).get(key)
    return None if value is None else str(value).lstrip("/")


def pdfx_version(doc: Written) -> Found:
    found = _info(doc.pdf, "/GTS_PDFXVersion") or _xmp(doc.pdf, "pdfx:GTS_PDFXVersion")
    wanted = (doc.expect.standard or "").upper()
    if not found:
        yield f"the PDF does not say it is {wanted} (no GTS_PDFXVersion in its Info or XMP)"
    elif not found.upper().startswith(wanted):
        yield f"the PDF says it is {found}, not {wanted}"


def trapped(doc: Written) -> Found:
    value = _info(doc.pdf, "/Trapped") or _xmp(doc.pdf, "pdf:Trapped")
    if value not in ("True", "False"):
        yield f"/Trapped is {value or 'not set'}; PDF/X needs True or False"


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == Name.Type3:
        return True
    if font.get("/Subtype") == Name.Type0:
        return all(_embedded(d) for d in font.get("/DescendantFonts", Array()))
    descriptor = font.get("/FontDescriptor", Dictionary())
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def fonts_embedded(doc: Written) -> Found:
    for font, pages in doc.scan.fonts.values():
        if not _embedded(font):
            name = str(font.get("/BaseFont", "/unnamed"))[1:].split("+")[-1]
            yield f"{pages_text(pages)}: the font {name} is not embedded"


def _box(page: pikepdf.Page, key: str) -> tuple[float, ...] | None:
    value = page.obj.get(key)
    if not isinstance(value, Array) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _page_boxes(page: pikepdf.Page, bleed_mm: float) -> Iterator[str]:
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    media = _box(page, "/MediaBox") or tuple(float(v) for v in page.mediabox)
    if trim is None or bleed is None:
        yield f"no {'TrimBox' if trim is None else 'BleedBox'}: the printer cannot tell where to cut"
        return
    sides = [(trim[0] - bleed[0]), (trim[1] - bleed[1]), (bleed[2] - trim[2]), (bleed[3] - trim[3])]
    if any(abs(side / MM - bleed_mm) > BOX_TOLERANCE_MM for side in sides):
        shown = ", ".join(f"{side / MM:.1f}" for side in sides)
        yield f"the bleed is {shown} mm (left, bottom, right, top), not {bleed_mm:g} mm"
    if any(m > b + 0.01 for m, b in zip(media[:2], bleed[:2], strict=True)) or any(
            m < b - 0.01 for m, b in zip(media[2:], bleed[2:], strict=True)):
        yield "the BleedBox reaches outside the MediaBox"


def page_boxes(doc: Written) -> Found:
    bleed_mm = doc.expect.bleed_mm or 0.0
    yield from by_pages((number, text) for number, page in enumerate(doc.pdf.pages, start=1)
                        for text in _page_boxes(page, bleed_mm))


def _placed(doc: Written) -> Iterator[tuple[int, Placement]]:
    for page in doc.scan.pages:
        for placement in page.placements:
            yield page.number, placement


def _resolution(doc: Written, low: float, high: float, needed: int) -> Found:
    pages: dict[tuple[str, str], list[int]] = {}  # (message, the photo's path or '') → pages
    for number, p in _placed(doc):
        if low <= p.ppi < high:
            subject = doc.photos.get((p.width_px, p.height_px), "")
            photo = f"photo {subject} ({p.width_px} × {p.height_px} px)" if subject else \
                f"a photo of {p.width_px} × {p.height_px} px"
            pages.setdefault((f"{photo} is placed at {p.ppi:.0f} ppi (needs {needed})", subject),
                             []).append(number)
    for (text, subject), numbers in pages.items():
        message = f"{pages_text(numbers)}: {text}"
        yield Subjected(message, subject) if subject else message


def resolution_too_low(doc: Written) -> Found:
    return _resolution(doc, 0, doc.expect.min_ppi, doc.expect.min_ppi)


def resolution_low(doc: Written) -> Found:
    return _resolution(doc, doc.expect.min_ppi, doc.expect.warn_ppi, doc.expect.warn_ppi)


def total_ink(doc: Written) -> Found:
    limit = (doc.expect.ink_limit or 400) / 100
    for page in doc.scan.pages:
        if page.ink > limit + 1e-6:
            yield f"page {page.number}: a colour in drawings has {page.ink:.0%} ink (at most {limit:.0%})"
    lowest: dict[tuple[int, int], tuple[int, Placement]] = {}
    for number, placement in _placed(doc):
        if placement.key is not None and (placement.key not in lowest
                                          or placement.ppi < lowest[placement.key][1].ppi):
            lowest[placement.key] = (number, placement)
    for key, (number, placement) in lowest.items():
        ink = image_ink(doc.scan.images[key], placement.ppi, doc.ink_cache)
        if ink is not None and ink > limit + 0.5 / 255:
            yield (f"page {number}: a photo of {placement.width_px} × {placement.height_px} px reaches "
                   f"{ink:.0%} ink (at most {limit:.0%})")


def transparency(doc: Written) -> Iterator[tuple[int, str]]:
    for page in doc.scan.pages:
        if page.transparency:
            yield page.number, f"{', '.join(page.transparency)} — PDF/X-1a allows no transparency"


def page_count(doc: Written) -> Found:
    count, multiple = len(doc.pdf.pages), doc.expect.page_multiple
    if multiple > 1 and count % multiple:
        yield f"the PDF has {count} pages; a stapled booklet needs a multiple of {multiple}"


@dataclass(frozen=True)
class PdfCheck:
    """A check of the written PDF; its name is its code, which says how serious it is (codes.py)."""

    name: str
    applies: Callable[[Expect], bool]
    """Which variants it is for, by what they promise."""
    run: Callable[[Written], Found]
    hint: str = ""

    @property
    def severity(self) -> Severity:
        return severity_of(self.name)


PDF_CHECKS: list[PdfCheck] = [
    PdfCheck("rgb-colour", lambda e: e.colour == "cmyk",
             lambda d: _summarised(rgb_anywhere(d), "RGB"),
             "use device-cmyk() colours and convert photos to CMYK"),
    PdfCheck("output-intent", lambda e: e.pdfx, output_intent,
             "give the variant a CMYK @color-profile, in both CSS() and write_pdf()"),
    PdfCheck("pdfx-version", lambda e: e.pdfx, pdfx_version),
    PdfCheck("trapped", lambda e: e.pdfx, trapped),
    PdfCheck("font-embedding", lambda e: True, fonts_embedded),
    PdfCheck("page-boxes", lambda e: e.bleed_mm is not None, page_boxes),
    # the same codes as preflight.resolution_problems(), which finds the same causes before layout
    PdfCheck("resolution", lambda e: e.min_ppi > 0, resolution_too_low,
             "use a larger photo or place it smaller"),
    PdfCheck("low-resolution", lambda e: e.warn_ppi > 0, resolution_low),
    PdfCheck("ink-limit", lambda e: e.ink_limit is not None, total_ink,
             "convert through an output profile with an ink limit"),
    PdfCheck("transparency", lambda e: e.standard == "pdf/x-1a",
             lambda d: _summarised(transparency(d), "transparency"), "use PDF/X-4, or flatten the page"),
    PdfCheck("page-count", lambda e: True, page_count),
    PdfCheck("tagged", lambda e: e.pdfua, tagged),
    PdfCheck("alt-text", lambda e: e.pdfua, alt_texts),
    PdfCheck("document-title", lambda e: e.pdfua, document_title),
    PdfCheck("heading-levels", lambda e: e.pdfua, lambda d: _summarised(heading_skips(d), "skips"),
             "go down one level at a time: h1, then h2, then h3; a class sets how each looks"),
]


def check_pdf(path: Path, expect: Expect, shown_as: str, ink_cache: InkCache | None = None,
              photos: Mapping[tuple[int, int], str] | None = None) -> list[Diagnostic]:
    """Every problem of the written PDF; `where` is Location(shown_as) (plus the page in the message).

    ink_cache, a dict the caller keeps, spares decoding the same photo again
    (the print and proof variants share theirs; on disk, so do later builds).
    photos, the project's photos by their embedded pixels, lets a finding name its photo.
    """
    where = Location(shown_as)
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as error:
        return [Diagnostic("error", "pdf-unreadable", f"the written PDF cannot be read: {error}", where)]
    with pdf:
        doc = Written(pdf, scan(pdf), expect, ink_cache, photos or {})
        return [_diagnostic(check, found, where)
                for check in PDF_CHECKS if check.applies(expect) for found in check.run(doc)]


def _diagnostic(check: PdfCheck, found: str | Subjected, where: Location) -> Diagnostic:
    if isinstance(found, Subjected):
        return Diagnostic(check.severity, check.name, found.message, where, check.hint, found.subject)
    return Diagnostic(check.severity, check.name, found, where, check.hint)
