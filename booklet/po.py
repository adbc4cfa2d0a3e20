"""Gettext PO files for translators' CAT tools: one message per text, and back.

`export_po()` takes a booklet and a language; it returns the PO file's
bytes: per text the key (msgctxt), the English (msgid), the translation
(msgstr, empty when missing), comments with the layout and field, the
printed pages, what each {placeholder} stands for and a length budget, `#:`
references to the page files, `fuzzy` for a stale translation and
`python-brace-format` where there are placeholders.  `read_po_file()` takes
a PO file and returns its language and messages for `po_import.py`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from booklet.config import Booklet
from booklet.content import PageFile, Texts, load_pages
from booklet.editiontexts import translation
from booklet.errors import BookletError, Location
from booklet.i18nstatus import printed_english
from booklet.reviewstate import fingerprint, read_states
from booklet.textrules import placeholders
from booklet.usage import Use, pages_shown, printed_pages, text_uses

GROWTH = 0.3
"""How much longer than the English a translation may be before it risks not fitting (30 %)."""

MEANINGS = {
    "start": "the year the term began (1999)",
    "credit": "the photographer's or agency's name",
    "date": "a date, which booklet writes in your language",
}
"""What a placeholder stands for, where the page file does not say it with a value."""


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
    uses = text_uses(pages)
    printed = printed if printed is not None else printed_pages(booklet)
    when = dt.datetime.fromisoformat(booklet.sources_date())
    catalog = Catalog(locale=booklet.spec.languages[lang].locale, project=booklet.spec.title,
                      version=booklet.spec.slug, creation_date=when, revision_date=when, fuzzy=False,
                      last_translator=f"Translator of the {lang} edition",
                      language_team=f"{lang} edition of {booklet.spec.title}",
                      header_comment=f"# {booklet.spec.title}: the texts of the {lang} edition.\n"
                                     "# Made by booklet i18n export; read back with booklet i18n import.")
    by_path = {p.path: p for p in pages}
    for key, text in english.by_key.items():
        translated = texts.by_key.get(key)
        review = states.get(key)
        stale = bool(translated and review and review.english != fingerprint(text.value))
        names = placeholders(text.value)
        key_uses = uses.get(key, [])
        catalog.add(text.value, translated.value if translated else "", context=key,
                    locations=[(u.page_file, u.line) for u in key_uses],
                    flags=[*(["fuzzy"] if stale else []), *(["python-brace-format"] if names else [])],
                    auto_comments=_comments(text.value, key_uses, printed, names, by_path))
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=False)
    return out.getvalue()


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
    key: str
    english: str
    translated: str
    fuzzy: bool
    line: int


def read_po_file(booklet: Booklet, path: Path, shown: str) -> tuple[str, list[PoMessage]]:
    """The language (from the PO file's Language header) and the messages of a PO file."""
    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, abort_invalid=True)
    except OSError as exc:
        raise BookletError(f"cannot be read: {exc.strerror or exc}", Location(shown)) from None
    except Exception as exc:  # babel's PoFileError, or a decoding error
        line = getattr(exc, "lineno", 0)
        raise BookletError(f"not a PO file booklet can read: {exc}", Location(shown, line, 1 if line else 0),
                           "export it again with booklet i18n export, or fix it in your CAT tool") from None
    locale = str(catalog.locale_identifier or "")
    by_locale = {str(booklet.locale(code)): code for code in booklet.spec.languages}
    lang = by_locale.get(locale)
    if lang is None:
        raise BookletError(f"its Language header '{locale}' is not the locale of a language of this "
                           "booklet", Location(shown), "locales in booklet.yaml: " + ", ".join(by_locale))
    messages = [PoMessage(str(m.context), str(m.id), str(m.string or ""), m.fuzzy, m.lineno or 0)
                for m in catalog if m.id and m.context]
    return lang, messages
