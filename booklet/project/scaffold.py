"""A new booklet project: `booklet new DIR` writes one that builds at once.

`new_project()` takes an empty (or missing) folder; returns the files it wrote.
The words and page files come from the starter inside the package
(booklet/project/starter/: booklet.yaml, a cover, two year spreads, facts and a back
cover, 8 pages, and en.yaml); the design — layouts/, styles/, the fonts and
the output profile — is copied from the booklet the package ships with, so a
new project starts from the current layouts and styles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from booklet.core.errors import BookletError, Location

STARTER = Path(__file__).with_name("starter")
DESIGN = ("layouts", "styles", "assets/fonts", "assets/profiles")
"""What a new project takes from the shipped booklet: how it looks, not what it says."""


def shipped_design() -> Path:
    """The booklet project this package comes with (its layouts, styles and assets)."""
    home = Path(__file__).resolve().parent.parent.parent
    if all((home / part).is_dir() for part in DESIGN):
        return home
    raise BookletError("the layouts and styles booklet ships with are not beside this installation",
                       hint="install booklet from its repository (make setup), or copy a project")


def new_project(folder: Path) -> list[Path]:
    """Write a small, complete project into folder; refuse a folder that already has files."""
    shown = folder.as_posix()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BookletError("already exists and is not an empty folder", Location(shown),
                           hint="choose a new folder name")
    source = shipped_design()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(STARTER, folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".*"))
        for part in DESIGN:
            shutil.copytree(source / part, folder / part, ignore=shutil.ignore_patterns(".*", "*~"))
        (folder / "assets" / "images").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookletError(f"cannot write the new project: {exc.strerror or exc}", Location(shown)) from None
    return sorted(p for p in folder.rglob("*") if p.is_file())
