"""What a translator may have left behind: English words for word, and terms rendered otherwise.

`is_left_behind()` says whether a translated text is the English word for
word where it should not be: unless the language file allows it by key
(`_edition: same_as_english: [people.*, web.address]`, the names, acronyms
and addresses that are rightly the same) or it has no word in lower case
once placeholders, web and e-mail addresses are left out (DokuFest, NATO,
2024).  `translation_warnings()` takes the booklet and a language and
returns, for every build, a warning at the language file's line for each
such text (code `english-left`) and for each term rendered otherwise than
the language's termbase says (termbase.py, code `term`).  A derived edition
(sr-Cyrl) is told about its source's texts at the source's lines, in the
same words as the source edition is, so a build of both says each once; its
own texts (sr-Cyrl.yaml) are checked too.  `stops()` says whether English
left behind stops a variant: print, when booklet.yaml asks for
`translations: {complete: true}`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from booklet.content.edition import Text, Texts, load_texts
from booklet.content.termbase import read_termbase, respelled, stray_term_files, term_problems
from booklet.core.errors import Diagnostic
from booklet.project.config import Booklet
from booklet.project.derived import derive_function
from booklet.project.editionsettings import EditionSettings
from booklet.project.variants import Variant

_LOWER_WORD = re.compile(r"\b[^\W\d_]*[a-zß-ÿа-џ][^\W\d_]*\b")
_NOT_WORDS = re.compile(r"\{[^}]*\}|https?://\S+|\S+@\S+|\S+\.\w{2,}/?\S*")


def is_left_behind(english: Text, text: Text, settings: EditionSettings) -> bool:
    """The translation is the English word for word, and the language file does not allow it."""
    if text.value != english.value or settings.may_match_english(text.key):
        return False
    return bool(_LOWER_WORD.search(_NOT_WORDS.sub("", english.value)))


def left_behind(english: Mapping[str, Text], texts: Texts) -> list[Diagnostic]:
    """A warning at its line for each text of texts that is its English word for word."""
    return [Diagnostic("warning", "english-left",
                       f"'{key}' is the English word for word (“{_short(text.value)}”)", text.where,
                       "translate it; if it is rightly the same (a name, an acronym, an address), "
                       "add its key to _edition: same_as_english")
            for key, text in texts.by_key.items()
            if key in english and not text.fallback and is_left_behind(english[key], text, texts.settings)]


def translation_warnings(booklet: Booklet, lang: str) -> list[Diagnostic]:
    """English left behind and terms rendered otherwise, each at the line where it is fixed."""
    default = booklet.spec.default_language
    if lang == default:
        return []
    english = load_texts(booklet, default).by_key
    source = booklet.spec.languages[lang].derived_from
    found: list[Diagnostic] = stray_term_files(booklet)
    if source is not None:  # the source's texts, told as the source's edition tells them
        source_texts = load_texts(booklet, source)
        found += left_behind(english, source_texts)
        found += term_problems(read_termbase(booklet, source), english, source_texts.by_key)
        if not (booklet.lang_dir / f"{lang}.yaml").exists():
            return found
        own = load_texts(booklet, lang)
        allowed = EditionSettings(same_as_english=[*source_texts.settings.same_as_english,
                                                   *own.settings.same_as_english])
        function = derive_function(lang, source)
        terms = respelled(read_termbase(booklet, source), lambda words: function(words, own.settings.keep))
        found += left_behind(english, Texts(own.path, own.by_key, allowed))
        return found + term_problems(terms, english, own.by_key)
    texts = load_texts(booklet, lang)
    return [*found, *left_behind(english, texts),
            *term_problems(read_termbase(booklet, lang), english, texts.by_key)]


def stops(booklet: Booklet, variant: Variant) -> bool:
    """English left behind stops this variant: one for the printer, when editions must be complete."""
    return booklet.spec.translations.complete and variant.colour == "cmyk" and not variant.marks


def held_back(booklet: Booklet, variant: Variant, warnings: list[Diagnostic]) -> list[Diagnostic]:
    """The warnings as the variant takes them: English left behind is an error where it stops it."""
    if not stops(booklet, variant):
        return warnings
    return [Diagnostic("error", d.code, d.message, d.where, "booklet.yaml asks for complete translations in "
                       f"print: {d.hint}") if d.code == "english-left" else d for d in warnings]


def _short(text: str, most: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= most else one_line[:most - 1] + "…"
