"""Where each translation stands: missing, untranslated, stale, unreviewed and unused texts.

`language_status()` takes a booklet and a language; it returns a
`LanguageStatus` holding the keys in each list, measured against the English
texts the booklet prints (those its pages use, and the layouts' labels).
A text is *untranslated* when it is the English word for word, unless the
language file allows it (`_edition: same_as_english:`) or it has no word in
lower case (names such as "DokuFest", acronyms such as "UNESCO", numbers);
*stale* when the English has changed since it was translated or reviewed;
*edited after review* when it was reviewed and its words have changed since;
*returned* when a reviewer sent it back with a note (the preview);
*unreviewed* when its review state (reviewstate.py) is draft or unknown.
`problems` are what the build refuses in the texts (textrules.py, at the
language file's lines); `terms` what it warns of in them: a term of the English
rendered otherwise than the termbase says (termbase.py).  `complete` is what `status --check` asks: nothing
missing, stale or refused, and, when booklet.yaml says `translations:
{print: reviewed}`, nothing unreviewed or edited after review either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from booklet.content.edition import PageFile, Texts, load_pages, load_texts
from booklet.content.editiontexts import declared_keys, translation, used_keys
from booklet.content.leftbehind import is_left_behind, translation_warnings
from booklet.content.textrules import check_translation
from booklet.core.errors import BookletError, Diagnostic
from booklet.i18n.reviewstate import Review, fingerprint, read_states
from booklet.project.config import Booklet

CATEGORIES = ("missing", "untranslated", "stale", "edited", "returned", "unreviewed", "unused")
SHOWN = {"edited": "edited after review"}
"""How a category is said to a reader, where its name is too short."""


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
    edited: list[str] = field(default_factory=list)
    """Reviewed, then edited: to be reviewed again."""
    returned: list[str] = field(default_factory=list)
    """Sent back by a reviewer, with a note: to be translated again."""
    unreviewed: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    reviewed: int = 0
    problems: list[BookletError] = field(default_factory=list)
    """What the build refuses in these texts, at the language file's lines."""
    terms: list[Diagnostic] = field(default_factory=list)
    """Terms of the English these texts render otherwise than the termbase (the build warns)."""
    print_needs_review: bool = False
    """booklet.yaml's `translations: {print: reviewed}`."""
    must_be_complete: bool = False
    """booklet.yaml's `translations: {complete: true}`: English left behind fails the check."""

    @property
    def complete(self) -> bool:
        """What `booklet i18n status --check` asks (see the module docstring)."""
        ready = not self.missing and not self.stale and not self.problems
        left = self.must_be_complete and self.untranslated
        return ready and not left and not (self.print_needs_review
                                               and (self.unreviewed or self.edited or self.returned))

    def as_json(self) -> dict[str, Any]:
        return {"lang": self.lang, "file": self.path, "derived_from": self.derived_from,
                "total": self.total, "reviewed": self.reviewed, "complete": self.complete,
                "print_needs_review": self.print_needs_review,
                **{name: getattr(self, name) for name in CATEGORIES},
                "problems": [str(p) for p in self.problems],
                "terms": [f"{t.where}: {t.message}" if t.where else t.message for t in self.terms]}


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


def signed_texts(booklet: Booklet, lang: str, own: set[str]) -> dict[str, str]:
    """The words each review state is about: the language file's, or for a derived edition its
    source's (transliterated at every build, so not edited by themselves) but for its own file's."""
    source = booklet.spec.languages[lang].derived_from
    if source is None:
        return {k: t.value for k, t in load_texts(booklet, lang).by_key.items()}
    inherited = {k: t.value for k, t in load_texts(booklet, source).by_key.items() if k not in own}
    return {**inherited, **({k: t.value for k, t in load_texts(booklet, lang).by_key.items()} if own else {})}


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
    own = own_keys(booklet, lang)
    states = states_of(booklet, lang, own)
    signed = signed_texts(booklet, lang, own)
    status = LanguageStatus(lang, texts.path, booklet.spec.languages[lang].derived_from, len(english.by_key),
                            print_needs_review=booklet.spec.translations.print == "reviewed",
                            must_be_complete=booklet.spec.translations.complete)
    for key, source in english.by_key.items():
        text = texts.by_key.get(key)
        if text is None:
            status.missing.append(key)
            continue
        if is_left_behind(source, text, texts.settings):
            status.untranslated.append(key)
        review = states.get(key)
        if review and review.english != fingerprint(source.value):
            status.stale.append(key)
        elif review and review.state == "reviewed" and review.edited(signed.get(key, text.value)):
            status.edited.append(key)
        elif review and review.state == "returned":
            status.returned.append(key)
        elif review and review.state == "reviewed":
            status.reviewed += 1
        else:
            status.unreviewed.append(key)
    status.unused = [key for key in texts.by_key if key not in english.by_key]
    status.problems = check_translation(english.by_key, texts.by_key)
    status.terms = [d for d in translation_warnings(booklet, lang) if d.code == "term"]
    return status

