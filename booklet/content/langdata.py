"""What booklet knows of a language's typography, as data: CLDR first, then its own files, then the project's.

`language_data()` takes an edition's language code, its Babel locale, the
`_edition:` settings of its language file and where that file is; it returns
the `LanguageData` the typography pass sets the texts with, and a warning for
each thing it had to fall back on.  Where each piece comes from:

- quotation marks: the language file's `quotes:`, else CLDR's delimiters for
  the locale (languages/delimiters.json, taken from CLDR: Babel does not carry
  them), else English's, with a warning;
- abbreviations a number follows and one-letter words a line may not end in:
  booklet's file for the language (languages/<code>.yaml, looked up as the
  code, language-Script, then language) with the language file's lists added;
  a language booklet has no file for and the project gives none is a warning;
- month names for dates in running text: the language file's `months:`, else
  booklet's file (the Serbian genitive, which CLDR lacks), else CLDR's;
- the word a draft proof is marked with across every page and in its slug
  line: the language file's `draft:`, else booklet's file, else DRAFT;
- how short a paragraph's or heading's last word must be to be tied to the
  one before it: booklet's file for the language (`last_words:`), else
  `LastWords()`'s defaults;
- plural forms: CLDR's rules for the locale, through Babel (plurals.py).

Words a derived edition keeps in the source script are the project's own
(`keep:` in its language file), not booklet's.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import babel
import yaml

from booklet.core.errors import Diagnostic, Location
from booklet.project.editionsettings import EditionSettings
from booklet.project.languages import script_of

ENGLISH_QUOTES = ("“", "”", "‘", "’")
"""What an edition falls back on when neither its language file nor CLDR gives quotation marks."""
_FILE_KEYS = frozenset({"abbreviations", "ties", "months", "last_words", "draft"})


@dataclass(frozen=True)
class LastWords:
    """When a text's last two words are tied, so that its last line never holds one word alone.

    A pair is measured from the first word's last hyphen, where a line may still break.
    """

    letters: int = 14
    """A paragraph's last word this short (punctuation aside) is tied to the word before it…"""
    pair: int = 24
    """…unless the two together are longer than this: the line above would be left loose."""
    heading: int = 26
    """A heading's last two words are tied when together no longer than this."""


@dataclass(frozen=True)
class LanguageData:
    """How one edition's language is set: the typography pass's rules as data."""

    code: str
    quotes: tuple[str, str] = ("“", "”")
    """The opening and closing quotation marks."""
    inner_quotes: tuple[str, str] = ("‘", "’")
    """The marks of a quotation inside a quotation."""
    abbreviations: tuple[str, ...] = ()
    """Abbreviations a number follows, kept on its line by a no-break space."""
    ties: tuple[str, ...] = ()
    """One-letter words a line may not end in: a no-break space follows them."""
    months: tuple[str, ...] | None = None
    """The month names a date in running text uses, when not CLDR's (Serbian genitive)."""
    month_names: tuple[str, ...] = ()
    """Every month name a date in a text may have: those above and CLDR's wide names."""
    foreign: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Words and phrases in another language, by that language's code."""
    last_words: LastWords = LastWords()
    """When a paragraph's or a heading's last two words are tied (ties.py, html.py's Words.title)."""
    draft: str = "DRAFT"
    """The word a draft proof is marked with (render/proof.py)."""


def language_data(code: str, locale: babel.Locale | None = None,
                  settings: EditionSettings | None = None,
                  where: Location | None = None) -> tuple[LanguageData, list[Diagnostic]]:
    """An edition's language data and a warning for each default it fell back on (module docstring)."""
    settings = settings or EditionSettings()
    locale = locale or _locale(code)
    where = where or Location(f"content/lang/{code}.yaml")
    shipped = shipped_data(code)
    warnings: list[Diagnostic] = []
    quotes = tuple(settings.quotes) if settings.quotes else cldr_quotes(locale)
    if quotes is None:
        quotes = ENGLISH_QUOTES
        warnings.append(Diagnostic(
            "warning", "language-fallback", f"CLDR gives no quotation marks for '{locale}': the {code} "
            "edition is set with English quotes “…”", where, "set `quotes:` under `_edition:`"))
    if shipped is None and not settings.abbreviations and not settings.ties:
        warnings.append(Diagnostic(
            "warning", "language-fallback", f"booklet knows no typography for '{code}': no abbreviation "
            "or one-letter word is kept with the word after it", where,
            "list them as `abbreviations:` and `ties:` under `_edition:`"))
    shipped = shipped or {}
    months = tuple(settings.months or shipped.get("months") or ()) or None
    inner = (quotes[2], quotes[3]) if len(quotes) == 4 else ENGLISH_QUOTES[2:]
    data = LanguageData(
        code, (quotes[0], quotes[1]), inner,
        tuple(dict.fromkeys([*shipped.get("abbreviations", ()), *settings.abbreviations])),
        tuple(dict.fromkeys([*shipped.get("ties", ()), *settings.ties])),
        months, tuple(dict.fromkeys([*(months or ()), *_cldr_months(locale)])),
        {lang: tuple(words) for lang, words in settings.foreign.items()},
        LastWords(**shipped.get("last_words", {})),
        settings.draft or shipped.get("draft") or "DRAFT")
    return data, warnings


def cldr_quotes(locale: babel.Locale) -> tuple[str, ...] | None:
    """CLDR's quotation marks for a locale (opening, closing, inner opening, inner closing), or None."""
    table = _delimiters()
    lang, script, territory = locale.language, locale.script, locale.territory
    keys = [f"{lang}-{script}-{territory}", f"{lang}-{script}", f"{lang}-{territory}", lang]
    for key in keys:
        if "None" not in key.split("-") and key in table:
            return tuple(table[key])
    return None


@functools.cache
def shipped_data(code: str) -> dict[str, Any] | None:
    """booklet's own file for a language code: the code, language-Script or language; None if none."""
    parts = code.split("-")
    region = next((p for p in parts[1:] if len(p) in (2, 3)), None)
    script = next((p for p in parts[1:] if len(p) == 4), None) or script_of(parts[0], None, region)
    folder = resources.files("booklet.content") / "languages"
    for key in dict.fromkeys((code, f"{parts[0]}-{script}", parts[0])):
        path = folder / f"{key}.yaml"
        if path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            unknown = set(data) - _FILE_KEYS
            if unknown:  # booklet's own data: a mistake in it is booklet's bug, not the user's
                raise ValueError(f"{key}.yaml: unknown keys {sorted(unknown)}")
            return dict(data)
    return None


@functools.cache
def _delimiters() -> dict[str, list[str]]:
    text = (resources.files("booklet.content") / "languages" / "delimiters.json").read_text(encoding="utf-8")
    table: dict[str, list[str]] = {k: v for k, v in json.loads(text).items() if not k.startswith("_")}
    return table


def _cldr_months(locale: babel.Locale) -> list[str]:
    names: list[str] = []
    for context in ("format", "stand-alone"):
        names += [str(name) for name in locale.months[context]["wide"].values()]
    return names


def _locale(code: str) -> babel.Locale:
    """A locale for a bare language code (tests, and tools without booklet.yaml)."""
    parts = code.split("-")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    region = next((p for p in parts[1:] if len(p) in (2, 3)), None)
    return babel.Locale(parts[0], territory=region, script=script)
