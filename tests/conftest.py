"""Throwaway booklet projects for the tests, made from this repository's own files.

The tests see no font of the machine, as no build does: booklet.pdf points
fontconfig at a configuration with no font folders (booklet/fonts.conf), so
line breaks are the same on every machine (`fc-match serif` differs between
them), and test documents declare the bundled face they are set in.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "assets" / "fonts"


@pytest.fixture(scope="session")
def standin_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One stand-in cache for every test project, so each photo is drawn once per run."""
    return tmp_path_factory.mktemp("cache")


def _link_cache(root: Path, cache: Path) -> None:
    (root / ".cache").symlink_to(cache, target_is_directory=True)


def copy_project(root: Path, cache: Path) -> Path:
    """Copy the real booklet project (25 Years Together) into root."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "booklet.yaml", root)
    for folder in ("content", "layouts", "styles", "assets"):
        shutil.copytree(REPO / folder, root / folder)
    _link_cache(root, cache)
    return root


@pytest.fixture
def project(tmp_path: Path, standin_cache: Path) -> Path:
    """A copy of the real booklet project (25 Years Together)."""
    return copy_project(tmp_path / "project", standin_cache)


MINI_LANG = """\
labels:
  head_of_mission: Head of Mission
  since: "since {start}"
  document_title: Mini booklet
  photo_credit: "Photo: {credit}"
org: Organisation
cover: Years Together
photos:
  cover: A cover photo.
running: Milestones
m:
  one:
    title: First milestone
    body: A short description.
  two:
    title: Second milestone
"""

MINI_COVER = """\
layout: cover
anniversary: 25
title: cover
organisation: org
photo: {file: cover.jpg, alt: photos.cover, standin: true}
"""

MINI_YEAR = """\
layout: year-spread
arrangement: typographic
running_head: running
year: 2000
milestones:
  - title: m.one.title
    body: m.one.body
  - title: m.two.title
"""


@pytest.fixture
def mini(tmp_path: Path, standin_cache: Path) -> Callable[..., Path]:
    """Make a small project: a cover and one year spread, with files replaced as given."""

    def make(files: dict[str, str] | None = None) -> Path:
        root = tmp_path / "mini"
        root.mkdir()
        shutil.copy(REPO / "booklet.yaml", root)
        for folder in ("layouts", "styles"):
            shutil.copytree(REPO / folder, root / folder)
        for folder in ("fonts", "profiles"):
            shutil.copytree(REPO / "assets" / folder, root / "assets" / folder)
        (root / "assets" / "images").mkdir()
        contents = {
            "content/lang/en.yaml": MINI_LANG,
            "content/pages/010-cover.yaml": MINI_COVER,
            "content/pages/2000.yaml": MINI_YEAR,
            **(files or {}),
        }
        for name, text in contents.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        _link_cache(root, standin_cache)
        return root

    return make
