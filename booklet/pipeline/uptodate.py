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
import threading
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from booklet.core.cachefiles import cache_folder, read_json, write_entry
from booklet.core.errors import Data, Diagnostic, Location
from booklet.core.memo import is_count, is_hex_digest
from booklet.core.notes import note
from booklet.core.report import BuildReport, EditionReport, Rect, TextPage
from booklet.pipeline.build import Progress, build_all
from booklet.project.config import Booklet
from booklet.project.inputs import FileDigests, inputs_digest


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
    text_pages: list[TextPage] | None = None
    """Where each text is printed, page by page (None in a record written before booklet kept it:
    such a PDF is built again, for a preview to find its texts)."""
    arrangements: dict[str, str] | None = None
    """The plan it was laid out in (None in a record written before booklet kept it)."""

    def as_json(self) -> dict[str, Any]:
        return {"digest": self.digest, "size": self.size, "mtime_ns": self.mtime_ns,
                "pages": self.pages, "standins": self.standins, "page_files": self.page_files,
                "warnings": [_diagnostic_json(d) for d in self.warnings],
                "text_pages": [page.as_json() for page in self.text_pages or []],
                **({"arrangements": self.arrangements} if self.arrangements is not None else {})}

    @classmethod
    def from_json(cls, data: Any) -> Built | None:
        """The entry, or None if data is not what as_json() writes (a damaged or foreign record)."""
        if not isinstance(data, dict) or not _FIELDS <= set(data) <= {*_FIELDS, *_OPTIONAL}:
            return None
        warnings = [_diagnostic(d) for d in _list(data["warnings"])]
        files = [_strings(f) for f in _list(data["page_files"])]
        standins = _strings(data["standins"])
        if not (is_hex_digest(data["digest"]) and is_count(data["size"]) and is_count(data["mtime_ns"])
                and is_count(data["pages"]) and standins is not None
                and isinstance(data["warnings"], list) and all(warnings)
                and isinstance(data["page_files"], list) and all(f is not None for f in files)):
            return None
        texts = _text_pages(data["text_pages"]) if "text_pages" in data else None
        if "text_pages" in data and texts is None:
            return None
        plan = data.get("arrangements")
        if plan is not None and not (isinstance(plan, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in plan.items())):
            return None
        return cls(data["digest"], data["size"], data["mtime_ns"], data["pages"], standins,
                   [w for w in warnings if w], [f for f in files if f is not None], texts, plan)


_FIELDS = {"digest", "size", "mtime_ns", "pages", "standins", "warnings", "page_files"}
_OPTIONAL = {"text_pages", "arrangements"}
_RECORD_LIMIT = 16 << 20
"""The largest record read: a few KB per PDF."""


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text_pages(value: Any) -> list[TextPage] | None:
    """The record's text pages, or None if they are not what as_json() writes."""
    if not isinstance(value, list):
        return None
    pages = []
    for page in value:
        if not (isinstance(page, dict) and set(page) == {"boxes", "room", "rooms", "chars"}
                and isinstance(page["boxes"], dict) and (page["room"] is None or _number(page["room"]))
                and all(isinstance(page[name], dict) and all(isinstance(k, str) and _number(n)
                                                             for k, n in page[name].items())
                        for name in ("rooms", "chars"))):
            return None
        kept: dict[str, list[Rect]] = {}
        for key, rects in page["boxes"].items():
            if not (isinstance(key, str) and isinstance(rects, list)):
                return None
            for rect in rects:
                if not (isinstance(rect, list) and len(rect) == 4 and all(_number(n) for n in rect)):
                    return None
                kept.setdefault(key, []).append((rect[0], rect[1], rect[2], rect[3]))
        pages.append(TextPage(kept, page["room"], dict(page["rooms"]),
                              {k: int(n) for k, n in page["chars"].items()}))
    return pages


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str] | None:
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return list(value) if ok else None


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    where = [d.where.path, d.where.line, d.where.column] if d.where else None
    return {"severity": d.severity, "code": d.code, "message": d.message, "where": where, "hint": d.hint,
            "subject": d.subject, "data": d.data.as_json()}


_DIAGNOSTIC_FIELDS = {"severity", "code", "message", "where", "hint"}
"""What a warning in the record holds ("subject" and "data" too, since booklet keeps what a finding
is about)."""


def _facts(data: Any) -> Data | None:
    """A warning's data as the record keeps it, or None if it is not what booklet writes."""
    if not isinstance(data, dict) or not set(data) <= {f.name for f in fields(Data)}:
        return None
    strings = [data.get(name, "") for name in ("key", "section")]
    counts = [data.get(name, 0) for name in ("page", "count")]
    items, keys = data.get("items", []), data.get("keys", [])
    if not (all(isinstance(s, str) for s in strings) and all(is_count(c) for c in counts)
            and all(isinstance(f, list) and all(isinstance(i, str) for i in f) for f in (items, keys))):
        return None
    return Data(strings[0], counts[0], strings[1], counts[1], tuple(items), tuple(keys))


def _diagnostic(data: Any) -> Diagnostic | None:
    """A warning as the record keeps it (a record holds no errors: their PDFs are not written)."""
    kept = {*_DIAGNOSTIC_FIELDS, "subject", "data"}
    if not isinstance(data, dict) or not _DIAGNOSTIC_FIELDS <= set(data) <= kept:
        return None
    facts = _facts(data.get("data", {}))
    if facts is None:
        return None
    where = data["where"]
    texts = (data["code"], data["message"], data["hint"], data.get("subject", ""))
    if data["severity"] != "warning" or not all(isinstance(t, str) for t in texts):
        return None
    if where is not None and not (isinstance(where, list) and len(where) == 3 and isinstance(where[0], str)
                                  and is_count(where[1]) and is_count(where[2])):
        return None
    return Diagnostic("warning", data["code"], data["message"],
                      Location(where[0], where[1], where[2]) if where else None, data["hint"],
                      data.get("subject", ""), facts)


class Record:
    """The record of one output folder, by PDF file name."""

    def __init__(self, booklet: Booklet, folder: Path) -> None:
        self.path, self.cache = record_path(booklet, folder), booklet.cache_dir
        self.entries: dict[str, Built] = {}
        try:
            loaded = read_json(cache_folder(booklet.cache_dir, "built") / self.path.name, _RECORD_LIMIT)
        except OSError as exc:
            note(f"the record of what was built cannot be kept: {exc.strerror or exc}")
            return
        if loaded is None:
            return  # no record: everything is built
        entries = {name: Built.from_json(e) for name, e in loaded.items()} if isinstance(loaded, dict) else {}
        self.entries = {name: entry for name, entry in entries.items() if entry is not None}
        if not isinstance(loaded, dict) or len(self.entries) < len(loaded):
            note("the record of what was built was not all what booklet writes there: "
                 "what it said of the PDFs concerned was ignored (they are built again)")

    def current(self, target: Path, digest: str) -> Built | None:
        """The entry of target if it was built from these inputs and is still the file written."""
        entry = self.entries.get(target.name)
        if entry is None or entry.digest != digest:
            return None
        try:
            stat = target.lstat()  # a link is not the file this build wrote
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != (entry.size, entry.mtime_ns):
            return None  # replaced or touched by hand since
        if target.with_name(f"{target.stem}-rejected.pdf").exists():
            return None  # a later build failed: say so again
        if entry.text_pages is None:
            return None  # recorded before booklet kept where texts are: a preview needs them
        return entry

    def note(self, report: EditionReport, digest: str) -> None:
        """Remember a PDF this build wrote (a failed build leaves the last good PDF, and its entry)."""
        if not report.written:
            return
        stat = report.target.stat()
        self.entries[report.target.name] = Built(
            digest, stat.st_size, stat.st_mtime_ns, report.pages, report.standins,
            report.warnings, report.page_files, report.text_pages, dict(report.arrangements))

    def forget(self, target: Path) -> None:
        """Build target again next time, whatever its inputs."""
        self.entries.pop(target.name, None)

    def save(self) -> None:
        """Write the record atomically; a record that cannot be written only means a rebuild."""
        text = json.dumps({k: v.as_json() for k, v in sorted(self.entries.items())}, indent=1,
                          ensure_ascii=False)
        try:
            folder = cache_folder(self.cache, "built")
        except OSError as exc:
            note(f"the record of what was built cannot be kept: {exc.strerror or exc}")
            return
        write_entry(folder / self.path.name, text.encode())


def record_path(booklet: Booklet, folder: Path) -> Path:
    """Where the record of an output folder is kept: named after the folder as the project sees
    it (its path inside the project, or its full path when it is elsewhere)."""
    real = folder.resolve()
    shown = real.relative_to(booklet.root).as_posix() if real.is_relative_to(booklet.root) else str(real)
    name = hashlib.sha256(shown.encode()).hexdigest()[:16]
    return booklet.cache_dir / "built" / f"{name}.json"


def _up_to_date(lang: str, variant: str, target: Path, entry: Built) -> EditionReport:
    return EditionReport(lang, variant, target, pages=entry.pages, diagnostics=list(entry.warnings),
                         standins=list(entry.standins), up_to_date=True,
                         page_files=[list(files) for files in entry.page_files],
                         text_pages=list(entry.text_pages or []))


def build_changed(booklet: Booklet, langs: list[str], out_dir: Path,
                  progress: Progress = lambda _label, _step: None, *,
                  variants: list[str] | None = None, force: bool = False,
                  digests: FileDigests | None = None, stop: threading.Event | None = None) -> BuildReport:
    """Build the PDFs whose inputs changed since they were written (all of them with force).

    Setting stop ends the build as Ctrl-C would (see build_all).
    """
    started = time.perf_counter()
    digests = digests or FileDigests(booklet.root, booklet.cache_dir)
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
        built = build_all(booklet, group_langs, out_dir, progress, variants=list(group_variants), stop=stop)
        report.problems += [p for p in built.problems if p not in report.problems]
        for edition in built.editions:
            done[(edition.lang, edition.variant)] = edition
            record.note(edition, wanted[(edition.lang, edition.variant)])
    stale = _default_plan_changed(booklet, out_dir, record, [done[k] for k in wanted if k in done])
    for name in stale:
        record.forget(_target(booklet, out_dir, booklet.spec.default_language, name))
    again = [n for n in stale if (booklet.spec.default_language, n) in done]
    if again:
        built = build_all(booklet, [booklet.spec.default_language], out_dir, progress, variants=again,
                          stop=stop)
        report.problems += [p for p in built.problems if p not in report.problems]
        for edition in built.editions:
            done[(edition.lang, edition.variant)] = edition
            record.note(edition, wanted[(edition.lang, edition.variant)])
    report.editions = [done[key] for key in wanted if key in done]
    if stale or any(not e.up_to_date for e in report.editions):
        record.save()
    digests.save()
    report.seconds = time.perf_counter() - started
    return report


def _default_plan_changed(booklet: Booklet, out_dir: Path, record: Record,
                          editions: list[EditionReport]) -> list[str]:
    """The variants whose default-language PDF was laid out in another plan than the one an
    edition built now keeps of it.

    The default language (English) is planned on what fits in every edition, and the others keep
    its plan: a translation's words can change English's plan although no input of English's PDF
    changed.  An edition built now planned with English's plan as it is today (`follows`); where
    the record says English's PDF was laid out otherwise, that PDF is out of date.
    """
    default = booklet.spec.default_language
    stale: list[str] = []
    for edition in editions:
        if edition.up_to_date or not edition.follows or not edition.written:
            continue
        entry = record.entries.get(_target(booklet, out_dir, default, edition.variant).name)
        if entry is None or entry.arrangements is None:
            continue
        if any(entry.arrangements.get(page_file) != arrangement
               for page_file, arrangement in edition.follows.items()):
            stale += [name for name in booklet.variants if name not in stale]
    return stale


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
