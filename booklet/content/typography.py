"""Typography per language: quotes, no-break spaces and ties, hyphenation exceptions, dates and year ranges.

`typeset()` takes an edition's texts, language code and locale; it returns
the texts as they are set: quotes turned into the language's (quotes.py,
with a warning at the text's file:line where another style was typed), a
no-break space after abbreviations such as "no." / "nr." / "br." and between
a number and its unit, the ties of ties.py (case endings, dates, one-letter
words, place-name pairs, a paragraph's last two words), and the words of the
language file's hyphenation list given soft hyphens where they may break
(WeasyPrint then breaks them there and nowhere else).  `format_date()` and
`format_years()` write dates and ranges of years for the html stage: a range
in the house style (1999–2024: an en dash, no spaces, no dot after it, in
every language), and a date with the month as running text needs it
(Serbian: the genitive, "1. jula 1999.", which CLDR does not give), its
spaces no-break spaces.  What each language needs is data (langdata.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import babel
import babel.dates

from booklet.content.edition import Text, Texts
from booklet.content.langdata import LanguageData, language_data
from booklet.content.quotes import normalise_quotes
from booklet.content.ties import NBSP, tie
from booklet.core.errors import Diagnostic, Location
from booklet.project.editionsettings import EditionSettings

SOFT_HYPHEN = "\u00ad"
EN_DASH = "\u2013"
__all__ = ["NBSP", "SOFT_HYPHEN", "format_date", "format_years", "rules_for", "set_text", "typeset"]

UNITS = ("%", "‰", "km²", "km", "mm", "cm", "m", "kg", "t", "ha", "€", "EUR", "°C")
"""Units a number or placeholder keeps on its line."""

_UNIT = re.compile(r"(?<=[\d}]) (" + "|".join(re.escape(u) for u in UNITS) + r")(?!\w)")


def rules_for(code: str, locale: babel.Locale | None = None,
              settings: EditionSettings | None = None) -> LanguageData:
    """A language's typography as data (langdata.py), its fallback warnings left aside."""
    return language_data(code, locale, settings)[0]


def set_text(value: str, rules: LanguageData, breaks: dict[str, str]) -> str:
    """One text as it is set in the edition (see the module docstring)."""
    return _set(value, rules, breaks)[0]


def _set(value: str, rules: LanguageData, breaks: dict[str, str]) -> tuple[str, list[str]]:
    """A text as it is set, and the quotation styles typed in it that are not the edition's."""
    value, others = normalise_quotes(value, rules.quotes)
    for abbreviation in rules.abbreviations:
        value = re.sub(rf"(?<!\w){re.escape(abbreviation)} ", abbreviation + NBSP, value)
    value = _UNIT.sub(NBSP + r"\1", value)
    value = tie(value, rules)
    return (_hyphenate(value, breaks) if breaks else value), others


def hyphenation_breaks(settings: EditionSettings) -> dict[str, str]:
    """The exceptions list as word (lower case) → the word with soft hyphens where it may break."""
    return {entry.replace("-", "").casefold(): entry.replace("-", SOFT_HYPHEN)
            for entry in settings.hyphenation}


def _hyphenate(value: str, breaks: dict[str, str]) -> str:
    words = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in breaks) + r")(?!\w)", re.IGNORECASE)

    def mark(match: re.Match[str]) -> str:
        written, model = match.group(), breaks[match.group().casefold()]
        letters = iter(written)  # the case as written, the break points of the list
        return "".join(SOFT_HYPHEN if c == SOFT_HYPHEN else next(letters) for c in model)

    return words.sub(mark, value)


def typeset(texts: Texts, code: str, locale: babel.Locale | None = None) -> Texts:
    """The edition's texts as they are set in its language, with a warning for each default or slip."""
    rules, warnings = language_data(code, locale, texts.settings, Location(texts.path))
    breaks = hyphenation_breaks(texts.settings)
    by_key: dict[str, Text] = {}
    for key, text in texts.by_key.items():
        value, others = _set(text.value, rules, breaks)
        by_key[key] = replace(text, value=value)
        if others and not text.fallback:
            warnings.append(Diagnostic(
                "warning", "quotes", f"'{key}' is typed with {' and '.join(others)}, set as "
                f"{rules.quotes[0]}…{rules.quotes[1]} in the {code} edition", text.where,
                f"type straight quotes or {rules.quotes[0]}…{rules.quotes[1]}, or set `quotes:` "
                "under `_edition:`"))
    return replace(texts, by_key=by_key, warnings=[*texts.warnings, *warnings])


def format_years(start: int, end: int | None = None) -> str:
    """A range of years in the house style of every edition: 1999–2024."""
    return str(start) if end is None or end == start else f"{start}{EN_DASH}{end}"


def format_date(value: dt.date, locale: babel.Locale, code: str, settings: EditionSettings) -> str:
    """A date as running text writes it in the edition's language, on one line."""
    pattern = settings.date or str(locale.date_formats["long"].pattern)
    months = language_data(code, locale, settings)[0].months
    if months and "MMMM" in pattern:
        month = months[value.month - 1].replace("'", "''")
        pattern = pattern.replace("MMMM", f"'{month}'")
    return babel.dates.format_date(value, pattern, locale=locale).replace(" ", NBSP)
