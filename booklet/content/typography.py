"""Typography per language: quotes, no-break spaces, hyphenation exceptions, dates and year ranges.

`typeset()` takes an edition's texts and language code; it returns the
texts as they are set: straight (or English) quotes turned into the
language's, a no-break space after abbreviations such as "no." / "nr." /
"br." and between a number and its unit, and the words of the language
file's hyphenation list given soft hyphens where they may break (WeasyPrint
then breaks them there and nowhere else).  `format_date()` and
`format_years()` write dates and ranges of years for the html stage: a
range in the house style (1999–2024: an en dash, no spaces, no dot after
it, in every language), and a date with the month as running text needs it
(Serbian: the genitive, "1. jula 1999.", which CLDR does not give).
The rules are the `TYPOGRAPHY` and `MONTHS` tables.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

import babel
import babel.dates

from booklet.content.edition import Text, Texts
from booklet.project.editionsettings import EditionSettings
from booklet.project.languages import script_of

NBSP = "\u00a0"
SOFT_HYPHEN = "\u00ad"
EN_DASH = "\u2013"


@dataclass(frozen=True)
class Typography:
    quotes: tuple[str, str]
    """The opening and closing quotation marks."""
    abbreviations: tuple[str, ...]
    """Abbreviations a number follows, kept on its line by a no-break space."""


TYPOGRAPHY: dict[str, Typography] = {
    "en": Typography(("“", "”"), ("No.", "no.", "Nos.", "p.", "pp.")),
    "sq": Typography(("“", "”"), ("Nr.", "nr.", "f.", "fq.")),
    "sr-Latn": Typography(("„", "“"), ("Br.", "br.", "str.")),
    "sr-Cyrl": Typography(("„", "“"), ("Бр.", "бр.", "стр.")),
}
"""By language, or language-Script; CLDR's quotation marks (which Babel does not expose)."""

UNITS = ("%", "‰", "km²", "km", "mm", "cm", "m", "kg", "t", "ha", "€", "EUR", "°C")
"""Units a number or placeholder keeps on its line."""

MONTHS: dict[str, tuple[str, ...]] = {
    "sr-Latn": ("januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta",
                "septembra", "oktobra", "novembra", "decembra"),
    "sr-Cyrl": ("јануара", "фебруара", "марта", "априла", "маја", "јуна", "јула", "августа",
                "септембра", "октобра", "новембра", "децембра"),
}
"""Month names in a date where CLDR's are not the ones running text needs (Serbian genitive)."""

_UNIT = re.compile(r"(?<=[\d}]) (" + "|".join(re.escape(u) for u in UNITS) + r")(?!\w)")
_QUOTED = re.compile(r'"([^"\n]*)"|“([^”\n]*)”')
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def _lookup(code: str) -> str:
    """The key of a table entry for a language code: the code, language-Script, or the language."""
    parts = code.split("-")
    region = next((p for p in parts[1:] if len(p) in (2, 3)), None)
    script = next((p for p in parts[1:] if len(p) == 4), None) or script_of(parts[0], None, region)
    for key in (code, f"{parts[0]}-{script}", parts[0]):
        if key in TYPOGRAPHY or key in MONTHS:
            return key
    return parts[0]


def rules_for(code: str) -> Typography:
    return TYPOGRAPHY.get(_lookup(code), TYPOGRAPHY["en"])


def set_text(value: str, rules: Typography, breaks: dict[str, str]) -> str:
    """One text as it is set in the edition (see the module docstring)."""
    opening, closing = rules.quotes
    value = _QUOTED.sub(lambda m: f"{opening}{m.group(1) if m.group(1) is not None else m.group(2)}"
                                  f"{closing}", value)
    value = _APOSTROPHE.sub("’", value)
    for abbreviation in rules.abbreviations:
        value = re.sub(rf"(?<!\w){re.escape(abbreviation)} ", abbreviation + NBSP, value)
    value = _UNIT.sub(NBSP + r"\1", value)
    return _hyphenate(value, breaks) if breaks else value


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


def typeset(texts: Texts, code: str) -> Texts:
    """The edition's texts as they are set in its language."""
    rules, breaks = rules_for(code), hyphenation_breaks(texts.settings)
    by_key: dict[str, Text] = {key: replace(text, value=set_text(text.value, rules, breaks))
                               for key, text in texts.by_key.items()}
    return replace(texts, by_key=by_key)


def format_years(start: int, end: int | None = None) -> str:
    """A range of years in the house style of every edition: 1999–2024."""
    return str(start) if end is None or end == start else f"{start}{EN_DASH}{end}"


def format_date(value: dt.date, locale: babel.Locale, code: str, settings: EditionSettings) -> str:
    """A date as running text writes it in the edition's language."""
    pattern = settings.date or str(locale.date_formats["long"].pattern)
    months = settings.months or MONTHS.get(_lookup(code))
    if months and "MMMM" in pattern:
        month = months[value.month - 1].replace("'", "''")
        pattern = pattern.replace("MMMM", f"'{month}'")
    return babel.dates.format_date(value, pattern, locale=locale)
