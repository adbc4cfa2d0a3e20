"""Writing a file whole or not at all: the one way booklet writes a file.

`write_atomically()` takes a path and bytes (or a function that writes them to
an open file); the bytes go to a new temporary file beside path (created
exclusively: never an existing file, never through a link), are flushed to
disk, and the temporary file is renamed over path.  A rename replaces a link
at path rather than writing through it, and another process reading path
sees the old file or the new one, never half of either: builds may run side
by side, and Ctrl-C or a full disk leaves the last good file in place.

`temporary_beside()` and `move_into_place()` are the two halves, for a writer
that decides where the file goes only after it is written (a PDF that is
read back, then kept or rejected).  With cache=True a file that cannot be
written is a note (caches only cost time), otherwise the OSError is raised
for the caller to say where.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from booklet.core.notes import note, shown

Content = bytes | Callable[[BinaryIO], None]
"""What is written: the bytes, or a function writing them to the open file."""


def _create(path: Path) -> tuple[int, Path]:
    """A new file beside path, made exclusively (never an existing file or a link), with the
    permissions any new file of the user gets (the umask applies)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            return os.open(partial, flags, 0o666), partial
        except FileExistsError:
            continue


@contextlib.contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    """A new, empty file in path's folder, made for this writer alone; removed at the end
    unless it was moved into place."""
    handle, partial = _create(path)
    os.close(handle)
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)


def move_into_place(partial: Path, path: Path) -> None:
    """Flush partial to disk and rename it over path (a link at path is replaced, not followed)."""
    handle = os.open(partial, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
    _replace(partial, path)


def _replace(partial: Path, path: Path) -> None:
    os.replace(partial, path)
    with contextlib.suppress(OSError):  # the rename itself to disk; not every system allows it
        folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def write_atomically(path: Path, content: Content, *, cache: bool = False) -> bool:
    """Write content to path whole or not at all (see the module); True if it was written.

    cache=True: a failure is noted (booklet build --verbose) and False returned;
    otherwise the OSError is raised.
    """
    try:
        handle, partial = _create(path)
        try:
            with os.fdopen(handle, "wb") as out:
                if isinstance(content, bytes):
                    out.write(content)
                else:
                    content(out)
                out.flush()
                os.fsync(out.fileno())
            _replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return True
    except OSError as exc:
        if not cache:
            raise
        note(f"{shown(path)} was not kept: {exc.strerror or exc}")
        return False
