"""Review states: per text of a translation, draft, reviewed or returned, and the English it was made from.

Kept beside the language file, in `content/lang/<code>.state.yaml`, written
by booklet (`booklet i18n mark`, `booklet i18n import`) so the language file
stays the translator's own:

```yaml
foreword.heading: {state: reviewed, english: '3f2a9c1d', text: '0b7e44a1', from: "The English"}
foreword.body: {state: returned, english: '…', text: '…', from: "…", note: "Too formal"}
```

A reviewer may send a text back (*returned*, in the preview) with a `note`
saying why; the note stays with the text until it is reviewed again.

`english` is a fingerprint of the English text when the translation was
made or reviewed; when the English changes, the translation is *stale*.
`text` is a fingerprint of the translation itself at that moment: a
reviewed text whose translation no longer matches it was *edited after
review*.  `from` is the English itself, so that a PO export can show a
translator what changed (`#| msgid`).  A text with no entry is unreviewed,
and whether it is stale cannot be told.

Files written before `text` and `from` existed (version 1) are read as they
are: for each of their entries the translation it signed off is the one the
language file held when the state file was last committed (git), or, when
the project is no git checkout or the state file has changes not committed,
the one it holds now (migrate.py).  The next `mark` or `import` writes the
file in the new form.  `read_states()` takes the booklet and a language and
returns the states by key (problems at the state file's lines);
`write_states()` writes them back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from booklet.core import atomic
from booklet.core.errors import BookletError, Location, raise_all
from booklet.project.config import Booklet
from booklet.project.paths import project_file
from booklet.project.yamlfile import read_yaml

State = Literal["draft", "reviewed", "returned"]
STATES: tuple[State, ...] = ("draft", "reviewed", "returned")

_HEADER = """\
# Written by booklet: do not edit by hand (booklet i18n mark, booklet i18n import, booklet serve).
# For each text of content/lang/{code}.yaml: draft, reviewed or returned (with the reviewer's note),
# fingerprints of the English it was translated from and of the translation then, and that English
# (for PO files).  A text whose English has changed since is stale; a reviewed one changed since, edited.
"""


@dataclass(frozen=True)
class Review:
    """The state of one translated text."""

    state: State
    english: str
    """The fingerprint of the English text it was translated from."""
    text: str | None = None
    """The fingerprint of the translation when it was marked or imported (None: not known)."""
    source: str | None = None
    """The English text it was translated from (None: not known), for a PO's previous msgid."""
    note: str = ""
    """The reviewer's note: why a text was returned ('' for none)."""

    def edited(self, translation: str) -> bool:
        """Whether the translation is no longer the one this state was given to."""
        return self.text is not None and self.text != fingerprint(translation)


def fingerprint(english: str) -> str:
    """A short hash of a text: 8 hex digits tell two versions of one text apart."""
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
        fields = entry if isinstance(entry, dict) else {}
        state, english = fields.get("state"), fields.get("english")
        text, source, note = fields.get("text"), fields.get("from"), fields.get("note", "")
        if (state not in STATES or not isinstance(english, str) or not isinstance(text, (str, type(None)))
                or not isinstance(source, (str, type(None))) or not isinstance(note, str)):
            errors.append(BookletError(f"'{key}': expected {{state: draft, reviewed or returned, english: "
                                       "<fingerprint>, text: <fingerprint>, from: <English>, note: <text>}",
                                       doc.where((key,)), "mark the text again with booklet i18n mark"))
            continue
        states[str(key)] = Review(state, english, text, source, note)
    raise_all(errors)
    if any(r.text is None for r in states.values()):
        from booklet.i18n.migrate import signed_off  # version 1: what each entry signed off

        signed = signed_off(booklet, lang)
        states = {k: replace(r, text=fingerprint(signed[k])) if r.text is None and k in signed else r
                  for k, r in states.items()}
    return states


def write_states(booklet: Booklet, lang: str, states: dict[str, Review]) -> None:
    """Write the state file atomically, one line a text, in key order."""
    path, shown = state_path(booklet, lang)
    lines = [_HEADER.format(code=lang)]
    lines += [f"{key}: {_entry(r)}\n" for key, r in sorted(states.items())]
    write_atomically(path, "".join(lines), shown)


_YAML_BREAKS = "\x85\u2028\u2029"


def _entry(review: Review) -> str:
    """One state as a YAML flow mapping on one line (the English as a JSON string, which YAML reads)."""
    fields = [f"state: {review.state}", f"english: '{review.english}'"]
    if review.text is not None:
        fields.append(f"text: '{review.text}'")
    if review.source is not None:
        fields.append(f"from: {_quoted(review.source)}")
    if review.note:
        fields.append(f"note: {_quoted(review.note)}")
    return "{" + ", ".join(fields) + "}"


def _quoted(text: str) -> str:
    """A text as a JSON string, which YAML reads (one line, whatever it holds)."""
    written = json.dumps(text, ensure_ascii=False)
    for char in _YAML_BREAKS:  # YAML reads these as line breaks; JSON leaves them as they are
        written = written.replace(char, f"\\u{ord(char):04x}")
    return written


def write_atomically(path: Path, text: str, shown: str) -> None:
    """Write text as UTF-8, whole or not at all (atomic.py); a failure said at shown."""
    try:
        atomic.write_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise BookletError(f"cannot be written: {exc.strerror or exc}", Location(shown)) from None
