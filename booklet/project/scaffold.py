"""A new booklet project: `booklet new DIR` writes one that builds at once.

`new_project()` takes an empty (or missing) folder; returns the files it wrote.
The words and page files come from the starter inside the package
(booklet/project/starter/: booklet.yaml, a cover, two year spreads, facts and a back
cover, 8 pages, and en.yaml).  The design is not copied: the project uses the
package's default theme (theme.py) — its layouts, styles, fonts and output
profile — and receives every fix to it with booklet; a layout the project
wants otherwise is a folder of its own layouts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from booklet.core.errors import BookletError, Location
from booklet.project.theme import DEFAULT_THEME, load_theme

STARTER = Path(__file__).with_name("starter")


def new_project(folder: Path) -> list[Path]:
    """Write a small, complete project into folder; refuse a folder that already has files."""
    shown = folder.as_posix()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BookletError("already exists and is not an empty folder", Location(shown),
                           hint="choose a new folder name")
    load_theme(DEFAULT_THEME)  # an installation without its theme says so before writing anything
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(STARTER, folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".*"))
        (folder / "assets" / "images").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BookletError(f"cannot write the new project: {exc.strerror or exc}", Location(shown)) from None
    return sorted(p for p in folder.rglob("*") if p.is_file())
