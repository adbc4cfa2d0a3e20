"""The photo list: every frame of the booklet, what it needs, and what is in it.

`photo_rows()` takes an edition, its placed photos, the copyfit's plan and the
printed pages of each page file (pipeline/edition.py gives them: the plan as
the last build cached it, copyfit.planned()); returns one `PhotoRow` per
photo frame, in page order: the printed pages it is on, the frame's size in
mm, the pixels it needs at 300 ppi, and what is placed there (a real file
with its ppi, or a stand-in) — the list to send a photographer or a picture
desk.  Nothing is laid out: frames and their sizes come from the layouts and
booklet.yaml, the pages from the plan.  Without one, the pages are not known
yet and each photo is listed in the largest frame its page may give it.  `photo_table()` words
the rows as aligned columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from booklet.content.edition import Edition
from booklet.core.errors import Location
from booklet.layout.images import MM_PER_INCH, Images, Plan, gathered_in, photo_plan, photos_in
from booklet.layout.standins import STANDIN_PPI


@dataclass(frozen=True)
class PhotoRow:
    """One photo frame of the booklet."""

    pages: tuple[int, ...] | None
    """The printed pages (1-based) its page file lands on; None before the pages are planned."""
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


def photo_rows(edition: Edition, images: Images, plan: Plan | None,
               printed: dict[str, tuple[int, ...]] | None) -> list[PhotoRow]:
    """Every photo frame, in page order, with what it needs and what it has."""
    booklet = edition.booklet
    # A photo another layout shows too (a gallery: layout.yaml's gathers:) is listed again in
    # that layout's frame and on its pages, after the pages' own.
    gallery = (tuple(sorted({n for p in edition.pages if booklet.layouts[p.page.layout].gathers
                             for n in printed.get(p.path, ())})) if printed is not None else None)
    own, shown_too = [], []
    plan = photo_plan(edition, plan)
    for page_file in edition.pages:
        own += [(page_file, printed.get(page_file.path, ()) if printed is not None else None, *found)
                for found in photos_in(page_file, booklet, plan)]
        shown_too += [(page_file, gallery, *found) for found in gathered_in(page_file, edition)]
    rows = []
    for page_file, on_pages, key_path, photo, frame in [*own, *shown_too]:
        size = frame.size_mm(booklet)
        placed = images[photo.file]
        real = not placed.generated
        inches = (size[0] / MM_PER_INCH, size[1] / MM_PER_INCH)
        rows.append(PhotoRow(
            on_pages, frame.name, size,
            (math.ceil(inches[0] * STANDIN_PPI), math.ceil(inches[1] * STANDIN_PPI)),
            photo.file, not real, placed.pixels if real else None,
            min(placed.pixels[0] / inches[0], placed.pixels[1] / inches[1]) if real else None,
            page_file.where(*key_path, "file")))
    return rows


HEADINGS = ("pages", "frame", "size (mm)", "needs (px)", "placed (under assets/images/)")


def photo_table(rows: list[PhotoRow]) -> list[str]:
    """The rows as lines of columns two spaces apart at least, whatever their widths."""
    cells = [HEADINGS, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADINGS) - 1)]
    return ["  ".join([*(cell.ljust(width) for cell, width in zip(line, widths, strict=False)),
                       line[-1]]) for line in cells]


def _cells(row: PhotoRow) -> tuple[str, str, str, str, str]:
    if row.pages is None:
        pages = "not planned yet"
    else:
        pages = f"{row.pages[0]}–{row.pages[-1]}" if len(row.pages) > 1 else "".join(map(str, row.pages))
    if row.standin:
        placed = f"stand-in: {row.file}"
    elif row.pixels and row.ppi:
        placed = f"{row.file}, {row.pixels[0]} × {row.pixels[1]} px, {row.ppi:.0f} ppi"
    else:
        placed = row.file
    return (pages, row.frame, f"{row.size_mm[0]:.0f} × {row.size_mm[1]:.0f}",
            f"{row.needs[0]} × {row.needs[1]}", placed)
