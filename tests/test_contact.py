"""Proofs: reader spreads and the contact sheet, as files and as pixels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from booklet.cli import main
from booklet.render.contact import SPREAD_HEIGHT
from booklet.render.pageimages import Spread, reader_spreads


@pytest.mark.parametrize(("count", "expected"), [
    (1, [(1,)]), (3, [(1,), (2, 3)]), (4, [(1,), (2, 3), (4,)]), (8, [(1,), (2, 3), (4, 5), (6, 7), (8,)]),
])
def test_reader_spreads(count: int, expected: list[tuple[int, ...]]) -> None:
    assert [s.pages for s in reader_spreads(count)] == expected


def test_sides_of_a_spread() -> None:
    assert (Spread((1,)).left, Spread((1,)).right) == (None, 1)
    assert (Spread((8,)).left, Spread((8,)).right) == (8, None)
    assert (Spread((2, 3)).left, Spread((2, 3)).right, Spread((2, 3)).name) == (2, 3, "02-03")


def test_proofs_writes_every_spread_and_a_contact_sheet(mini: Callable[..., Path]) -> None:
    root = mini()
    result = CliRunner().invoke(main, ["--project", str(root), "proofs"])
    assert result.exit_code == 0, result.output
    folder = root / "build/proofs"
    stem = "25-years-together-en-screen"
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{stem}-contact.png", f"{stem}-spread-01.png", f"{stem}-spread-02-03.png",
        f"{stem}-spread-04.png"]  # the back page stands alone, as the cover does
    assert result.stdout.endswith(f"build/proofs/{stem}-contact.png and 3 spreads beside it\n")
    with Image.open(folder / f"{stem}-spread-02-03.png") as spread:
        assert spread.size == (2 * round(SPREAD_HEIGHT * 210 / 280), SPREAD_HEIGHT)
        # The 2000 spread's photo runs over the top of both pages; its bottom right is paper.
        assert spread.convert("RGB").getpixel((spread.width - 5, spread.height - 5)) == (255, 255, 255)
    with Image.open(folder / f"{stem}-spread-01.png") as cover:
        # Page 1 stands alone on the right: the left half is the desk, not a page.
        rgb = cover.convert("RGB")
        left, right = rgb.getpixel((5, 5)), rgb.getpixel((cover.width - 5, 5))
        assert left == (246, 246, 243) and right != left


def test_proofs_of_a_broken_booklet_say_why(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/2000.yaml": "layout: year-spread\nyear: 2000\nmilestones: []\n"})
    result = CliRunner().invoke(main, ["--project", str(root), "proofs"])
    assert result.exit_code == 1
    assert result.stderr.startswith("content/pages/2000.yaml:3:")
    assert not (root / "build/proofs").exists()


def test_proofs_of_an_unknown_variant(mini: Callable[..., Path]) -> None:
    result = CliRunner().invoke(main, ["--project", str(mini()), "proofs", "--variant", "prnt"])
    assert result.exit_code == 1
    assert result.stderr.startswith("unknown variant 'prnt' (did you mean 'print'?)")
