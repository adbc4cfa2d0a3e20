"""What a stylesheet may not do, checked at the line that does it.

`check_urls()` takes a stylesheet's text and where it lives; returns a
`BookletError` for every `url()` or `@import` that names a file outside the
project, a file that is not there, or anything on the web — each at the
stylesheet's line and column, before WeasyPrint reads it (WeasyPrint would
only say which URL failed, long after, with no line).  `page_geometry()`
returns one for every `size` or `bleed` in an `@page` rule: the trim and
the bleed are booklet.yaml's (html.py writes them), and a stylesheet's
would silently win over them.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tinycss2

from booklet.core.errors import BookletError, Location, relative
from booklet.project.paths import file_url_path, may_read, special_kind


def check_urls(text: str, sheet: Path, root: Path, allowed: list[Path],
               theme: Path | None = None) -> list[BookletError]:
    """Every url() of the stylesheet that cannot be loaded, as an error at its line (a file of
    the theme folder, when given, is one too; see paths.may_read)."""
    shown = relative(sheet, root)
    base = sheet.resolve().as_uri()
    errors = []
    for url, line, column in _urls_of(text):
        problem = _problem(urllib.parse.urljoin(base, url.strip()), root, allowed, theme)
        if problem:
            message, hint = problem
            errors.append(BookletError(f"url({url}): {message}", Location(shown, line, column),
                                       hint, code="css-url"))
    return errors


def _problem(url: str, root: Path, allowed: list[Path], theme: Path | None) -> tuple[str, str] | None:
    """What is wrong with a resolved URL, and what to do (None when nothing is)."""
    if url[:5].lower() == "data:":
        return None
    path = file_url_path(url)
    if path is None:
        return "only files of the project can be used, not the web", "copy the file into assets/"
    if not may_read(path, allowed, theme):
        return "the file is outside the project", "copy it into assets/"
    kind = special_kind(path)  # told without opening it: a pipe would block the layout
    if kind:
        return f"{relative(path, root)} is {kind}, not a file", "replace it with a file"
    if not path.is_file():
        return f"no file {relative(path, root)}", "check the name and the folder it is in"
    return None


@functools.lru_cache(maxsize=128)
def _urls_of(text: str) -> tuple[tuple[str, int, int], ...]:
    """The url()s of a stylesheet's text, parsed once per process: a build reads the same
    stylesheets for every trial and variant, and parsing them took a tenth of it."""
    return tuple(_urls(tinycss2.parse_stylesheet(text)))


def _urls(nodes: list[Any] | None) -> Iterator[tuple[str, int, int]]:
    """(url, line, column) of every url() and @import in a parsed stylesheet, nested ones too."""
    for node in nodes or ():
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node.value, node.source_line, node.source_column
        elif kind == "function" and node.lower_name == "url":
            strings = [a for a in node.arguments if a.type == "string"]
            if strings:
                yield strings[0].value, node.source_line, node.source_column
        elif kind == "at-rule" and node.lower_at_keyword == "import":
            strings = [t for t in node.prelude if t.type == "string"]
            if strings:
                yield strings[0].value, node.source_line, node.source_column
            yield from _urls(node.prelude)
        else:
            for part in ("prelude", "content", "arguments"):
                yield from _urls(getattr(node, part, None))


PAGE_GEOMETRY = {"size": "trim", "bleed": "bleed"}
"""@page descriptors that booklet.yaml sets, and its setting for each."""


def page_geometry(text: str, sheet: Path, root: Path) -> list[BookletError]:
    """Every @page size or bleed of the stylesheet, as an error at its line."""
    shown = relative(sheet, root)
    errors = []
    for name, value, line, column in _page_geometry_of(text):
        setting = PAGE_GEOMETRY[name]
        errors.append(BookletError(
            f"@page {{ {name}: {value} }}: the page's {setting} comes from booklet.yaml, and a "
            "stylesheet may not change it", Location(shown, line, column),
            f"delete it, and set {setting}: in booklet.yaml", code="css-page"))
    return errors


@functools.lru_cache(maxsize=128)
def _page_geometry_of(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(descriptor, value, line, column) of every @page size or bleed, parsed once per process."""
    found = []
    for rule in _page_rules(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)):
        for item in tinycss2.parse_declaration_list(rule.content or [], skip_comments=True,
                                                    skip_whitespace=True):
            if item.type == "declaration" and item.lower_name in PAGE_GEOMETRY:
                found.append((item.lower_name, tinycss2.serialize(item.value).strip(),
                              item.source_line, item.source_column))
    return tuple(found)


def _page_rules(nodes: list[Any]) -> Iterator[Any]:
    """Every @page rule, also inside @media and other rules that hold rules."""
    for node in nodes:
        if node.type != "at-rule" or node.content is None:
            continue
        if node.lower_at_keyword == "page":
            yield node
        else:
            yield from _page_rules(tinycss2.parse_rule_list(node.content, skip_comments=True,
                                                            skip_whitespace=True))
