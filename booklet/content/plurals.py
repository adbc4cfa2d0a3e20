"""Plural forms: a text chooses a word by the number a placeholder holds, with CLDR's rules (Babel).

A text writes `{name|one:word|few:word|other:word}` where the word depends on
the number `{name}` holds: booklet prints the word of the number's CLDR plural
category in the edition's language (`babel.Locale.plural_form`), and the
number itself only where the text writes `{name}`.  The categories are CLDR's
(zero, one, two, few, many, other); `other` is required, as CLDR's rules end
in it; a category the language does not have is an error, one it has and the
text leaves out falls to `other`.  In Serbian:

    Ovih {mechanisms} {mechanisms|one:mehanizam|few:mehanizma|other:mehanizama} …

prints "Ovih 37 mehanizama", and "Ova 32 mehanizma" once the number is 32 and
the text says `{mechanisms|one:Ovaj|few:Ova|other:Ovih}` for the first word.
`plural_problems()` checks a text's forms against the language when it is
loaded; `choose()` picks the word when the html stage fills the placeholders.
"""

from __future__ import annotations

import re

import babel

CATEGORIES = ("zero", "one", "two", "few", "many", "other")
PLURAL = re.compile(r"\{([a-z_][a-z0-9_]*)\|([^{}\n]*)\}")
"""A plural form: {name|category:word|…}."""


def forms(spec: str) -> dict[str, str] | None:
    """The words of a plural form by category, or None if it is not written category:word|…."""
    found: dict[str, str] = {}
    for part in spec.split("|"):
        category, colon, word = part.partition(":")
        if not colon or category.strip() in found:
            return None
        found[category.strip()] = word.strip()
    return found


def plural_problems(text: str, locale: babel.Locale) -> list[str]:
    """What is wrong with the plural forms of a text in a language; [] when nothing is."""
    tags = set(locale.plural_form.tags) | {"other"}
    problems: list[str] = []
    for match in PLURAL.finditer(text):
        name, found = match.group(1), forms(match.group(2))
        if found is None:
            problems.append(f"{match.group()} is not a plural form: write {{{name}|one:word|other:words}}")
        elif "other" not in found:
            problems.append(f"{match.group()} has no 'other:' form, which every number can fall to")
        elif unknown := [c for c in found if c not in tags]:
            problems.append(f"{match.group()} has {', '.join(repr(c) for c in unknown)}, which "
                            f"{locale.english_name} has not: its plural categories are "
                            f"{', '.join(c for c in CATEGORIES if c in tags)}")
    return problems


def choose(spec: str, number: int, locale: babel.Locale) -> str:
    """The word of a plural form (the part after {name|) for a number, by CLDR's rules."""
    found = forms(spec) or {}
    return found.get(locale.plural_form(number), found.get("other", ""))
