"""Which edition a PO file is for: its Language header as CAT tools write it, or --lang.

`po_language()` takes the booklet, the PO's Language header (or the code
given with `--lang`) and where the header is; it returns the translated
language the file is for, or adds the problem (no such language, two that
it could be, English, a derived edition) at the header's line.
`languages_of_header()` says which languages a header may mean: the
locale or code exactly (`sq_XK`, `sr-Latn`), else every language of its
language and script (`sq`, `sq-XK`, `sq_AL`, `sr@latin`).
"""

from __future__ import annotations

import babel

from booklet.core.errors import BookletError, Location, did_you_mean
from booklet.project.config import Booklet


def languages_of_header(booklet: Booklet, header: str) -> list[str]:
    """The languages of the booklet a PO Language header may mean: its locale or code exactly
    (sq_XK, sr-Latn), else every language of its language and script (sq, sq-AL, sr@latin)."""
    wanted = header.strip().replace("-", "_")
    locales = {code: booklet.locale(code) for code in booklet.spec.languages}
    exact = [code for code, loc in locales.items()
             if wanted.lower() in (str(loc).lower(), code.replace("-", "_").lower())]
    if exact or not wanted:
        return exact
    base, _, modifier = wanted.partition("@")
    script = {"latin": "Latn", "cyrillic": "Cyrl"}.get(modifier.lower())
    try:
        parsed = babel.Locale.parse(base)
    except (ValueError, babel.UnknownLocaleError):
        parts = base.split("_")
        named = next((p.title() for p in parts[1:] if len(p) == 4), None)
        language, script = parts[0].lower(), script or named
    else:
        language, script = parsed.language, script or parsed.script
    return [code for code, loc in locales.items()
            if loc.language == language and (script is None or (loc.script or "Latn") == script)]


def po_language(booklet: Booklet, locale: str, where: Location, errors: list[BookletError],
              forced: bool = False) -> str:
    """The booklet's language of a PO file's locale (or of --lang); a translated one, or the problem
    is added."""
    codes = list(booklet.spec.languages)
    if forced:
        if locale not in codes:
            errors.append(BookletError(f"--lang {locale}: not a language of this booklet"
                                       + did_you_mean(locale, codes), hint="languages: " + ", ".join(codes)))
            return ""
        lang = locale
    else:
        found = languages_of_header(booklet, locale)
        if len(found) != 1:
            said = (f"could be {' or '.join(found)}" if found else
                    "is not a language of this booklet")
            errors.append(BookletError(f"its Language header '{locale}' {said}", where,
                                       "say which with --lang; languages: " + ", ".join(codes)))
            return ""
        lang = found[0]
    source = booklet.spec.languages[lang].derived_from
    if source is not None:
        errors.append(BookletError(f"it is for {lang}, which is made from {source}: its texts are not "
                                   "translated one by one", where, f"import the PO file of {source}"))
    elif lang == booklet.spec.default_language:
        errors.append(BookletError(f"it is for {lang}, the language the others are translated from",
                                   where, "import the PO file of a translated language"))
    return lang
