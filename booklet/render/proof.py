"""The proof: each printed page on a larger sheet, with printer's marks and a slug line.

`sheets_html()` takes the booklet, the edition's label and date and the page
count; returns the HTML of the sheets alone — crop and registration marks
outside the bleed, in registration colour (all four inks), and a slug line
in the bundled sans — which WeasyPrint lays out like any document, so the
marks are CMYK and the slug's font is embedded.  `impose()` then places each
page of the print PDF, bleed and all, on its sheet (pikepdf), and gives the
sheet TrimBox and BleedBox where the page's are.  WeasyPrint's own `marks`
are RGB and sit inside the bleed, over the photos: not for a printer.

A draft (`booklet build --draft`) says so on every sheet, in the edition's
language (`LanguageData.draft`: DRAFT, NACRT, НАЦРТ…): its slug line starts
with the word, and `watermark_html()` makes one sheet with it set large
across the page, which `impose()` lays over every page, photos and
colour included.
"""

from __future__ import annotations

import math
from contextlib import ExitStack
from html import escape
from pathlib import Path

import pikepdf

from booklet.project.config import Booklet

MARK_ZONE_MM = 15.0
"""Paper around the bleed for the marks and the slug."""
GAP_MM = 2.0
"""Crop marks start this far outside the bleed, so no photo running into the bleed touches them."""
MARK_MM = 7.0
REGISTRATION = "device-cmyk(1 1 1 1)"
"""All four plates: a mark every plate prints, so the printer can register them."""
PT_PER_MM = 72 / 25.4


def sheet_size(booklet: Booklet) -> tuple[float, float]:
    """Width and height of a proof sheet in mm."""
    spec = booklet.spec
    extra = 2 * (spec.bleed + MARK_ZONE_MM)
    return spec.trim.width + extra, spec.trim.height + extra


DRAFT_INK = "device-cmyk(0 1 0 0)"
"""The draft's slug and watermark: magenta, which no page of the booklet uses for its own words."""
WATERMARK_OPACITY = 0.3
"""How much of the page shows through the watermark's letters."""


def sheets_html(booklet: Booklet, slug: str, pages: int, lang: str, draft: str = "") -> str:
    """One sheet per page: marks and a slug line, nothing of the page itself; a draft's slug line
    starts with `draft`, the word the edition's language marks a draft with."""
    width, height = sheet_size(booklet)
    marks = "".join(_crop_marks(booklet) + _registration_marks(width, height))
    css = (f"@page {{ size: {width:.3f}mm {height:.3f}mm; margin: 0; }} body {{ margin: 0; }}"
           f"section {{ position: relative; width: {width:.3f}mm; height: {height:.3f}mm; "
           "break-after: page; } section:last-child { break-after: auto; }"
           f".line, .ring {{ position: absolute; background: {REGISTRATION}; }}"
           f".ring {{ background: none; border: 0.25pt solid {REGISTRATION}; border-radius: 50%; }}"
           ".slug { position: absolute; font-family: 'Booklet Sans', sans-serif; font-size: 6pt;"
           f" color: device-cmyk(0 0 0 1); left: {MARK_ZONE_MM + booklet.spec.bleed + 4:.3f}mm;"
           f" top: {height - MARK_ZONE_MM / 2 - 1:.3f}mm; white-space: nowrap; }}"
           f".draft {{ color: {DRAFT_INK}; font-weight: 700; }}")
    said = f'<b class="draft">{escape(draft)}</b> — ' if draft else ""
    sections = "".join(
        f'<section>{marks}<p class="slug">{said}{escape(slug)} — {n} / {pages}</p></section>'
        for n in range(1, pages + 1))
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(slug)}</title><style>{css}</style></head><body>{sections}</body></html>")


def watermark_html(booklet: Booklet, lang: str, word: str = "DRAFT") -> str:
    """One sheet, transparent but for the word (DRAFT, NACRT…) set large and diagonally across the
    trimmed page; a longer word is set smaller, so that it spans the page as DRAFT does."""
    width, height = sheet_size(booklet)
    size = min(booklet.spec.trim.width, booklet.spec.trim.height) * 0.28  # in mm: DRAFT spans the page
    size *= min(1.0, len("DRAFT") / max(1, len(word)))
    css = (f"@page {{ size: {width:.3f}mm {height:.3f}mm; margin: 0; }} body {{ margin: 0; }}"
           f"p {{ position: absolute; left: 0; top: {height / 2 - size * 0.6:.3f}mm; width: {width:.3f}mm;"
           f" margin: 0; text-align: center; font-family: 'Booklet Sans', sans-serif; font-weight: 700;"
           f" font-size: {size:.3f}mm; line-height: 1.2; color: {DRAFT_INK}; opacity: {WATERMARK_OPACITY};"
           f" transform: rotate({-_diagonal(booklet):.2f}deg); }}")
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(word)}</title><style>{css}</style></head><body><p>{escape(word)}</p></body></html>")


def _diagonal(booklet: Booklet) -> float:
    """The angle of the trimmed page's diagonal, in degrees."""
    return math.degrees(math.atan2(booklet.spec.trim.height, booklet.spec.trim.width))


def _line(left: float, top: float, width: float, height: float) -> str:
    return (f'<div class="line" style="left: {left:.3f}mm; top: {top:.3f}mm; '
            f'width: {width:.3f}mm; height: {height:.3f}mm"></div>')


def _crop_marks(booklet: Booklet) -> list[str]:
    """Two hairlines at each corner, on the trim lines, outside the bleed."""
    spec, hair = booklet.spec, 0.25 / PT_PER_MM
    x0 = y0 = MARK_ZONE_MM + spec.bleed
    x1, y1 = x0 + spec.trim.width, y0 + spec.trim.height
    out = spec.bleed + GAP_MM  # from the trim line to where a mark starts
    marks = []
    for y in (y0, y1):
        marks += [_line(x0 - out - MARK_MM, y - hair / 2, MARK_MM, hair),
                  _line(x1 + out, y - hair / 2, MARK_MM, hair)]
    for x in (x0, x1):
        marks += [_line(x - hair / 2, y0 - out - MARK_MM, hair, MARK_MM),
                  _line(x - hair / 2, y1 + out, hair, MARK_MM)]
    return marks


def _registration_marks(width: float, height: float) -> list[str]:
    """A ring with a cross in the middle of each side's mark zone."""
    size, hair = 6.0, 0.25 / PT_PER_MM
    centres = [(width / 2, MARK_ZONE_MM / 2), (width / 2, height - MARK_ZONE_MM / 2),
               (MARK_ZONE_MM / 2, height / 2), (width - MARK_ZONE_MM / 2, height / 2)]
    marks = []
    for x, y in centres:
        ring = size * 0.6
        marks += [f'<div class="ring" style="left: {x - ring / 2:.3f}mm; top: {y - ring / 2:.3f}mm; '
                  f'width: {ring - 2 * hair:.3f}mm; height: {ring - 2 * hair:.3f}mm"></div>',
                  _line(x - size / 2, y - hair / 2, size, hair),
                  _line(x - hair / 2, y - size / 2, hair, size)]
    return marks


def impose(pages_pdf: Path, sheets_pdf: Path, booklet: Booklet, target: Path,
           over: Path | None = None) -> None:
    """Place each page of pages_pdf (bleed included, at its size) on its sheet; write target.

    over, a one-page PDF of the sheet's size (a draft's watermark), is laid over every page.
    """
    spec = booklet.spec
    at = MARK_ZONE_MM * PT_PER_MM
    bleed_w = (spec.trim.width + 2 * spec.bleed) * PT_PER_MM
    bleed_h = (spec.trim.height + 2 * spec.bleed) * PT_PER_MM
    trim = spec.bleed * PT_PER_MM
    with ExitStack() as open_files:  # a copied page reads its source's streams when saved
        sheets = open_files.enter_context(pikepdf.open(sheets_pdf))
        pages = open_files.enter_context(pikepdf.open(pages_pdf))
        mark = (sheets.copy_foreign(open_files.enter_context(pikepdf.open(over)).pages[0].as_form_xobject())
                if over else None)
        for number, (sheet, page) in enumerate(zip(sheets.pages, pages.pages, strict=True), 1):
            # Placed by hand, not with add_overlay: that fits the page's TrimBox into the
            # rectangle (scaling the page by 2 %) and names the form at random.  The name
            # is the page's own: WeasyPrint's sheets may share one resource dictionary.
            name = f"/BookletPage{number}"
            form = sheets.copy_foreign(page.as_form_xobject())
            sheet.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
            left, bottom = float(page.mediabox[0]), float(page.mediabox[1])
            sheet.contents_add(b"q\n", prepend=True)
            sheet.contents_add(f"\nQ q 1 0 0 1 {at - left:.4f} {at - bottom:.4f} cm {name} Do Q\n"
                               .encode())
            if mark is not None:
                sheet.add_resource(mark, pikepdf.Name.XObject, pikepdf.Name("/BookletDraft"))
                sheet.contents_add(b"\nq /BookletDraft Do Q\n")
            sheet.obj.BleedBox = pikepdf.Array([at, at, at + bleed_w, at + bleed_h])
            sheet.obj.TrimBox = pikepdf.Array([at + trim, at + trim, at + bleed_w - trim,
                                               at + bleed_h - trim])
        sheets.save(target, deterministic_id=True)
