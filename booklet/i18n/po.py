"""Gettext PO files for translators' CAT tools: one message per text, and back.

`export_po()` takes a booklet and a language; it returns the PO file's
bytes: per text the key (msgctxt), the English (msgid), the translation
(msgstr, empty when missing), comments with the layout and field, the
edition's printed pages, what each {placeholder} stands for and a length
budget (also as Weblate's `max-length:N` flag), `#:` references to the page
files, `fuzzy` for a stale translation with the English it was translated
from as the previous msgid (`#| msgid`), `python-brace-format` where there
are placeholders, a translator comment on a text edited after review and
(`# term: …`) one for each term of the language's termbase its English has, and
the fingerprint of the translation as exported (`#. booklet: exported …`),
which the import compares with the language file to find conflicts.
`read_po_file()` takes a PO file and returns its language and messages for
`po_import.py`, held to msgfmt's rules (and booklet's: no plural forms),
every problem at its line.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, write_po

from booklet.content.edition import PageFile, Texts, load_pages
from booklet.content.editiontexts import translation
from booklet.content.termbase import comments as term_comments
from booklet.content.termbase import read_termbase
from booklet.content.textrules import placeholders
from booklet.content.usage import Use, pages_shown, text_uses
from booklet.core.errors import BookletError, Location, raise_all
from booklet.core.textcheck import Lines, file_problems
from booklet.i18n.po_language import po_language
from booklet.i18n.reviewstate import Review, fingerprint, read_states
from booklet.i18n.status import printed_english
from booklet.pipeline.edition import printed_pages
from booklet.project.config import Booklet
from booklet.project.yamlfile import MAX_FILE_BYTES

GROWTH = 0.3
"""How much longer than the English a translation may be before it risks not fitting (30 %)."""

MEANINGS = {
    "start": "the year the term began (1999)",
    "credit": "the photographer's or agency's name",
    "date": "a date, which booklet writes in your language",
}
"""What a placeholder stands for, where the page file does not say it with a value."""


EXPORTED = re.compile(r"\bbooklet: exported (?:translation ([0-9a-f]{8})\b|with no translation)")
"""The extracted comment saying which translation a message carried when it was exported (found in
the comments joined: a tool that wraps comments, as polib does, may split it over two lines)."""

EDITED = "edited after review: these words changed after they were reviewed, so a reviewer reads them again"
"""The translator comment of a text edited after review."""


def exported_mark(translation: str | None) -> str:
    """The extracted comment recording a message's translation as exported (see EXPORTED)."""
    return (f"booklet: exported translation {fingerprint(translation)}" if translation
            else "booklet: exported with no translation")


def edition_pages(booklet: Booklet, lang: str) -> tuple[dict[str, tuple[int, ...]], str]:
    """The printed pages of each page file in lang's edition, and the edition they are of: the
    English one's while lang's cannot be laid out (a text the build refuses)."""
    try:
        return printed_pages(booklet, lang), lang
    except BookletError:
        return printed_pages(booklet), booklet.spec.default_language


def export_po(booklet: Booklet, lang: str, printed: dict[str, tuple[int, ...]] | None = None) -> bytes:
    """The PO file of one language (see the module docstring)."""
    source = booklet.spec.languages[lang].derived_from
    if source is not None:
        raise BookletError(f"'{lang}' is made from '{source}': its texts are not translated one by one",
                           hint=f"export {source}, or write single texts in content/lang/{lang}.yaml")
    pages = load_pages(booklet)
    english = printed_english(booklet, pages)
    exists = (booklet.lang_dir / f"{lang}.yaml").exists()
    texts = translation(booklet, lang) if exists else Texts(f"content/lang/{lang}.yaml", {})
    states = read_states(booklet, lang)
    terms = read_termbase(booklet, lang)  # the terms each English has, as translator comments
    uses = text_uses(pages)
    paged = lang
    if printed is None:
        printed, paged = edition_pages(booklet, lang)
    when = dt.datetime.fromisoformat(booklet.sources_date())
    catalog = Catalog(locale=booklet.spec.languages[lang].locale, project=booklet.spec.title,
                      version=booklet.spec.slug, creation_date=when, revision_date=when, fuzzy=False,
                      last_translator=f"Translator of the {lang} edition",
                      language_team=f"{lang} edition of {booklet.spec.title}",
                      header_comment=f"# {booklet.spec.title}: the texts of the {lang} edition.\n"
                                     "# Made by booklet i18n export; read back with booklet i18n import."
                                     + ("" if paged == lang else f"\n# The pages named are the {paged} "
                                        f"edition's: the {lang} edition cannot be laid out yet."))
    by_path = {p.path: p for p in pages}
    for key, text in english.by_key.items():
        translated = texts.by_key.get(key)
        review = states.get(key)
        stale = bool(translated and review and review.english != fingerprint(text.value))
        names = placeholders(text.value)
        key_uses = uses.get(key, [])
        value = translated.value if translated else ""
        budget = math.ceil(len(text.value) * (1 + GROWTH))
        catalog.add(text.value, value, context=key,
                    locations=[(u.page_file, u.line) for u in key_uses],
                    flags=[*(["fuzzy"] if stale else []), *(["python-brace-format"] if names else []),
                           f"max-length:{budget}"],
                    auto_comments=[*_comments(text.value, key_uses, printed, names, by_path),
                                   exported_mark(value)],
                    user_comments=[*([EDITED] if not stale and _edited(review, value) else []),
                                   *_returned(review), *term_comments(terms, text.value)],
                    previous_id=_previous(review, text.value) if stale else ())
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False, include_previous=True)
    return out.getvalue()


def _returned(review: Review | None) -> list[str]:
    """The translator comment of a text a reviewer sent back: why (reviewstate.py's note)."""
    if review is None or review.state != "returned":
        return []
    return [f"returned by a reviewer: {' '.join(review.note.split()) or 'no reason given'}"]


def _edited(review: Review | None, translation: str) -> bool:
    return bool(translation and review and review.state == "reviewed" and review.edited(translation))


def _previous(review: Review | None, english: str) -> str | tuple[()]:
    """The English a stale translation was made from, when the review state remembers it."""
    source = review.source if review else None
    return source if source is not None and source != english else ()


def _comments(english: str, uses: list[Use], printed: dict[str, tuple[int, ...]], names: list[str],
              pages: dict[str, PageFile]) -> list[str]:
    said = [f"{u.layout} layout, {u.field} ({pages_shown(printed.get(u.page_file, ()))})" for u in uses]
    if not uses:
        said.append("a label the layouts print on several pages")
    for name in names:
        said.append(f"{{{name}}}: {_meaning(name, uses, pages)} — keep it exactly as written")
    budget = math.ceil(len(english) * (1 + GROWTH))
    said.append(f"length: the English has {len(english)} characters; up to about {budget} fit")
    return said


def _meaning(name: str, uses: list[Use], pages: dict[str, PageFile]) -> str:
    for use in uses:
        found = _value_named(pages[use.page_file].page.model_dump(), name)
        if found is not None:
            kind = "a date" if isinstance(found, dt.date) else "a number"
            return f"{kind} from {use.page_file} ({found}), which booklet writes in your language"
    return MEANINGS.get(name, "a value booklet fills in")


def _value_named(data: Any, name: str) -> Any:
    """The first value of a field called name anywhere in a page's data."""
    if isinstance(data, dict):
        if name in data and not isinstance(data[name], (dict, list, str)):
            return data[name]
        values = list(data.values())
    elif isinstance(data, list):
        values = data
    else:
        return None
    for value in values:
        found = _value_named(value, name)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class PoMessage:
    """One entry of a PO file, with the lines a problem with it is told at."""

    key: str
    english: str
    translated: str
    fuzzy: bool
    line: int
    """Where the entry starts (its msgctxt) in the PO file."""
    text_line: int
    """The line of its msgstr."""
    exported: str | None = None
    """The fingerprint of the translation it carried when exported ('' for none; None: not said)."""


@dataclass(frozen=True)
class PoFile:
    lang: str
    messages: list[PoMessage]
    language_line: int
    """The line of the Language header."""
    problems: list[BookletError]
    """Entries refused (plural forms, a second entry for a key…): the import writes nothing."""


MAX_PO_BYTES = 4 * MAX_FILE_BYTES
"""A PO file carries the English, the translation and comments: a few times its language file."""

_CAT_TOOL = "export it again with booklet i18n export, or fix it in your CAT tool"


class _EveryEntry(Catalog):
    """A catalog that keeps every entry as read: Babel's merges two entries of one msgid silently."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Message] = []

    def __setitem__(self, id: Any, message: Message) -> None:  # noqa: A002 (Babel's name)
        if id:  # a copy: Babel changes the first entry of an msgid when a second one comes
            entry = copy.copy(message)
            entry.flags = set(message.flags)
            self.entries.append(entry)
        super().__setitem__(id, message)


def read_po_file(booklet: Booklet, path: Path, shown: str, lang: str | None = None) -> PoFile:
    """A PO file held to msgfmt's rules and booklet's, every problem at its line.

    A file that cannot be read, or is for no translated language, raises;
    refused entries are left out and told in `problems`.

    UTF-8 only; no plural forms (booklet has no plural rules); one entry per
    key; every entry with a msgctxt (the key); the Language header a
    translated language of the booklet (`sq`, `sq-XK`, `sq_XK` alike), or
    lang given (`--lang`), which wins over the header.
    """
    text = _po_text(path, shown)
    lines = text.splitlines()
    catalog = _EveryEntry()
    try:
        PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True).parse(lines)
    except PoFileError as exc:
        problem = str(exc.args[0]).rsplit(" on ", 1)[0]
        raise BookletError(f"not a PO file booklet can read: {problem}",
                           Location(shown, exc.lineno + 1, 1), _CAT_TOOL) from None
    except ValueError as exc:  # e.g. msgstr[x]: Babel reads the index with int()
        raise BookletError(f"not a PO file booklet can read: {exc}", Location(shown), _CAT_TOOL) from None
    errors: list[BookletError] = []
    header = _header_lines(lines)
    if catalog.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        errors.append(BookletError(f"its Content-Type header says charset={catalog.charset}; booklet reads "
                                   "PO files in UTF-8", Location(shown, header.get("content-type", 1), 1),
                                   "save it as UTF-8 (every CAT tool can), with charset=UTF-8"))
    messages: list[PoMessage] = []
    first: dict[str, int] = {}
    for entry in catalog.entries:
        message = _message(entry, lines, shown, errors)
        if message is None:
            continue
        if message.key in first:
            errors.append(BookletError(
                f"a second entry for '{message.key}' (msgctxt); the first is on line {first[message.key]}",
                Location(shown, message.line, 1), "keep one of them: msgfmt calls this a duplicate "
                "message definition"))
            continue
        first[message.key] = message.line
        messages.append(message)
    language_line = header.get("language", 1)
    problems: list[BookletError] = []
    lang = po_language(booklet, lang or str(catalog.locale_identifier or ""),
                       Location(shown, language_line, 1), problems, forced=lang is not None)
    raise_all(problems + errors if problems else [])  # for no language of the booklet: nothing more
    return PoFile(lang, messages, language_line, errors)


def _po_text(path: Path, shown: str) -> str:
    """The PO file's text: a regular file, at most MAX_PO_BYTES, UTF-8, no refused characters."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise BookletError("is not a file", Location(shown), "name a PO file")
        with path.open("rb") as stream:
            data = stream.read(MAX_PO_BYTES + 1)
    except OSError as exc:
        raise BookletError(f"cannot be read: {exc.strerror or exc}", Location(shown)) from None
    if len(data) > MAX_PO_BYTES:
        prefix = data[:MAX_PO_BYTES].decode("utf-8", errors="replace")
        raise BookletError(f"the file passes {MAX_PO_BYTES // 1_000_000} MB here, more than the PO file of a "
                           "booklet can be", Location(shown, *Lines(prefix).position(len(prefix))),
                           "check that this is the right file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[:exc.start].decode("utf-8")
        raise BookletError("not UTF-8 text: save the PO file as UTF-8",
                           Location(shown, *Lines(prefix).position(len(prefix)))) from None
    text = text.removeprefix("\ufeff")
    raise_all(file_problems(text, shown))
    return text


def _header_lines(lines: list[str]) -> dict[str, int]:
    """The line of each header field (lower-case name) in the PO file's first entry."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if number > 1 and stripped.startswith(("msgctxt", "#:")):
            break  # the header entry is over
        match = re.match(r'"([A-Za-z-]+):', stripped)
        if match:
            found.setdefault(match.group(1).lower(), number)
    return found


def _message(entry: Message, lines: list[str], shown: str, errors: list[BookletError]) -> PoMessage | None:
    """One entry as a PoMessage, or None with its problem added to errors."""
    start, keywords = _entry_lines(lines, entry.lineno or 1)
    plural = keywords.get("msgid_plural") or keywords.get("msgstr[")
    if entry.pluralizable or plural:
        errors.append(BookletError(
            "plural forms (msgid_plural, msgstr[n]) are not used by booklet: each text has one translation",
            Location(shown, plural or start, 1),
            "write one msgstr, as the exported file has it (booklet has no plural rules yet)"))
        return None
    if not entry.context:
        errors.append(BookletError("an entry without msgctxt: booklet finds where a text goes by its key, "
                                   "which is the msgctxt", Location(shown, start, 1), _CAT_TOOL))
        return None
    marks = list(EXPORTED.finditer(" ".join(" ".join(c.split()) for c in entry.auto_comments)))
    exported = (marks[-1].group(1) or "") if marks else None
    return PoMessage(str(entry.context), str(entry.id), str(entry.string or ""), entry.fuzzy, start,
                     keywords.get("msgstr", start), exported)


def _entry_lines(lines: list[str], msgid_line: int) -> tuple[int, dict[str, int]]:
    """Where an entry starts (its msgctxt, else its msgid) and the line of each of its keywords."""
    start = msgid_line
    index = msgid_line - 2
    while index >= 0 and lines[index].strip().startswith('"'):
        index -= 1  # a msgctxt written over several lines
    if index >= 0 and lines[index].strip().startswith("msgctxt"):
        start = index + 1
    keywords: dict[str, int] = {}
    for number in range(msgid_line + 1, len(lines) + 1):
        word = lines[number - 1].strip().split(" ", 1)[0]
        if word.startswith("#") or word == "msgctxt":
            break
        word = "msgstr[" if word.startswith("msgstr[") else word
        if word in ("msgid_plural", "msgstr", "msgstr["):
            keywords.setdefault(word, number)
    return start, keywords
