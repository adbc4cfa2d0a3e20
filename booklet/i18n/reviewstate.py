"""Review states: per text of a translation, draft or reviewed, and the English it was made from.

Kept beside the language file, in `content/lang/<code>.state.yaml`, written
by booklet (`booklet i18n mark`, `booklet i18n import`) so the language file
stays the translator's own:

```yaml
foreword.heading: {state: reviewed, english: 3f2a9c1d}
```

`english` is a fingerprint of the English text when the translation was
made or reviewed; when the English changes, the translation is *stale*.  A
text with no entry is unreviewed, and whether it is stale cannot be told.
`read_states()` takes the booklet and a language and returns the states by
key (problems at the state file's lines); `write_states()` writes them back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from booklet.core import atomic
from booklet.core.errors import BookletError, Location, raise_all
from booklet.project.config import Booklet
from booklet.project.paths import project_file
from booklet.project.yamlfile import read_yaml

State = Literal["draft", "reviewed"]
STATES: tuple[State, ...] = ("draft", "reviewed")

_HEADER = """\
# Written by booklet: do not edit by hand (booklet i18n mark, booklet i18n import).
# For each text of content/lang/{code}.yaml: draft or reviewed, and a fingerprint of
# the English it was translated from; a text whose English has changed since is stale.
"""


@dataclass(frozen=True)
class Review:
    """The state of one translated text."""

    state: State
    english: str
    """The fingerprint of the English text it was translated from."""


def fingerprint(english: str) -> str:
    """A short hash of an English text: 8 hex digits tell two versions of one text apart."""
    return hashlib.sha256(english.encode()).hexdigest()[:8]


def state_path(booklet: Booklet, lang: str) -> tuple[Path, str]:
    """The state file of a language, and as users see it."""
    shown = f"content/lang/{lang}.state.yaml"
    return project_file(booklet.lang_dir / f"{lang}.state.yaml", booklet.lang_dir, shown,
                     within="content/lang/"), shown


def read_states(booklet: Booklet, lang: str) -> dict[str, Review]:
    """The review state of each text of a language ({} while there is no state file)."""
    path, shown = state_path(booklet, lang)
    if not path.exists():
        return {}
    doc = read_yaml(path, shown)
    if not isinstance(doc.data, dict):
        raise BookletError("expected key: {state: …, english: …} lines", doc.where(),
                           "delete the file and mark the texts again with booklet i18n mark")
    states: dict[str, Review] = {}
    errors = []
    for key, entry in doc.data.items():
        state = entry.get("state") if isinstance(entry, dict) else None
        english = entry.get("english") if isinstance(entry, dict) else None
        if state not in STATES or not isinstance(english, str):
            errors.append(BookletError(f"'{key}': expected {{state: draft or reviewed, english: "
                                       "<fingerprint>}", doc.where((key,)),
                                       "mark the text again with booklet i18n mark"))
            continue
        states[str(key)] = Review(state, english)
    raise_all(errors)
    return states


def write_states(booklet: Booklet, lang: str, states: dict[str, Review]) -> None:
    """Write the state file atomically, one line a text, in key order."""
    path, shown = state_path(booklet, lang)
    lines = [_HEADER.format(code=lang)]
    lines += [f"{key}: {{state: {r.state}, english: '{r.english}'}}\n" for key, r in sorted(states.items())]
    write_atomically(path, "".join(lines), shown)


def write_atomically(path: Path, text: str, shown: str) -> None:
    """Write text as UTF-8, whole or not at all (atomic.py); a failure said at shown."""
    try:
        atomic.write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise BookletError(f"cannot be written: {exc.strerror or exc}", Location(shown)) from None
