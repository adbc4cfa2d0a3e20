"""Reading a translator's PO file back into the language file and the review states.

`import_po()` takes a booklet and a PO file (made by `booklet i18n export`);
it writes every translated message into content/lang/<code>.yaml
(langwrite.py keeps comments and order), records each as a draft
translated from the English the message carries (reviewstate.py: when that
English has changed since the export, the text is stale at once), and
returns an `ImportReport` of what changed.  A message still marked fuzzy is
written but stays stale; an empty one is skipped; one whose key the
booklet does not have is reported and skipped.

Conflicts: each message is compared with what the language file holds now
and with the translation it was exported with (po.py's `#. booklet:
exported …`).  Words the PO left as exported while the file changed since
are *kept* (the file's are newer: an older PO never reverts them).  Words
changed on both sides since the export, words of a PO that does not say
what it was exported with, and reviewed words are each a conflict at the
PO's line, unless `overwrite` is given; then each overwrite is reported by key.

The file is checked whole before anything is written (po.py: msgfmt's
rules, no plural forms; here: the build's text rules, textrules.py, against
the English; each text as the language file reader takes it, within its
size limits; the conflicts), so a refused import leaves the language file
and the review states as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from booklet.content.edition import Text, Texts, load_pages, load_texts, texts_of
from booklet.content.textrules import text_rule_problems
from booklet.core.errors import BookletError, Location, raise_all
from booklet.core.textcheck import text_problem
from booklet.i18n.langwrite import updated_texts
from booklet.i18n.po import PoMessage, read_po_file
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
    kept: list[str] = field(default_factory=list)
    """Changed in the language file since the export and left as exported in the PO: the file's kept."""
    overwritten: list[str] = field(default_factory=list)
    """With --overwrite: texts changed in the file since the export, or reviewed, replaced by the PO's."""


def import_po(booklet: Booklet, po_path: Path, shown: str, lang: str | None = None,
              overwrite: bool = False) -> ImportReport:
    """Write a PO file's translations into the booklet (see the module docstring).

    Nothing is written when any entry is refused: every problem is told at
    once, at the PO file's line, and the language file stays as it was.
    """
    po = read_po_file(booklet, po_path, shown, lang)
    lang = po.lang
    english = printed_english(booklet, load_pages(booklet)).by_key
    own = booklet.lang_dir / f"{lang}.yaml"
    texts = load_texts(booklet, lang) if own.exists() else Texts(f"content/lang/{lang}.yaml", {})
    states = read_states(booklet, lang)
    report = ImportReport(lang, texts.path)
    changes: dict[str, str] = {}
    where: dict[str, Location] = {}
    errors = list(po.problems)
    refused: set[str] = set()  # texts that break a rule of the build: said once, not again below
    for message in po.messages:
        if message.key not in english:
            report.unknown.append(message.key)
            continue
        if not message.translated:
            report.empty += 1
            continue
        before = texts.by_key.get(message.key)
        at = Location(shown, message.text_line, 1)
        if before is None or before.value != message.translated:
            conflict = _conflict(message, before, states.get(message.key), texts.path,
                                 english[message.key].value)
            if conflict == "kept":
                report.kept.append(message.key)
                continue
            if conflict and not overwrite:
                errors.append(BookletError(conflict, at, "take the file's words into your CAT tool and "
                                           "export again, or import with --overwrite to replace them",
                                           code="conflict"))
                continue
            if conflict:
                report.overwritten.append(message.key)
            broken = text_rule_problems(message.key, english[message.key].value, message.translated, at)
            errors += broken
            refused.update([message.key] if broken else [])
            changes[message.key] = message.translated
            where[message.key] = at
            (report.changed if before else report.added).append(message.key)
        else:
            report.unchanged += 1
        states[message.key] = _review(message.fuzzy, message.english, states.get(message.key),
                                      message.translated, changed=message.key in changes)
        if message.fuzzy:
            report.fuzzy.append(message.key)
        elif message.english != english[message.key].value:
            report.older_english.append(message.key)
    others = {k: v for k, v in changes.items() if k not in refused}
    checked = _checked(booklet, lang, others, where, errors) if others else None
    raise_all(errors)
    if checked:
        write_atomically(*checked, texts.path)
    write_states(booklet, lang, states)
    return report


def checked_file(booklet: Booklet, lang: str, changes: dict[str, str], where: dict[str, Location]
                 ) -> tuple[Path, str]:
    """The language file's path and its text with the changes, checked as an import checks them
    (each problem at where[key]); nothing is written.  The preview saves a text through this."""
    errors: list[BookletError] = []
    checked = _checked(booklet, lang, changes, where, errors)
    raise_all(errors)
    if checked is None:
        raise BookletError("the changes could not be made", next(iter(where.values()), None))
    return checked


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


def _conflict(message: PoMessage, before: Text | None, review: Review | None, path: str,
              english: str) -> str | None:
    """Why writing the message's words over the file's would lose work: None when nothing would be
    lost, "kept" when the PO carries the words as exported and the file's are newer, else the
    conflict in a translator's words.  A review of an English since changed (stale) protects
    nothing: updating the words is what it asks for."""
    exported = message.exported
    now = before.value if before else None
    if exported is not None and exported == fingerprint(message.translated):
        return "kept"  # not edited in the CAT tool; the file changed since the export
    at = f"{path}:{before.where.line}" if before else path
    if now is not None and exported is None:
        return (f"'{message.key}': this PO does not say which words it was exported with, and {at} "
                f"holds other words now: “{_short(now)}”")
    if now is not None and exported != fingerprint(now):
        return (f"'{message.key}': {at} was changed since this PO was exported, and the PO changes it "
                f"too: the file has “{_short(now)}”")
    current = review is not None and review.english == fingerprint(english) and not review.edited(now or "")
    if now is not None and review and review.state == "reviewed" and current:
        return f"'{message.key}': {at} is reviewed: importing would replace the reviewed words"
    return None


def _short(text: str, most: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= most else one_line[:most - 1] + "…"


def _review(fuzzy: bool, english: str, before: Review | None, translated: str, changed: bool) -> Review:
    """The review state of an imported text: a changed one is a draft of the English it carries."""
    if fuzzy:
        if before and not changed:
            return before
        return Review("draft", FUZZY, fingerprint(translated), before.source if before else None)
    if before and not changed and before.english == fingerprint(english):
        # a text sent back as it was keeps its state (a reviewed one stays reviewed)
        return before if before.text is not None else Review(before.state, before.english,
                                                             fingerprint(translated), english)
    return Review("draft", fingerprint(english), fingerprint(translated), english)
