"""What a build made and what it has to say, as values — and the one way they are printed.

`build_all()` returns a `BuildReport`: one `EditionReport` per edition and
variant (written or not, the rejected layout, its diagnostics) plus the
problems that stopped every edition.  `report_lines()` words it for people;
the CLI prints those lines, and a preview can show the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from booklet.core.errors import Diagnostic, relative

Rect = tuple[float, float, float, float]
"""(x, y, width, height) as fractions of the trimmed page, from its top-left corner."""


@dataclass(frozen=True)
class TextPage:
    """One printed page's texts: where each key's words are, one rectangle a line, and the room
    left under the page's last line of text."""

    boxes: dict[str, list[Rect]] = field(default_factory=dict)
    room: float | None = None
    """Lines (of the height of the page's last line) of blank paper below it, down to the next
    thing printed or the foot of the type area; None for a page without text in the flow."""
    rooms: dict[str, float] = field(default_factory=dict)
    """Per key, lines of its own height it has to grow into: the more of the blank below its last
    line (in its column) and the blank below the page's last line."""
    chars: dict[str, int] = field(default_factory=dict)
    """Per key, about how many of its characters those whole lines hold, as wide as its column."""

    def as_json(self) -> dict[str, Any]:
        return {"boxes": {k: [list(r) for r in rects] for k, rects in self.boxes.items()},
                "room": self.room, "rooms": self.rooms, "chars": self.chars}


@dataclass
class EditionReport:
    """One edition in one variant: what was written and what was found."""

    lang: str
    variant: str
    target: Path
    """Where its PDF goes (or stays, when this build did not write it)."""
    written: bool = False
    rejected: Path | None = None
    """The layout that failed, kept beside the target for a look."""
    pages: int = 0
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    standins: list[str] = field(default_factory=list)
    """Photos (their `file:`) still drawn as labelled stand-ins."""
    up_to_date: bool = False
    """Not built: the PDF in place was made from the same inputs (uptodate.py)."""
    page_files: list[list[str]] = field(default_factory=list)
    """Per printed page, the page files laid out on it (for a preview to place findings)."""
    text_pages: list[TextPage] = field(default_factory=list)
    """Per printed page, where each text is and the room left under the last line
    (layout/textboxes.py): a preview answers a click without laying out again."""
    arrangements: dict[str, str] = field(default_factory=dict)
    """The arrangement copyfit chose for each page file that has them."""
    spreads: list[str] = field(default_factory=list)
    """Per spread, its arrangements and why they won (planner.py)."""
    departures: list[str] = field(default_factory=list)
    """Where the edition leaves the reference plan (English's), and why."""
    follows: dict[str, str] = field(default_factory=dict)
    """The default language's arrangement of each page file this edition keeps it of, as its build
    planned it (empty unless the edition follows the default language's plan): that plan is made
    from every edition's words, so a record of the default language's PDF can be checked by it."""

    @property
    def label(self) -> str:
        return f"{self.lang}-{self.variant}"

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


@dataclass
class BuildReport:
    """Everything one build did."""

    editions: list[EditionReport] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    """Errors that stopped every edition (booklet.yaml, the page files, the output folder)."""
    seconds: float = 0.0
    checked_only: bool = False
    """A check (booklet check): laid out and checked, nothing written."""
    writes_pdfs: bool = True
    """Made by a command that writes PDFs: a failure says no PDF was updated (others do not talk
    about PDFs)."""

    @property
    def ok(self) -> bool:
        return not self.problems and not any(e.errors for e in self.editions)

    def errors(self) -> list[Diagnostic]:
        found = [*self.problems, *(d for e in self.editions for d in e.errors)]
        return list(dict.fromkeys(found))  # an error shared by an edition's variants is said once

    def warnings(self) -> list[Diagnostic]:
        return list(dict.fromkeys(d for e in self.editions for d in e.warnings))

    def causes(self) -> list[Cause]:
        """The warnings one per cause: the same photo, text or page found by several checks
        (the source and the written PDF) and in several variants is one Cause per edition, and
        editions whose Cause says the same words share one."""
        found: dict[tuple[str, str, str], list[tuple[EditionReport, Diagnostic]]] = {}
        for edition in self.editions:
            for d in edition.warnings:
                found.setdefault((edition.lang, *cause_of(d)), []).append((edition, d))
        said: dict[Diagnostic, list[tuple[str, str]]] = {}
        for seen in found.values():
            said.setdefault(_shown(d for _, d in seen), []).extend((e.lang, e.variant) for e, _ in seen)
        return [Cause(d, tuple(dict.fromkeys(editions))) for d, editions in said.items()]


FAMILIES = {"low-resolution": "resolution"}
"""Codes that are one kind of cause: a photo below its variant's wish or below its minimum."""


def cause_of(d: Diagnostic) -> tuple[str, str]:
    """What a finding is about: its code's family and its subject (a photo's path), or, for a
    finding without one, its words and place (the same words in two variants are one cause)."""
    return FAMILIES.get(d.code, d.code), d.subject or str(d)


def _shown(found: Iterable[Diagnostic]) -> Diagnostic:
    """The finding that says a cause best: the one at a line of a source file, else the first."""
    found = list(found)
    return next((d for d in found if d.where and d.where.line), found[0])


@dataclass(frozen=True)
class Cause:
    """One cause of warnings, with the editions and variants it is true of."""

    diagnostic: Diagnostic
    editions: tuple[tuple[str, str], ...]
    """(language, variant) pairs, in build order."""

    def __str__(self) -> str:
        d = self.diagnostic
        if d.code == "standin":  # the photos (data.items) are for `booklet photos` and --verbose
            d = replace(d, message=d.message + " (`booklet photos` lists them)",
                        data=replace(d.data, items=()))
        return f"{d} [{self.scope}]"

    @property
    def scope(self) -> str:
        """'en: print, proof', or 'en, sq: print; fr: proof' when languages differ in variants."""
        variants: dict[str, list[str]] = {}
        for lang, variant in self.editions:
            variants.setdefault(lang, []).append(variant)
        langs: dict[tuple[str, ...], list[str]] = {}
        for lang, names in variants.items():
            langs.setdefault(tuple(names), []).append(lang)
        return "; ".join(f"{', '.join(ls)}: {', '.join(names)}" for names, ls in langs.items())


def report_json(report: BuildReport, cwd: Path) -> dict[str, Any]:
    """The report as data for machines (booklet build --json): paths relative to cwd when inside it."""
    def diagnostic(d: Diagnostic) -> dict[str, Any]:
        where = d.where
        return {"severity": d.severity, "code": d.code, "message": d.message, "hint": d.hint,
                "file": where.path if where else None, "line": where.line if where else 0,
                "column": where.column if where else 0, "subject": d.subject, "data": d.data.as_json(),
                "text": str(d)}

    return {
        "ok": report.ok, "seconds": round(report.seconds, 3),
        "problems": [diagnostic(d) for d in report.problems],
        "warnings": [{**diagnostic(c.diagnostic), "text": str(c),
                      "editions": [f"{lang}-{variant}" for lang, variant in c.editions]}
                     for c in report.causes()],  # one per cause, as printed; every one is below
        "editions": [{"lang": e.lang, "variant": e.variant, "target": relative(e.target, cwd),
                      "written": e.written, "up_to_date": e.up_to_date, "pages": e.pages,
                      "seconds": round(e.seconds, 3),
                      "rejected": relative(e.rejected, cwd) if e.rejected else None,
                      "standins": e.standins, "arrangements": e.arrangements,
                      "spreads": e.spreads, "departures": e.departures,
                      "diagnostics": [diagnostic(d) for d in e.diagnostics]}
                     for e in report.editions],
    }


Kind = Literal["error", "warning", "note", "summary"]
"""What a line is: an error or a warning (coloured), a note about them, or the summary of what was made."""


def report_lines(report: BuildReport, cwd: Path, verbose: bool = False) -> list[tuple[Kind, str]]:
    """The report as people read it: warnings, the table of PDFs, then errors and what survived.

    A warning is said once per cause, with the editions it is true of (BuildReport.causes());
    verbose: every finding of every check, as each edition and variant found it.
    """
    warned = ([f"{d} [{e.lang}: {e.variant}]" for e in report.editions for d in e.warnings] if verbose
              else [str(c) for c in report.causes()])
    lines: list[tuple[Kind, str]] = [("warning", f"warning: {w}") for w in warned]
    written = [e for e in report.editions if e.written]
    current = [e for e in report.editions if e.up_to_date]
    if written or current:
        lines.append(("summary", ""))
        lines += [("summary", _row(e, cwd)) for e in report.editions if e.written or e.up_to_date]
    errors = report.errors()
    if report.checked_only:
        return lines + _checked(report, errors, len(warned))
    if not errors:
        count = len(warned)
        said = (f"Built {_plural(len(written), 'PDF')} in {report.seconds:.1f} s" if written
                else f"Up to date: nothing changed since the last build ({report.seconds:.1f} s)")
        if written and current:
            said += f"; {len(current)} up to date"
        lines.append(("summary", said + (f", {_plural(count, 'warning')}." if count else ".")))
        if current and not written:
            lines.append(("note", "booklet build --force builds them again."))
        return lines
    lines += [("error", str(e)) for e in errors]
    problems = _plural(len(errors), "problem")
    if not report.writes_pdfs:
        lines.append(("note", f"{problems}."))
    elif written:
        failed = ", ".join(dict.fromkeys(e.label for e in report.editions if e.errors))
        done = ", ".join(relative(e.target, cwd) for e in written)
        lines.append(("note", f"{problems} in {failed}; written: {done}; no other PDF was updated "
                              "(any earlier PDF is still in place)."))
    else:
        lines.append(("note", f"{problems}; no PDF was updated (any earlier PDF is still in place)."))
    lines += [("note", f"The layout that failed is in {relative(e.rejected, cwd)}, to look at.")
              for e in report.editions if e.rejected]
    return lines


def _checked(report: BuildReport, errors: list[Diagnostic], warnings: int) -> list[tuple[Kind, str]]:
    langs = ", ".join(dict.fromkeys(e.lang for e in report.editions))
    variants = ", ".join(dict.fromkeys(e.variant for e in report.editions))  # proof: as print, alike
    said = f"Checked {langs} ({variants}) in {report.seconds:.1f} s: "
    said += f"{_plural(len(errors), 'problem')}" if errors else "no problems"
    said += f", {_plural(warnings, 'warning')}." if warnings else "."
    return [*(("error", str(e)) for e in errors), ("note" if errors else "summary", said)]


def _row(e: EditionReport, cwd: Path) -> str:
    standins = f", {_plural(len(e.standins), 'stand-in photo')}" if e.standins else ""
    took = "up to date" if e.up_to_date else f"{e.seconds:5.1f} s"
    return (f"{e.lang:<8}{e.variant:<7}{e.pages:>4} pages  {took:>10}  "
            f"{relative(e.target, cwd)}{standins}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
