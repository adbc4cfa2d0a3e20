"""Strict YAML: read one file into plain data plus the location of every value.

Takes a path; returns a `YamlFile` whose `data` holds dicts, lists and
scalars, and whose `where()` maps a key path such as ("milestones", 2,
"title") to file:line:col.  Stricter than plain YAML in the ways that bite
booklet users: duplicate keys are errors, and only true/false are booleans
(`no`, `yes`, `on`, `off` stay text, as YAML 1.2 has it — think of the
Norwegian country code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from booklet.errors import BookletError, Location, raise_all

KeyPath = tuple[str | int, ...]


class StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans."""


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


class _Builder:
    """Turns a composed node tree into data, noting marks and duplicate keys."""

    def __init__(self, loader: StrictLoader, doc: YamlFile) -> None:
        self.loader = loader
        self.doc = doc
        self.errors: list[BookletError] = []

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.doc.marks[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node)
        except ValueError as exc:  # e.g. 2000-13-45 looks like a date but is none
            self.errors.append(BookletError(f"'{node.value}' is not a valid date or number ({exc})",
                                            Location(self.doc.path, *_mark(node))))
            return node.value

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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BookletError("file not found", Location(shown_as)) from None
    except UnicodeDecodeError as exc:
        raise BookletError(f"not UTF-8 text (byte {exc.start})", Location(shown_as)) from None
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> YamlFile:
    """Parse YAML text strictly (see the module docstring)."""
    doc = YamlFile(shown_as, None)
    try:
        loader = StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, shown_as) from None
    try:
        node = loader.get_single_node()
        if node is None:
            doc.data = {}
            return doc
        builder = _Builder(loader, doc)
        doc.data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
        problem = exc.problem or exc.context or "not valid YAML"
        raise BookletError(f"YAML syntax: {problem}", where) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, shown_as) from None
    finally:
        loader.dispose()
    raise_all(builder.errors)
    return doc


def _reader_error(exc: yaml.reader.ReaderError, text: str, shown_as: str) -> BookletError:
    """A character YAML does not allow, such as a control character pasted from a word processor."""
    before = text[:exc.position]
    line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    return BookletError(f"a character that cannot be in the text: U+{exc.character:04X} "
                        "(delete it and type it again)", Location(shown_as, line, column))
