"""The theme a project is designed with, and where each of its design files is found.

A theme is a folder of the package (booklet/themes/<name>/, see
core/themefolder.py) holding a complete design: layouts/, styles/, the fonts
and the output profile.  booklet.yaml names it (`theme: anniversary`, the
default).  A project uses its theme's files and replaces or adds its own, as
mkdocs' custom_dir does: a file a project names (a stylesheet, a font, the
colour profile) is the project's when the project has it, else the theme's;
a layout folder of the project's layouts/ replaces the theme's folder of the
same name, or adds one.

The theme is a second root, named as such: a project file is still checked
against the project folder alone (`project_file`), so a link from the project
into the theme, or anywhere else, is still refused; a theme file is checked
against its theme's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from booklet.core.errors import BookletError, Location, did_you_mean
from booklet.core.themefolder import THEMES
from booklet.project.paths import project_file

DEFAULT_THEME = "anniversary"


@dataclass(frozen=True)
class Theme:
    """A shipped theme: its name and its folder."""

    name: str
    root: Path

    @property
    def within(self) -> str:
        return f"theme {self.name}"


def installed_themes() -> list[str]:
    """The names of the themes this installation of booklet ships, sorted."""
    if not THEMES.is_dir():
        return []
    return sorted(p.name for p in THEMES.iterdir() if (p / "layouts").is_dir())


def load_theme(name: str, where: Location | None = None) -> Theme:
    """The installed theme called name; a BookletError at where if there is none."""
    themes = installed_themes()
    if name not in themes:
        raise BookletError(f"no theme '{name}'{did_you_mean(name, themes)}", where,
                           "themes: " + ", ".join(themes) if themes else "reinstall booklet")
    return Theme(name, THEMES / name)


def locate(name: str, root: Path, theme: Theme | None) -> Path:
    """Where the design file name (project-relative, e.g. styles/base.css) is read from.

    The project's file when the project has one at that name, else the theme's
    when the theme has it, else the project's path (which does not exist: the
    reader says so, naming the file where the project would have it).  It
    checks nothing: `find()` does, when booklet.yaml is read.
    """
    own = root / name
    if theme is None or own.exists() or own.is_symlink():
        return own
    shipped = theme.root / name
    return shipped if shipped.is_file() else own


def find(name: str, root: Path, theme: Theme | None, subject: str, where: Location | None,
         hint: str, replace: str = "replace it with a file") -> Path:
    """`locate()`, checked; subject names the file in messages (`stylesheet x.css`).

    The file found is checked against its own root (its resolved path returned):
    a project file is held to the project folder and a theme's to the theme's:
    the theme is a second root, not a wider first one.
    """
    path = locate(name, root, theme)
    if theme is not None and path.is_relative_to(theme.root):
        return project_file(path, theme.root, subject, where, within=theme.within,
                            hint=hint, replace=replace)
    return project_file(path, root, subject, where, hint=hint, replace=replace)
