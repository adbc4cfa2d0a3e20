"""Rebuild only what changed: the build folder's record of what each PDF was made from.

`build_changed()` takes what `build_all()` takes (and `force`); returns the
same `BuildReport`.  Before building it compares each output's inputs
(inputs.py) with the record of the output folder (`record_path()`):
a PDF whose inputs, variant settings and booklet version are the same, and
which is still the file that build wrote, is reported as up to date — with
the pages, stand-ins and warnings its build found — and not built again.
The rest are built by `build_all()`, grouped so each group reads the page
files once, and the record is updated for every PDF written.  The record
lives in .cache/built/, one file per output folder, so build/ holds only PDFs.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from booklet.build import Progress, build_all
from booklet.config import Booklet
from booklet.errors import Diagnostic, Location
from booklet.inputs import FileDigests, inputs_digest
from booklet.report import BuildReport, EditionReport


@dataclass(frozen=True)
class Built:
    """What the record says of one PDF: what it was made from, and what its build found."""

    digest: str
    size: int
    mtime_ns: int
    pages: int
    standins: list[str]
    warnings: list[Diagnostic]
    page_files: list[list[str]]

    def as_json(self) -> dict[str, Any]:
        return {"digest": self.digest, "size": self.size, "mtime_ns": self.mtime_ns,
                "pages": self.pages, "standins": self.standins, "page_files": self.page_files,
                "warnings": [_diagnostic_json(d) for d in self.warnings]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Built:
        return cls(str(data["digest"]), int(data["size"]), int(data["mtime_ns"]), int(data["pages"]),
                   [str(s) for s in data["standins"]], [_diagnostic(d) for d in data["warnings"]],
                   [[str(f) for f in files] for files in data["page_files"]])


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    where = [d.where.path, d.where.line, d.where.column] if d.where else None
    return {"severity": d.severity, "code": d.code, "message": d.message, "where": where, "hint": d.hint,
            "subject": d.subject}


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    where = data["where"]
    return Diagnostic("warning" if data["severity"] == "warning" else "error", str(data["code"]),
                      str(data["message"]), Location(str(where[0]), int(where[1]), int(where[2]))
                      if where else None, str(data["hint"]), str(data.get("subject", "")))


class Record:
    """The record of one output folder, by PDF file name."""

    def __init__(self, booklet: Booklet, folder: Path) -> None:
        self.path = record_path(booklet, folder)
        self.entries: dict[str, Built] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {name: Built.from_json(entry) for name, entry in loaded.items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            self.entries = {}  # no record, or a damaged one: everything is built

    def current(self, target: Path, digest: str) -> Built | None:
        """The entry of target if it was built from these inputs and is still the file written."""
        entry = self.entries.get(target.name)
        if entry is None or entry.digest != digest:
            return None
        try:
            stat = target.stat()
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (entry.size, entry.mtime_ns):
            return None  # replaced or touched by hand since
        if target.with_name(f"{target.stem}-rejected.pdf").exists():
            return None  # a later build failed: say so again
        return entry

    def note(self, report: EditionReport, digest: str) -> None:
        """Remember a PDF this build wrote (a failed build leaves the last good PDF, and its entry)."""
        if not report.written:
            return
        stat = report.target.stat()
        self.entries[report.target.name] = Built(
            digest, stat.st_size, stat.st_mtime_ns, report.pages, report.standins,
            report.warnings, report.page_files)

    def save(self) -> None:
        """Write the record atomically; a record that cannot be written only means a rebuild."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps({k: v.as_json() for k, v in sorted(self.entries.items())},
                                          indent=1, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            pass


def record_path(booklet: Booklet, folder: Path) -> Path:
    """Where the record of an output folder is kept: named after the folder's full path."""
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    return booklet.cache_dir / "built" / f"{name}.json"


def _up_to_date(lang: str, variant: str, target: Path, entry: Built) -> EditionReport:
    return EditionReport(lang, variant, target, pages=entry.pages, diagnostics=list(entry.warnings),
                         standins=list(entry.standins), up_to_date=True,
                         page_files=[list(files) for files in entry.page_files])


def build_changed(booklet: Booklet, langs: list[str], out_dir: Path,
                  progress: Progress = lambda _label, _step: None, *,
                  variants: list[str] | None = None, force: bool = False,
                  digests: FileDigests | None = None) -> BuildReport:
    """Build the PDFs whose inputs changed since they were written (all of them with force)."""
    started = time.perf_counter()
    digests = digests or FileDigests(booklet.cache_dir / "digests.json")
    names = variants or list(booklet.variants)
    record = Record(booklet, out_dir)
    wanted = {(lang, name): inputs_digest(booklet, lang, booklet.variants[name], digests)
              for lang in langs for name in names}
    done: dict[tuple[str, str], EditionReport] = {}
    for key, digest in wanted.items():
        entry = None if force else record.current(_target(booklet, out_dir, *key), digest)
        if entry:
            done[key] = _up_to_date(*key, _target(booklet, out_dir, *key), entry)
    report = BuildReport()
    for group_variants, group_langs in _groups(langs, names, done).items():
        built = build_all(booklet, group_langs, out_dir, progress, variants=list(group_variants))
        report.problems += [p for p in built.problems if p not in report.problems]
        for edition in built.editions:
            done[(edition.lang, edition.variant)] = edition
            record.note(edition, wanted[(edition.lang, edition.variant)])
    report.editions = [done[key] for key in wanted if key in done]
    if any(not e.up_to_date for e in report.editions):
        record.save()
    digests.save()
    report.seconds = time.perf_counter() - started
    return report


def _groups(langs: list[str], names: list[str], done: dict[tuple[str, str], EditionReport]
            ) -> dict[tuple[str, ...], list[str]]:
    """Languages by the variants they still need: one build_all() for each such set."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for lang in langs:
        stale = tuple(name for name in names if (lang, name) not in done)
        if stale:
            groups.setdefault(stale, []).append(lang)
    return groups


def _target(booklet: Booklet, out_dir: Path, lang: str, variant: str) -> Path:
    return out_dir / f"{booklet.spec.slug}-{lang}-{variant}.pdf"
