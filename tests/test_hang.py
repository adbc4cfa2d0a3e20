"""The year pages hang their first text from two lines only: the top margin (line A) and line B,
two lines below the one photo depth (issue 17) — measured on the printed PDF as a reader sees it."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from bench.spreads import HANG_LINES, PageLook, hang_lines, measure
from booklet.project.config import load_booklet
from booklet.themes.anniversary import views

PT_MM = 25.4 / 72


def _look(number: int, hang: float | None) -> PageLook:
    return PageLook(number, 0.1, False, "2000" if hang is not None else "", hang)


def test_first_texts_within_the_tolerance_hang_from_one_line() -> None:
    looks = [_look(1, None), _look(2, 0.07), _look(3, 0.45), _look(4, 0.08), _look(5, 0.46), _look(6, 0.074)]
    assert [[x.number for x in line] for line in hang_lines(looks)] == [[2, 6, 4], [3, 5]]
    # A page hanging its text 5 % lower than the others makes a third line.
    assert len(hang_lines([*looks, _look(7, 0.5)])) == 3


def test_the_real_booklets_year_pages_hang_from_the_top_margin_and_line_b(real_build: Path) -> None:
    """Every year page (a year in its foot, text on it) of the English print PDF hangs its first
    text from line A or line B: two lines, at the depths the stylesheet's tokens give them."""
    looks = measure(real_build / "build" / "25-years-together-en-print.pdf")
    year_pages = [look for look in looks if look.year and look.hang is not None]
    assert len(year_pages) >= 20  # 1999–2024: a page each, or two thin years sharing one
    lines = hang_lines(looks)
    said = {round(line[0].hang or 0, 3): [x.number for x in line] for line in lines}
    assert len(lines) == HANG_LINES, f"year pages hang from {len(lines)} lines: {said}"
    spec = load_booklet(real_build).spec
    line = 14 * PT_MM  # --bl at a fit of 1 (210 x 280 mm)
    area = spec.trim.height - spec.margins.top - spec.margins.bottom
    line_a = spec.margins.top / spec.trim.height
    line_b = (spec.margins.top + (0.45 * area // line) * line) / spec.trim.height
    # The tops of the first letters stand a few millimetres under their line: never above it.
    for expected, found in zip((line_a, line_b), lines, strict=True):
        assert all(0 <= (look.hang or 0) - expected <= 0.02 for look in found), (expected, said)


class _Words:
    def length(self, key: str) -> int:
        return 100


class _Milestone(BaseModel):
    title: str = "t"
    body: str | None = None


def test_a_band_gives_each_page_milestones_to_hang_from_line_b() -> None:
    """Two milestones under a band: one on each page, not both on the left-hand page and the
    right-hand one a photo over white paper."""
    page = type("P", (), {"milestones": [_Milestone(), _Milestone()]})()
    columns = views.year(page, _Words(), "band")["columns"]  # type: ignore[arg-type]
    assert [len(c) for c in columns] == [1, 0, 1]  # type: ignore[arg-type, union-attr]
    four = type("P", (), {"milestones": [_Milestone()] * 4})()
    assert [len(c) for c in views.year(four, _Words(), "band")["columns"]] == [1, 1, 1, 1]  # type: ignore[arg-type, union-attr]
