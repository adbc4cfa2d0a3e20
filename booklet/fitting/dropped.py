"""The photos an arrangement would leave out: told from the trial's HTML by their alt texts.

A layout's template may print a photo in some arrangements and not in others
(and a joining arrangement prints the next page file's too); copyfit.py never
chooses an arrangement that leaves one out, and says so when a page file has
no other.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from booklet.content.edition import Edition, PageFile
from booklet.core.errors import BookletError
from booklet.layout.html import Words, joins_in
from booklet.layout.images import photos_in

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
    by_path = {p.path: p for p in edition.pages}
    joins = joins_in(edition)
    for page_file in edition.pages:
        photos = [(".".join(path), words.plain(photo.alt)) for path, photo, _ in
                  photos_in(page_file, edition.booklet)]
        following, joining = joins.get(page_file.path, ("", []))
        theirs = [(f"{Path(following).stem}'s {'.'.join(path)}", words.plain(photo.alt)) for path, photo, _
                  in photos_in(by_path[following], edition.booklet)] if following else []
        for (path, arrangement), alts in found.items():
            if path == page_file.path and arrangement:
                # A joining arrangement prints the next page file's photos as well.
                shown = photos + (theirs if any(a.name == arrangement for a in joining) else [])
                missing = [name for name, alt in shown if alt not in alts]
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


def all_drop(page_file: PageFile, losing: dict[str | None, list[str] | None]) -> BookletError:
    pinned = getattr(page_file.page, "arrangement", None)
    said = "; ".join(f"{name} leaves out {', '.join(fields or [])}" for name, fields in losing.items())
    return BookletError(
        f"no arrangement of the {page_file.page.layout} layout prints all of this page: {said}",
        page_file.where("arrangement") if pinned else page_file.where(),
        "leave out arrangement: for the copyfit to choose" if pinned
        else "give the layout's template a frame for it in one of its arrangements", code="arrangement")
