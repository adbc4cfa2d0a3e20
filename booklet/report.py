"""What a build made and what it has to say, as values — and the one way they are printed.

`build_all()` returns a `BuildReport`: one `EditionReport` per edition and
variant (written or not, the rejected layout, its diagnostics) plus the
problems that stopped every edition.  `report_lines()` words it for people;
the CLI prints those lines, and a preview can show the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from booklet.errors import Diagnostic, relative


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
    arrangements: dict[str, str] = field(default_factory=dict)
    """The arrangement copyfit chose for each page file that has them."""

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

    @property
    def ok(self) -> bool:
        return not self.problems and not any(e.errors for e in self.editions)

    def errors(self) -> list[Diagnostic]:
        found = [*self.problems, *(d for e in self.editions for d in e.errors)]
        return list(dict.fromkeys(found))  # an error shared by an edition's variants is said once

    def warnings(self) -> list[Diagnostic]:
        return list(dict.fromkeys(d for e in self.editions for d in e.warnings))


def report_json(report: BuildReport, cwd: Path) -> dict[str, Any]:
    """The report as data for machines (booklet build --json): paths relative to cwd when inside it."""
    def diagnostic(d: Diagnostic) -> dict[str, Any]:
        where = d.where
        return {"severity": d.severity, "code": d.code, "message": d.message, "hint": d.hint,
                "file": where.path if where else None, "line": where.line if where else 0,
                "column": where.column if where else 0, "text": str(d)}

    return {
        "ok": report.ok, "seconds": round(report.seconds, 3),
        "problems": [diagnostic(d) for d in report.problems],
        "editions": [{"lang": e.lang, "variant": e.variant, "target": relative(e.target, cwd),
                      "written": e.written, "up_to_date": e.up_to_date, "pages": e.pages,
                      "seconds": round(e.seconds, 3),
                      "rejected": relative(e.rejected, cwd) if e.rejected else None,
                      "standins": e.standins, "arrangements": e.arrangements,
                      "diagnostics": [diagnostic(d) for d in e.diagnostics]}
                     for e in report.editions],
    }


Kind = Literal["error", "warning", "note", "summary"]
"""What a line is: an error or a warning (coloured), a note about them, or the summary of what was made."""


def report_lines(report: BuildReport, cwd: Path) -> list[tuple[Kind, str]]:
    """The report as people read it: warnings, the table of PDFs, then errors and what survived."""
    lines: list[tuple[Kind, str]] = [("warning", f"warning: {w}") for w in report.warnings()]
    written = [e for e in report.editions if e.written]
    current = [e for e in report.editions if e.up_to_date]
    if written or current:
        lines.append(("summary", ""))
        lines += [("summary", _row(e, cwd)) for e in report.editions if e.written or e.up_to_date]
    errors = report.errors()
    if report.checked_only:
        return lines + _checked(report, errors)
    if not errors:
        count = len(report.warnings())
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
    if written:
        failed = ", ".join(dict.fromkeys(e.label for e in report.editions if e.errors))
        done = ", ".join(relative(e.target, cwd) for e in written)
        lines.append(("note", f"{problems} in {failed}; written: {done}; no other PDF was updated "
                              "(any earlier PDF is still in place)."))
    else:
        lines.append(("note", f"{problems}; no PDF was updated (any earlier PDF is still in place)."))
    lines += [("note", f"The layout that failed is in {relative(e.rejected, cwd)}, to look at.")
              for e in report.editions if e.rejected]
    return lines


def _checked(report: BuildReport, errors: list[Diagnostic]) -> list[tuple[Kind, str]]:
    count, warnings = len(report.editions), len(report.warnings())
    said = f"Checked {_plural(count, 'layout')} in {report.seconds:.1f} s: "
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
