"""The fonts booklet.yaml lists: each must be a font file of the project that can be read,
and every character of every text must be one they can draw.

`font_problems()` takes the project folder and the `fonts:` entries; returns
the problems, each at the `file:` line that names the font;
`duplicate_faces()` a face listed twice, at the second.  WeasyPrint only
logs a warning that names no file when a face cannot be loaded, and prints
its text in another face or weight, so the files are opened here with
fontTools first (about 10 ms a face: only the tables every renderer needs
are read).  `undrawable()` names the characters of a text that some bundled
face has no glyph for: the pdf stage lets no font of the machine stand in,
so such a character would print as an empty box.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from booklet.core.errors import BookletError, Location
from booklet.project.schema import Font
from booklet.project.theme import Theme, find

_TABLES = ("head", "name", "cmap", "maxp", "hhea", "OS/2")
_DECOMPILED = ("head", "name", "maxp", "hhea", "OS/2")
"""Decompiled to find damage; cmap's header is read by hand, as decompiling it costs 5-10 ms a face."""
_UNICODE = {(0, e) for e in range(7)} | {(3, 1), (3, 10)}
"""(platform, encoding) of the character maps that map Unicode."""
_HINT = "replace it with a working .ttf or .otf file"


def font_problems(root: Path, theme: Theme | None, fonts: Sequence[Font],
                  where: Callable[[int], Location]) -> list[BookletError]:
    """Every font file that is missing, outside the project or unreadable; where(i) is font i's line.

    A font is the project's file, else its theme's (theme.py).
    """
    errors: list[BookletError] = []
    for i, font in enumerate(fonts):
        try:
            _check(root, theme, font.file, where(i))
        except BookletError as exc:
            errors.append(exc)
    return errors


def duplicate_faces(fonts: Sequence[Font], where: Callable[[int], Location]) -> list[BookletError]:
    """A face (family, weight, style) listed twice: WeasyPrint would use one and ignore the other."""
    first: dict[tuple[str, int, str], int] = {}
    errors = []
    for i, font in enumerate(fonts):
        face = (font.family.casefold(), font.weight, font.style)
        if face in first:
            was = where(first[face])
            errors.append(BookletError(
                f"{font.family} {font.weight} {font.style} is also the face on line {was.line} "
                f"({fonts[first[face]].file}): one of the two would be ignored", where(i),
                "delete one, or give it another weight or style"))
        else:
            first[face] = i
    return errors


def _check(root: Path, theme: Theme | None, file: str, where: Location) -> None:
    path = find(file, root, theme, f"font file {file}", where, hint="copy it into assets/fonts/",
                replace=_HINT)
    if path.is_dir():
        raise BookletError(f"font file {file} is a folder, not a font", where, _HINT)
    if not path.is_file():
        raise BookletError(f"font file not found: {file}", where)
    reason = unreadable(path)
    if reason:
        raise BookletError(f"font file {file} cannot be used: {reason}", where, _HINT)


def unreadable(path: Path) -> str | None:
    """Why fontTools cannot read the font at path, in words; None when it can."""
    try:
        # Opened here: a TTFont that fails in its constructor leaves its own file open.
        with path.open("rb") as stream, TTFont(stream, lazy=True) as font:
            missing = [tag for tag in _TABLES if tag not in font]
            if missing:
                return f"it has no '{missing[0]}' table"
            if not {"glyf", "CFF ", "CFF2"} & set(font.keys()):
                return "it has no glyph outlines"
            short = _cut_short(font, path.stat().st_size)
            if short:
                return short
            for tag in _DECOMPILED:
                font[tag]  # decompiling is what finds a damaged table
            if not _maps_unicode(font.reader["cmap"]):
                return "it maps no Unicode characters to glyphs"
    except TTLibError as exc:
        return "not a TrueType or OpenType font" if "Not a TrueType" in str(exc) else f"damaged ({exc})"
    # fontTools' table parsers raise whatever they meet on bad bytes.
    except (struct.error, AssertionError, KeyError, IndexError, ValueError, TypeError, EOFError) as exc:
        return f"damaged ({type(exc).__name__}: {exc})"
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _maps_unicode(cmap: bytes) -> bool:
    """Whether a raw cmap table has a Unicode subtable that lies inside it."""
    _version, count = struct.unpack(">HH", cmap[:4])
    records = [struct.unpack(">HHI", cmap[4 + 8 * i: 12 + 8 * i]) for i in range(count)]
    return any((platform, encoding) in _UNICODE and offset < len(cmap)
               for platform, encoding, offset in records)


def _cut_short(font: TTFont, size: int) -> str | None:
    """A truncated file: its table directory points past its end (for WOFF2 fontTools finds it)."""
    if font.flavor == "woff2":  # its directory gives offsets into the uncompressed data
        return None
    entries = getattr(font.reader, "tables", {}).values()
    end = max((e.offset + e.length for e in entries if hasattr(e, "offset")), default=0)
    if end > size:
        return f"the file is cut short ({size:,} bytes; its tables need {end:,})"
    return None


def drawable(paths: Iterable[Path]) -> frozenset[int]:
    """The code points every one of the faces can draw (any text may be set in any face)."""
    sets = [_characters(path, path.stat().st_mtime_ns, path.stat().st_size) for path in paths]
    return frozenset.intersection(*sets) if sets else frozenset()


@functools.lru_cache(maxsize=64)
def _characters(path: Path, _mtime: int, _size: int) -> frozenset[int]:
    """The code points a face maps to glyphs (cached while the file is unchanged)."""
    with path.open("rb") as stream, TTFont(stream, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def undrawable(text: str, can_draw: frozenset[int]) -> list[str]:
    """The characters of text no face can draw, each once, as 'x' (U+XXXX NAME)."""
    missing = dict.fromkeys(c for c in text if ord(c) not in can_draw and not _invisible(c))
    return [f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')})" for c in missing]


def _invisible(char: str) -> bool:
    """Line breaks and format characters (soft hyphen, zero-width space): laid out, never drawn."""
    return char in "\n\t" or unicodedata.category(char) == "Cf"
