"""The languages booklet.yaml lists: a BCP 47 code, a CLDR locale that agrees with it, hyphenation.

Takes a language code and its locale; returns the problems as (key, message,
hint), key being "code" or "locale", so config can say them at that line.
The code becomes a file name (content/lang/<code>.yaml) and the `lang` of
the HTML, from which WeasyPrint picks the hyphenation dictionary; the locale
writes numbers and dates.  A Latin edition with a Cyrillic locale prints
Cyrillic months, so their scripts must agree.
"""

from __future__ import annotations

import re

import babel
import babel.languages
import babel.localedata
import pyphen
from babel.core import get_global, parse_locale

_SAFE = re.compile(r"^[A-Za-z0-9-]{1,35}$")
_BCP47 = re.compile(r"^(?P<lang>[a-z]{2,3})(?:-(?P<script>[A-Z][a-z]{3}))?"
                    r"(?:-(?P<region>[A-Z]{2}|[0-9]{3}))?$")
_EXAMPLES = "such as en, en-GB, sq, sr-Latn, sr-Cyrl"
_ENGLISH = babel.Locale("en")

Problem = tuple[str, str, str]


def language_problems(code: str, locale: str) -> list[Problem]:
    """What is wrong with a language's code and locale; [] when nothing is."""
    parts = _code_parts(code)
    if not isinstance(parts, dict):
        return [parts]
    found = _locale(locale)
    problems = [found] if isinstance(found, tuple) else _disagreement(code, parts, found)
    return problems + _hyphenation(code, parts)


def _code_parts(code: str) -> dict[str, str | None] | Problem:
    if not _SAFE.match(code):
        return ("code", f"'{code}' cannot be a language code: it may hold only letters, digits and '-' "
                        "— it names the file content/lang/<code>.yaml", f"write a BCP 47 code {_EXAMPLES}")
    match = _BCP47.match(code)
    if not match:
        return ("code", f"'{code}' is not a language code{_recased(code)}",
                f"write language-Script-REGION, {_EXAMPLES}")
    parts = match.groupdict()
    lang, script, region = parts["lang"], parts["script"], parts["region"]
    if not babel.localedata.exists(lang or ""):
        return ("code", f"'{lang}' is not a language{_country_hint(lang or '')}",
                f"write a BCP 47 code {_EXAMPLES}")
    if script and script not in _ENGLISH.scripts:
        return ("code", f"'{script}' in '{code}' is not a script", "e.g. Latn (Latin), Cyrl (Cyrillic)")
    if region and region not in _ENGLISH.territories:
        return ("code", f"'{region}' in '{code}' is not a region", "e.g. GB, AL, RS, XK")
    return parts


def _recased(code: str) -> str:
    """Did you mean: the code with BCP 47's usual case (sr-Latn, en-GB)."""
    tags = code.split("-")
    fixed = "-".join([tags[0].lower()] + [t.title() if len(t) == 4 else t.upper() for t in tags[1:]])
    return f" (did you mean '{fixed}'?)" if fixed != code and _BCP47.match(fixed) else ""


def _country_hint(lang: str) -> str:
    """'rs' is Serbia's country code: say which languages are spoken there."""
    spoken = babel.languages.get_official_languages(lang.upper()) if len(lang) == 2 else ()
    if not spoken:
        return ""
    return (f": {lang.upper()} is the country code of {_ENGLISH.territories[lang.upper()]}, "
            f"whose language is '{spoken[0].replace('_', '-')}'")


def _locale(locale: str) -> babel.Locale | Problem:
    hint = "a CLDR locale such as en_GB, sq, sr_Latn, sr_Cyrl"
    try:
        _lang, _territory, script, variant = parse_locale(locale)[:4]
        if variant:  # 'sr_Latin': Babel takes 'Latin' for a variant and gives Cyrillic
            return ("locale", f"unknown locale '{locale}': '{variant.title()}' is not a script or region",
                    hint)
        return babel.Locale.parse(locale)
    except (ValueError, babel.UnknownLocaleError):
        fixed = f" (did you mean '{locale.replace('-', '_')}'?)" if "-" in locale else ""
        return ("locale", f"unknown locale '{locale}'{fixed}", hint)


def _disagreement(code: str, parts: dict[str, str | None], locale: babel.Locale) -> list[Problem]:
    lang = parts["lang"] or ""
    if locale.language != lang:
        return [("locale", f"locale '{locale}' is not {_name(lang)}, the language of '{code}'",
                 "use one of: " + ", ".join(_locales_of(lang)))]
    written, wanted = script_of(lang, locale.script, locale.territory), script_of(lang, parts["script"],
                                                                                  parts["region"])
    if written != wanted:
        return [("locale", f"locale '{locale}' writes {_script_name(written)}, but '{code}' is "
                           f"{_script_name(wanted)}", "use one of: " + ", ".join(_locales_of(lang, wanted)))]
    region = parts["region"]
    if region and locale.territory and locale.territory != region:
        return [("locale", f"locale '{locale}' is for {_ENGLISH.territories.get(locale.territory)}, but "
                           f"'{code}' is for {_ENGLISH.territories.get(region)}",
                 f"use {lang}_{parts['script'] + '_' if parts['script'] else ''}{region}")]
    return []


def _hyphenation(code: str, parts: dict[str, str | None]) -> list[Problem]:
    # WeasyPrint picks the dictionary as pyphen.language_fallback(lang) does.
    dictionary = pyphen.language_fallback(code)
    wanted = script_of(parts["lang"] or "", parts["script"], parts["region"])
    if dictionary and _locale_script(dictionary) == wanted:
        return []
    have = sorted(d for d in pyphen.LANGUAGES if d.split("_")[0] == parts["lang"])
    hint = ("dictionaries for this language: " + ", ".join(have) if have
            else f"pyphen, which hyphenates, has none for {_name(parts['lang'] or '')}")
    return [("code", f"no hyphenation dictionary for '{code}' ({_script_name(wanted)})", hint)]


def script_of(lang: str, script: str | None, region: str | None) -> str | None:
    """The script a language is written in: the one given, or CLDR's likely one."""
    if script:
        return script
    likely = get_global("likely_subtags")
    for key in (f"{lang}_{region}", lang) if region else (lang,):
        if key in likely:
            return str(parse_locale(likely[key])[2])
    return None


def _locale_script(identifier: str) -> str | None:
    lang, territory, script = parse_locale(identifier)[:3]
    return script_of(lang, script, territory)


def _locales_of(lang: str, script: str | None = None) -> list[str]:
    """Up to 8 CLDR locales of a language (in a script)."""
    found = sorted(loc for loc in babel.localedata.locale_identifiers()
                   if (loc == lang or loc.startswith(lang + "_"))
                   and (script is None or _locale_script(loc) == script))
    return found[:8]


def _name(lang: str) -> str:
    return str(_ENGLISH.languages.get(lang, lang))


def _script_name(script: str | None) -> str:
    return str(_ENGLISH.scripts.get(script or "", "an unknown script"))
