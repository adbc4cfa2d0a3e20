"""The texts printed on a page of the preview, each with its story, and where an edition stands.

`Sources.read()` takes the booklet and an edition's language; it reads what
a text's story is made of: the English, the edition's texts (a derived
edition's made from its source, sr-Cyrl from sr-Latn, unless its own file
has the text), the review states and the page files.  `page_texts()` gives,
for one printed page of a PDF the preview shows, every text printed there
(its key's rectangles, layout/textboxes.py) as the page's panel needs it:
key, the page file and language file lines it comes from, the English and
the edition's words, the review state and note, the placeholders and what
fills them, the room left on its page and the version a save must name
(edits.py).  `status()` counts an edition's texts by state, page by page,
for the page's filters.  Nothing is laid out: the boxes are the build's.
`SourcesCache` keeps each language's sources while none of the files they
are read from has changed (a page file, a language or state file): a click
costs no YAML parsing.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from booklet.content.edition import PageFile, Text, Texts, load_pages, load_texts
from booklet.content.editiontexts import fixed_in, translation
from booklet.content.leftbehind import is_left_behind
from booklet.content.textrules import placeholders, values_given
from booklet.content.usage import Use, text_uses
from booklet.core.errors import Diagnostic
from booklet.core.report import TextPage
from booklet.i18n.reviewstate import Review, fingerprint
from booklet.i18n.status import (
    LanguageStatus,
    language_status,
    own_keys,
    printed_english,
    signed_texts,
    states_of,
)
from booklet.project.config import Booklet

STATES = ("source", "missing", "english-left", "stale", "returned", "edited-after-review", "reviewed",
          "draft")
"""A text's state on the page, the first that is true of it ("source": the English edition's own)."""


@dataclass
class Sources:
    """What the stories of one edition's texts are made of, read once per request."""

    booklet: Booklet
    lang: str
    pages: list[PageFile]
    english: dict[str, Text]
    """The English texts the booklet prints (labels too)."""
    texts: Texts
    """The edition's texts as the build reads them (for English, the English)."""
    states: dict[str, Review]
    signed: dict[str, str]
    own: set[str]
    """A derived edition's keys that its own file overrides (none for others)."""
    uses: dict[str, list[Use]]

    @classmethod
    def read(cls, booklet: Booklet, lang: str) -> Sources:
        pages = load_pages(booklet)
        english = printed_english(booklet, pages).by_key
        if lang == booklet.spec.default_language:
            return cls(booklet, lang, pages, english, load_texts(booklet, lang), {}, {}, set(),
                       text_uses(pages))
        own = own_keys(booklet, lang)
        return cls(booklet, lang, pages, english, translation(booklet, lang), states_of(booklet, lang, own),
                   signed_texts(booklet, lang, own), own, text_uses(pages))

    @cached_property
    def counted(self) -> LanguageStatus:
        """Where the translation stands, as `booklet i18n status` says it (read once per sources)."""
        return language_status(self.booklet, self.lang, self.pages)

    @property
    def source_lang(self) -> str | None:
        """The edition a derived edition is made from (None for others)."""
        return self.booklet.spec.languages[self.lang].derived_from

    def editable(self, key: str) -> bool:
        """Whether the words are the edition's own file's (a derived edition's made ones are not)."""
        return self.source_lang is None or key in self.own

    def version(self, key: str) -> str:
        """The fingerprint of the text as its language file has it ('' when it has none)."""
        text = self.texts.by_key.get(key)
        return fingerprint(text.value) if text else ""

    def state(self, key: str) -> str:
        """One of STATES (see there)."""
        if self.lang == self.booklet.spec.default_language:
            return "source"
        text, english = self.texts.by_key.get(key), self.english.get(key)
        if text is None:
            return "missing"
        if english is None:
            return "draft"
        if is_left_behind(english, text, self.texts.settings):
            return "english-left"
        review = self.states.get(key)
        if review is None:
            return "draft"
        if review.english != fingerprint(english.value):
            return "stale"
        if review.state == "returned":
            return "returned"
        if review.state == "reviewed":
            edited = review.edited(self.signed.get(key, text.value))
            return "edited-after-review" if edited else "reviewed"
        return "draft"

    def lang_file(self, key: str) -> str:
        """The language file and line the edition's words come from (for a missing text, the file
        it is added to)."""
        text = self.texts.by_key.get(key)
        if text is None:
            return fixed_in(self.booklet, self.lang, self.texts)
        return f"{text.where.path}:{text.where.line}" if text.where.line else text.where.path

    def page_file(self, key: str, on_page: list[str]) -> str:
        """The page file and line that names the text, one on this page first ('' for a label the
        layouts print by themselves)."""
        uses = self.uses.get(key, [])
        use = next((u for u in uses if u.page_file in on_page), uses[0] if uses else None)
        return f"{use.page_file}:{use.line}" if use else ""

    def placeholders(self, key: str) -> list[dict[str, str]]:
        """The English text's {name}s, each with what fills it."""
        english = self.english.get(key)
        names = placeholders(english.value) if english else []
        given: dict[str, str] = {}
        for page_file in self.pages:
            for keys, name, value, where in values_given(page_file):
                if key in keys and name not in given:
                    given[name] = f"{value} from {where.path}:{where.line}"
        declared = self.booklet.document_texts.get(key) or next(
            (layout.texts[key] for layout in self.booklet.layouts.values() if key in layout.texts), "")
        by_layout = (f"filled in by the layout: {declared}" if declared else
                     "filled in by the layout's template, not by a page file")
        return [{"name": name, "meaning": given.get(name) or by_layout} for name in names]


Stamp = tuple[tuple[str, int, int, int], ...]


class SourcesCache:
    """The sources last read for each language, kept while no file they come from changed."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Booklet, Stamp, Sources]] = {}
        self._lock = threading.Lock()

    def read(self, booklet: Booklet, lang: str) -> Sources:
        stamp = _stamp(booklet)
        with self._lock:
            kept = self._kept.get(lang)
        if kept and kept[0] is booklet and kept[1] == stamp:
            return kept[2]
        sources = Sources.read(booklet, lang)
        with self._lock:
            self._kept[lang] = (booklet, stamp, sources)
        return sources


def _stamp(booklet: Booklet) -> Stamp:
    """Each page, language and state file as it is now: its size, time and inode (a file replaced
    by a rename, as booklet and many editors save, is another inode)."""
    found = []
    for folder in (booklet.pages_dir, booklet.lang_dir):
        for path in sorted(folder.rglob("*.yaml")) if folder.is_dir() else []:
            try:
                stat = path.stat()
            except OSError:
                continue
            found.append((str(Path(path).relative_to(booklet.root)), stat.st_size, stat.st_mtime_ns,
                          stat.st_ino))
    return tuple(found)


def page_texts(sources: Sources, page: TextPage, number: int, on_page: list[str],
               findings: list[Diagnostic]) -> list[dict[str, Any]]:
    """Every text printed on one page (number: 1-based) with its story, in the order printed."""
    overflow = next((d for d in findings if d.code == "overflow"
                     and d.data.page <= number <= d.data.page + d.data.count), None)
    return [_story(sources, key, rects, page, number, on_page, overflow) for key, rects in page.boxes.items()]


def _story(sources: Sources, key: str, rects: list[tuple[float, float, float, float]], page: TextPage,
           number: int, on_page: list[str], overflow: Diagnostic | None) -> dict[str, Any]:
    english = sources.english.get(key)
    text = sources.texts.by_key.get(key)
    review = sources.states.get(key)
    source = sources.source_lang
    editable = sources.editable(key)
    return {
        "key": key, "english": english.value if english else "", "text": text.value if text else "",
        "state": sources.state(key), "note": review.note if review else "",
        "placeholders": sources.placeholders(key),
        "page_file": sources.page_file(key, on_page), "lang_file": sources.lang_file(key),
        "room": _room(page.rooms.get(key, page.room), page.chars.get(key), number,
                      len(text.value) if text else 0, len(rects), overflow) if key in page.rooms
        else _MARGIN_ROOM,
        "boxes": [list(r) for r in rects], "version": sources.version(key),
        "editable": editable,
        "saves_to": f"content/lang/{sources.lang}.yaml" if editable else "",
        "made_from": "" if editable or source is None else
        f"the {sources.lang} edition is made from content/lang/{source}.yaml: edit the {source} text",
    }


_MARGIN_ROOM = {"lines": None, "chars": None,
                "says": "printed in a page margin (the running foot): one line, as long as its box "
                        "allows; the build warns when it is longer"}
"""A text only a margin box prints (textboxes.py finds it there): it has no blank paper to grow into."""


def _room(room: float | None, chars: int | None, number: int, length: int, lines: int,
          overflow: Diagnostic | None) -> dict[str, Any]:
    """How much more a text may take before its page runs over, as the last build measured it
    (layout/textboxes.py): lines of its own height, and that many lines of its characters."""
    if overflow is not None:
        return {"lines": 0, "chars": 0, "says": f"no room: {overflow.message}"}
    if room is None:
        return {"lines": None, "chars": None,
                "says": f"p. {number} has no running text, so its room is not measured"}
    left = math.floor(room)
    if chars is None:  # its characters a line, as its own lines hold them
        chars = math.floor(left * length / max(lines, 1))
    said = f"{left} line{'s' if left != 1 else ''}"
    return {"lines": left, "chars": chars,
            "says": f"about {said} (about {chars} characters) of blank paper under this text or under "
                    f"the last line of p. {number}, as last built: more may fit where a column is shorter"}


def status(sources: Sources, pages: list[TextPage]) -> dict[str, Any]:
    """The edition's counts (as `booklet i18n status` counts them) and per printed page the count of
    its texts in each state (draft texts are "unreviewed", as the filters call them)."""
    booklet, lang = sources.booklet, sources.lang
    counts: dict[str, int] = {"texts": len(sources.english), "translated": len(sources.english)}
    names = ("reviewed", "unreviewed", "stale", "edited_after_review", "returned", "english_left", "missing")
    counts.update(dict.fromkeys(names, 0))
    if lang != booklet.spec.default_language:
        found = sources.counted
        counts.update(texts=found.total, translated=found.total - len(found.missing), reviewed=found.reviewed,
                      unreviewed=len(found.unreviewed), stale=len(found.stale),
                      edited_after_review=len(found.edited), returned=len(found.returned),
                      english_left=len(found.untranslated), missing=len(found.missing))
    by_page: dict[str, dict[str, int]] = {}
    for number, page in enumerate(pages, 1):
        tally = dict.fromkeys((*(s.replace("-", "_") for s in STATES), "unreviewed"), 0)
        for key in page.boxes:
            state = sources.state(key).replace("-", "_")
            tally[state] += 1
            tally["unreviewed"] += state == "draft"
        by_page[str(number)] = tally
    return {"lang": lang, "counts": counts, "pages": by_page}
