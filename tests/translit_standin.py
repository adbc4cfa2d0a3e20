"""A minimal stand-in for booklet.translit (written by the Serbian translators), for tests only.

It has their function's signature — to_cyrillic(text, keep=()) — and just
enough of its rules: lj, nj and dž as one letter each, {placeholders} and
the words in keep left as written.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable

_PAIRS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "Nj": "Њ", "Dž": "Џ"}
_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж", strict=True))
_LETTERS.update({k.upper(): v.upper() for k, v in _LETTERS.items()})


def to_cyrillic(text: str, keep: Iterable[str] = ()) -> str:
    kept = "|".join(re.escape(k) for k in keep)
    pattern = r"\{[^}]*\}" + (rf"|\b(?:{kept})\b" if kept else "")
    out, last = [], 0
    for match in re.finditer(pattern, text):
        out += [_letters(text[last:match.start()]), match.group()]
        last = match.end()
    return "".join([*out, _letters(text[last:])])


def _letters(text: str) -> str:
    for pair, letter in _PAIRS.items():
        text = text.replace(pair, letter)
    return "".join(_LETTERS.get(c, c) for c in text)


def module() -> types.ModuleType:
    standin = types.ModuleType("booklet.content.translit")
    standin.to_cyrillic = to_cyrillic  # type: ignore[attr-defined]
    return standin
