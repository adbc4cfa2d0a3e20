"""Small results kept on disk between processes: a JSON file of key → value under .cache/.

A build in a new process — every `booklet build`, every worker of a parallel
build — would otherwise work out again what the last one knew: the pixels of
each photo (read whole, to be sure it is not damaged; 0.1 s a camera photo)
and the ink of each placed photo (decoded; seconds for a booklet).  A `Memo`
is a dict read from its file when made; `save()` merges what was added into
the file as it is then, so editions built side by side each add what they
learnt.  Keys must say everything the value depends on (a file's size and
modification time, an image's hash).  A damaged, missing or unwritable file
only costs the time it would have saved.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


class Memo(dict[str, Any]):
    """A dict backed by a JSON file (see the module)."""

    def __init__(self, path: Path) -> None:
        super().__init__(_read(path))
        self.path = path
        self.added: dict[str, Any] = {}

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.added[key] = value

    def save(self) -> None:
        if not self.added:
            return
        merged = {**_read(self.path), **self.added}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, partial = tempfile.mkstemp(suffix=".partial", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(merged, out, sort_keys=True, indent=0)
                os.replace(partial, self.path)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
        except OSError:
            return  # an unwritable cache only costs time
        self.added = {}


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
