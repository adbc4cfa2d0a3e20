"""Reading a translator's PO file back into the language file and the review states.

`import_po()` takes a booklet and a PO file (made by `booklet i18n export`);
it writes every translated message into content/lang/<code>.yaml
(langwrite.py keeps comments and order), records each as a draft
translated from the English the message carries (reviewstate.py: when that
English has changed since the export, the text is stale at once), and
returns an `ImportReport` of what changed.  A message still marked fuzzy is
written but stays stale; an empty one is skipped; one whose key the
booklet does not have is reported and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from booklet.config import Booklet
from booklet.content import Texts, load_pages, load_texts
from booklet.errors import BookletError
from booklet.i18nstatus import printed_english
from booklet.langwrite import write_texts
from booklet.po import read_po_file
from booklet.reviewstate import Review, fingerprint, read_states, write_states

FUZZY = "fuzzy"
"""The fingerprint of a text imported while still fuzzy: it matches no English, so the text is stale."""


@dataclass
class ImportReport:
    lang: str
    path: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    fuzzy: list[str] = field(default_factory=list)
    """Written, but the translator has not cleared 'fuzzy': still stale."""
    older_english: list[str] = field(default_factory=list)
    """Translated from an English that has changed since the export: stale."""
    unknown: list[str] = field(default_factory=list)
    empty: int = 0


def import_po(booklet: Booklet, po_path: Path, shown: str) -> ImportReport:
    """Write a PO file's translations into the booklet (see the module docstring)."""
    lang, messages = read_po_file(booklet, po_path, shown)
    if booklet.spec.languages[lang].derived_from or lang == booklet.spec.default_language:
        raise BookletError(f"the {lang} edition is not translated from a PO file",
                           hint="import the PO file of a translated language")
    english = printed_english(booklet, load_pages(booklet)).by_key
    own = booklet.lang_dir / f"{lang}.yaml"
    texts = load_texts(booklet, lang) if own.exists() else Texts(f"content/lang/{lang}.yaml", {})
    states = read_states(booklet, lang)
    report = ImportReport(lang, texts.path)
    changes: dict[str, str] = {}
    for message in messages:
        if message.key not in english:
            report.unknown.append(message.key)
            continue
        if not message.translated.strip():
            report.empty += 1
            continue
        before = texts.by_key.get(message.key)
        if before is None or before.value != message.translated:
            changes[message.key] = message.translated
            (report.changed if before else report.added).append(message.key)
        else:
            report.unchanged += 1
        states[message.key] = _review(message.fuzzy, message.english, states.get(message.key),
                                      changed=message.key in changes)
        if message.fuzzy:
            report.fuzzy.append(message.key)
        elif message.english != english[message.key].value:
            report.older_english.append(message.key)
    if changes:
        write_texts(booklet, lang, changes)
    write_states(booklet, lang, states)
    return report


def _review(fuzzy: bool, english: str, before: Review | None, changed: bool) -> Review:
    if fuzzy:
        return before if before and not changed else Review("draft", FUZZY)
    if before and not changed and before.english == fingerprint(english):
        return before  # a reviewed text sent back as it was stays reviewed
    return Review("draft", fingerprint(english))
