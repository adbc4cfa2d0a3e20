"""Containment: the project folder is the only world booklet reads from.

Every path that comes from a user — a page file, a language file, a layout, a
stylesheet, a `url()`, a font, a photo — goes through `project_file()` before
it is opened: it is resolved (symlinks included), must stay inside the folder
it belongs to (`contained()`), and must be a regular file, told by its stat
alone: opening a named pipe blocks for ever and a device never ends, so
nothing outside and nothing but a file is ever opened.  `file_url_path()`
turns a `file://` URL back into a path the way WeasyPrint writes them
(percent-encoded), so that a project under "my booklets/" can load its own
fonts.
"""

from __future__ import annotations

import os
import stat
import urllib.parse
import urllib.request
from pathlib import Path

from booklet.core.errors import BookletError, Location


def contained(path: Path, folder: Path, shown_as: str, where: Location | None = None,
              within: str = "the project", hint: str = "copy the file into the project") -> Path:
    """path resolved, symlinks and all; a BookletError if it leads outside folder or nowhere.

    shown_as is how the message names the path; within names folder for a user.
    """
    # Said at the line that names the path, or at the path itself.
    subject, at = (f"{shown_as} ", where) if where else ("", Location(shown_as))
    try:
        resolved = path.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop, or a path the system refuses
        raise BookletError(f"{subject}cannot be read: {_reason(exc)}", at) from None
    if not resolved.is_relative_to(folder.resolve()):
        raise BookletError(f"{subject}is outside {within}", at, hint)
    return resolved


def project_file(path: Path, folder: Path, shown_as: str, where: Location | None = None, *,
                 within: str = "the project", hint: str = "copy the file into the project",
                 replace: str = "replace it with a file") -> Path:
    """path resolved and checked before anything opens it: inside folder, and a regular file.

    Returns the resolved path, which may be a folder or not exist (the caller
    says what that means for its file); anything else that is not a regular
    file is a BookletError, said as `contained()` says it (replace is its hint).
    """
    resolved = contained(path, folder, shown_as, where, within, hint)
    kind = special_kind(resolved)
    if kind:
        subject, at = (f"{shown_as} ", where) if where else ("", Location(shown_as))
        raise BookletError(f"{subject}is {kind}, not a file", at, replace)
    return resolved


def special_kind(path: Path) -> str | None:
    """'a named pipe', 'a device' or 'a socket' when path is one (links followed); else None.

    Told from the file's stat, without opening it.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None  # missing or unreadable: the opener says so
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def is_contained(path: Path, folder: Path) -> bool:
    """Whether path, resolved, stays inside folder (False for a symlink loop)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (RuntimeError, OSError):
        return False


def may_read(path: Path, roots: list[Path], theme: Path | None = None) -> bool:
    """Whether a layout may load path: one named inside the theme's folder must stay inside it
    (the theme is a root of its own), any other inside one of roots (the project, its caches).

    A file of the project that leads into the theme is outside the project, as ever.
    """
    if theme is not None and path.is_relative_to(theme):
        return is_contained(path, theme)
    return any(is_contained(path, root) for root in roots)


def file_url_path(url: str) -> Path | None:
    """The local path a file:// URL names (percent-decoded), or None for any other URL."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme.lower() != "file" or parsed.netloc not in ("", "localhost"):
        return None
    return Path(urllib.request.url2pathname(parsed.path))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:  # ELOOP
        return "a symbolic link that points back at itself"
    return getattr(exc, "strerror", None) or str(exc)
