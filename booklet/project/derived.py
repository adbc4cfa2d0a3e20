"""Derived editions: an edition whose texts are made from another one's, such as sr-Cyrl from sr-Latn.

booklet.yaml declares one as `sr-Cyrl: {locale: sr_Cyrl_RS, from: sr-Latn}`.
`derivation_problems()` takes the languages of booklet.yaml and returns what
is wrong with their `from:` as (code, message, hint); `derive_function()`
gives the function that writes a source text in the derived script (the
texts themselves are made in editiontexts.py).  How a script is turned into another is
the `DERIVATIONS` table: (language, from script, to script) → the function,
named by module and attribute so that it is imported only when used; an
installed package adds its own under the "booklet.derivations" entry points.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from booklet.core.errors import BookletError, Location
from booklet.project.languages import script_of
from booklet.project.registry import registered

DERIVATIONS: dict[tuple[str, str, str], str] = {
    ("sr", "Latn", "Cyrl"): "booklet.content.translit:to_cyrillic",
}
"""(language, script of the source, script made) → "module:function(text, keep) -> text"."""


def derivations() -> dict[tuple[str, str, str], str]:
    """DERIVATIONS and those installed packages register as "LANG:FROM:TO" (registry.py)."""
    installed = {tuple(entry.name.split(":")): entry.value
                 for entry in registered("derivation").values() if entry.name.count(":") == 2}
    return {**DERIVATIONS, **{(a, b, c): value for (a, b, c), value in installed.items()}}

Problem = tuple[str, str, str]


class Spelled(Protocol):
    """What derivation needs of a booklet.yaml language: its locale and its source."""

    locale: str
    derived_from: str | None


def _script(code: str) -> tuple[str, str | None]:
    parts = code.split("-")
    script = next((p for p in parts[1:] if len(p) == 4), None)
    region = next((p for p in parts[1:] if len(p) in (2, 3)), None)
    return parts[0], script_of(parts[0], script, region)


def derivation_of(code: str, source: str) -> str | None:
    """The function that makes code's texts from source's, as 'module:name', or None if none does."""
    lang, to_script = _script(code)
    source_lang, from_script = _script(source)
    if lang != source_lang or not to_script or not from_script:
        return None
    return derivations().get((lang, from_script, to_script))


def derivation_problems(languages: Mapping[str, Spelled], default: str) -> list[Problem]:
    """What is wrong with the `from:` of each language; [] when nothing is."""
    problems: list[Problem] = []
    for code, language in languages.items():
        source = language.derived_from
        if source is None:
            continue
        if source not in languages:
            problems.append((code, f"'{code}' is made from '{source}', which is not one of the languages",
                             "add it to languages:, or write the code of one listed"))
        elif source == default:
            problems.append((code, f"'{code}' cannot be made from the default language '{default}'",
                             "a derived edition is made from a translation in another script"))
        elif languages[source].derived_from is not None:
            problems.append((code, f"'{code}' is made from '{source}', which is itself made from "
                                   f"'{languages[source].derived_from}'", f"make it from "
                                   f"'{languages[source].derived_from}'"))
        elif derivation_of(code, source) is None:
            known = ", ".join(f"{lang}-{a} → {lang}-{b}" for lang, a, b in derivations())
            problems.append((code, f"booklet cannot make '{code}' from '{source}'",
                             f"it can make: {known}"))
    return problems


Derive = Callable[[str, Iterable[str]], str]


def derive_function(code: str, source: str) -> Derive:
    """The function making code's texts from source's; a BookletError if it is not installed."""
    name = derivation_of(code, source)
    if name is None:
        raise BookletError(f"booklet cannot make '{code}' from '{source}'", Location("booklet.yaml"))
    module, attribute = name.split(":")
    try:
        function: Derive = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):
        raise BookletError(f"'{code}' is made from '{source}' by {module}.{attribute}, which this "
                           "installation of booklet does not have", Location("booklet.yaml"),
                           "update booklet, or translate the edition in its own file") from None
    return function
