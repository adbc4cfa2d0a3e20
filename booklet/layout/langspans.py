"""Text in another language or script marked as such: `<span lang="…">` in a text's HTML.

`mark_languages()` takes a text's HTML and the edition's `LanguageMarks`; it
returns the HTML with each word or phrase the language file lists under
`foreign:` (by language: `{en: [Follow Us], sq: [Prishtinë]}`) in a span with
that language, and, in an edition written in another script than Latin
(sr-Cyrl), every remaining run of Latin letters (an acronym kept as the source
writes it) in a span of the edition's language in Latin script (sr-Latn).
WeasyPrint then hyphenates each with its own dictionary, and the PDF's tags say
in which language a screen reader reads it.  Only text is touched, never a
tag, an attribute or an entity.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:[ \u00a0'’\u2011-]+[A-Za-z\u00c0-\u024f]+)*")


@dataclass(frozen=True)
class LanguageMarks:
    """What an edition marks with a lang attribute."""

    foreign: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Words and phrases by the code of their language."""
    latin: str | None = None
    """The code Latin-script runs get in an edition of another script (sr-Latn), or None."""


def marks_for(code: str, foreign: dict[str, tuple[str, ...]] | dict[str, list[str]]) -> LanguageMarks:
    """The marks of an edition: its language file's foreign words, and Latin runs in a non-Latin one."""
    parts = code.split("-")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    latin = f"{parts[0]}-Latn" if script is not None and script != "Latn" else None
    return LanguageMarks({lang: tuple(words) for lang, words in foreign.items()}, latin)


def mark_languages(html: str, marks: LanguageMarks) -> str:
    """The HTML with the spans of the module docstring."""
    if not marks.foreign and marks.latin is None:
        return html
    phrases = _phrases(tuple(sorted((w, lang) for lang, words in marks.foreign.items() for w in words)))
    out: list[str] = []
    for number, part in enumerate(_MARKUP.split(html)):
        out.append(part if number % 2 else _mark_text(part, phrases, marks.latin))
    return "".join(out)


def _mark_text(text: str, phrases: tuple[re.Pattern[str] | None, dict[str, str]], latin: str | None) -> str:
    pattern, languages = phrases
    out: list[str] = []
    done = 0
    for match in pattern.finditer(text) if pattern else ():
        out += [_mark_latin(text[done:match.start()], latin),
                f'<span lang="{languages[match.group()]}">{match.group()}</span>']
        done = match.end()
    out.append(_mark_latin(text[done:], latin))
    return "".join(out)


def _mark_latin(text: str, latin: str | None) -> str:
    if latin is None:
        return text
    return _LATIN.sub(lambda m: f'<span lang="{latin}">{m.group()}</span>', text)


@functools.lru_cache(maxsize=16)
def _phrases(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern for every listed phrase (longest first, whole words, spaces as any space)."""
    languages = {}
    alternatives = []
    for phrase, lang in sorted(pairs, key=lambda pair: len(pair[0]), reverse=True):
        alternatives.append(r"[ \u00a0]".join(map(re.escape, phrase.split())))
        languages[phrase] = lang
    if not alternatives:
        return None, {}
    pattern = re.compile(r"(?<![^\W\d_])(?:" + "|".join(alternatives) + r")(?![^\W\d_])")
    return pattern, _Spaced(languages)


class _Spaced(dict[str, str]):
    """Phrases by their words, so one the typography pass tied (no-break space) is still found."""

    def __missing__(self, key: str) -> str:
        return dict.__getitem__(self, " ".join(key.split()))
