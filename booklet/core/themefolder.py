"""Where the themes booklet ships with live: booklet/themes/<name>/, inside the package.

A theme folder is laid out as a project's design is (layouts/, styles/,
assets/fonts/, assets/profiles/).  `theme_shown()` names a file of one the way
messages name it — `theme anniversary: layouts/cover/layout.yaml` — never by
the folder the package happens to be installed in.
"""

from __future__ import annotations

from pathlib import Path

THEMES = Path(__file__).resolve().parent.parent / "themes"
"""The package's themes, one folder each."""


def theme_shown(path: Path) -> str | None:
    """'theme NAME: relative/path' for a file of a shipped theme; None for any other path."""
    try:
        inside = path.resolve().relative_to(THEMES)
    except (ValueError, RuntimeError, OSError):
        return None
    if len(inside.parts) < 2:
        return None
    return f"theme {inside.parts[0]}: {Path(*inside.parts[1:]).as_posix()}"
