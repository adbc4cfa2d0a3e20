"""The photo list: every frame of the booklet, what it needs, and what is in it now.

`photo_rows()` takes a `Booklet` and a language; returns one `PhotoRow` per
photo frame, in page order: the printed pages it is on (from a real layout
of the print variant), the frame's size in mm, the pixels it needs at 300
ppi, and what is placed there (a real file with its ppi, or a stand-in) —
the list to send a photographer or a picture desk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from booklet.config import Booklet
from booklet.content import load_pages, load_texts, make_edition
from booklet.errors import Location
from booklet.images import MM_PER_INCH, photos_in
from booklet.standins import STANDIN_PPI
from booklet.usage import laid_out_print


@dataclass(frozen=True)
class PhotoRow:
    """One photo frame of the booklet."""

    pages: tuple[int, ...]
    """The printed pages (1-based) its page file lands on."""
    frame: str
    size_mm: tuple[float, float]
    needs: tuple[int, int]
    """Pixels for 300 ppi in the frame."""
    file: str
    """Its `file:` under assets/images/."""
    standin: bool
    pixels: tuple[int, int] | None
    """The real photo's pixels as it prints (None for a stand-in)."""
    ppi: float | None
    where: Location


def photo_rows(booklet: Booklet, lang: str) -> list[PhotoRow]:
    """Every photo frame, in page order, with what it needs and what it has."""
    edition = make_edition(booklet, lang, load_pages(booklet), load_texts(booklet, lang))
    plan, images, printed = laid_out_print(edition)
    rows = []
    for page_file in edition.pages:
        for key_path, photo, frame in photos_in(page_file, booklet, plan):
            size = frame.size_mm(booklet)
            placed = images[photo.file]
            real = not placed.generated
            inches = (size[0] / MM_PER_INCH, size[1] / MM_PER_INCH)
            rows.append(PhotoRow(
                printed.get(page_file.path, ()), frame.name, size,
                (math.ceil(inches[0] * STANDIN_PPI), math.ceil(inches[1] * STANDIN_PPI)),
                photo.file, not real, placed.pixels if real else None,
                min(placed.pixels[0] / inches[0], placed.pixels[1] / inches[1]) if real else None,
                page_file.where(*key_path, "file")))
    return rows
