"""Page images: the written PDF's pages as pictures, trimmed, and how they pair into spreads.

`reader_spreads()` takes a page count; returns the spreads a reader sees
(page 1 alone on the right, then 2–3, 4–5 …, an even last page alone on the
left).  `PageImages` opens one PDF with pypdfium2 and returns each page as a
Pillow image cut to its TrimBox (no bleed, no marks), at a given height.  pdfium is not safe to
call from two threads at once, so every call goes through one lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image

PDFIUM = threading.Lock()
"""Held around every pdfium call: a preview renders from its request threads."""
PAPER = (255, 255, 255)


@dataclass(frozen=True)
class Spread:
    """The pages a reader sees at once: one (the cover, the back) or two, left then right."""

    pages: tuple[int, ...]
    """1-based page numbers."""

    @property
    def left(self) -> int | None:
        return self.pages[0] if self.pages[0] % 2 == 0 else None

    @property
    def right(self) -> int | None:
        return self.pages[-1] if self.pages[-1] % 2 == 1 else None

    @property
    def name(self) -> str:
        return "-".join(f"{p:02d}" for p in self.pages)


def reader_spreads(count: int) -> list[Spread]:
    """Page 1 alone, then pairs from 2–3 on; an even last page stands alone."""
    if count <= 0:
        return []
    spreads = [Spread((1,))]
    spreads += [Spread((n, n + 1)) if n + 1 <= count else Spread((n,)) for n in range(2, count + 1, 2)]
    return spreads


class PageImages:
    """One PDF's pages as trimmed images, rendered on request."""

    def __init__(self, pdf: Path) -> None:
        with PDFIUM:
            self.document = pypdfium2.PdfDocument(pdf)
            self.count = len(self.document)
            first = self.document[0] if self.count else None
            box = first.get_trimbox() if first else (0.0, 0.0, 1.0, 1.0)
        self.aspect = (box[2] - box[0]) / (box[3] - box[1])
        """Trimmed width ÷ height (of the first page: a booklet's pages share one size)."""

    def page(self, number: int, height: int) -> Image.Image:
        """Page number (1-based), cut to its TrimBox, height pixels tall, RGB."""
        with PDFIUM:
            page = self.document[number - 1]
            crop_box, trim = page.get_cropbox(), page.get_trimbox()
            crop = (max(0.0, trim[0] - crop_box[0]), max(0.0, trim[1] - crop_box[1]),
                    max(0.0, crop_box[2] - trim[2]), max(0.0, crop_box[3] - trim[3]))
            scale = height / (trim[3] - trim[1])
            image: Image.Image = page.render(scale=scale, crop=crop, fill_color=(*PAPER, 255)).to_pil()
        return image.convert("RGB")

    def close(self) -> None:
        with PDFIUM:
            self.document.close()

