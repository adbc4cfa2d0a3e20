"""Copyfitting: choose each page's arrangement from the real layout of every candidate.

A layout may offer several arrangements of its content (layout.yaml
`arrangements:`; a year, say, on one page, on a spread with a photo band, or
facing a full-page photo).  `copyfit()` lays the edition out once with every
arrangement of every such page, one after another (the trial), measures each
from WeasyPrint's boxes — did its text run over, how much of a page stayed
blank paper — and plans the pages: per page file the best fit, such that
every spread starts on a left-hand page and the booklet has a multiple of
four pages, without filler — and never an arrangement that leaves out a
photo of its page (told from the trial's images).  Type never changes size
to fit; the arrangement does.  The plan is deterministic (the earlier arrangement wins a
tie) and cached by what the trial was made of.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from booklet.content import Edition, PageFile
from booklet.errors import BookletError, raise_all
from booklet.html import Document, Words, render_html
from booklet.images import Plan, photos_in
from booklet.pdf import font_configuration, lay_out, read_stylesheet
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
    booklet = edition.booklet
    if not any(booklet.layouts[p.page.layout].arrangements for p in edition.pages):
        return {}, []
    document = render_html(edition, None, VARIANTS["print"])
    raise_all(too_much_text(edition, document))  # before a trial that would take minutes
    sheets = booklet.stylesheets({p.page.layout for p in edition.pages}, VARIANTS["print"])
    # Read as the layout reads them: a missing or outside stylesheet is the usual one-line error.
    key = _key(document, [read_stylesheet(s, booklet.root, [booklet.root, booklet.cache_dir]).encode()
                          for s in sheets])
    cache = booklet.cache_dir / "copyfit" / f"{edition.lang}-{key}.json"
    try:
        fits = [Fit(f["page_file"], f["arrangement"], tuple(f["sides"]), f["overflow"], f["blank"])
                for f in json.loads(cache.read_text(encoding="utf-8"))]
    except (OSError, ValueError, KeyError, TypeError):
        fits = _measure(edition, document, sheets)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps([f.__dict__ for f in fits]), encoding="utf-8")
            _prune(cache)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return plan_pages(edition, fits, dropped_photos(edition, document.html))


def _prune(written: Path) -> None:
    """Keep the KEPT_PLANS newest trials of this language: an hour of edits leaves hundreds."""
    lang = written.name.rsplit("-", 1)[0]
    mine = [p for p in written.parent.glob("*.json") if p.name.rsplit("-", 1)[0] == lang]
    for old in sorted(mine, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEPT_PLANS:]:
        old.unlink(missing_ok=True)


def _key(document: Document, sheets: list[bytes]) -> str:
    made_of = hashlib.sha256(document.html.encode() + document.css.encode())
    for sheet in sheets:
        made_of.update(sheet)
    return made_of.hexdigest()[:24]


def _measure(edition: Edition, document: Document, sheets: list[Any]) -> list[Fit]:
    booklet = edition.booklet
    with font_configuration() as fonts:
        rendered, _, _ = lay_out(document, booklet.root, sheets, [booklet.cache_dir], fonts)
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


def plan_pages(edition: Edition, fits: list[Fit],
               dropped: Dropped | None = None) -> tuple[Plan, list[Choice]]:
    """The arrangements whose sum of costs is least, with every side and the page total right.

    Only arrangements that print every photo of their page are chosen (dropped
    names the others); a page none of whose arrangements does is an error.
    A dynamic programme over the page files in order; its state is the number
    of pages so far, modulo four — which decides the side of the next page and
    whether the total can still come to a multiple of four.
    """
    booklet = edition.booklet
    options: list[list[Fit]] = []
    errors: list[BookletError] = []
    for page_file in edition.pages:
        layout = booklet.layouts[page_file.page.layout]
        mine = [f for f in fits if f.page_file == page_file.path]
        if layout.arrangements:
            order = [a.name for a in layout.candidates(page_file.page)]
            mine = sorted((f for f in mine if f.arrangement in order),
                          key=lambda f: order.index(f.arrangement or ""))
            losing = {f.arrangement: (dropped or {}).get((page_file.path, f.arrangement or "")) for f in mine}
            if mine and all(losing.values()):
                errors.append(_all_drop(page_file, losing))
            mine = [f for f in mine if not losing[f.arrangement]]
        options.append(mine or [Fit(page_file.path, None, ("",), False, 0.0)])
    raise_all(errors)
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


Dropped = dict[tuple[str, str], list[str]]
"""(page file, arrangement) → the photo fields of the page that arrangement does not print."""


def dropped_photos(edition: Edition, html: str) -> Dropped:
    """The photos each arrangement of the trial leaves out, told by their alt texts.

    A layout's template may print a photo in some arrangements and not in
    others; an arrangement that would leave a page's photo out is never chosen.
    """
    found = _alt_texts(html)
    words = Words(edition)
    dropped: Dropped = {}
    for page_file in edition.pages:
        photos = [(".".join(path), words.plain(photo.alt)) for path, photo, _ in
                  photos_in(page_file, edition.booklet)]
        for (path, arrangement), alts in found.items():
            if path == page_file.path and arrangement:
                missing = [name for name, alt in photos if alt not in alts]
                if missing:
                    dropped[(path, arrangement)] = missing
    return dropped


class _Sections(HTMLParser):
    """The alt texts of the images in each section, by (page file, arrangement)."""

    def __init__(self) -> None:
        super().__init__()
        self.alts: dict[tuple[str, str], set[str]] = {}
        self.current: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "section" and named.get("data-page-file"):
            self.current = (named["data-page-file"] or "", named.get("data-arrangement") or "")
            self.alts.setdefault(self.current, set())
        elif tag == "img" and self.current:
            self.alts[self.current].add(named.get("alt") or "")


def _alt_texts(html: str) -> dict[tuple[str, str], set[str]]:
    parser = _Sections()
    parser.feed(html)
    parser.close()
    return parser.alts


def _all_drop(page_file: PageFile, losing: dict[str | None, list[str] | None]) -> BookletError:
    pinned = getattr(page_file.page, "arrangement", None)
    said = "; ".join(f"{name} leaves out {', '.join(fields or [])}" for name, fields in losing.items())
    return BookletError(
        f"no arrangement of the {page_file.page.layout} layout prints all of this page: {said}",
        page_file.where("arrangement") if pinned else page_file.where(),
        "leave out arrangement: for the copyfit to choose" if pinned
        else "give the layout's template a frame for it in one of its arrangements", code="arrangement")
