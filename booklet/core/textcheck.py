"""Characters a booklet text cannot hold, and positions counted as an editor counts them.

Takes text — a whole file before YAML reads it, or one string YAML made of
it — and returns the problems as `BookletError`s: each refused character
named by its code point and Unicode name, with what to do about it.  Lines
are counted the way editors count them: only \\n, \\r\\n and \\r end a line
(PyYAML also breaks lines at U+0085, U+2028 and U+2029, which editors show
on one line; those are refused in the file, so YAML's lines match too).
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from booklet.core.errors import BookletError, Location

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
# Control characters but tab and line feed, text-direction controls, line and
# paragraph separators, the byte-order mark inside text, surrogates, noncharacters.
# Soft hyphen, no-break spaces and the zero-width space are typography: allowed.
_REFUSED_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    f"\ufeff\ud800-\udfff{_NONCHARACTERS}]")
# In the file a carriage return may end a line (Windows and old Mac files).
_REFUSED_IN_FILE = re.compile(_REFUSED_IN_TEXT.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))
_MOST_PROBLEMS = 20  # per file: a file full of them is more likely the wrong file

_CONTROL_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL",
    "END OF MEDIUM", "SUBSTITUTE", "ESCAPE", "FILE SEPARATOR", "GROUP SEPARATOR",
    "RECORD SEPARATOR", "UNIT SEPARATOR",
)
_C1_NAMES = (
    "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE", "INDEX",
    "NEXT LINE", "START OF SELECTED AREA", "END OF SELECTED AREA", "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION", "LINE TABULATION SET", "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD", "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING", "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE",
    "CANCEL CHARACTER", "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA",
    "START OF STRING", "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND",
)
_DIRECTION = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKS = "\x85\u2028\u2029"
_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060"
"""Characters that print nothing on their own (soft hyphen, zero-width ones)."""


class Lines:
    """Where each line of a text starts, so an index can be told as line:column."""

    _BREAK = re.compile(r"\r\n|\r|\n")

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in self._BREAK.finditer(text))]

    def position(self, index: int) -> tuple[int, int]:
        """1-based line and column (in characters) of text[index]."""
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


def name(char: str) -> str:
    """U+XXXX and the Unicode name of char, e.g. 'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    code = ord(char)
    if code < 0x20:
        label = _CONTROL_NAMES[code]
    elif 0x7F <= code <= 0x9F:
        label = "DELETE" if code == 0x7F else _C1_NAMES[code - 0x80]
    else:
        label = unicodedata.name(char, "")
    return f"U+{code:04X} {label}".rstrip()


def _kind(char: str) -> str:
    if char in _LINE_BREAKS:
        return "a line break most editors do not show"
    if unicodedata.category(char) == "Cc":
        return "an invisible control character"
    if char in _DIRECTION:
        return "an invisible text-direction control"
    if char == "\ufeff":
        return "an invisible byte-order mark"
    if unicodedata.category(char) == "Cs":
        return "half of a character (a surrogate)"
    return "a noncharacter, not a letter of any script"


def file_problems(text: str, shown_as: str) -> list[BookletError]:
    """The refused characters typed or pasted into a file, at the line:col an editor shows."""
    found = list(_REFUSED_IN_FILE.finditer(text, 1 if text.startswith("\ufeff") else 0))
    if not found:
        return []
    lines = Lines(text)
    errors = []
    for match in found[:_MOST_PROBLEMS]:
        char = match.group()
        hint = ("delete it, and press Enter where a new line was meant" if char in _LINE_BREAKS
                else "delete it")
        errors.append(BookletError(
            f"a character that cannot be in the text: {name(char)}, {_kind(char)}",
            Location(shown_as, *lines.position(match.start())), hint))
    return errors


def blanked(text: str) -> str:
    """text with every character file_problems() refuses made a space: read so, YAML's lines and
    columns stay those an editor shows (PyYAML would end a line at U+2028), and the problems
    after such a character can still be told where they are."""
    return _REFUSED_IN_FILE.sub(" ", text)


def text_problem(text: str, where: Location) -> BookletError | None:
    """A refused character that a YAML escape such as \\u202e wrote into text, if there is one."""
    match = _REFUSED_IN_TEXT.search(text)
    if not match:
        return None
    char = match.group()
    return BookletError(f"the text contains {name(char)}, {_kind(char)}", where,
                        hint=f"delete the \\ escape that writes it, such as \\u{ord(char):04X}")


def is_blank(text: str) -> bool:
    """Whether text prints nothing: only spaces, no-break spaces and zero-width characters."""
    return all(char.isspace() or char in _INVISIBLE for char in text)
