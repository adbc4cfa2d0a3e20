"""Small results kept on disk between processes: a JSON file of key → value under .cache/.

A build in a new process — every `booklet build`, every worker of a parallel
build — would otherwise work out again what the last one knew: the pixels of
each photo (read whole, to be sure it is not damaged; 0.1 s a camera photo)
and the ink of each placed photo (decoded; seconds for a booklet).  A `Memo`
is a dict read from its file when made; `save()` merges what was added into
the file as it is then, so editions built side by side each add what they
learnt.  Keys say everything the value depends on, by content (a photo's
hash), never by an absolute path or a modification time, so a copy of the
project keeps its memo.

The file is untrusted (cachefiles.py): it is read only if it is a regular
file, and every entry is held to the memo's `valid(key, value)` test; an entry
that fails it is dropped (a note under --verbose) and worked out again.  A
damaged, missing or unwritable file only costs the time it would have saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from booklet.core.cachefiles import cache_folder, read_json, write_entry
from booklet.core.notes import note, shown

LIMIT = 32 << 20
"""The largest memo file read (a booklet's photos take a few KB)."""

Valid = Callable[[str, Any], bool]


class Memo(dict[str, Any]):
    """A dict backed by the JSON file cache/name (name may hold a folder: 'photos/sizes.json')."""

    def __init__(self, cache: Path, name: str, valid: Valid) -> None:
        self.valid = valid
        *folders, file = name.split("/")
        try:
            self.path: Path | None = cache_folder(cache, *folders) / file
        except OSError as exc:
            note(f".cache/{name} cannot be kept: {exc.strerror or exc}")
            self.path = None
        self.damaged = False
        """The file held entries that were ignored: the next save() writes it without them."""
        super().__init__(self._read())
        self.added: dict[str, Any] = {}

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.added[key] = value

    def save(self) -> None:
        if not (self.added or self.damaged) or self.path is None:
            return
        merged = {**self._read(quiet=True), **self.added}
        text = json.dumps(merged, sort_keys=True, indent=0)
        if write_entry(self.path, text.encode()):
            self.added, self.damaged = {}, False

    def _read(self, quiet: bool = False) -> dict[str, Any]:
        data = read_json(self.path, LIMIT, quiet=quiet) if self.path else None
        if data is None:
            return {}
        name = shown(self.path) if self.path else ""
        if not isinstance(data, dict):
            if not quiet:
                self.damaged = True
                note(f"{name} was ignored: not a table of entries")
            return {}
        kept = {k: v for k, v in data.items() if self.valid(k, v)}
        if len(kept) < len(data) and not quiet:
            self.damaged = True
            note(f"{len(data) - len(kept)} of the entries of {name} were ignored: "
                 "not what booklet writes there (they are worked out again)")
        return kept


def is_count(value: Any, lowest: int = 0) -> bool:
    """A whole number (not a bool) of at least lowest."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= lowest


def is_hex_digest(value: Any) -> bool:
    """A sha256 as 64 lowercase hex digits."""
    return (isinstance(value, str) and len(value) == 64
            and all(c in "0123456789abcdef" for c in value))
