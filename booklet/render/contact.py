"""Stage 4, render — proofs: reader spreads and a contact sheet as PNG files, from a written PDF.

`write_proofs()` takes a `Booklet`, a PDF and the folder for the pictures;
returns the files written: one PNG per reader spread (page 1 alone, 2–3,
4–5 …, an even last page alone) and one contact sheet of every spread with
its page numbers, set in the booklet's own sans face.  Each file is written
to a temporary name and renamed; spread files of an earlier, longer run are
removed.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from booklet.core.atomic import write_atomically
from booklet.project.config import Booklet
from booklet.render.pageimages import PageImages, Spread, reader_spreads

SPREAD_HEIGHT = 1100
"""Pixels per page height in a spread's PNG: about 100 ppi for an A4-high page."""
THUMB_HEIGHT = 220
"""Pixels per page height on the contact sheet."""
PER_ROW = 4
GAP = 28
LABEL = 30
SHEET = (246, 246, 243)
INK = (70, 70, 70)


def proof_name(stem: str, spread: Spread) -> str:
    return f"{stem}-spread-{spread.name}.png"


def write_proofs(booklet: Booklet, pdf: Path, folder: Path, stem: str) -> list[Path]:
    """Write every spread of pdf and their contact sheet into folder, named after stem."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = PageImages(pdf)
    try:
        spreads = reader_spreads(pages.count)
        thumbs: list[Image.Image] = []
        written: list[Path] = []
        for spread in spreads:
            image = _spread(pages, spread, SPREAD_HEIGHT)
            written.append(_save(image, folder / proof_name(stem, spread)))
            thumbs.append(image.resize((round(image.width * THUMB_HEIGHT / image.height), THUMB_HEIGHT),
                                       Image.Resampling.LANCZOS))
    finally:
        pages.close()
    keep = {path.name for path in written}
    for old in folder.glob(f"{stem}-spread-*.png"):
        if old.name not in keep:
            old.unlink(missing_ok=True)
    sheet = contact_sheet(thumbs, spreads, _label_font(booklet))
    return [_save(sheet, folder / f"{stem}-contact.png"), *written]


def _spread(pages: PageImages, spread: Spread, height: int) -> Image.Image:
    """The spread's pages side by side, a hairline at the fold, the desk where a page is missing."""
    width = round(height * pages.aspect)
    image = Image.new("RGB", (2 * width, height), SHEET)
    for number, x in ((spread.left, 0), (spread.right, width)):
        if number is not None:
            image.paste(pages.page(number, height).resize((width, height)), (x, 0))
    if len(spread.pages) == 2:
        ImageDraw.Draw(image).line([(width, 0), (width, height)], fill=(200, 200, 196), width=1)
    return image


def contact_sheet(thumbs: list[Image.Image], spreads: list[Spread],
                  font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> Image.Image:
    """Every spread in rows of PER_ROW, page numbers under each."""
    cell_w = max((t.width for t in thumbs), default=1)
    rows = max(1, math.ceil(len(thumbs) / PER_ROW))
    sheet = Image.new("RGB", (GAP + PER_ROW * (cell_w + GAP), GAP + rows * (THUMB_HEIGHT + LABEL + GAP)),
                      SHEET)
    draw = ImageDraw.Draw(sheet)
    for index, (thumb, spread) in enumerate(zip(thumbs, spreads, strict=True)):
        x = GAP + (index % PER_ROW) * (cell_w + GAP)
        y = GAP + (index // PER_ROW) * (THUMB_HEIGHT + LABEL + GAP)
        sheet.paste(thumb, (x, y))
        half = thumb.width // 2
        left = x if spread.left is not None else x + half
        right = x + thumb.width if spread.right is not None else x + half
        draw.rectangle([left - 1, y - 1, right, y + thumb.height], outline=(210, 210, 206))
        label = "–".join(str(p) for p in spread.pages)
        width = draw.textlength(label, font=font)
        draw.text((x + (thumb.width - width) / 2, y + THUMB_HEIGHT + 8), label, fill=INK, font=font)
    return sheet


def _label_font(booklet: Booklet) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The booklet's own regular face (sans if it has one): no font of the machine is used."""
    faces = [f for f in booklet.spec.fonts if f.style == "normal" and f.weight == 400]
    faces.sort(key=lambda f: "sans" not in f.family.lower())
    for face in faces:
        try:
            return ImageFont.truetype(str(booklet.file(face.file)), 16)
        except OSError:
            continue
    return ImageFont.load_default()


def _save(image: Image.Image, path: Path) -> Path:
    write_atomically(path, lambda out: image.save(out, "PNG", optimize=False))
    return path
