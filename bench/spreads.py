"""Measure the printed PDFs as a reader sees them: flat bands, colour runs, the year in the foot.

    .venv/bin/python -m bench.spreads build/25-years-together-{en,sq,sr-Latn,sr-Cyrl}-print.pdf
    .venv/bin/python -m bench.spreads --png proofs/ build/*-print.pdf   # and every spread as PNG

Each page is rendered at 50 dpi (pypdfium2), cut to its trim box, and measured:

* the tallest band of rows each of one flat colour, the same colour throughout
  (white paper or a colour field), as a share of the page's height: over a
  third is an empty page (issue 17);
* whether one colour other than white covers half of the page or more (a
  colour page), and the longest run of colour pages in a row;
* the year in its running foot (the last year in the foot's text), and the
  pages whose year differs from the first PDF's (English, when given first);
* on a year page (one with a year in its foot), the depth its first text hangs
  from: the top of the first letters under the photo or field from the top edge,
  if any, and above the running foot; the year pages hang from two lines (the
  top margin and line B) and the depths are counted as lines HANG_TOLERANCE apart.

Prints one line per edition and the pages at fault; exits 1 when a page has a
band over a third, more than two colour pages follow each other, a year
differs, or the year pages hang from more than two lines — so the numbers of
the issue's "done when" are one command.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

DPI = 50
FLAT_LIMIT = 1 / 3
COLOUR_RUN = 2
TOLERANCE = 6
"""How far (0–255, per channel) the pixels of one flat colour may differ (anti-aliasing, rounding)."""
FOOT_MM = 22.0
"""The running foot stands in the bottom margin."""
_YEAR = re.compile(r"\b(19|20)\d\d\b")
HANG_TOLERANCE = 0.02
"""First texts closer than this share of the page (about 5.6 mm on A4) hang from one line."""
HANG_LINES = 2
"""The year pages' hang lines: the top margin and line B (issue 17)."""
WHITE = 240
"""A pixel whose every channel is at least this is paper."""


@dataclass
class PageLook:
    number: int
    flat: float
    colour: bool
    year: str
    hang: float | None = None
    """On a year page, where its first text hangs, as a share of the page's height from the top."""


def render(pdf: pdfium.PdfDocument, index: int) -> Image.Image:
    """Page index at DPI, cut to its trim box."""
    page = pdf[index]
    left, bottom, right, top = page.get_trimbox()
    width, height = page.get_width(), page.get_height()
    crop = (left, bottom, width - right, height - top)
    image: Image.Image = page.render(scale=DPI / 72, crop=crop).to_pil().convert("RGB")
    return image


def flat_band(image: Image.Image) -> float:
    """The tallest run of rows each of one flat colour, the same one, as a share of the height."""
    best = run = 0
    last: tuple[int, ...] | None = None
    for y in range(image.height):
        extrema = image.crop((0, y, image.width, y + 1)).getextrema()
        flat = all(high - low <= TOLERANCE for low, high in extrema)
        colour = tuple(low for low, _ in extrema)
        same = last is not None and all(abs(a - b) <= TOLERANCE for a, b in zip(colour, last, strict=True))
        if flat and same:
            run += 1
        else:
            run = 1 if flat else 0
        last = colour if flat else None
        best = max(best, run)
    return best / image.height


def colour_page(image: Image.Image) -> bool:
    """Whether one colour other than near-white covers half of the page or more."""
    colours = image.getcolors(image.width * image.height) or []
    return any(count * 2 >= image.width * image.height and min(rgb) < 235 for count, rgb in colours)


def foot_year(pdf: pdfium.PdfDocument, index: int) -> str:
    page = pdf[index]
    left, bottom, right, top = page.get_trimbox()
    text = page.get_textpage().get_text_bounded(left, bottom, right, bottom + FOOT_MM * 72 / 25.4)
    years = [m.group(0) for m in _YEAR.finditer(text)]
    return years[-1] if years else ""


def field_to(image: Image.Image) -> float:
    """Where a photo or a field of colour from the top edge ends, as a share of the height: the
    first row that is half paper or more (0: the page starts white, or is one colour throughout)."""
    grey = image.convert("L").point(lambda v: 255 if v >= WHITE else 0)
    for y in range(image.height):
        row = grey.crop((0, y, image.width, y + 1))
        if (row.histogram()[255]) * 2 >= image.width:
            return y / image.height
    return 0.0


def hang(pdf: pdfium.PdfDocument, index: int, field: float) -> float | None:
    """Where the page's first text under field (a share of the height) starts, above the
    running foot: the top of its highest letter, as a share of the height (None: no such text)."""
    page = pdf[index]
    left, bottom, right, top = page.get_trimbox()
    height = top - bottom
    text = page.get_textpage()
    tops = []
    for char in range(text.count_chars()):
        if not text.get_text_range(char, 1).strip():
            continue
        _, low, _, high = text.get_charbox(char)
        depth = (top - high) / height
        if depth >= field - 0.005 and low > bottom + FOOT_MM * 72 / 25.4:
            tops.append(depth)
    return round(min(tops), 4) if tops else None


def hang_lines(looks: list[PageLook]) -> list[list[PageLook]]:
    """The year pages grouped by the line their first text hangs from, top first: a page joins
    the line above when it hangs within HANG_TOLERANCE of that line's first page."""
    lines: list[list[PageLook]] = []
    for look in sorted((x for x in looks if x.hang is not None), key=lambda x: (x.hang, x.number)):
        if lines and look.hang is not None and lines[-1][0].hang is not None \
                and look.hang - lines[-1][0].hang <= HANG_TOLERANCE:
            lines[-1].append(look)
        else:
            lines.append([look])
    return lines


def measure(path: Path, png: Path | None = None) -> list[PageLook]:
    pdf = pdfium.PdfDocument(path)
    looks, images = [], []
    for index in range(len(pdf)):
        image = render(pdf, index)
        images.append(image)
        year = foot_year(pdf, index)
        depth = hang(pdf, index, field_to(image)) if year else None
        looks.append(PageLook(index + 1, flat_band(image), colour_page(image), year, depth))
    if png is not None:
        write_spreads(images, png, path.stem)
    return looks


def write_spreads(images: list[Image.Image], folder: Path, stem: str) -> None:
    """Every spread side by side (page 1 and an even last page alone), as <stem>-pp-NN-MM.png."""
    folder.mkdir(parents=True, exist_ok=True)
    count, width = len(images), images[0].width
    spreads = [[0], *([i, i + 1] for i in range(1, count - 1, 2)), *([[count - 1]] if count % 2 == 0 else [])]
    for pages in spreads:
        sheet = Image.new("RGB", (2 * width + 4, images[0].height), "#888888")
        for page in pages:  # a left-hand page (even number, odd index) on the left
            sheet.paste(images[page], (0 if page % 2 else width + 4, 0))
        sheet.save(folder / f"{stem}-pp-{'-'.join(f'{p + 1:02d}' for p in pages)}.png")


def longest(looks: list[PageLook]) -> int:
    best = run = 0
    for look in looks:
        run = run + 1 if look.colour else 0
        best = max(best, run)
    return best


def runs(looks: list[PageLook]) -> list[list[int]]:
    """The runs of colour pages longer than COLOUR_RUN, as their page numbers."""
    found, current = [], []
    for look in [*looks, PageLook(0, 0, False, "")]:
        if look.colour:
            current.append(look.number)
            continue
        if len(current) > COLOUR_RUN:
            found.append(current)
        current = []
    return found


def _pages(line: list[PageLook]) -> str:
    return ", ".join(str(n) for n in sorted(look.number for look in line))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdfs", nargs="+", type=Path, help="print PDFs; the first is the reference")
    parser.add_argument("--png", type=Path, help="write every spread at 50 dpi into this folder")
    args = parser.parse_args(argv)
    failed = False
    reference: list[PageLook] | None = None
    for path in args.pdfs:
        looks = measure(path, args.png)
        reference = reference or looks
        flat = [look for look in looks if look.flat > FLAT_LIMIT]
        colour = [look.number for look in looks if look.colour]
        differ = [look.number for look, ref in zip(looks, reference, strict=False) if look.year != ref.year]
        lines = hang_lines(looks)
        print(f"{path.name}: {len(looks)} pages; flat band > 1/3 on {len(flat)} "
              f"({', '.join(f'p{x.number} {x.flat:.0%}' for x in flat) or '-'}); "
              f"colour pages {len(colour)} {colour}; runs over {COLOUR_RUN}: {runs(looks) or '-'} "
              f"(longest {longest(looks)}); foot year differs from {args.pdfs[0].name} on {len(differ)} "
              f"{differ or ''}; year pages hang from {len(lines)} lines "
              f"({'; '.join(f'{ln[0].hang:.1%}: pp. {_pages(ln)}' for ln in lines)})")
        failed = failed or bool(flat or runs(looks) or differ or len(looks) % 4 or len(lines) > HANG_LINES)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
