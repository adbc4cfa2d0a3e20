"""Strict YAML: read one file into plain data plus the location of every value.

Takes a path; returns a `YamlFile` whose `data` holds dicts, lists and
scalars, and whose `where()` maps a key path such as ("blocks", 2,
"heading") to file:line:col.  Stricter than plain YAML in the ways that bite
booklet users: duplicate keys are errors, and only true/false are booleans
(`no`, `yes`, `on`, `off` stay text, as YAML 1.2 has it — think of the
Norwegian country code).

Limits keep a wrong or hostile file from hanging a build: at most
`MAX_FILE_BYTES` per file, `MAX_DEPTH` levels of nesting, and no anchors or
aliases (`&name`, `*name`), which booklet files never need and which let 1 KB
of YAML grow into gigabytes.  Every problem is told at the line:col an editor
shows (see `booklet.textcheck`).
"""

from __future__ import annotations

import copy
import errno
import functools
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from booklet.core.errors import BookletError, BookletErrors, Location, raise_all
from booklet.core.textcheck import Lines, blanked, file_problems, text_problem
from booklet.project.paths import special_kind

KeyPath = tuple[str | int, ...]

MAX_FILE_BYTES = 1_000_000
"""1 MB: 30 times the English texts of the 64-page booklet; PyYAML reads it in about 1.5 s."""
MAX_DEPTH = 50
"""Levels of nesting; booklet files use 5 at most, and PyYAML composes nodes recursively."""


class _Refused(Exception):
    """A limit met while composing, at the mark of the event that met it."""

    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


_NO_ALIASES = ("write the value out in full; a text that starts with * or & needs quotes "
               "around it")


class StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, no anchors or aliases, and at most MAX_DEPTH levels."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "booklet files do not use YAML anchors and aliases "
                           "(&name, *name)", _NO_ALIASES)
        nests = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
        if nests and self.depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep",
                           "a booklet file needs only a few levels: check the indentation "
                           "and the brackets")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class YamlFile:
    """The data of one YAML file and where each part of it was written."""

    path: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, key_path: KeyPath = ()) -> Location:
        """The location of the value at key_path, or of its nearest written parent."""
        for end in range(len(key_path), -1, -1):
            mark = self.marks.get(tuple(key_path[:end]))
            if mark:
                return Location(self.path, *mark)
        return Location(self.path, 1, 1)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}"
               for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


class _Builder:
    """Turns a composed node tree into data, noting marks and duplicate keys."""

    def __init__(self, loader: StrictLoader, doc: YamlFile) -> None:
        self.loader = loader
        self.doc = doc
        self.errors: list[BookletError] = []

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.doc.marks[path] = _mark(node)
        if node.tag not in _PLAIN_TAGS:  # !!binary, !!set, !!python/…: never booklet data
            self.errors.append(BookletError(
                f"a YAML tag ({node.tag.replace('tag:yaml.org,2002:', '!!')}) is not used in booklet "
                "files", Location(self.doc.path, *_mark(node)),
                "remove it, or put quotes around a text that starts with !"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        where = Location(self.doc.path, *_mark(node))
        try:
            value = self.loader.construct_object(node)
        except ValueError as exc:  # e.g. 2000-13-45 looks like a date but is none
            self.errors.append(BookletError(f"'{node.value}' is not a valid date or number ({exc})",
                                            where))
            return node.value
        problem = text_problem(value, where) if isinstance(value, str) else None
        if problem:
            self.errors.append(problem)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(key, bool) or not isinstance(key, (str, int)):
                self.errors.append(BookletError(
                    "a key must be a name (put quotes around it)",
                    Location(self.doc.path, *_mark(key_node))))
                continue
            key = str(key)
            if key in first_seen:
                line = first_seen[key][0]
                self.errors.append(BookletError(
                    f"duplicate key '{key}' (first written on line {line})",
                    Location(self.doc.path, *_mark(key_node))))
                continue
            first_seen[key] = _mark(key_node)
            result[key] = self.build(value_node, (*path, key))
            # The key's own position is the better place to point at for its value.
            self.doc.marks[(*path, key)] = _mark(key_node)
        return result


def read_yaml(path: Path, shown_as: str) -> YamlFile:
    """Read path strictly; errors name it as shown_as (a project-relative path)."""
    return parse_yaml(_decode(_read_bytes(path, shown_as), shown_as), shown_as)


def _read_bytes(path: Path, shown_as: str) -> bytes:
    """The first MAX_FILE_BYTES + 1 bytes of a regular file; anything else is a BookletError."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise BookletError("is a folder, not a file", Location(shown_as),
                               "move the file inside it out, or rename the folder")
        if not stat.S_ISREG(mode):  # a pipe or a device would never end, or block the build
            raise BookletError(f"is {special_kind(path) or 'something else'}, not a file",
                               Location(shown_as), "replace it with a YAML file")
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _unreadable(exc, shown_as) from None
    if len(data) > MAX_FILE_BYTES:
        prefix = data[:MAX_FILE_BYTES].decode("utf-8", errors="replace")
        raise BookletError(f"the file passes {MAX_FILE_BYTES // 1_000_000} MB here, more than a "
                           "booklet file can be", Location(shown_as, *Lines(prefix).position(len(prefix))),
                           "check that this is the right file, or split it")
    return data


def _unreadable(exc: OSError, shown_as: str) -> BookletError:
    if isinstance(exc, FileNotFoundError):
        return BookletError("file not found", Location(shown_as))
    if isinstance(exc, IsADirectoryError):
        return BookletError("is a folder, not a file", Location(shown_as),
                            "move the file inside it out, or rename the folder")
    if isinstance(exc, PermissionError):
        return BookletError("cannot be read: permission denied", Location(shown_as),
                            "give yourself permission to read it, or copy it")
    if exc.errno == errno.ELOOP:
        return BookletError("cannot be read: a symbolic link that points back at itself",
                            Location(shown_as))
    return BookletError(f"cannot be read: {exc.strerror or exc}", Location(shown_as))


def _decode(data: bytes, shown_as: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[:exc.start].decode("utf-8")
        raise BookletError("not UTF-8 text: save the file as UTF-8",
                           Location(shown_as, *Lines(prefix).position(len(prefix)))) from None


def parse_yaml(text: str, shown_as: str) -> YamlFile:
    """Parse YAML text strictly (see the module docstring).

    A text parsed before in this process is not parsed again: every build of a
    process (the editions, the preview's rebuilds, a test run) reads the same
    layout and language files, and PyYAML composing them took a tenth of a
    small build.  Each caller gets its own copy of the data.
    """
    return copy.deepcopy(_parsed(text, shown_as))


@functools.lru_cache(maxsize=128)  # a project's files, about 60 here; a preview runs for hours
def _parsed(text: str, shown_as: str) -> YamlFile:
    text = text.removeprefix("\ufeff")  # a byte-order mark is no part of the text
    refused = file_problems(text, shown_as)
    if refused:
        text = blanked(text)  # the rest of the file is still read, at an editor's lines
    doc = YamlFile(shown_as, None)
    try:
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _together([*refused, _reader_error(exc, text, shown_as)]) from None
    try:
        node = loader.get_single_node()
        builder = _Builder(loader, doc)
        doc.data = {} if node is None else builder.build(node, ())
    except _Refused as exc:
        raise _together([*refused, BookletError(exc.message, _at(exc.mark, shown_as), exc.hint)]) from None
    except yaml.MarkedYAMLError as exc:
        raise _together([*refused, _syntax_error(exc, text, shown_as)]) from None
    except yaml.reader.ReaderError as exc:
        raise _together([*refused, _reader_error(exc, text, shown_as)]) from None
    finally:
        loader.dispose()
    raise_all([*refused, *builder.errors])
    return doc


def _together(errors: list[BookletError]) -> BookletError:
    return errors[0] if len(errors) == 1 else BookletErrors(errors)


def _at(mark: Any, shown_as: str) -> Location:
    return Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)


_QUOTE_NEVER_CLOSED = ("a quote opened here is never closed",
                       "close it with the same quote mark, or put the whole text in quotes")
_SYNTAX: list[tuple[str, str, tuple[str, str]]] = [
    # PyYAML's context, its problem, and what to say at the context's mark instead:
    # the opening quote is where to look, not the end of the file ~160 lines below.
    ("while scanning a quoted scalar", "found unexpected end of stream", _QUOTE_NEVER_CLOSED),
    ("while scanning a quoted scalar", "found unexpected document separator", _QUOTE_NEVER_CLOSED),
    ("while parsing a flow sequence", "expected ',' or ']'",
     ("a list opened with [ here is never closed",
      "close it with ], or put the whole text in quotes if the [ belongs to it")),
    ("while parsing a flow mapping", "expected ',' or '}'",
     ("a mapping opened with { here is never closed",
      "close it with }, or put the whole text in quotes if the { belongs to it")),
    ("while scanning a simple key", "could not find expected ':'",
     ("expected 'name: value' on this line",
      "add the ':', or indent the line further if it goes on with the text above")),
    ("while scanning an alias", "", ("booklet files do not use YAML aliases (*name)", _NO_ALIASES)),
    ("while scanning an anchor", "", ("booklet files do not use YAML anchors (&name)",
                                      _NO_ALIASES)),
]


_IN_QUOTES = "put the text in quotes: key: \"…\""
_PROBLEMS: list[tuple[str, tuple[str, str]]] = [
    # PyYAML's problem alone, and what a translator should read instead.
    ("mapping values are not allowed here",
     ("a ': ' inside a text makes YAML read a new name here", _IN_QUOTES)),
    ("found character '\\t' that cannot start any token",
     ("a tab in the indentation: YAML files are indented with spaces", "replace the tab with spaces")),
    ("found character", ("a text cannot start with this character unless it is in quotes", _IN_QUOTES)),
    ("expected <block end>, but found '<block mapping start>'",
     ("this line is indented differently from the lines around it",
      "line it up with the names at its level, with spaces as in the lines above")),
]


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, shown_as: str) -> BookletError:
    """PyYAML's complaint, at the place a user should look, in words a translator reads."""
    context, problem = exc.context or "", exc.problem or ""
    for their_context, their_problem, (message, hint) in _SYNTAX:
        if context.startswith(their_context) and problem.startswith(their_problem):
            return BookletError(message, _at(exc.context_mark or exc.problem_mark, shown_as), hint)
    for their_problem, (message, hint) in _PROBLEMS:
        if problem.startswith(their_problem):
            return BookletError(message, _at(exc.problem_mark or exc.context_mark, shown_as), hint)
    mark = exc.problem_mark or exc.context_mark
    if mark and "but found '<scalar>'" in problem and text[:mark.index].rstrip().endswith(("'", '"')):
        return BookletError("the text goes on after its closing quote", _at(mark, shown_as),
                            "if the quotes belong to the text, put the whole text in the other "
                            "kind of quotes")
    return BookletError(f"YAML syntax: {problem or context or 'not valid YAML'}",
                        _at(mark, shown_as), "if this line holds a text, put the text in quotes")


def _reader_error(exc: yaml.reader.ReaderError, text: str, shown_as: str) -> BookletError:
    """A character YAML does not allow (textcheck refuses them all first; this is a safety net)."""
    line, column = Lines(text).position(exc.position)
    return BookletError(f"a character that cannot be in the text: U+{exc.character:04X} "
                        "(delete it and type it again)", Location(shown_as, line, column))
