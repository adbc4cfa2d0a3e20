"""Reading a translator's PO file back into the language file and the review states.

`import_po()` takes a booklet and a PO file (made by `booklet i18n export`);
it writes every translated message into content/lang/<code>.yaml
(langwrite.py keeps comments and order), records each as a draft
translated from the English the message carries (reviewstate.py: when that
English has changed since the export, the text is stale at once), and
returns an `ImportReport` of what changed.  A message still marked fuzzy is
written but stays stale; an empty one is skipped; one whose key the
booklet does not have is reported and skipped.  The file is checked whole
before anything is written (po.py: msgfmt's rules, no plural forms; here:
each text as the language file reader takes it, within its size limits),
so a refused import leaves the language file and the review states as they
were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from booklet.content.edition import Texts, load_pages, load_texts, texts_of
from booklet.core.errors import BookletError, Location, raise_all
from booklet.core.textcheck import text_problem
from booklet.i18n.langwrite import updated_texts
from booklet.i18n.po import read_po_file
from booklet.i18n.reviewstate import Review, fingerprint, read_states, write_atomically, write_states
from booklet.i18n.status import printed_english
from booklet.project.config import Booklet
from booklet.project.yamlfile import MAX_FILE_BYTES, parse_yaml

_CAT_TOOL = "fix the entry in your CAT tool, or export the file again"

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
    """Write a PO file's translations into the booklet (see the module docstring).

    Nothing is written when any entry is refused: every problem is told at
    once, at the PO file's line, and the language file stays as it was.
    """
    po = read_po_file(booklet, po_path, shown)
    lang = po.lang
    english = printed_english(booklet, load_pages(booklet)).by_key
    own = booklet.lang_dir / f"{lang}.yaml"
    texts = load_texts(booklet, lang) if own.exists() else Texts(f"content/lang/{lang}.yaml", {})
    states = read_states(booklet, lang)
    report = ImportReport(lang, texts.path)
    changes: dict[str, str] = {}
    where: dict[str, Location] = {}
    for message in po.messages:
        if message.key not in english:
            report.unknown.append(message.key)
            continue
        if not message.translated.strip():
            report.empty += 1
            continue
        before = texts.by_key.get(message.key)
        if before is None or before.value != message.translated:
            changes[message.key] = message.translated
            where[message.key] = Location(shown, message.text_line, 1)
            (report.changed if before else report.added).append(message.key)
        else:
            report.unchanged += 1
        states[message.key] = _review(message.fuzzy, message.english, states.get(message.key),
                                      changed=message.key in changes)
        if message.fuzzy:
            report.fuzzy.append(message.key)
        elif message.english != english[message.key].value:
            report.older_english.append(message.key)
    errors = list(po.problems)
    checked = _checked(booklet, lang, changes, where, errors) if changes else None
    raise_all(errors)
    if checked:
        write_atomically(*checked, texts.path)
    write_states(booklet, lang, states)
    return report


def _checked(booklet: Booklet, lang: str, changes: dict[str, str], where: dict[str, Location],
             errors: list[BookletError]) -> tuple[Path, str] | None:
    """The language file with the changes, as the language file reader will accept it; else None
    and every problem added to errors, at the PO line of the text that causes it."""
    found: list[BookletError] = []
    for key, value in changes.items():
        size = len(value.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            found.append(BookletError(
                f"'{key}': the translation has {size:,} bytes; a whole language file may have at most "
                f"{MAX_FILE_BYTES // 1_000_000} MB", where[key], "check that this is the right text"))
        problem = text_problem(value, where[key])
        if problem:
            found.append(BookletError(f"'{key}': {problem.message}", where[key],
                                       "delete it in your CAT tool (it may be an escape such as \\r)"))
    errors += found
    if found:
        return None
    try:
        path, text = updated_texts(booklet, lang, changes, where)
    except BookletError as exc:
        errors += exc.problems()
        return None
    shown = f"content/lang/{lang}.yaml"
    largest = max(changes, key=lambda k: len(changes[k]))
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        errors.append(BookletError(
            f"with these translations {shown} would have {size:,} bytes, more than the "
            f"{MAX_FILE_BYTES // 1_000_000} MB a language file may have (the longest: '{largest}')",
            where[largest], "check that the texts are the right ones"))
        return None
    try:
        texts_of(parse_yaml(text, shown))  # what every command will read
    except BookletError as exc:
        errors.append(BookletError(f"the translations would make {shown} unreadable: "
                                   + "; ".join(str(p) for p in exc.problems()),
                                   next(iter(where.values())), _CAT_TOOL))
        return None
    return path, text


def _review(fuzzy: bool, english: str, before: Review | None, changed: bool) -> Review:
    if fuzzy:
        return before if before and not changed else Review("draft", FUZZY)
    if before and not changed and before.english == fingerprint(english):
        return before  # a reviewed text sent back as it was stays reviewed
    return Review("draft", fingerprint(english))
