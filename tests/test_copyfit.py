"""The copyfit's trial is measured per page file and kept: an edit re-lays only what it changed."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.fitting import copyfit
from booklet.fitting.copyfit import KEPT_PLANS
from tests.conftest import MINI_LANG

TWO_YEARS = {
    "content/pages/2001.yaml": """\
        layout: year-spread
        running_head: running
        year: 2001
        milestones:
          - title: m.one.title
        """,
}


def _check(root: Path) -> dict[str, Any]:
    # The print variant alone: the screen's pages (no bleed) are planned by a trial of their own.
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "print", "--json"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report["editions"][0]["arrangements"]


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Per trial laid out, the page files it held."""
    trials: list[list[str]] = []
    real = copyfit._measure

    def spy(edition: Any, document: Any, sheets: Any) -> Any:
        trials.append(sorted(set(re.findall(r'data-page-file="([^"]*)"', document.html))))
        return real(edition, document, sheets)

    monkeypatch.setattr(copyfit, "_measure", spy)
    return trials


def test_an_edit_re_lays_only_the_page_file_it_changed(mini: Callable[..., Path],
                                                        measured: list[list[str]]) -> None:
    root = mini(TWO_YEARS)
    (root / "content/pages/999-blank.yaml").unlink()  # 2001 on one page makes the four
    (root / ".cache").unlink()  # its own cache: the run's shared one may know these pages
    first = _check(root)
    assert measured == [["content/pages/010-cover.yaml", "content/pages/2000.yaml",
                         "content/pages/2001.yaml"]]
    assert _check(root) == first and len(measured) == 1  # nothing changed: nothing laid out
    lang = root / "content/lang/en.yaml"
    lang.write_text(lang.read_text().replace("A short description.", "A longer description of it."))
    edited = _check(root)
    assert measured[1:] == [["content/pages/2000.yaml"]]  # 2001 prints only m.one.title
    # The plan is what a trial of everything would choose: the measures are per page file.
    for entry in (root / ".cache/copyfit").iterdir():
        entry.unlink()
    assert _check(root) == edited


def test_a_change_to_the_styles_re_lays_every_page_file(mini: Callable[..., Path],
                                                        measured: list[list[str]]) -> None:
    root = mini()
    (root / ".cache").unlink()
    _check(root)
    css = root / "layouts/year-spread/year-spread.css"
    css.write_text(css.read_text() + "\n.milestone-title { letter-spacing: 0.01em; }\n")
    _check(root)
    assert measured == [["content/pages/010-cover.yaml", "content/pages/2000.yaml",
                         "content/pages/999-blank.yaml"]] * 2


def test_a_damaged_measure_is_measured_again(mini: Callable[..., Path], measured: list[list[str]]) -> None:
    root = mini()
    (root / ".cache").unlink()
    first = _check(root)
    for entry in (root / ".cache/copyfit").iterdir():
        entry.write_text('[{"page_file": 3}]' if "2000" in entry.read_text() else "not json")
    assert _check(root) == first
    assert len(measured) == 2


def test_the_copyfit_cache_keeps_the_newest_trials_of_each_language(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/en.yaml": MINI_LANG})
    (root / ".cache").unlink()  # its own cache, not the run's shared one
    plans = root / ".cache" / "copyfit"
    plans.mkdir(parents=True)
    kept = KEPT_PLANS * 3  # the mini booklet has three page files
    for number in range(kept + 4):  # an hour's edits ago
        old = plans / f"en-{number:024x}.json"
        old.write_text("[]")
        os.utime(old, ns=(number, number))
    (plans / "sq-000000000000000000000001.json").write_text("[]")
    _check(root)
    mine = sorted(p.name for p in plans.glob("en-*.json"))
    assert len(mine) == kept
    assert f"en-{0:024x}.json" not in mine and f"en-{kept + 3:024x}.json" in mine
    assert (plans / "sq-000000000000000000000001.json").exists()  # another language's are its own
