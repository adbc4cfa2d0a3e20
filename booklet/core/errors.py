"""The one exception tree of booklet, the diagnostics it turns into, and where they point.

Code deep in the pipeline raises `BookletError` (one problem) or
`BookletErrors` (every problem found in one pass).  The orchestrator catches
them and keeps them as `Diagnostic` values — with the warnings and the
preflight findings, which are diagnostics from the start — in the report it
returns; the CLI prints a report as `path:line:col: message` lines.  Both
exceptions pickle, so an edition can be built in a worker process.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

from booklet.core.themefolder import theme_shown

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Data:
    """What a diagnostic is about, as values for other stages and for machines (--json), so that
    none reads another's message: the text key, the printed page, the laid-out section, a count,
    the items it lists.  Each stays at its empty value where it says nothing."""

    key: str = ""
    """The text key it is about ('foreword.heading')."""
    page: int = 0
    """The 1-based printed page it starts on."""
    section: str = ""
    """The laid-out section (a page a layout means to print) it is about, as the page map names it."""
    count: int = 0
    """How many: pages run over, texts missing, stand-in photos."""
    items: tuple[str, ...] = ()
    """What it lists after its message (the stand-in photos); a one-line summary leaves them out."""
    keys: tuple[str, ...] = ()
    """The text keys it is about, when several: an overflow's texts on its page, longest first."""

    def as_json(self) -> dict[str, Any]:
        """The values it has, for --json and the build record."""
        return {name: list(value) if isinstance(value, tuple) else value
                for name in (f.name for f in fields(self)) if (value := getattr(self, name))}


NO_DATA = Data()


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value came from: a file relative to the project, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One thing a build has to tell its user: an error (the output is not written) or a warning."""

    severity: Severity
    code: str
    """What kind of problem, one of the registry's (codes.py): 'overflow', 'unused-text', 'input'…"""
    message: str
    where: Location | None = None
    hint: str = ""
    """What to do about it, in a few words; shown in brackets after the message."""
    subject: str = ""
    """What it is about, when several checks can find it: a photo's path under the project
    ('assets/images/cover.jpg'); '' when the message and place say it (report.cause())."""
    data: Data = NO_DATA
    """What it is about, as values (see Data)."""

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.data.items:
            text += ": " + ", ".join(self.data.items)
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class BookletError(Exception):
    """A problem a user can fix, with where it is and what to do next."""

    def __init__(self, message: str, where: Location | None = None, hint: str = "",
                 code: str = "input", subject: str = "", data: Data = NO_DATA) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        self.code = code
        self.subject = subject
        self.data = data

    def __str__(self) -> str:
        return str(self.diagnostic())

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.where, self.hint, self.code, self.subject, self.data))

    def diagnostic(self, severity: Severity = "error") -> Diagnostic:
        return Diagnostic(severity, self.code, self.message, self.where, self.hint, self.subject,
                          self.data)

    def problems(self) -> list[BookletError]:
        """The single problems this error stands for."""
        return [self]

    def diagnostics(self) -> list[Diagnostic]:
        """The single problems as values, for a report."""
        return [problem.diagnostic() for problem in self.problems()]

    def sort_key(self) -> tuple[str, int, int]:
        w = self.where
        return (w.path, w.line, w.column) if w else ("", 0, 0)


class BookletErrors(BookletError):
    """Several problems, reported together so a user can fix them in one go."""

    def __init__(self, errors: Iterable[BookletError]) -> None:
        self.errors = sorted(errors, key=BookletError.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,))

    def problems(self) -> list[BookletError]:
        return list(self.errors)


def raise_all(errors: list[BookletError]) -> None:
    """Raise the collected errors, if there are any."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise BookletErrors(errors)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a misspelt word most likely meant, if any is close: the same word in other
    capitals first ('SQ' → 'sq'), else the nearest spelling (for a word of two or three letters,
    such as a language code, one letter wrong is near enough: 'sx' → 'sq')."""
    choices = list(choices)
    same = [c for c in choices if c.casefold() == word.casefold()]
    cutoff = 0.5 if len(word) <= 3 else 0.6
    match = same or difflib.get_close_matches(word.casefold(), choices, n=1, cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A '(did you mean ...?)' suffix for a misspelt name, or ''."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def known(given: Iterable[str], choices: list[str], kind: str) -> list[str]:
    """The names given on the command line, once each; a BookletError for the first that is not
    one of choices ('unknown edition 'SQ' (did you mean 'sq'?)')."""
    given = list(dict.fromkeys(given))
    for name in given:
        if name not in choices:
            raise BookletError(f"unknown {kind} '{name}'" + did_you_mean(name, choices),
                               hint=f"{kind}s: " + ", ".join(choices))
    return given


def relative(path: Path, root: Path) -> str:
    """A path as users see it: relative to the project when it is inside, by its theme path
    when it is a theme's file (`theme anniversary: styles/base.css`)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):  # outside root, or a symlink loop
        return theme_shown(path) or path.as_posix()
