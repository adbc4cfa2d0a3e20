"""The cache folder, .cache/: what booklet keeps between builds, always read as untrusted input.

Anything can be in .cache/ — a file from an older booklet, a truncated one, a
link someone put there — so nothing in it is followed or believed unchecked:

* `cache_folder()` takes the cache root and the names of a folder inside it;
  returns that folder, made if missing.  Inside the cache every folder must be
  a real folder: a link (to anywhere) or a file where a folder belongs is
  removed and a folder made in its place.  The root .cache itself may be a
  link only to a folder that booklet tagged as its cache (CACHEDIR.TAG, which
  booklet writes into every cache folder it makes and which backup tools
  know to skip): a shared cache a user (or the test suite) set up on purpose.
  A link to anything else is replaced by a folder; a file named .cache is the
  user's, left alone, and the error says so.
* `read_cached()` returns a cache file's bytes only if it is a regular file
  (not a link, not a FIFO or device), no larger than the limit given;
  otherwise None, and the caller makes the entry again.  `read_json()` the
  same for JSON.  What the bytes say is then checked by the reader against
  the project as it is now (memo.py, copyfit.py, uptodate.py…).
* `write_entry()` writes a cache file through atomic.py, which never writes
  through a link; a folder where the file belongs is removed first.

Every entry ignored is a note (booklet build --verbose), never an error: a cache
only saves time.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

from booklet.core.atomic import Content, write_atomically
from booklet.core.notes import note, shown

TAG_NAME = "CACHEDIR.TAG"
TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
       "# This file is a cache directory tag created by booklet.\n"
       "# Everything in this folder is made again when it is missing.\n")
"""The Cache Directory Tagging Specification's tag, naming booklet."""


def cache_folder(cache: Path, *parts: str) -> Path:
    """cache/parts…, every folder of it real and made if missing (see the module).

    Raises OSError when it cannot be made (a file named .cache, a read-only project).
    """
    _root(cache)
    folder = cache
    for part in parts:
        folder = folder / part
        _real_folder(folder)
    return folder


def layout_roots(cache: Path) -> list[Path]:
    """The cache folders a layout may load files from (stand-ins, prepared photos), each
    checked by cache_folder() first: a .cache that leads anywhere else gives no file to a
    layout.  None when they cannot be made (placing the photos says why)."""
    try:
        return [cache_folder(cache, "standins"), cache_folder(cache, "photos")]
    except OSError:
        return []


def is_booklet_cache(folder: Path) -> bool:
    """Whether folder holds booklet's cache tag (a small regular file, read without following it)."""
    data = read_cached(folder / TAG_NAME, 4096, quiet=True)
    return data is not None and data.decode("utf-8", "replace") == TAG


def mark_as_cache(folder: Path) -> None:
    """Write booklet's cache tag into folder (a folder made for a shared cache, say)."""
    write_atomically(folder / TAG_NAME, TAG.encode(), cache=True)


def _root(cache: Path) -> None:
    try:
        found = os.lstat(cache)
    except FileNotFoundError:
        _make(cache)
        mark_as_cache(cache)
        return
    if stat.S_ISLNK(found.st_mode):
        if is_booklet_cache(cache):
            return  # a shared cache set up on purpose: its entries are still never followed
        note(f"{shown(cache)} was a link to a folder that is not booklet's cache: "
             "replaced by a folder of its own")
        cache.unlink(missing_ok=True)  # a build beside this one may have done it
        _make(cache)
        mark_as_cache(cache)
    elif stat.S_ISDIR(found.st_mode):
        if not (cache / TAG_NAME).exists():
            mark_as_cache(cache)
    else:  # the user's file: never removed
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(cache))


def _real_folder(folder: Path) -> None:
    try:
        found = os.lstat(folder)
    except FileNotFoundError:
        _make(folder)
        return
    if stat.S_ISDIR(found.st_mode):
        return
    note(f"{shown(folder)} was {_kind(found.st_mode)}, not a folder: replaced by a folder")
    folder.unlink(missing_ok=True)
    _make(folder)


def _make(folder: Path) -> None:
    try:
        folder.mkdir()
    except FileExistsError:  # made by a build running beside this one: it must be a folder too
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            raise


def write_entry(path: Path, content: Content, *, told: bool = False) -> bool:
    """Write a cache file whole (atomic.py), replacing whatever is in its place — a link, a
    pipe, even a folder (never followed).  told: an OSError is raised (the build needs the
    file: a stand-in, a prepared photo); otherwise a failure is a note and False."""
    try:
        found = os.lstat(path)
    except OSError:
        found = None
    if found is not None and stat.S_ISDIR(found.st_mode):
        note(f"{shown(path)} was a folder: replaced by the file that belongs there")
        shutil.rmtree(path, ignore_errors=True)  # never follows a link inside it
    return write_atomically(path, content, cache=not told)


def read_cached(path: Path, limit: int, *, quiet: bool = False) -> bytes | None:
    """path's bytes if it is a regular file of at most limit bytes, else None (see the module)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if not quiet:
            why = "a link" if exc.errno == errno.ELOOP else (exc.strerror or str(exc))
            note(f"{shown(path)} was ignored: {why}")
        return None
    found = os.fstat(handle)
    if not stat.S_ISREG(found.st_mode) or found.st_size > limit:
        os.close(handle)
        if not quiet:
            why = "too large" if stat.S_ISREG(found.st_mode) else _kind(found.st_mode)
            note(f"{shown(path)} was ignored: {why}")
        return None
    with os.fdopen(handle, "rb") as file:
        try:
            return file.read(limit + 1)[:limit]
        except OSError as exc:
            note(f"{shown(path)} could not be read: {exc.strerror or exc}")
            return None


def read_json(path: Path, limit: int, *, quiet: bool = False) -> Any:
    """The JSON in a cache file, or None when there is none that can be read (noted unless quiet)."""
    data = read_cached(path, limit, quiet=quiet)
    if data is None:
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        if not quiet:
            note(f"{shown(path)} was ignored: not JSON (damaged or cut short)")
        return None


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    return "a file" if stat.S_ISREG(mode) else "a device or socket"
