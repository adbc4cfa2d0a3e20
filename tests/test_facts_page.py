"""The facts layout: its tiles' rows share the page, and a long translation takes the compact details."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from booklet.layout.boxes import Box
from booklet.pipeline.edition import EditionPipeline
from booklet.project.config import load_booklet

FACTS_PAGE = """\
layout: facts
heading: facts.heading
facts:
{tiles}
"""
TILE = """\
  - figure: facts.t{n}.figure
    text: facts.t{n}.text
    numbers: {{count: {count}}}
    detail: facts.t{n}.detail
"""
DETAIL = "on justice, property rights, cultural heritage, returns and the shelters for victims"


def facts_project(mini: Callable[..., Path], detail_words: int) -> Path:
    """The mini project with nine facts in place of its blank page, each detail so many words long."""
    tiles = "".join(TILE.format(n=n, count=10 * n + 5) for n in range(9))
    root = mini({"content/pages/900-facts.yaml": FACTS_PAGE.format(tiles=tiles.rstrip())})
    (root / "content/pages/999-blank.yaml").unlink()
    words = (DETAIL.split() * 60)[:detail_words]
    texts = "facts:\n  heading: Facts and figures\n" + "".join(
        f"  t{n}:\n    figure: \"over {{count}}\"\n    text: reports produced\n"
        f"    detail: \"{' '.join(words)}\"\n" for n in range(9))
    english = root / "content/lang/en.yaml"
    english.write_text(english.read_text(encoding="utf-8") + texts, encoding="utf-8")
    return root


def _tiles(box: Box) -> Iterator[Box]:
    if box.element is not None and "fact" in (box.element.get("class") or "").split():
        yield box
        return
    for child in box.children:
        yield from _tiles(child)


def test_the_tiles_rows_share_the_page_and_the_second_page_hangs_on_the_firsts_rule(
        mini: Callable[..., Path]) -> None:
    root = facts_project(mini, 12)
    with EditionPipeline(load_booklet(root), "en") as pipeline:
        assert pipeline.plan["content/pages/900-facts.yaml"] in ("four-six", "five-five")
        page_map = pipeline.laid_out(pipeline.variants[0]).page_map
        pages = [sorted({round(t.y, 1) for t in _tiles(p.box)}) for p in page_map.boxes]
    first, second = [rows for rows in pages if rows]
    assert len(first) >= 2 and len(second) >= 2 and first[0] == second[0]  # p. 2 hangs on p. 1's rule
    # The rows share the page below the first rule at one pitch, on either page: not stacked
    # under each other's few lines, with the rest of the page left blank.
    pitches = [rows[1] - rows[0] for rows in (first, second)]
    assert abs(pitches[0] * len(first) - pitches[1] * len(second)) < 2
    assert pitches[0] * len(first) > 600  # the tiles take the page, in CSS pixels: over 160 mm


def test_details_too_long_for_the_running_texts_size_take_the_compact_arrangement(
        mini: Callable[..., Path]) -> None:
    root = facts_project(mini, 40)
    with EditionPipeline(load_booklet(root), "en") as pipeline:
        assert pipeline.plan["content/pages/900-facts.yaml"] == "compact"
        findings = pipeline.findings(pipeline.variants[0])
    # Nothing runs over (the mini project's page count, five here, is not this test's matter).
    assert not [f for f in findings if f.severity == "error" and f.code != "page-count"], findings
