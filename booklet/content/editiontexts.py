"""The texts of one edition: its language file checked against the English, derived, or filled in.

`edition_texts()` takes a booklet, a language and the page files; it returns
the `Texts` the edition is set from, in the edition's typography.  For the
default language that is its file.  A translation is held against the
English (textrules.py: placeholders, emphasis, list items, paragraphs, each
at the translation's line); texts the pages use but the file lacks are an
error — listed when they are few, summarised when many, so that a file
half-way through translation gives one line, not hundreds.  A draft (proof
only) fills them with the English instead, marked as such, and marks the
English a translation left behind (leftbehind.py) the same way.  A derived
edition (sr-Cyrl) is made from its source's texts (derived.py), with the
texts of its own file, if it has one, over them; a source text left the
English word for word (leftbehind.py) is not transliterated into nonsense
Cyrillic but kept as it is, and the build warns at the source's line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from booklet.content.edition import PageFile, Text, Texts, load_texts
from booklet.content.leftbehind import is_left_behind
from booklet.content.textrules import check_translation
from booklet.content.typography import typeset
from booklet.core.errors import BookletError, Data, Location, raise_all
from booklet.project.config import Booklet
from booklet.project.derived import derive_function
from booklet.project.editionsettings import EditionSettings
from booklet.project.schema import keys_in

MOST_LISTED = 5
"""Missing texts beyond this many are summarised in one line."""


def used_keys(pages: list[PageFile]) -> dict[str, PageFile]:
    """Every key the pages use, in page order, with the first page file that uses it."""
    used: dict[str, PageFile] = {}
    for page_file in pages:
        for _path, key in keys_in(page_file.page):
            used.setdefault(str(key), page_file)
    return used


def declared_keys(booklet: Booklet, pages: list[PageFile]) -> set[str]:
    """The texts the layouts print by themselves: the document frame's, and those of each layout
    the pages use, as their layouts/document.yaml and layout.yaml declare them under `texts:`."""
    used = {p.page.layout for p in pages}
    return {*booklet.document_texts,
            *(key for name, layout in booklet.layouts.items() if name in used for key in layout.texts)}


def translation(booklet: Booklet, lang: str) -> Texts:
    """A language's own texts, or for a derived edition the texts made from its source."""
    source = booklet.spec.languages[lang].derived_from
    if source is None:
        return load_texts(booklet, lang)
    base = load_texts(booklet, source)
    own_file = booklet.lang_dir / f"{lang}.yaml"
    own = load_texts(booklet, lang) if own_file.exists() else Texts(f"content/lang/{lang}.yaml", {})
    function = derive_function(lang, source)
    foreign = {**base.settings.foreign, **own.settings.foreign}  # another language: never transliterated
    keep = (*own.settings.keep, *(phrase for phrases in foreign.values() for phrase in phrases))
    english = load_texts(booklet, booklet.spec.default_language).by_key

    def made(text: Text) -> Text:
        if text.key in english and is_left_behind(english[text.key], text, base.settings):
            return text  # English left in the source stays English, told at the source's line
        return replace(text, value=function(text.value, keep))

    by_key = {key: own.by_key.get(key) or made(text) for key, text in base.by_key.items()}
    by_key.update({k: t for k, t in own.by_key.items() if k not in by_key})
    ours, theirs = own.settings, base.settings
    settings = EditionSettings(
        same_as_english=[*theirs.same_as_english, *ours.same_as_english],
        hyphenation=[*ours.hyphenation, *(function(w, keep) for w in theirs.hyphenation)],
        months=ours.months or ([function(m, keep) for m in theirs.months] if theirs.months else None),
        date=ours.date or theirs.date, keep=ours.keep, quotes=ours.quotes or theirs.quotes,
        abbreviations=[*ours.abbreviations, *(function(a, keep) for a in theirs.abbreviations)],
        ties=[*ours.ties, *(function(w, keep) for w in theirs.ties)],
        foreign=foreign)
    return Texts(own.path, by_key, settings)


def edition_texts(booklet: Booklet, lang: str, pages: list[PageFile], draft: bool = False) -> Texts:
    """The texts the edition is set from (see the module docstring)."""
    default = booklet.spec.default_language
    if lang == default:
        return typeset(load_texts(booklet, lang), lang, booklet.locale(lang))
    english = load_texts(booklet, default)
    texts = translation(booklet, lang)
    errors = check_translation(english.by_key, texts.by_key)
    declared = declared_keys(booklet, pages)
    wanted = [*used_keys(pages), *(k for k in english.by_key if k in declared)]  # the layouts' own
    missing = [key for key in dict.fromkeys(wanted) if key not in texts.by_key and key in english.by_key]
    if draft:  # missing texts in English, and English left behind marked as such
        left = [key for key, text in texts.by_key.items()
                if key in english.by_key and is_left_behind(english[key], text, texts.settings)]
        texts = replace(texts, by_key={**texts.by_key, **{
            key: replace(english.by_key[key], fallback=True) for key in [*missing, *left]}})
    elif missing:
        source = booklet.spec.languages[lang].derived_from
        # a derived edition lacks what its source lacks: said at the source, where it is added, and
        # in the source's words, so that a build of both says it once
        errors += missing_problems(fixed_in(booklet, lang, texts), source or lang, missing, english)
    raise_all(errors)
    return typeset(texts, lang, booklet.locale(lang))


def fixed_in(booklet: Booklet, lang: str, texts: Texts) -> str:
    """The language file a missing text of lang is added to: for a derived edition, its source's."""
    source = booklet.spec.languages[lang].derived_from
    return f"content/lang/{source}.yaml" if source else texts.path


def missing_problems(path: str, lang: str, missing: list[str], english: Texts) -> list[BookletError]:
    """Each missing text, or one line for them all when there are many."""
    status = f"run `booklet i18n status --lang {lang}` for the list"
    if len(missing) > MOST_LISTED:
        return [BookletError(f"{len(missing)} texts missing", Location(path), status, code="missing",
                             data=Data(count=len(missing)))]
    return [BookletError(f"no text '{key}' (in English: “{_short(english[key].value)}”)", Location(path),
                         "add it, translated", code="missing", data=Data(key=key)) for key in missing]


def _short(text: str, most: int = 50) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= most else one_line[:most - 1] + "…"


DRAFT_MARK = "background-color: device-cmyk(0 0 0.6 0); color: device-cmyk(0 0 0 1)"
"""How an English stand-in is highlighted in a draft: black words on yellow, whatever the page's
own colours (white words on a navy page would be white on yellow), legible on paper, colour and
photos alike."""
DRAFT_TAG = "[EN]\u00a0"
"""Said before an English stand-in: it survives where a highlight does not (a running foot is the
text of its element, without styles; a grey print of the proof)."""


def marked_if_english(text: Text, html: str, block: bool = False) -> str:
    """A text's HTML, as English, tagged and highlighted when it stands in for a missing translation."""
    if not text.fallback:
        return html
    attributes = f' lang="en" class="draft-english" style="{DRAFT_MARK}"'
    if block:
        html = re.sub(r"<(p|li|h[1-6])>", rf"<\1{attributes}>", html)
        return re.sub(r"(<(?:p|li|h[1-6])[^>]*>)", rf"\1{DRAFT_TAG}", html, count=1)
    return f"<span{attributes}>{DRAFT_TAG}{html}</span>"
