"""Stage 2, content: read the page files and one edition's language file.

Takes a `Booklet` and a language code; returns an `Edition`: the pages in
order (structure, validated) and the texts they refer to, every one checked
to exist.  Each page and text remembers the file:line it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import babel

from booklet.content.plurals import plural_problems
from booklet.content.textrules import unprinted_values
from booklet.core.errors import BookletError, Data, Diagnostic, Location, did_you_mean, raise_all
from booklet.core.textcheck import is_blank
from booklet.project.config import Booklet
from booklet.project.editionsettings import SETTINGS_KEY, EditionSettings, read_settings
from booklet.project.fonts import drawable, undrawable
from booklet.project.layouts import validate_page
from booklet.project.paths import project_file
from booklet.project.schema import Key, Page, keys_in
from booklet.project.yamlfile import YamlFile, read_yaml


@dataclass(frozen=True)
class Text:
    """One text of a language file and where it was written."""

    key: str
    value: str
    where: Location
    fallback: bool = False
    """An English stand-in for a missing translation (draft builds only)."""


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
    settings: EditionSettings = field(default_factory=EditionSettings)
    """The file's `_edition:` block (editionsettings.py)."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """What setting them found worth a word: quotes typed in another style, a language's defaults."""
    growth: float = 0.0
    """How much longer a pseudo-translation made them (booklet check --longer; overflow.py)."""

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
    paths, errors = _page_paths(booklet)
    pages: list[PageFile] = []
    for path in paths:
        shown = _shown(booklet, path)
        try:
            checked = project_file(path, booklet.root, shown, replace="replace it with a YAML file")
            doc = read_yaml(checked, shown)
            pages.append(PageFile(shown, validate_page(doc, booklet.layouts), doc))
        except BookletError as exc:
            errors.extend(exc.problems())
    errors.extend(_clashes(booklet, pages, [_shown(booklet, path) for path in paths]))
    raise_all(errors)
    return pages


def _shown(booklet: Booklet, path: Path) -> str:
    """A path inside the project as users see it, without following symlinks (they may loop)."""
    return path.relative_to(booklet.root).as_posix()


def _page_paths(booklet: Booklet) -> tuple[list[Path], list[BookletError]]:
    """The page files in filename order, and a problem for each misnamed one."""
    folder = _shown(booklet, booklet.pages_dir)
    try:
        names = sorted(entry.name for entry in booklet.pages_dir.iterdir())
    except FileNotFoundError:
        names = []
    except OSError as exc:
        raise BookletError(f"cannot be read: {exc.strerror or exc}", Location(folder)) from None
    paths: list[Path] = []
    errors: list[BookletError] = []
    for name in names:
        suffix = Path(name).suffix
        if _is_editor_file(name):
            continue
        if suffix == ".yaml":
            paths.append(booklet.pages_dir / name)
        elif suffix.lower() in (".yaml", ".yml"):
            errors.append(BookletError("page files must end in .yaml, or they are not built",
                                       Location(f"{folder}/{name}"),
                                       f"rename it {Path(name).stem}.yaml"))
    if not paths and not errors:
        raise BookletError("no page files", Location(folder), hint="add content/pages/<name>.yaml files")
    return paths, errors


def _is_editor_file(name: str) -> bool:
    """Hidden files, editor backups and lock files (.x, x~, #x#, .#x, Office's ~$x): never pages."""
    return name.startswith((".", "#", "~")) or name.endswith(("~", "#"))


def _clashes(booklet: Booklet, pages: list[PageFile], shown: list[str]) -> list[BookletError]:
    """Two files of a layout with the same value of a field it declares `unique:` (one file a
    year), or two files whose order prefix is the same: one error a pair."""
    errors: list[BookletError] = []
    first_of: dict[tuple[str, str, Any], str] = {}
    values: dict[str, set[tuple[str, str, Any]]] = {}
    for page_file in pages:
        for name in booklet.layouts[page_file.page.layout].unique:
            value = getattr(page_file.page, name, None)
            if value is None:
                continue
            key = (page_file.page.layout, name, value)
            values.setdefault(page_file.path, set()).add(key)
            first = first_of.setdefault(key, page_file.path)
            if first != page_file.path:
                errors.append(BookletError(f"{name} {value} is also the {name} of {first}",
                                           page_file.where(name), f"keep one file per {name}"))
    first_of_prefix: dict[str, str] = {}
    for path in shown:
        prefix = _order_prefix(Path(path).name)
        first = first_of_prefix.setdefault(prefix, path) if prefix else path
        same_value = bool(values.get(path, set()) & values.get(first, set()))
        if first != path and not same_value:  # two files of one year (say) are told once, as such
            errors.append(BookletError(
                f"starts with the same number as {first}, so which comes first is not clear",
                Location(path), "give one of them another number"))
    return errors


def _order_prefix(name: str) -> str:
    """The digits a page file's name starts with, which place it: '045' of '045-map.yaml'."""
    match = re.match(r"\d+", name)
    return match.group() if match else ""


def load_texts(booklet: Booklet, lang: str) -> Texts:
    """Read content/lang/<lang>.yaml into texts by dotted key."""
    path, shown = _language_file(booklet, lang)
    return texts_of(read_yaml(path, shown))


def texts_of(doc: YamlFile) -> Texts:
    """The texts of a language file read by yamlfile.py, every problem at its line."""
    if not isinstance(doc.data, dict):
        raise BookletError("expected a mapping of texts (key: text)", doc.where())
    by_key: dict[str, Text] = {}
    errors: list[BookletError] = []
    try:
        settings = read_settings(doc)
    except BookletError as exc:
        errors += exc.problems()
        settings = EditionSettings()
    texts = {name: value for name, value in doc.data.items() if name != SETTINGS_KEY}
    for key_path, value in _leaves(texts, ()) if texts else ():  # settings alone are a file too
        text = _text(".".join(key_path), key_path, value, doc.where(key_path))
        if isinstance(text, Text):
            by_key[text.key] = text
        else:
            errors.append(text)
    raise_all(errors)
    return Texts(doc.path, by_key, settings)


def _language_file(booklet: Booklet, lang: str) -> tuple[Path, str]:
    """The language file resolved, and as users see it; it must be inside content/lang/."""
    path = booklet.lang_dir / f"{lang}.yaml"
    shown = _shown(booklet, path)
    # A language code such as '../../x', or a symlink, must not lead out of content/lang/.
    resolved = project_file(path, booklet.lang_dir, shown, within="content/lang/",
                            hint="a language file is content/lang/<code>.yaml, the code as in booklet.yaml",
                            replace="replace it with a YAML file")
    if not resolved.exists():
        misnamed = [p.name for p in booklet.lang_dir.glob(f"{lang}.*")
                    if p.suffix.lower() in (".yaml", ".yml")]
        hint = (f"rename {misnamed[0]} to {lang}.yaml" if misnamed else
                f"copy content/lang/{booklet.spec.default_language}.yaml and translate it")
        raise BookletError(f"no language file for '{lang}'", Location(shown), hint=hint)
    return resolved, shown


def _text(key: str, key_path: tuple[str, ...], value: Any, where: Location) -> Text | BookletError:
    """One leaf of a language file as a text, or the problem with it."""
    if any("." in part for part in key_path):
        return BookletError(f"'{key}': write keys nested, one name per line, not joined by dots",
                            where)
    if value is None or value == {} or (isinstance(value, str) and is_blank(value)):
        return BookletError(f"'{key}' is empty", where, hint="write its text")
    if not isinstance(value, str):
        return BookletError(f"'{key}' should be text, got {value!r}", where,
                            hint="put quotes around it")
    return Text(key, value, where)


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
    source = booklet.spec.languages[lang].derived_from
    added_to = f"content/lang/{source}.yaml" if source else texts.path  # a derived edition's source
    for page_file in pages:
        for key_path, key in keys_in(page_file.page):
            used.add(key)
            if key not in texts.by_key:
                errors.append(_missing_text(page_file, key_path, key, texts, added_to))
    declared = [(f"the layout {name}", booklet.layouts[name].texts, booklet.layouts[name].where)
                for name in sorted({p.page.layout for p in pages})]
    for user, keys, where in [("every page", booklet.document_texts, booklet.document_where), *declared]:
        for name, meaning in keys.items():
            used.add(name)
            if name not in texts.by_key:
                errors.append(BookletError(f"no text '{name}' in {added_to} ({user} uses it: "
                                           f"{meaning}){did_you_mean(name, texts.by_key)}", where))
    errors += _undrawable(booklet, texts, lang)
    locale = booklet.locale(lang)
    errors += [BookletError(f"'{text.key}': {problem}", text.where, code="plural")
               for text in texts.by_key.values() for problem in plural_problems(text.value, locale)]
    errors += [e for page_file in pages for e in unprinted_values(page_file, texts.by_key)]
    raise_all(errors)
    warnings = [*texts.warnings] + [
        Diagnostic("warning", "unused-text", f"text '{key}' is not used by any page",
                   text.where, data=Data(key=key))
        for key, text in texts.by_key.items() if key not in used
    ]
    english = [key for key, text in texts.by_key.items() if text.fallback and key in used]
    if english:
        warnings.append(Diagnostic(
            "warning", "draft-english", f"{len(english)} text{'s' if len(english) > 1 else ''} of this "
            "draft are in English, highlighted, until they are translated", Location(added_to),
            f"booklet i18n status --lang {source or lang} lists them", data=Data(count=len(english))))
    return Edition(booklet, lang, booklet.locale(lang), pages, texts, warnings)


def _undrawable(booklet: Booklet, texts: Texts, lang: str) -> list[BookletError]:
    """Texts with a character the bundled fonts cannot draw: it would print as an empty box."""
    can_draw = drawable(booklet.file(font.file) for font in booklet.spec.fonts)
    return [BookletError(f"'{text.key}' has {', '.join(missing)}, which the booklet's fonts cannot "
                         f"draw in the {lang} edition", text.where,
                         "replace it, or add a font that has it to booklet.yaml", code="glyph",
                         data=Data(key=text.key))
            for text in texts.by_key.values() if (missing := undrawable(text.value, can_draw))]


def _missing_text(page_file: PageFile, key_path: tuple[Any, ...], key: Key,
                  texts: Texts, added_to: str) -> BookletError:
    return BookletError(f"no text '{key}' in {added_to}{did_you_mean(key, texts.by_key)}",
                        page_file.where(*key_path))
