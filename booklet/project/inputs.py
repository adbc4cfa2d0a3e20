"""The inputs of an output: which project files one PDF is made from, and a digest of them.

`inputs_digest()` takes a `Booklet`, a language and a `Variant`; returns one
hex digest of everything that PDF reads: booklet.yaml, every page file, the
edition's own language file and term files, layouts/, styles/ and assets/
(fonts, profiles, photos), the same folders of the project's theme, the
variant's settings, and booklet's own code and version.  A
change anywhere else (another language's file, build/, .cache/, an editor's
backup file) leaves it as it was, so only the editions it concerns rebuild.

Files are hashed once per size and modification time (`FileDigests`, kept in
.cache/digests.json between runs by project-relative path), so a check with
nothing changed reads no photo twice.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import astuple
from pathlib import Path
from typing import Any

import weasyprint

import booklet as package
from booklet.core.memo import Memo, is_count, is_hex_digest
from booklet.project.config import CONFIG_FILE, Booklet
from booklet.project.paths import special_kind
from booklet.project.variants import Variant

WHOLE_FOLDERS = ("content/pages", "layouts", "styles", "assets")
"""Folders every edition reads from: a template, style or asset may be used by any page."""
TERMS_FOLDER = "content/terms"
"""The term files (content/terms/<code>.yaml): an edition's warnings depend on its own and its source's."""
RECENT_SECONDS = 2.0
"""A file changed this recently is hashed again next time: its time may not have ticked yet."""


def is_editor_file(name: str) -> bool:
    """Hidden files, editor backups and lock files (.x, x~, #x#, .#x, ~$x): never an input."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", "#")) or name.endswith(".swp")


def files_under(folder: Path) -> list[Path]:
    """The files under folder, sorted, editor files and hidden folders left out.

    Linked folders are followed once each (a link loop ends there); linked
    files are listed as links too, so that relinking one counts as a change.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        try:
            real = Path(top).resolve()
        except (OSError, RuntimeError):
            dirs[:] = []
            continue
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(top) / n for n in sorted(names) if not is_editor_file(n)]
    return found


THEME_FOLDERS = ("layouts", "styles", "assets")
"""A theme's folders: any of its files may be used where the project has none of its own."""


def input_files(booklet: Booklet, lang: str) -> list[Path]:
    """Every project file the edition in lang reads (or may read), then its theme's, in a steady order."""
    root = booklet.root
    files = [root / CONFIG_FILE, booklet.lang_dir / f"{lang}.yaml"]
    language = booklet.spec.languages.get(lang)
    source = language.derived_from if language else None
    files += [root / TERMS_FOLDER / f"{code}.yaml" for code in (lang, source) if code]  # termbase.py
    for folder in WHOLE_FOLDERS:
        files += files_under(root / folder)
    return files + theme_files(booklet)


def theme_files(booklet: Booklet) -> list[Path]:
    """The files of the project's theme a build may read (all of its design), in a steady order."""
    theme = booklet.theme_root
    return [path for folder in THEME_FOLDERS for path in files_under(theme / folder)] if theme else []


def is_input(path: Path, booklet: Booklet) -> bool:
    """Whether a changed path can change some PDF (a watcher's filter): a project's input, or a
    design file of its theme (a designer editing the theme's layouts and styles)."""
    resolved = path.resolve()
    theme = booklet.theme_root
    if theme is not None and resolved.is_relative_to(theme.resolve()):
        inside = resolved.relative_to(theme.resolve())
        return (len(inside.parts) > 1 and inside.parts[0] in THEME_FOLDERS
                and not any(part.startswith(".") for part in inside.parts)
                and not is_editor_file(inside.name))
    try:
        relative = resolved.relative_to(booklet.root)
    except ValueError:
        return False
    if any(part.startswith(".") for part in relative.parts) or is_editor_file(relative.name):
        return False
    shown = relative.as_posix()
    return (shown == CONFIG_FILE or shown.startswith(("content/lang/", f"{TERMS_FOLDER}/"))
            or any(shown.startswith(f"{folder}/") for folder in WHOLE_FOLDERS))


class FileDigests:
    """sha256 of files, believed while a file keeps its size and modification time.

    Kept by project-relative path (with cache, in .cache/digests.json through
    a `Memo`, whose entries are checked when read): the hash is what anything
    is keyed by; size, time and inode only say whether a hash known is still the
    file's (another project sharing the cache has other inodes).  Without root
    and cache (a preview's own), kept in memory only.
    """

    def __init__(self, root: Path | None = None, cache: Path | None = None) -> None:
        self.root = root
        self.known: dict[str, Any] = Memo(cache, "digests.json", _valid) if cache else {}

    def digest(self, path: Path) -> str:
        """The file's digest, or 'missing' when it does not exist (that is a state too)."""
        try:
            stat = path.stat()
        except OSError:
            return "missing"
        key = self._key(path)
        known = self.known.get(key) if key else None
        seen = [stat.st_size, stat.st_mtime_ns, stat.st_ino]  # as git's index: another file, another inode
        if known and known[:3] == seen:
            return str(known[3])
        digest = _sha256(path)
        if key and digest != "unreadable" and time.time() - stat.st_mtime > RECENT_SECONDS:
            self.known[key] = [*seen, digest]
        return digest

    def _key(self, path: Path) -> str | None:
        if self.root is None:
            return str(path)
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return None  # not the project's: hashed every time

    def save(self) -> None:
        """Keep what was learnt for the next run (best effort: without it a check only reads more)."""
        if isinstance(self.known, Memo):
            self.known.save()


def _valid(key: str, value: Any) -> bool:
    """An entry of digests.json: a project-relative path → [size, modification time, inode, sha256]."""
    return (not key.startswith("/") and ".." not in key.split("/") and isinstance(value, list)
            and len(value) == 4 and all(is_count(v) for v in value[:3]) and is_hex_digest(value[3]))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def _leads_to(path: Path, root: Path) -> str:
    """Where a path really is (links followed): relinking a file out of the project is a change."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return "a link loop"
    return real.relative_to(root).as_posix() if real.is_relative_to(root) else f"outside: {real}"


def code_digest() -> str:
    """booklet's own code, version and renderer: a new booklet may lay out the same files otherwise."""
    folder = Path(package.__file__).parent
    digest = hashlib.sha256(f"{package.__version__}\0{weasyprint.__version__}".encode())
    for path in sorted([*folder.rglob("*.py"), *folder.rglob("*.conf")]):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_CODE: list[str] = []


def inputs_digest(booklet: Booklet, lang: str, variant: Variant, digests: FileDigests) -> str:
    """One digest of every input of the PDF of lang in variant."""
    if not _CODE:
        _CODE.append(code_digest())  # the code cannot change under a running process
    digest = hashlib.sha256(_CODE[0].encode())
    digest.update(repr(astuple(variant)).encode())
    theme = booklet.theme_root
    for path in input_files(booklet, lang):
        # A theme's file is named by its theme path, and held to its theme's folder.
        home = theme if theme is not None and path.is_relative_to(theme) else booklet.root
        shown = ("theme: " if home is theme else "") + path.relative_to(home).as_posix()
        leads_to = _leads_to(path, home)
        # Only a regular file of the project is read: what a link out of it or a pipe holds is
        # never opened (the build refuses them where they are used).
        content = special_kind(path) or ("" if leads_to.startswith("outside") else digests.digest(path))
        digest.update(f"{shown}\0{leads_to}\0{content}\n".encode())
    return digest.hexdigest()
