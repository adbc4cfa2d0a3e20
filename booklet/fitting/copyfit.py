"""Copyfitting: choose each page's arrangement from the real layout of every candidate.

A layout may offer several arrangements of its content (layout.yaml
`arrangements:`; a year, say, on one page, on a spread with a photo band, or
facing a full-page photo).  `copyfit()` lays the edition out once with every
arrangement of every such page, one after another (the trial), measures each
from WeasyPrint's boxes — did its text run over, how much of a page stayed
blank paper — and plans the pages: per page file the best fit, such that
every spread starts on a left-hand page and the booklet has a multiple of
four pages, without filler — and never an arrangement that leaves out a
photo of its page (told from the trial's images, dropped.py).  An arrangement
that joins the next page file (two thin years on one page) is tried with the
next one's content, its measure kept under its own page file by HTML that
holds the next one's words; a plan then records the next one as JOINED.  The spread planner
(planner.py) weighs the choices; English's plan avoids what runs over in any
edition, the others follow it (parity.py), sr-Cyrl sr-Latn's always.  Type never changes size
to fit; the arrangement does.  The plan is deterministic (the earlier arrangement wins a
tie) and cached by what the trial was made of.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from booklet.checks.preflight import too_much_text
from booklet.content.edition import Edition
from booklet.core.cachefiles import cache_folder, layout_roots, read_json, write_entry
from booklet.core.errors import BookletError, raise_all
from booklet.core.notes import note, shown
from booklet.fitting import parity
from booklet.fitting.dropped import Dropped, all_drop, dropped_photos
from booklet.fitting.planner import Reference, plan_spreads
from booklet.fitting.trial import Fit, Look
from booklet.fitting.trial import measure as _measure
from booklet.layout.html import Document, joins_in, render_html
from booklet.layout.images import Plan
from booklet.project.arrangements import JOINED, Arrangement
from booklet.project.variants import VARIANTS, Variant
from booklet.render.pdf import project_document, read_stylesheet

KEPT_PLANS = 16
"""Trials kept per language in .cache/copyfit/ (undoing an edit finds its plan again)."""
MEASURES = b"trial-measures-4"
"""What the trial's measures mean (trial.py): changed when it measures otherwise, so measures
kept by an older booklet are made again, not read as today's."""


@dataclass(frozen=True)
class Choice:
    page_file: str
    arrangement: str
    blank: float
    overflow: bool
    pages: tuple[int, ...] = ()
    """The printed pages (1-based) it makes."""
    spread: str = ""
    """Its spread as the planner says it: the pages, their arrangements and why they won."""
    departure: str = ""
    """Where the edition leaves the reference plan here, and why ('' where it follows it)."""


def copyfit(edition: Edition, variant: Variant = VARIANTS["print"]) -> tuple[Plan, list[Choice]]:
    """The arrangement of every page file that has them, and what each choice measured, as the
    variant's pages lay out (its bleed and its stylesheets: pipeline/edition.py plans once per
    group of variants that share them)."""
    trial = _trial(edition, variant)
    if trial is None:
        return {}, []
    fits = parity.joint(edition, _fits(edition, *trial), variant)
    return plan_pages(edition, fits, dropped_photos(edition, trial[0].html),
                      parity.reference(edition, variant))


def planned(edition: Edition, variant: Variant = VARIANTS["print"]
            ) -> tuple[Plan, dict[str, tuple[int, ...]]] | None:
    """The plan of the edition as it is now, and the printed pages (1-based) of each page file,
    from the trial an earlier build cached — without laying anything out.  None when some page
    file's trial is not cached as it is now, or when it has no arrangements (nothing was tried)."""
    trial = _trial(edition, variant)
    if trial is None:
        return None
    document, _, store = trial
    parts = _parts(document, store)
    cached = [_cached(edition, page_file, entry) for page_file, entry in parts.entries.items()]
    if any(c is None for c in cached):
        return None
    fits = parity.joint(edition, [f for c in cached for f in c or []], variant, cached=True)
    plan, _ = plan_pages(edition, fits, dropped_photos(edition, document.html),
                         parity.reference(edition, variant, cached=True))
    pages: dict[str, tuple[int, ...]] = {}
    first = 1
    last: tuple[int, ...] = ()
    for page_file in edition.pages:
        if plan.get(page_file.path) == JOINED:  # on the pages of the page file that joins it
            pages[page_file.path] = last
            continue
        made = [len(f.sides) for f in fits
                if f.page_file == page_file.path and f.arrangement == plan.get(page_file.path)]
        pages[page_file.path] = last = tuple(range(first, first + (made[0] if made else 1)))
        first += made[0] if made else 1
    return plan, pages


def _trial(edition: Edition, variant: Variant) -> tuple[Document, list[Path], Path] | None:
    """What the trial lays out (its document and stylesheets) and the folder its measures are
    cached in; None when no page has arrangements to try."""
    booklet = edition.booklet
    if not any(booklet.layouts[p.page.layout].arrangements for p in edition.pages):
        return None
    document = render_html(edition, None, variant)
    raise_all(too_much_text(edition, document))  # before a trial that would take minutes
    # URLs under the project's fixed name: the keys below are the same in any copy of the project.
    document = project_document(document, booklet.root, booklet.theme_root)
    sheets = booklet.stylesheets({p.page.layout for p in edition.pages}, variant)
    # Read as the layout reads them: a missing or outside stylesheet is the usual one-line error.
    allowed = [booklet.root, *layout_roots(booklet.cache_dir)]
    styles = hashlib.sha256(MEASURES + document.css.encode())
    for sheet in sheets:
        styles.update(read_stylesheet(sheet, booklet.root, allowed, booklet.theme_root).encode())
    try:
        folder = cache_folder(booklet.cache_dir, "copyfit")
    except OSError as exc:
        note(f"the copyfit's trials cannot be kept: {exc.strerror or exc}")
        folder = Path(os.devnull) / "copyfit"  # a folder that cannot be: nothing read, nothing kept
    return document, sheets, folder / f"{edition.lang}-{styles.hexdigest()[:24]}"


@dataclass(frozen=True)
class _Parts:
    """The trial document cut at its page files: each one's sections can be measured alone."""

    head: str
    tail: str
    sections: dict[str, str]
    """Per page file, the HTML of every section the trial makes of it, in order."""
    entries: dict[str, Path]
    """Per page file, the cache file of its measures: named by what its sections and the styles are."""


_SECTION = re.compile(r'<section class="page[^"]*"[^>]*\bdata-page-file="([^"]*)".*?</section>\s*', re.S)
_PLACE = re.compile(r'(data-section="[^"#]*)#\d+"|\bside-(?:left|right)\b')
"""What tells where in the trial a section stood: not part of what it measures."""


def _parts(document: Document, store: Path) -> _Parts:
    sections: dict[str, list[str]] = {}
    matches = list(_SECTION.finditer(document.html))
    for match in matches:
        sections.setdefault(match.group(1), []).append(match.group(0))
    head = document.html[:matches[0].start()] if matches else document.html
    tail = document.html[matches[-1].end():] if matches else ""
    entries = {}
    for page_file, html in sections.items():
        made_of = hashlib.sha256(store.name.encode() + head.encode() + tail.encode())
        made_of.update(_PLACE.sub(lambda m: m.group(1) or "side", "".join(html)).encode())
        entries[page_file] = store.parent / f"{store.name.split('-')[0]}-{made_of.hexdigest()[:24]}.json"
    return _Parts(head, tail, {k: "".join(v) for k, v in sections.items()}, entries)


def _fits(edition: Edition, document: Document, sheets: list[Path], store: Path) -> list[Fit]:
    """Every page file's fits: cached where its sections and the styles are as they were, and the
    rest laid out together in one smaller trial (an edit re-lays only the page files it changed)."""
    parts = _parts(document, store)
    fits: dict[str, list[Fit]] = {}
    for page_file, entry in parts.entries.items():
        cached = _cached(edition, page_file, entry)
        if cached is not None:
            fits[page_file] = cached
    missing = [p for p in parts.sections if p not in fits]
    if missing:
        html = parts.head + "".join(parts.sections[p] for p in missing) + parts.tail
        measured = _measure(edition, Document(html, document.css), sheets)
        for page_file in missing:
            fits[page_file] = [f for f in measured if f.page_file == page_file]
            _save(parts.entries[page_file], fits[page_file])
        _prune(store, len(parts.entries))
    return [f for page_file in parts.sections for f in fits[page_file]]


PLAN_LIMIT = 4 << 20
"""The largest cached measure read (a page file's takes a few hundred bytes)."""


def _cached(edition: Edition, page_file: str, entry: Path) -> list[Fit] | None:
    """The measures of page_file kept at entry, if they are those of the page file as it is now;
    None (noted) if not.

    The file is untrusted (cachefiles.py): every measure must have its type, and
    they must measure exactly the arrangements the trial of this page file would
    measure today — a measure naming another page or an arrangement that is not
    there, or lacking one that is, is measured again.
    """
    data = read_json(entry, PLAN_LIMIT)
    if data is None:
        return None
    fits = [_fit(item) for item in data] if isinstance(data, list) else [None]
    if None in fits or not _measures_this(edition, page_file, [f for f in fits if f]):
        note(f"{shown(entry)} was ignored: not a trial of the edition as it is now "
             "(that page file is laid out again)")
        return None
    with contextlib.suppress(OSError):
        os.utime(entry, follow_symlinks=False)  # in use: the last to be pruned
    return [f for f in fits if f]


_FIT_FIELDS = {"page_file", "arrangement", "sides", "overflow", "blank", "looks"}


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
    looks = [_look(item) for item in entry["looks"]] if isinstance(entry["looks"], list) else [None]
    if len(looks) != len(sides) or None in looks:
        return None
    return Fit(entry["page_file"], entry["arrangement"], tuple(sides), entry["overflow"], float(blank),
               tuple(look for look in looks if look))


def _share(value: Any, maybe: bool = False) -> bool:
    return (value is None and maybe) or (isinstance(value, int | float) and not isinstance(value, bool)
                                         and 0 <= value <= 1)


def _look(item: Any) -> Look | None:
    """One page's look as the cache keeps it ([colour, flat, photo_to, hang, edge_to, empty]), or None."""
    if not (isinstance(item, list) and len(item) == 6 and isinstance(item[0], bool) and _share(item[1])
            and all(_share(v, True) for v in item[2:5]) and _share(item[5])):
        return None
    photo_to, hang, edge_to = (None if v is None else float(v) for v in item[2:5])
    return Look(item[0], float(item[1]), photo_to, hang, edge_to, float(item[5]))


def _measures_this(edition: Edition, page_file: str, fits: list[Fit]) -> bool:
    """Whether fits measure exactly what a trial of page_file measures: every arrangement it
    may take, once, and nothing else (a page without arrangements may print nothing)."""
    page = next((p for p in edition.pages if p.path == page_file), None)
    if page is None:
        return False
    layout = edition.booklet.layouts[page.page.layout]
    joining = joins_in(edition).get(page_file, ("", []))[1]
    wanted = {(page_file, a.name) for a in [*layout.candidates(page.page), *joining]} \
        if layout.arrangements else set()
    may = set() if layout.arrangements else {(page_file, None)}
    found = [(f.page_file, f.arrangement) for f in fits]
    return len(set(found)) == len(found) and wanted <= set(found) <= wanted | may


def _save(entry: Path, fits: list[Fit]) -> None:
    kept = [{**{k: v for k, v in f.__dict__.items() if k not in ("extra", "joins")},
             "looks": [[k.colour, k.flat, k.photo_to, k.hang, k.edge_to, k.empty] for k in f.looks]}
            for f in fits]
    write_entry(entry, json.dumps(kept).encode())  # a failure only costs time


def _prune(store: Path, page_files: int) -> None:
    """Keep the measures of the KEPT_PLANS newest trials of this language (an hour of edits
    leaves thousands): as many files as that many trials of every page file would make."""
    lang = store.name.split("-")[0]
    mine: list[tuple[int, Path]] = []
    for entry in store.parent.glob("*.json"):
        if entry.name.rsplit("-", 1)[0] == lang:
            with contextlib.suppress(OSError):  # pruned meanwhile by another build of the project
                mine.append((entry.lstat().st_mtime_ns, entry))
    for _, old in sorted(mine, reverse=True)[KEPT_PLANS * page_files:]:
        old.unlink(missing_ok=True)


def plan_pages(edition: Edition, fits: list[Fit], dropped: Dropped | None = None,
               reference: Reference | None = None) -> tuple[Plan, list[Choice]]:
    """The arrangements whose sum of costs is least, with every side and the page total right.

    Only arrangements that print every photo of their page are chosen (dropped
    names the others); a page none of whose arrangements does is an error.
    The spread planner (planner.py) weighs the rest: spreads, runs of colour
    and, for an edition that follows another, the reference plan.
    """
    booklet = edition.booklet
    options: list[list[Fit]] = []
    errors: list[BookletError] = []
    joins = joins_in(edition)
    joined = {following for following, _ in joins.values()}
    for index, page_file in enumerate(edition.pages):
        layout = booklet.layouts[page_file.page.layout]
        mine = [f for f in fits if f.page_file == page_file.path]
        if layout.arrangements:
            joining = joins.get(page_file.path, ("", []))
            order = [a.name for a in [*layout.candidates(page_file.page), *joining[1]]]
            errors += _pinned_join(edition, index, joining[1])
            mine = sorted((f for f in mine if f.arrangement in order),
                          key=lambda f: order.index(f.arrangement or ""))
            losing = {f.arrangement: (dropped or {}).get((page_file.path, f.arrangement or "")) for f in mine}
            if mine and all(losing.values()):
                errors.append(all_drop(page_file, losing))
            mine = [f for f in mine if not losing[f.arrangement]]
            costs = {a.name: a.cost for a in [*layout.candidates(page_file.page), *joining[1]]}
            mine = [replace(f, extra=costs.get(f.arrangement or "", 0.0),
                            joins=joining[0] if layout.arrangements[f.arrangement or ""].joins else "")
                    for f in mine]
            if page_file.path in joined:  # laid out by the page file before it, on its pages
                mine.append(Fit(page_file.path, JOINED, (), False, 0.0))
        else:
            mine = [f for f in mine if f.arrangement is None]
        options.append(mine or [Fit(page_file.path, None, ("",), False, 0.0)])
    raise_all(errors)
    planned_ = plan_spreads(options, reference)
    plan = {f.page_file: f.arrangement for f in planned_.chosen if f.arrangement}
    spread_of = {part: spread for spread in planned_.spreads for part in spread.parts}
    departed = {d.split(":")[0]: d for d in planned_.departures}
    choices: list[Choice] = []
    for f, start in zip(planned_.chosen, planned_.starts, strict=True):
        if f.arrangement:
            # A joined page file is printed on the pages of the one that joins it.
            pages = choices[-1].pages if f.arrangement == JOINED and choices else \
                tuple(range(start, start + len(f.sides)))
            choices.append(Choice(f.page_file, f.arrangement, f.blank, f.overflow, pages,
                                  spread_of[(f.page_file, f.arrangement)].said(),
                                  departed.get(Path(f.page_file).stem, "")))
    return plan, choices


def _pinned_join(edition: Edition, index: int, offered: list[Arrangement]) -> list[BookletError]:
    """A page file that pins a joining arrangement its next page file cannot take."""
    page_file = edition.pages[index]
    layout = edition.booklet.layouts[page_file.page.layout]
    pinned = getattr(page_file.page, "arrangement", None)
    if not pinned or not layout.arrangements[pinned].joins or offered:
        return []
    following = edition.pages[index + 1] if index + 1 < len(edition.pages) else None
    why = (layout.arrangements[pinned].unjoinable(page_file.page, following.page) if following
           else None) or ("there is no page file after it" if following is None
                          else "a photo's kind does not suit its frame")
    return [BookletError(f"arrangement '{pinned}' lays out the next page file too, and cannot here: {why}",
                         page_file.where("arrangement"), "pin another arrangement, or leave it out",
                         code="arrangement")]
