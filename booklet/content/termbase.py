"""A termbase per language: how an English term is rendered in the edition, and how it is not.

`content/terms/<code>.yaml` (optional) holds one entry per English term:

```yaml
terms:
  mayor*:                          # the English term; * stands for any ending (mayors, mayoral)
    use: [predsedni* opštin*]      # the edition's rendering: one of these must be in the text
    avoid: [gradonačelni*]         # renderings that must not be
    note: the office as Kosovo's Law on Local Self-Government names it
```

A term is whole words, matched without regard to case and to how the lines
are folded; `*` at a word's end stands for any ending, so one entry covers
every case of an inflected word.  `read_termbase()` takes the booklet and a
language and returns the `Termbase` (problems at the term file's lines; an
empty one when there is no file).  `term_problems()` takes the termbase, the
English texts and a translation's texts, and returns a warning at the
translation's line for every text whose English has a term and whose words
lack every `use` or have an `avoid` (code `term`).  `comments()` gives the
lines a PO entry carries for its English (po.py).  A derived edition
(sr-Cyrl) is checked with its source's termbase (see leftbehind.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, model_validator
from pydantic_core import PydanticCustomError

from booklet.core.errors import Diagnostic, Location, did_you_mean
from booklet.core.values import Line
from booklet.project.config import Booklet
from booklet.project.paths import project_file
from booklet.project.schema import Strict, validate
from booklet.project.yamlfile import read_yaml

if TYPE_CHECKING:
    from booklet.content.edition import Text

TERMS_FOLDER = "content/terms"
"""Where the term files are, one per language: content/terms/<code>.yaml."""

_WORDS = re.compile(r"[^\s*]+\*?( [^\s*]+\*?)*")


def _words(value: str) -> str:
    if len(value) > 200 or not _WORDS.fullmatch(value):
        raise PydanticCustomError("term", "'{value}' is not a term: write words separated by one space, "
                                  "each of them ending in * where any ending will do", {"value": value})
    return value


Pattern = Annotated[str, AfterValidator(_words)]
"""Words separated by one space; each may end in * (any ending)."""


class TermSpec(Strict):
    use: list[Pattern] = []
    """The edition's rendering of the term: a text whose English has the term needs one of these."""
    avoid: list[Pattern] = []
    """Renderings a text whose English has the term must not have."""
    note: Line | None = None
    """Why, or where the term comes from (a law, a style guide), for the translator."""

    @model_validator(mode="after")
    def _says_something(self) -> TermSpec:
        if not self.use and not self.avoid:
            raise PydanticCustomError("term", "give the term's rendering (use:), or what to avoid "
                                      "(avoid:), or both", {})
        return self


class TermFile(Strict):
    terms: dict[Pattern, TermSpec]


@dataclass(frozen=True)
class Term:
    """One entry of a termbase and where it was written."""

    english: str
    use: tuple[str, ...]
    avoid: tuple[str, ...]
    note: str
    where: Location

    def said(self) -> str:
        """The entry as a translator reads it: “mayor…” → “predsednik… opštin…”, not “gradonačelnik…”."""
        text = f"“{_shown(self.english)}” → " + " or ".join(f"“{_shown(u)}”" for u in self.use)
        if self.avoid:
            text += (", " if self.use else "") + "not " + " or ".join(f"“{_shown(a)}”" for a in self.avoid)
        return text


@dataclass(frozen=True)
class Termbase:
    path: str
    terms: tuple[Term, ...] = field(default_factory=tuple)

    def found_in(self, english: str) -> list[Term]:
        """The terms an English text has."""
        return [term for term in self.terms if _pattern(term.english).search(english)]


def _shown(pattern: str) -> str:
    return pattern.replace("*", "…")


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w[:-1]) + r"[\w'’-]*" if w.endswith("*") else re.escape(w) for w in term.split(" ")]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w])", re.IGNORECASE)


def term_path(booklet: Booklet, lang: str) -> tuple[Path, str]:
    """The term file of a language, and as users see it."""
    shown = f"{TERMS_FOLDER}/{lang}.yaml"
    folder = booklet.root / TERMS_FOLDER
    return project_file(folder / f"{lang}.yaml", booklet.root, shown, within=f"{TERMS_FOLDER}/"), shown


def read_termbase(booklet: Booklet, lang: str) -> Termbase:
    """A language's termbase, every problem at its line; empty when the language has no term file."""
    path, shown = term_path(booklet, lang)
    if not path.exists():
        return Termbase(shown)
    doc = read_yaml(path, shown)
    spec: TermFile = validate(doc, TermFile)
    return Termbase(shown, tuple(
        Term(english, tuple(t.use), tuple(t.avoid), t.note or "", doc.where(("terms", english)))
        for english, t in spec.terms.items()))


def stray_term_files(booklet: Booklet) -> list[Diagnostic]:
    """Term files no edition reads: a code that is no translated edition's (a typo, or sr-Cyrl's)."""
    folder = booklet.root / TERMS_FOLDER
    languages = booklet.spec.languages
    own = [code for code, language in languages.items()
           if code != booklet.spec.default_language and language.derived_from is None]
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        code = path.stem
        if code in own:
            continue
        source = languages[code].derived_from if code in languages else None
        if source:
            why, hint = f"made from '{source}', checked with its termbase", f"move the terms to {source}.yaml"
        elif code in languages:
            why, hint = "the default language", "remove it"
        else:
            scripts = [c for c in own if c.startswith(f"{code}-")]  # sr for sr-Latn
            near = f" (did you mean '{scripts[0]}'?)" if scripts else did_you_mean(code, own)
            why, hint = f"not a translated edition{near}", f"one of: {', '.join(own)}"
        found.append(Diagnostic("warning", "term", f"no edition reads this termbase: '{code}' is {why}",
                                Location(f"{TERMS_FOLDER}/{path.name}"), hint))
    return found


def respelled(termbase: Termbase, spell: Callable[[str], str]) -> Termbase:
    """The termbase with its renderings written by spell (sr-Cyrl's from sr-Latn's)."""
    return Termbase(termbase.path, tuple(
        Term(t.english, tuple(map(spell, t.use)), tuple(map(spell, t.avoid)), t.note, t.where)
        for t in termbase.terms))


def term_problems(termbase: Termbase, english: Mapping[str, Text],
                  translated: Mapping[str, Text]) -> list[Diagnostic]:
    """A warning for each text that renders a term of its English otherwise than the termbase says."""
    found: list[Diagnostic] = []
    for key, text in translated.items():
        source = english.get(key)
        if source is None or text.fallback:
            continue
        for term in termbase.found_in(source.value):
            said = f"{term.where.path}:{term.where.line}"
            avoided = [m.group() for a in term.avoid if (m := _pattern(a).search(text.value))]
            if avoided:
                found.append(Diagnostic(
                    "warning", "term", f"'{key}' has “{' '.join(avoided[0].split())}”, which the termbase "
                    f"({said}) avoids: {term.said()}", text.where, term.note))
            elif term.use and not any(_pattern(u).search(text.value) for u in term.use):
                found.append(Diagnostic(
                    "warning", "term", f"'{key}': the English has “{_shown(term.english)}”, and the text has "
                    f"none of the termbase's renderings ({said}): {term.said()}", text.where, term.note))
    return found


def comments(termbase: Termbase, english: str) -> list[str]:
    """Translator comments for a PO entry: each term its English has, with the edition's rendering."""
    return [f"term: {term.said()}" + (f" ({term.note})" if term.note else "")
            for term in termbase.found_in(english)]
