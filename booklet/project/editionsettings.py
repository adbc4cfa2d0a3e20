"""The settings block of a language file: what an edition needs besides its texts.

A language file may start with an `_edition:` mapping (keys of texts never
start with '_', so it can be no text).  `read_settings()` takes the file's
`YamlFile`; it returns `EditionSettings`, or raises every problem at the
line it was written on.

```yaml
_edition:
  same_as_english: [people.*, web.address]   # texts that are rightly the English words
  hyphenation: [in-sti-tu-ci-o-ne-ve]        # where these words may break, and nowhere else
  months: [januara, februara, …]            # month names as a date needs them (the genitive)
  date: "d. MMMM y."                         # a CLDR date pattern
  keep: [EULEX, DokuFest]                    # derived editions: words left in the source script
  quotes: [„, “]                             # the quotation marks, over CLDR's for the locale
  abbreviations: [br.]                       # a number follows them (added to booklet's list)
  ties: [i, u]                               # one-letter words kept with the next word (added)
  foreign: {sq: [Prishtinë], en: [Follow Us]}  # words in another language: a lang span in the HTML
  draft: ENTWURF                             # the word a draft proof is marked with
```

What booklet itself knows of a language is in booklet/content/languages/
(langdata.py); these settings add to it or override it.
"""

from __future__ import annotations

import fnmatch
from typing import Annotated, Any

from pydantic import Field

from booklet.core.values import Line
from booklet.project.schema import Strict, validate
from booklet.project.yamlfile import YamlFile

SETTINGS_KEY = "_edition"


class EditionSettings(Strict):
    same_as_english: list[Line] = []
    """Keys (or patterns such as people.*) whose text may be the same as the English."""
    hyphenation: list[Annotated[str, Field(pattern=r"^[^\s-]+(-[^\s-]+)+$")]] = []
    """Words with their break points, such as in-sti-tu-ci-o-ne-ve: exceptions to the dictionary."""
    months: list[Line] | None = Field(default=None, min_length=12, max_length=12)
    """The twelve month names as a date writes them (Serbian: the genitive, jula)."""
    date: Line | None = None
    """How a date is written, as a CLDR pattern (d. MMMM y.); default: the locale's long date."""
    keep: list[Line] = []
    """In a derived edition (sr-Cyrl), words left as the source writes them (names, acronyms)."""
    quotes: list[Line] | None = Field(default=None, min_length=2, max_length=4)
    """Opening and closing quotation marks (and the inner pair), over CLDR's for the locale."""
    abbreviations: list[Line] = []
    """Abbreviations a number follows (br., No.), added to booklet's list for the language."""
    ties: list[Line] = []
    """One-letter words a line may not end in (i, u), added to booklet's list for the language."""
    foreign: dict[Line, list[Line]] = {}
    """Words and phrases in another language, by its code: the HTML marks them with lang."""
    draft: Line | None = None
    """The word a draft proof says across every page (ENTWURF), over booklet's for the language."""

    def may_match_english(self, key: str) -> bool:
        return any(fnmatch.fnmatchcase(key, pattern) for pattern in self.same_as_english)


def read_settings(doc: YamlFile) -> EditionSettings:
    """The `_edition:` block of a language file, checked at its lines ({} when there is none)."""
    data: Any = doc.data.get(SETTINGS_KEY) if isinstance(doc.data, dict) else None
    if data is None:
        return EditionSettings()
    prefix = (SETTINGS_KEY,)
    marks = {path[1:]: mark for path, mark in doc.marks.items() if path[:1] == prefix}
    settings: EditionSettings = validate(YamlFile(doc.path, data, marks), EditionSettings)
    return settings
