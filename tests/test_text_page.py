"""The text-page layout: its photo band prints as wide as the page; a short block keeps to the measure."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from booklet.layout.boxes import Box
from booklet.pipeline.edition import EditionPipeline
from booklet.project.config import load_booklet

TEXT_PAGE = """\
layout: text-page
running_head: running
arrangement: photo-band
blocks:
  - heading: about.who.heading
    body: about.who.body
  - heading: about.short.heading
    body: about.short.body
  - heading: about.long.heading
    body: about.long.body
photo: {file: about.jpg, alt: about.photo, standin: true}
"""
LONG = "The Mission works with the municipalities on their budgets and the rights of communities. " * 6
TEXTS = f"""\
about:
  photo: The Mission's offices.
  who: {{heading: Who we are, body: The Mission is a field operation.}}
  short: {{heading: What we do, body: It trains the police and monitors the courts.}}
  long: {{heading: How we work, body: {LONG.strip()}}}
"""


def _find(box: Box, wanted: Callable[[Box], bool]) -> Iterator[Box]:
    if wanted(box):
        yield box
    for child in box.children:
        yield from _find(child, wanted)


def _classes(box: Box) -> list[str]:
    return (box.element.get("class") or "").split() if box.element is not None else []


def test_the_photo_band_is_as_wide_as_the_page_and_a_short_block_keeps_to_the_measure(
        mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/050-about.yaml": TEXT_PAGE})
    english = root / "content/lang/en.yaml"
    english.write_text(english.read_text(encoding="utf-8") + TEXTS, encoding="utf-8")
    booklet = load_booklet(root)
    with EditionPipeline(booklet, "en") as pipeline:
        pages = pipeline.laid_out(pipeline.variants[0]).page_map.boxes
    boxes = [b for page in pages for b in _find(page.box, lambda b: b.tag in ("figure", "div"))]
    band = [b for b in boxes if "frame-top-band" in _classes(b)]
    px = 96 / 25.4
    assert band and band[0].width > (booklet.spec.trim.width - 1) * px  # it was a box of no width
    bodies = [b for b in boxes if "body" in _classes(b)]
    short, long = bodies[1], bodies[2]
    assert "short" in _classes(short) and "short" not in _classes(long)
    assert short.width < long.width  # on the measure, not across both columns
