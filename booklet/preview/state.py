"""The preview's state: the editions kept built while a designer works, and what the page shows.

`Preview` takes the project folder, the languages and variants to keep built
and the output folder.  `rebuild()` makes what changed (uptodate.py, the same
record and build/ as `booklet build`) and keeps, per edition and variant, the
last good PDF open for page images (pageimages.py) with the findings of the
latest build; a failed build keeps the last good pages and says what failed.
`state()` is that as JSON for the page; `wait()` blocks until it changes
(for server-sent events); `watch()` rebuilds on every save, via watchfiles.
"""

from __future__ import annotations

import io
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import watchfiles

from booklet.content.edition import load_pages
from booklet.core.errors import BookletError, Diagnostic
from booklet.core.report import BuildReport, EditionReport, TextPage, report_lines
from booklet.pipeline.uptodate import build_changed
from booklet.preview.texts import SourcesCache
from booklet.project.config import CONFIG_FILE, SOURCE_FOLDERS, Booklet, load_booklet
from booklet.project.inputs import THEME_FOLDERS, FileDigests, is_input
from booklet.render.pageimages import PageImages

SIZES = {"thumb": 180, "page": 1200}
"""Page image heights in pixels: navigator thumbnails, and pages of a spread."""
KEPT_IMAGES = 600
WATCHED = SOURCE_FOLDERS


@dataclass
class Shown:
    """One edition in one variant as the page shows it: the last good PDF and the latest findings."""

    lang: str
    variant: str
    generation: int = 0
    """Counts the PDFs shown; page image addresses carry it, so a browser never shows an old one."""
    images: PageImages | None = None
    page_files: list[list[str]] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    failed: bool = False
    """The latest build of it failed: the pages are the last good ones."""
    pdf: str = ""
    text_pages: list[TextPage] = field(default_factory=list)
    """Per page of the PDF shown, where each text is printed (layout/textboxes.py)."""

    def take(self, edition: EditionReport) -> None:
        """Show what a build made of this edition (or keep the last good pages if it failed)."""
        self.findings = list(edition.diagnostics)
        self.failed = bool(edition.errors)
        if not (edition.written or edition.up_to_date) or not edition.target.is_file():
            return
        if edition.written or self.images is None:
            if self.images:
                self.images.close()
            self.images = PageImages(edition.target)
            self.generation += 1
            self.page_files = edition.page_files
            self.text_pages = edition.text_pages
            self.pdf = edition.target.name


class Preview:
    """The editions a preview keeps built, and its page images."""

    def __init__(self, root: Path, langs: list[str], variants: list[str], out_dir: Path,
                 tell: Callable[[BuildReport], None] = lambda _report: None) -> None:
        self.root, self.langs, self.variants, self.out_dir = root, langs, variants, out_dir
        self.tell = tell
        """Told each build's report (the terminal shows what the page shows)."""
        self.changed = threading.Condition()
        self.version = 0
        self.building = False
        self.shown: dict[tuple[str, str], Shown] = {}
        self.problems: list[Diagnostic] = []
        self.summary = ""
        self.finished = ""
        """When the latest build ended (the machine's clock, for the page's status line)."""
        self.landmarks: list[tuple[str, str]] = []
        self.booklet: Booklet | None = None
        self.digests = FileDigests()
        self.build_lock = threading.Lock()
        self.stopping = threading.Event()
        """Set when the preview ends: a build running stops as Ctrl-C stops one, and none starts."""
        self.images: OrderedDict[tuple[str, str, int, int, str], bytes] = OrderedDict()
        self.queued = False
        """A rebuild is asked for (rebuild_soon) and has not started yet."""
        self.edit_lock = threading.Lock()
        """Held around every save and review (api.py): two tabs never write at once."""
        self.sources = SourcesCache()
        """The texts' stories, read again only when a file they come from changed (texts.py)."""

    # ---- building -----------------------------------------------------------------------------

    def rebuild(self, force: bool = False) -> None:
        """Build what changed and show it; problems are shown, never raised."""
        with self.build_lock:
            if self.stopping.is_set():
                return
            self._set(building=True)
            try:
                booklet = load_booklet(self.root)
                self.booklet = booklet
                self.langs = [lang for lang in self.langs if lang in booklet.spec.languages] or [
                    booklet.spec.default_language]
                self.variants = [v for v in self.variants if v in booklet.variants] or [
                    next(iter(booklet.variants))]
                report = build_changed(booklet, self.langs, self.out_dir, variants=self.variants,
                                       force=force, digests=self.digests, stop=self.stopping)
            except BookletError as exc:
                report = BuildReport(problems=exc.diagnostics())
            except KeyboardInterrupt:
                if not self.stopping.is_set():
                    raise
                return  # stopped with the preview: its half-made files are removed
            self._show(report)
            self.tell(report)

    def rebuild_soon(self) -> None:
        """Rebuild once the build running now (if any) has ended: a file saved while a build reads
        the files is built again, whatever the watcher saw."""
        with self.changed:
            if self.queued:
                return  # the rebuild waiting will read the file as it is now
            self.queued = True
        threading.Thread(target=self._queued_rebuild, name="booklet-rebuild", daemon=True).start()

    def _queued_rebuild(self) -> None:
        with self.build_lock:
            pass  # wait for the build running now
        with self.changed:
            self.queued = False
        self.rebuild()

    def _show(self, report: BuildReport) -> None:
        with self.changed:
            for edition in report.editions:
                key = (edition.lang, edition.variant)
                self.shown.setdefault(key, Shown(*key)).take(edition)
            self.problems = list(report.problems)
            self.summary = headline(report, self.root)
            if not report.problems:
                self.landmarks = self._landmarks()
            self.building = False
            self.finished = time.strftime("%H:%M:%S")
            self._bump()

    def _landmarks(self) -> list[tuple[str, str]]:
        """Each page of a layout with a `navigator:` field, by that field's value, and its page file:
        the navigator's jump list."""
        booklet = self.booklet
        if booklet is None:
            return []
        try:
            pages = load_pages(booklet)
        except BookletError:
            return self.landmarks
        named = ((booklet.layouts[p.page.layout].navigator, p) for p in pages)
        return [(str(value), p.path) for field, p in named
                if field and (value := getattr(p.page, field, None)) is not None]

    def want(self, lang: str, variant: str) -> bool:
        """Keep this edition and variant built too (the page's switch); False if there is no such."""
        booklet = self.booklet
        if booklet is None or lang not in booklet.spec.languages or variant not in booklet.variants:
            return False
        if (lang, variant) in self.shown:
            return True
        if lang not in self.langs:
            self.langs.append(lang)
        if variant not in self.variants:
            self.variants.append(variant)
        threading.Thread(target=self.rebuild, daemon=True).start()
        return True

    def watch(self, stop: threading.Event, on_change: Callable[[set[str]], None] = lambda _: None
              ) -> None:
        """Rebuild whenever an input of some PDF is saved, until stop is set.

        The source folders are watched, not the project folder, which may hold
        a .venv of thousands of folders; booklet.yaml is looked at between events.
        """
        def relevant(_change: watchfiles.Change, path: str) -> bool:
            return self.booklet is None or is_input(Path(path), self.booklet)

        folders = [self.root / name for name in WATCHED if (self.root / name).is_dir()]
        theme = self.booklet.theme_root if self.booklet else None
        if theme is not None:  # the design a project does not replace is its theme's
            folders += [theme / name for name in THEME_FOLDERS if (theme / name).is_dir()]
        config = self.root / CONFIG_FILE
        seen = _stamp(config)
        for changes in watchfiles.watch(*folders, watch_filter=relevant, stop_event=stop, debounce=300,
                                        step=50, rust_timeout=500, yield_on_timeout=True,
                                        raise_interrupt=False):
            stamp = _stamp(config)
            if changes or stamp != seen:
                seen = stamp
                on_change({path for _, path in changes} | ({str(config)} if not changes else set()))
                self.rebuild()

    # ---- what the page reads --------------------------------------------------------------------

    def _set(self, building: bool) -> None:
        with self.changed:
            self.building = building
            self._bump()

    def _bump(self) -> None:
        self.version += 1
        self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the state is newer than seen (or timeout); return its version."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.stopping.is_set(), timeout)
            return self.version

    def state(self) -> dict[str, Any]:
        """Everything the page shows, as JSON."""
        with self.changed:
            booklet = self.booklet
            return {
                "version": self.version, "building": self.building,
                "title": booklet.spec.title if booklet else "",
                "languages": list(booklet.spec.languages) if booklet else self.langs,
                "variants": list(booklet.variants) if booklet else self.variants,
                "problems": [_finding(d) for d in self.problems], "summary": self.summary,
                "finished": self.finished,
                "landmarks": [{"label": label, "file": f} for label, f in self.landmarks],
                "editions": [_edition_json(s) for s in self.shown.values()],
            }

    def image(self, lang: str, variant: str, generation: int, page: int, size: str) -> bytes | None:
        """A page as JPEG, rendered once per PDF; None if that PDF or page is not (or no longer) shown."""
        key = (lang, variant, generation, page, size)
        with self.changed:
            cached = self.images.get(key)
            shown = self.shown.get((lang, variant))
            images = shown.images if shown and shown.generation == generation else None
        if cached is not None:
            return cached
        if images is None or not 1 <= page <= images.count or size not in SIZES:
            return None
        out = io.BytesIO()
        try:
            images.page(page, SIZES[size]).save(out, "JPEG", quality=88)
        except Exception:  # closed under us by a newer PDF: the page asks again with its address
            return None
        with self.changed:
            self.images[key] = out.getvalue()
            while len(self.images) > KEPT_IMAGES:
                self.images.popitem(last=False)
        return out.getvalue()

    def stop(self, seconds: float) -> bool:
        """End the preview: stop a running build, wake every waiting event stream; wait for the build
        at most seconds.  True when no build is left running."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        if not self.build_lock.acquire(timeout=seconds):
            return False
        self.build_lock.release()
        return True

    def close(self) -> None:
        for shown in self.shown.values():
            if shown.images:
                shown.images.close()


def headline(report: BuildReport, cwd: Path) -> str:
    """The line that sums a build up: what was built, that all is up to date, or how many problems."""
    said = [line for kind, line in report_lines(report, cwd) if kind in ("summary", "note")]
    return next((line for line in said if line.startswith(("Built", "Up to date")) or "problem" in line),
                said[-1] if said else "")


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_size, stat.st_mtime_ns)


def _edition_json(shown: Shown) -> dict[str, Any]:
    return {"lang": shown.lang, "variant": shown.variant, "generation": shown.generation,
            "pages": shown.images.count if shown.images else 0,
            "aspect": shown.images.aspect if shown.images else 0.75,
            "page_files": shown.page_files, "failed": shown.failed, "pdf": shown.pdf,
            "findings": [_finding(d) for d in shown.findings]}


def _finding(d: Diagnostic) -> dict[str, Any]:
    """A finding for the page; an overflow's keys are the texts on its page, longest first."""
    return {"severity": d.severity, "text": str(d), "file": d.where.path if d.where else "",
            "code": d.code, "page": d.data.page, "keys": list(d.data.keys)}
