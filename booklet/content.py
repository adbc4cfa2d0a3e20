"""Stage 2, content: read the page files and one edition's language file.

Takes a `Booklet` and a language code; returns an `Edition`: the pages in
order (structure, validated) and the texts they refer to, every one checked
to exist.  Each page and text remembers the file:line it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import babel

from booklet.config import Booklet
from booklet.errors import BookletError, Diagnostic, Location, did_you_mean, raise_all, relative
from booklet.schema import Key, Page, keys_in, validate_page
from booklet.yamlfile import YamlFile, read_yaml


@dataclass(frozen=True)
class Text:
    """One text of a language file and where it was written."""

    key: str
    value: str
    where: Location


@dataclass(frozen=True)
class PageFile:
    """One validated page file."""

    path: str
    page: Page
    doc: YamlFile = field(repr=False)

    @property
    def name(self) -> str:
        """The file's name without folder and suffix, e.g. '1999'."""
        return Path(self.path).stem

    def where(self, *key_path: str | int) -> Location:
        return self.doc.where(key_path)


@dataclass
class Texts:
    """The texts of one language file, by dotted key."""

    path: str
    by_key: dict[str, Text]

    def __getitem__(self, key: str) -> Text:
        return self.by_key[key]


@dataclass
class Edition:
    """Everything one language edition is made of, before layout."""

    booklet: Booklet
    lang: str
    locale: babel.Locale
    pages: list[PageFile]
    texts: Texts
    warnings: list[Diagnostic] = field(default_factory=list)


def load_pages(booklet: Booklet) -> list[PageFile]:
    """Read every page file in filename order, reporting all problems at once."""
    paths = sorted(booklet.pages_dir.glob("*.yaml"))
    if not paths:
        raise BookletError("no page files", Location(relative(booklet.pages_dir, booklet.root)),
                           hint="add content/pages/<name>.yaml files")
    pages: list[PageFile] = []
    errors: list[BookletError] = []
    for path in paths:
        shown = relative(path, booklet.root)
        try:
            doc = read_yaml(path, shown)
            pages.append(PageFile(shown, validate_page(doc), doc))
        except BookletError as exc:
            errors.extend(exc.problems())
    raise_all(errors)
    return pages


def load_texts(booklet: Booklet, lang: str) -> Texts:
    """Read content/lang/<lang>.yaml into texts by dotted key."""
    path = booklet.lang_dir / f"{lang}.yaml"
    shown = relative(path, booklet.root)
    if not path.is_file():
        raise BookletError(f"no language file for '{lang}'", Location(shown),
                           hint=f"copy content/lang/{booklet.spec.default_language}.yaml and translate it")
    doc = read_yaml(path, shown)
    if not isinstance(doc.data, dict):
        raise BookletError("expected a mapping of texts (key: text)", doc.where())
    by_key: dict[str, Text] = {}
    errors: list[BookletError] = []
    for key_path, value in _leaves(doc.data, ()):
        key = ".".join(str(p) for p in key_path)
        where = doc.where(key_path)
        if any("." in str(part) for part in key_path):
            errors.append(BookletError(f"'{key}': write keys nested, one name per line, not "
                                       "joined by dots", where))
        elif isinstance(value, str):
            by_key[key] = Text(key, value, where)
        elif value is None or value == {}:
            errors.append(BookletError(f"'{key}' is empty", where, hint="write its text"))
        else:
            errors.append(BookletError(f"'{key}' should be text, got {value!r}", where,
                                       hint="put quotes around it"))
    raise_all(errors)
    return Texts(shown, by_key)


def _leaves(data: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(data, dict) and data:
        for name, value in data.items():
            yield from _leaves(value, (*path, str(name)))
    else:
        yield path, data


def make_edition(booklet: Booklet, lang: str, pages: list[PageFile], texts: Texts) -> Edition:
    """Join pages and texts, checking that every key a page uses has a text."""
    errors: list[BookletError] = []
    used: set[str] = set()
    for page_file in pages:
        for key_path, key in keys_in(page_file.page):
            used.add(key)
            if key not in texts.by_key:
                errors.append(_missing_text(page_file, key_path, key, texts))
    raise_all(errors)
    warnings = [
        Diagnostic("warning", "unused-text", f"text '{key}' is not used by any page", text.where)
        for key, text in texts.by_key.items()
        if key not in used and not key.startswith("labels.")
    ]
    return Edition(booklet, lang, booklet.locale(lang), pages, texts, warnings)


def _missing_text(page_file: PageFile, key_path: tuple[Any, ...], key: Key,
                  texts: Texts) -> BookletError:
    return BookletError(f"no text '{key}' in {texts.path}{did_you_mean(key, texts.by_key)}",
                        page_file.where(*key_path))
