"""One page added before the year spreads: the cause said once, with the fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from booklet.cli import main

TEXT_PAGE = "layout: text-page\nblocks:\n  - {heading: m.one.title, body: m.one.body}\n"
MORE_YEARS = {f"content/pages/{year}.yaml": f"layout: year-spread\nyear: {year}\nmilestones:\n"
              "  - title: m.two.title\n" for year in (2001, 2002, 2003)}


def check(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "screen"])
    return [line for line in result.output.splitlines() if line and not line.startswith(("  ", "warning:"))]


def test_one_added_page_is_one_problem(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/020-about.yaml": TEXT_PAGE, **MORE_YEARS})
    problems, said = check(root)
    assert problems == (
        "content/pages/2000.yaml: year 2000 (left-hand page) must be a left-hand page but falls on page 3, "
        "a right-hand page, in the en edition; so 1 more page after it is on the wrong side too: a page "
        "was added or removed among page 2 (020-about.yaml) (add or remove pages in pairs, or add a page "
        "file with 'layout: blank' among them to fill the gap)")
    assert said.startswith("Checked en (screen) in ") and said.endswith(": 1 problem.")


def test_a_blank_page_fills_the_gap(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/020-about.yaml": TEXT_PAGE, "content/pages/021-blank.yaml": "layout: blank\n",
                 **MORE_YEARS})
    [said] = check(root)
    assert said.startswith("Checked en (screen) in ") and said.endswith(": no problems.")  # 8 pages
