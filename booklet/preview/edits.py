"""Saving a text and reviewing it from the preview: the language file and the review states.

`save_text()` takes the booklet, a language, a key, the new words and the
version the panel was given (texts.py: the fingerprint of the words as the
file had them); it writes them into the language file the way the PO import
does (po_import.checked_file: langwrite's round trip, which keeps comments,
order and folding; the build's text rules, textrules.py; the file as the
reader takes it), whole or not at all (core/atomic.py).  `review()` marks a
text reviewed, or returns it with a note, in the language's review states
(reviewstate.py).  Each raises an `EditRefused` with the HTTP status the
page is told: 404 for a language booklet.yaml does not list or a key no page
prints (the file is named by the language alone, never by the request), 409
when the words are no longer the version the panel had (another tab, or
another program, saved first: the current words come with it, nothing is
lost) — or, when the panel names the whole file's version too, when any
word of the file changed since, 422 when the build's rules refuse the words (nothing is written).
The caller holds one lock around every edit, so two saves never interleave.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from booklet.content.textrules import text_rule_problems
from booklet.core.errors import BookletError, Location, raise_all
from booklet.i18n.po_import import checked_file
from booklet.i18n.reviewstate import Review, fingerprint, read_states, write_atomically, write_states
from booklet.preview.texts import Sources, SourcesCache
from booklet.project.config import Booklet

ENGLISH_RULES = ("blank", "placeholder")
"""The rules an edit of the English itself is held to, against the English it replaces: the page
files give its placeholders their values, and every translation follows it."""


@dataclass
class EditRefused(Exception):
    """Why an edit was not made, and the HTTP status that says it."""

    status: int
    message: str
    current: dict[str, str] = field(default_factory=dict)
    """For a conflict: the words the file has now, and their version."""


def _sources(booklet: Booklet, lang: str, key: str, cache: SourcesCache | None) -> Sources:
    if lang not in booklet.spec.languages:
        raise EditRefused(404, f"'{lang}' is not a language of this booklet (booklet.yaml)")
    sources = _read(booklet, lang, cache)
    if key not in sources.english:
        raise EditRefused(404, f"no page of this booklet prints a text '{key}'")
    return sources


def _read(booklet: Booklet, lang: str, cache: SourcesCache | None) -> Sources:
    return cache.read(booklet, lang) if cache else Sources.read(booklet, lang)


def _file_bytes(booklet: Booklet, lang: str) -> bytes | None:
    path = booklet.lang_dir / f"{lang}.yaml"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def file_version(booklet: Booklet, lang: str) -> str:
    """A fingerprint of the whole language file as it is now ('' when there is none)."""
    found = _file_bytes(booklet, lang) if lang in booklet.spec.languages else None
    return hashlib.sha256(found).hexdigest()[:8] if found is not None else ""


def save_text(booklet: Booklet, lang: str, key: str, words: str, version: str,
              cache: SourcesCache | None = None, whole_file: str | None = None) -> dict[str, Any]:
    """Write words as the key's text of lang, if the file still has the version given (the sources
    read through cache, when given: it reads a file again once it has changed) and, when
    whole_file is given, if the whole file is still that version (file_version())."""
    before = _file_bytes(booklet, lang) if lang in booklet.spec.languages else None
    sources = _sources(booklet, lang, key, cache)
    if whole_file is not None and whole_file != file_version(booklet, lang):
        raise EditRefused(409, f"content/lang/{lang}.yaml was changed since this panel was opened (in "
                               "another tab or another program): here are the text's words now",
                          _current(sources, key))
    if not sources.editable(key):
        raise EditRefused(422, f"the {lang} edition is made from content/lang/{sources.source_lang}.yaml: "
                               f"edit the {sources.source_lang} text")
    current = sources.texts.by_key.get(key)
    if version != sources.version(key):
        raise EditRefused(409, f"'{key}' was changed since this panel was opened (in another tab or "
                               "another program): here are its words now", _current(sources, key))
    if current is not None and current.value == words:
        return {"key": key, "text": words, "version": version, "state": sources.state(key),
                "file_version": file_version(booklet, lang)}  # nothing to do
    shown = f"content/lang/{lang}.yaml"
    where = Location(shown, current.where.line, current.where.column) if current else Location(shown)
    english = sources.english[key].value
    only = ENGLISH_RULES if lang == booklet.spec.default_language else ()
    problems = text_rule_problems(key, english, words, where, only)
    try:
        raise_all(problems)
        path, text = checked_file(booklet, lang, {key: words}, {key: where})
    except BookletError as exc:
        raise EditRefused(422, "\n".join(str(p) for p in exc.problems())) from None
    if _file_bytes(booklet, lang) != before:  # saved by another program while this one checked
        raise EditRefused(409, f"{shown} was changed while saving: here are the words now",
                          _current(_read(booklet, lang, cache), key))
    write_atomically(path, text, shown)
    if lang != booklet.spec.default_language:
        _draft(booklet, lang, key, english, words)
    after = _read(booklet, lang, cache)
    return {"key": key, "text": words, "version": after.version(key), "state": after.state(key),
            "file_version": file_version(booklet, lang)}


def _current(sources: Sources, key: str) -> dict[str, str]:
    text = sources.texts.by_key.get(key)
    return {"text": text.value if text else "", "version": sources.version(key)}


def _draft(booklet: Booklet, lang: str, key: str, english: str, words: str) -> None:
    """The review state of words just saved: a review of the current English stays (a reviewed text
    edited is edited after review); otherwise a draft of the current English, a note kept."""
    states = read_states(booklet, lang)
    before = states.get(key)
    if before and before.state == "reviewed" and before.english == fingerprint(english):
        return
    states[key] = Review("draft", fingerprint(english), fingerprint(words), english,
                         before.note if before else "")
    write_states(booklet, lang, states)


def review(booklet: Booklet, lang: str, key: str, state: str, note: str,
           cache: SourcesCache | None = None) -> tuple[Sources, str]:
    """Mark a text reviewed, or returned with a note; the sources as they are now, and the state
    file written (a derived edition's made text is reviewed in its source's)."""
    if state not in ("reviewed", "returned"):
        raise EditRefused(422, "state must be reviewed or returned")
    sources = _sources(booklet, lang, key, cache)
    if lang == booklet.spec.default_language:
        raise EditRefused(422, "the English is what translations are made from: it has no review")
    if key not in sources.texts.by_key:
        raise EditRefused(422, f"'{key}' has no {lang} text to review yet")
    if state == "returned" and not note.strip():
        raise EditRefused(422, "say why the text goes back: write a note")
    english = sources.english[key].value
    words = sources.signed.get(key, sources.texts.by_key[key].value)
    kept_in = lang if sources.editable(key) else (sources.source_lang or lang)
    states = read_states(booklet, kept_in)
    states[key] = Review("reviewed" if state == "reviewed" else "returned", fingerprint(english),
                         fingerprint(words), english, note.strip())
    write_states(booklet, kept_in, states)
    return _read(booklet, lang, cache), f"content/lang/{kept_in}.state.yaml"
