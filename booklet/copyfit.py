"""Copyfitting: choose each page's arrangement from the real layout of every candidate.

A layout may offer several arrangements of its content (layout.yaml
`arrangements:`; a year, say, on one page, on a spread with a photo band, or
facing a full-page photo).  `copyfit()` lays the edition out once with every
arrangement of every such page, one after another (the trial), measures each
from WeasyPrint's boxes — did its text run over, how much of a page stayed
blank paper — and plans the pages: per page file the best fit, such that
every spread starts on a left-hand page and the booklet has a multiple of
four pages, without filler.  Type never changes size to fit; the
arrangement does.  The plan is deterministic (the earlier arrangement wins a
tie) and cached by what the trial was made of; a cached trial is checked
against the edition as it is now before it is believed (`_cached`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from booklet.cachefiles import cache_folder, layout_roots, read_json, write_entry
from booklet.content import Edition
from booklet.errors import raise_all
from booklet.html import Document, render_html
from booklet.images import Plan
from booklet.notes import note, shown
from booklet.pdf import font_configuration, lay_out, project_document, read_stylesheet
from booklet.preflight import too_much_text
from booklet.variants import VARIANTS

BLANK_LIMIT = 1 / 3
"""No page may leave more of its type area as blank paper (from the design review)."""
WRONG_SIDE = 100.0
"""The cost of a page on the wrong side: a plan has one only when no plan can avoid it."""
PAGES_MULTIPLE = 4
"""A booklet is folded from sheets of four pages."""
KEPT_PLANS = 16
"""Trials kept per language in .cache/copyfit/ (undoing an edit finds its plan again)."""


@dataclass(frozen=True)
class Fit:
    """One arrangement of one page file as the trial laid it out."""

    page_file: str
    arrangement: str | None
    sides: tuple[str, ...]
    """Per page it makes, the side it must fall on ('' for either)."""
    overflow: bool
    blank: float
    """The largest share of one of its pages' type area left as blank paper."""

    @property
    def cost(self) -> float:
        return self.blank + (10.0 if self.overflow else 0.0) + (1.0 if self.blank > BLANK_LIMIT else 0.0)


@dataclass(frozen=True)
class Choice:
    page_file: str
    arrangement: str
    blank: float
    overflow: bool


def copyfit(edition: Edition) -> tuple[Plan, list[Choice]]:
    """The arrangement of every page file that has them, and what each choice measured."""
    trial = _trial(edition)
    if trial is None:
        return {}, []
    document, sheets, cache = trial
    fits = _cached(edition, cache) if cache else None
    if fits is None:
        fits = _measure(edition, document, sheets)
        if cache and write_entry(cache, json.dumps([f.__dict__ for f in fits]).encode()):
            _prune(cache)
    return plan_pages(edition, fits)


def planned(edition: Edition) -> tuple[Plan, dict[str, tuple[int, ...]]] | None:
    """The plan of the edition as it is now, and the printed pages (1-based) of each page file,
    from the trial an earlier build cached — without laying anything out.  None when no trial of
    the edition as it is now is cached, or when it has no arrangements (nothing was tried)."""
    trial = _trial(edition)
    fits = _cached(edition, trial[2]) if trial and trial[2] else None
    if fits is None:
        return None
    plan, _ = plan_pages(edition, fits)
    pages: dict[str, tuple[int, ...]] = {}
    first = 1
    for page_file in edition.pages:
        made = [len(f.sides) for f in fits
                if f.page_file == page_file.path and f.arrangement == plan.get(page_file.path)]
        pages[page_file.path] = tuple(range(first, first + (made[0] if made else 1)))
        first += made[0] if made else 1
    return plan, pages


def _trial(edition: Edition) -> tuple[Document, list[Path], Path | None] | None:
    """What the trial lays out (its document and stylesheets) and the file it is cached in
    (None when the cache cannot be used); None when no page has arrangements to try."""
    booklet = edition.booklet
    if not any(booklet.layouts[p.page.layout].arrangements for p in edition.pages):
        return None
    document = render_html(edition, None, VARIANTS["print"])
    raise_all(too_much_text(edition, document))  # before a trial that would take minutes
    sheets = booklet.stylesheets({p.page.layout for p in edition.pages}, VARIANTS["print"])
    # Read as the layout reads them: a missing or outside stylesheet is the usual one-line error.
    allowed = [booklet.root, *layout_roots(booklet.cache_dir)]
    key = _key(document, [read_stylesheet(s, booklet.root, allowed).encode() for s in sheets], booklet.root)
    try:
        folder = cache_folder(booklet.cache_dir, "copyfit")
    except OSError as exc:
        note(f"the copyfit's trials cannot be kept: {exc.strerror or exc}")
        return document, sheets, None
    return document, sheets, folder / f"{edition.lang}-{key}.json"


PLAN_LIMIT = 4 << 20
"""The largest cached trial read (a booklet of 40 pages writes 10 KB)."""


def _cached(edition: Edition, path: Path) -> list[Fit] | None:
    """The trial kept at path, if it is one of this edition as it is now; None (noted) if not.

    The file is untrusted (cachefiles.py): every measure must have its type,
    and its page files and arrangements must be exactly those the trial of
    the edition would measure today — a plan naming a page or an arrangement
    that is not there, or lacking one that is, is measured again.
    """
    data = read_json(path, PLAN_LIMIT)
    if data is None:
        return None
    fits = [_fit(entry) for entry in data] if isinstance(data, list) else [None]
    if None in fits or not _measures_this(edition, [f for f in fits if f]):
        note(f"{shown(path)} was ignored: not a trial of the edition as it is now "
             "(the trial is made again)")
        return None
    return [f for f in fits if f]


_FIT_FIELDS = {"page_file", "arrangement", "sides", "overflow", "blank"}


def _fit(entry: Any) -> Fit | None:
    """One measure as the cache keeps it, or None if it is not one."""
    if not isinstance(entry, dict) or set(entry) != _FIT_FIELDS:
        return None
    sides, blank = entry["sides"], entry["blank"]
    if not (isinstance(entry["page_file"], str) and isinstance(entry["arrangement"], str | None)
            and isinstance(sides, list) and sides and all(s in ("", "left", "right") for s in sides)
            and isinstance(entry["overflow"], bool) and isinstance(blank, int | float)
            and not isinstance(blank, bool) and 0 <= blank <= 1):
        return None
    return Fit(entry["page_file"], entry["arrangement"], tuple(sides), entry["overflow"], float(blank))


def _measures_this(edition: Edition, fits: list[Fit]) -> bool:
    """Whether fits measure exactly what a trial of edition measures: every arrangement of
    every page that has them, once, and nothing else."""
    wanted: set[tuple[str, str | None]] = set()
    may: set[tuple[str, str | None]] = set()
    for page_file in edition.pages:
        layout = edition.booklet.layouts[page_file.page.layout]
        if layout.arrangements:
            wanted |= {(page_file.path, a.name) for a in layout.candidates(page_file.page)}
        else:
            may.add((page_file.path, None))  # a page without arrangements may print nothing
    found = [(f.page_file, f.arrangement) for f in fits]
    return len(set(found)) == len(found) and wanted <= set(found) <= wanted | may




def _prune(written: Path) -> None:
    """Keep the KEPT_PLANS newest trials of this language: an hour of edits leaves hundreds."""
    lang = written.name.rsplit("-", 1)[0]
    mine = [p for p in written.parent.glob("*.json") if p.name.rsplit("-", 1)[0] == lang]
    for old in sorted(mine, key=lambda p: p.lstat().st_mtime_ns, reverse=True)[KEPT_PLANS:]:
        old.unlink(missing_ok=True)


def _key(document: Document, sheets: list[bytes], root: Path) -> str:
    """What the trial is made of, by content: the document with the project's own folder
    left out of its URLs (a copy of the project finds the same plans)."""
    portable = project_document(document, root)
    made_of = hashlib.sha256(portable.html.encode() + portable.css.encode())
    for sheet in sheets:
        made_of.update(sheet)
    return made_of.hexdigest()[:24]


def _measure(edition: Edition, document: Document, sheets: list[Any]) -> list[Fit]:
    booklet = edition.booklet
    with font_configuration() as fonts:
        rendered, _, _ = lay_out(document, booklet.root, sheets, layout_roots(booklet.cache_dir), fonts)
    spec = booklet.spec
    px = 96 / 25.4  # WeasyPrint's boxes are in CSS pixels
    area = (spec.margins.top * px, (spec.trim.height - spec.margins.bottom) * px)
    found: dict[tuple[str, str | None], dict[str, Any]] = {}
    for page in rendered.pages:
        box = page._page_box
        for section in _sections(box):
            element = section.element
            key = (element.get("data-page-file"), element.get("data-arrangement"))
            entry = found.setdefault(key, {"ids": [], "pages": {}, "sides": []})
            ident = element.get("data-section")
            if ident not in entry["ids"]:
                entry["ids"].append(ident)
                entry["sides"].append(element.get("data-side") or "")
            entry["pages"].setdefault(ident, []).append(_blank(box, area))
    return [Fit(page_file, arrangement, tuple(entry["sides"]),
                any(len(p) > 1 for p in entry["pages"].values()),
                max(max(p) for p in entry["pages"].values()))
            for (page_file, arrangement), entry in found.items()]


def _sections(box: Any) -> Iterator[Any]:
    element = getattr(box, "element", None)
    if element is not None and element.tag == "section" and box.element_tag == "section":
        yield box
        return
    for child in getattr(box, "children", []):
        yield from _sections(child)


def _blank(page_box: Any, area: tuple[float, float]) -> float:
    """The tallest stretch of the type area with nothing printed across it, as a share of it."""
    top, bottom = area
    inked = sorted((max(a, top), min(b, bottom)) for a, b in _ink(page_box) if b > top and a < bottom)
    gap, reached = 0.0, top
    for a, b in inked:
        gap = max(gap, a - reached)
        reached = max(reached, b)
    gap = max(gap, bottom - reached)
    return round(gap / (bottom - top), 4)


def _ink(box: Any) -> Iterator[tuple[float, float]]:
    """The vertical extent of everything a page prints: text, images, backgrounds, rules."""
    kind = type(box).__name__
    y = getattr(box, "position_y", None)
    if y is not None and kind != "PageBox" and not kind.startswith("Margin"):
        height = box.margin_height() if hasattr(box, "margin_height") else getattr(box, "height", 0)
        style = getattr(box, "style", None)
        if kind == "TextBox" or "Replaced" in kind:
            yield y, y + height
        elif style is not None:
            background = style["background_color"]
            if getattr(background, "alpha", 0) > 0:
                yield y, y + height
            elif style["border_top_width"]:
                yield y, y + style["border_top_width"]
    if kind.startswith("Margin"):
        return
    for child in getattr(box, "children", []):
        yield from _ink(child)


def plan_pages(edition: Edition, fits: list[Fit]) -> tuple[Plan, list[Choice]]:
    """The arrangements whose sum of costs is least, with every side and the page total right.

    A dynamic programme over the page files in order; its state is the number
    of pages so far, modulo four — which decides the side of the next page and
    whether the total can still come to a multiple of four.
    """
    booklet = edition.booklet
    options: list[list[Fit]] = []
    for page_file in edition.pages:
        layout = booklet.layouts[page_file.page.layout]
        mine = [f for f in fits if f.page_file == page_file.path]
        if layout.arrangements:
            order = [a.name for a in layout.candidates(page_file.page)]
            mine = sorted((f for f in mine if f.arrangement in order),
                          key=lambda f: order.index(f.arrangement or ""))
        options.append(mine or [Fit(page_file.path, None, ("",), False, 0.0)])
    # best[state] = (cost, choices so far)
    best: dict[int, tuple[float, list[Fit]]] = {0: (0.0, [])}
    for candidates in options:
        following: dict[int, tuple[float, list[Fit]]] = {}
        for state in sorted(best):
            cost, chosen = best[state]
            for fit in candidates:
                after = (state + len(fit.sides)) % PAGES_MULTIPLE
                total = cost + (fit.cost if fit.arrangement else 0.0)
                if not _sides_agree(state, fit.sides):
                    total += WRONG_SIDE  # only when nothing else will do: the layout check says why
                if after not in following or total < following[after][0] - 1e-9:
                    following[after] = (total, [*chosen, fit])
        best = following
    # A multiple of four when any plan makes one; otherwise the best plan, and
    # the layout check says the page count is wrong.
    chosen = best[0][1] if 0 in best else min(best.values(), key=lambda b: b[0])[1]
    plan = {f.page_file: f.arrangement for f in chosen if f.arrangement}
    return plan, [Choice(f.page_file, f.arrangement, f.blank, f.overflow) for f in chosen if f.arrangement]


def _sides_agree(state: int, sides: tuple[str, ...]) -> bool:
    """Whether pages starting after `state` pages fall on the sides they must (page 1 is right)."""
    for offset, side in enumerate(sides):
        number = state + offset + 1
        if side and side != ("left" if number % 2 == 0 else "right"):
            return False
    return True
