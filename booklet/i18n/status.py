"""Where each translation stands: missing, untranslated, stale, unreviewed and unused texts.

`language_status()` takes a booklet and a language; it returns a
`LanguageStatus` holding the keys in each list, measured against the English
texts the booklet prints (those its pages use, and the layouts' labels).
A text is *untranslated* when it is the English word for word, unless the
language file allows it (`_edition: same_as_english:`) or it has no word in
lower case (names such as "DokuFest", acronyms such as "UNESCO", numbers);
*stale* when the English has changed since it was translated or reviewed;
*unreviewed* when its review state (reviewstate.py) is draft or unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from booklet.content.edition import PageFile, Text, Texts, load_pages, load_texts
from booklet.content.editiontexts import declared_keys, translation, used_keys
from booklet.i18n.reviewstate import Review, fingerprint, read_states
from booklet.project.config import Booklet

_LOWER_WORD = re.compile(r"\b[^\W\d_]*[a-zß-ÿа-џ][^\W\d_]*\b")
CATEGORIES = ("missing", "untranslated", "stale", "unreviewed", "unused")


@dataclass
class LanguageStatus:
    """One edition's translation, key by key."""

    lang: str
    path: str
    derived_from: str | None
    total: int
    """The English texts the booklet prints."""
    missing: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    unreviewed: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    reviewed: int = 0

    @property
    def complete(self) -> bool:
        """Nothing missing and nothing stale: what `booklet i18n status --check` asks."""
        return not self.missing and not self.stale

    def as_json(self) -> dict[str, Any]:
        return {"lang": self.lang, "file": self.path, "derived_from": self.derived_from,
                "total": self.total, "reviewed": self.reviewed, "complete": self.complete,
                **{name: getattr(self, name) for name in CATEGORIES}}


def printed_english(booklet: Booklet, pages: list[PageFile]) -> Texts:
    """The English texts, only those the booklet prints, in page order (labels last)."""
    english = load_texts(booklet, booklet.spec.default_language)
    used = [k for k in used_keys(pages) if k in english.by_key]
    declared = declared_keys(booklet, pages)
    labels = [k for k in english.by_key if k in declared and k not in used]
    return Texts(english.path, {k: english.by_key[k] for k in used + labels}, english.settings)


def states_of(booklet: Booklet, lang: str, own: set[str]) -> dict[str, Review]:
    """The review states of a language's texts; a derived edition's come from its source but its own."""
    source = booklet.spec.languages[lang].derived_from
    if source is None:
        return read_states(booklet, lang)
    inherited = {k: r for k, r in read_states(booklet, source).items() if k not in own}
    return {**inherited, **{k: r for k, r in read_states(booklet, lang).items() if k in own}}


def own_keys(booklet: Booklet, lang: str) -> set[str]:
    """The keys a derived edition's own file overrides (none for other editions)."""
    source = booklet.spec.languages[lang].derived_from
    if source is None or not (booklet.lang_dir / f"{lang}.yaml").exists():
        return set()
    return set(load_texts(booklet, lang).by_key)


def language_status(booklet: Booklet, lang: str, pages: list[PageFile] | None = None) -> LanguageStatus:
    """Where one translation stands (see the module docstring)."""
    pages = pages if pages is not None else load_pages(booklet)
    english = printed_english(booklet, pages)
    texts = translation(booklet, lang)
    states = states_of(booklet, lang, own_keys(booklet, lang))
    status = LanguageStatus(lang, texts.path, booklet.spec.languages[lang].derived_from, len(english.by_key))
    for key, source in english.by_key.items():
        text = texts.by_key.get(key)
        if text is None:
            status.missing.append(key)
            continue
        if _untranslated(source, text, texts):
            status.untranslated.append(key)
        review = states.get(key)
        if review and review.english != fingerprint(source.value):
            status.stale.append(key)
        elif review and review.state == "reviewed":
            status.reviewed += 1
        else:
            status.unreviewed.append(key)
    status.unused = [key for key in texts.by_key if key not in english.by_key]
    return status


def _untranslated(english: Text, text: Text, texts: Texts) -> bool:
    if text.value != english.value or texts.settings.may_match_english(text.key):
        return False
    return bool(_LOWER_WORD.search(re.sub(r"\{[^}]*\}|https?://\S+|\S+@\S+|\S+\.\w{2,}/?\S*", "",
                                          english.value)))
