"""The engine knows no booklet: no milestone, head of mission or OSCE in its code; a theme's are data
and registered Python (booklet/themes/)."""

import re
from pathlib import Path

from conftest import REPO

THEIRS = re.compile(r"milestone|heads?[ _-]of[ _-]mission|\bOSCE\b|\bUNMIK\b|year-spread", re.IGNORECASE)
"""What belongs to the 25-years booklet (its theme and content), never to the engine."""


def engine_files() -> list[Path]:
    package = REPO / "booklet"
    return [p for p in sorted(package.rglob("*.py")) if "themes" not in p.relative_to(package).parts]


def test_the_engine_names_nothing_of_one_booklet() -> None:
    files = engine_files()
    assert len(files) > 50  # the whole package, not a folder of it
    hits = [f"{path.relative_to(REPO)}:{n}: {line.strip()}"
            for path in files
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if THEIRS.search(line)]
    assert hits == []


def test_the_pattern_finds_what_it_is_for() -> None:
    for said in ("Milestone", "head_of_mission", "heads-of-mission", "Head of Mission", "OSCE",
                 "UNMIK", '"year-spread"'):
        assert THEIRS.search(said), said
    assert not THEIRS.search("a headline of the mission statement")
