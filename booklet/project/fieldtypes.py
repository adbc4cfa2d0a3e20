"""Field types: what a field of a layout.yaml, or of a compound type, may be.

The engine knows a few (`BUILTIN_TYPES`: texts, photos, years, dates,
numbers); an installed package adds its own under the "booklet.field_types"
entry points (registry.py); and a theme or a layout declares compound types
in data, as fields of fields:

    # layouts/types.yaml (every layout uses them) or a layout.yaml (that layout only)
    types:
      quote: {text: text, by: text?}

A field is written `T`, `T?` (may be left out), `[T]` (a list of one or more),
`[T]?` (a list, maybe empty), `{T}` (named values, one or more) or `{T}?`
(named values, maybe none: a fact's `numbers: {reports: 700}`).  `FieldTypes`
is the table one layout sees; `model_fields()` turns written fields into
pydantic field definitions, each problem at its line of the YAML file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint
from typing import Annotated, Any

from pydantic import BaseModel, Field, create_model

from booklet.core.errors import BookletError, did_you_mean
from booklet.core.values import Count, Year, whole
from booklet.project.registry import load_entry, registered
from booklet.project.schema import Key, Photo, Strict, Term, YearRange, unwrap
from booklet.project.yamlfile import KeyPath, YamlFile

BUILTIN_TYPES: dict[str, Any] = {
    "text": Key, "photo": Photo, "year": Year, "date": dt.date, "count": Count,
    "whole": Annotated[int, whole(1, 1000)], "years": YearRange, "term": Term,
}
"""The engine's field types; installed packages and types: declarations add to them."""

DICT_NAMES = frozenset(n for n in dir(dict) if not n.startswith("_"))
"""Names no field may have: templates see pages and compound values as dicts, and x.items is dict.items."""

_FIELD = re.compile(r"^([\[{])?([a-z_]+)([\]}])?(\?)?$")
_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SHAPES = {(None, None): "one", ("[", "]"): "list", ("{", "}"): "named"}

WRITING = "write [type] for a list, {type} for named values, type? if it may be left out"


@dataclass(frozen=True)
class Written:
    """A field's type as written: its base type's name, its shape, whether it may be left out."""

    base: str
    shape: str
    """'one', 'list' or 'named' (a mapping of names to values)."""
    optional: bool


def parse_field(kind: str) -> Written | None:
    """'[text_block]?' → Written('text_block', 'list', True); None if it is not a field type's form."""
    match = _FIELD.match(kind.replace(" ", ""))
    shape = _SHAPES.get((match.group(1), match.group(3))) if match else None
    if not match or shape is None:
        return None
    return Written(match.group(2), shape, bool(match.group(4)))


@dataclass(frozen=True)
class FieldTypes:
    """The field types one layout may use, by name."""

    known: dict[str, Any]
    installed: dict[str, EntryPoint] = field(default_factory=dict)
    """Types of installed packages, imported only when a layout uses one."""

    @classmethod
    def engine(cls) -> FieldTypes:
        """The engine's types and the installed packages' (the engine's win a clash of names)."""
        return cls(dict(BUILTIN_TYPES),
                   {n: e for n, e in registered("field type").items() if n not in BUILTIN_TYPES})

    def names(self) -> list[str]:
        return [*self.known, *self.installed]

    def __contains__(self, name: str) -> bool:
        return name in self.known or name in self.installed

    def get(self, name: str, doc: YamlFile, at: KeyPath) -> Any:
        if name in self.known:
            return self.known[name]
        return load_entry("field type", self.installed[name], doc.where(at))

    def adding(self, types: Mapping[str, Any]) -> FieldTypes:
        return FieldTypes({**self.known, **types}, self.installed)


def model_fields(written: Mapping[str, str], types: FieldTypes, doc: YamlFile, at: KeyPath,
                 owner: str, reserved: frozenset[str], errors: list[BookletError]) -> dict[str, Any]:
    """Fields as written in doc at `at` (name: type), as pydantic field definitions.

    owner is how templates name what has these fields ('page'), for the message
    about a reserved name.
    """
    fields: dict[str, Any] = {}
    for name, kind in written.items():
        where = doc.where((*at, name))
        if name in reserved:
            errors.append(BookletError(
                f"field {name}: the name is taken (templates read {owner}.{name} for something else)",
                where, "give the field another name"))
            continue
        parsed = parse_field(kind)
        if parsed is None or parsed.base not in types:
            meant = did_you_mean(parsed.base, types.names()) if parsed else ""
            errors.append(BookletError(f"field {name}: '{kind}' is not a field type{meant}", where,
                                       "one of " + ", ".join(types.names()) + "; " + WRITING))
            continue
        try:
            fields[name] = _definition(types.get(parsed.base, doc, (*at, name)), parsed)
        except BookletError as exc:
            errors.append(exc)
    return fields


def _definition(base: Any, written: Written) -> tuple[Any, Any]:
    if written.shape == "one":
        return (base | None, None) if written.optional else (base, ...)
    many: Any = list[base] if written.shape == "list" else dict[str, base]
    empty: Any = [] if written.shape == "list" else {}
    return (many, empty) if written.optional else (Annotated[many, Field(min_length=1)], ...)


def compound_types(declared: Mapping[str, Mapping[str, str]], types: FieldTypes, doc: YamlFile, at: KeyPath,
                   errors: list[BookletError]) -> dict[str, Any]:
    """The `types:` declared in doc at `at`, each a model of its fields, in the order written.

    A type may use the types before it, so none can contain itself.
    """
    made: dict[str, Any] = {}
    for name, written in declared.items():
        where = doc.where((*at, name))
        if not _TYPE_NAME.match(name):
            errors.append(BookletError(f"type {name}: a type's name is lower-case letters, digits and _",
                                       where, "such as text_block"))
            continue
        if name in types or name in made:
            errors.append(BookletError(f"type {name}: there is a field type of that name already",
                                       where, "give the type another name"))
            continue
        if not written:
            errors.append(BookletError(f"type {name}: expected its fields (name: type)", where,
                                       "such as {title: text, body: text?}"))
            continue
        problems: list[BookletError] = []
        fields = model_fields(written, types.adding(made), doc, (*at, name), name, DICT_NAMES, problems)
        errors.extend(problems)
        make: Any = create_model  # its fields are made at run time, beyond what a type checker follows
        # A type with a problem is told once: the fields of its type are not told as unknown too.
        made[name] = Any if problems else make(_model_name(name), __base__=Strict, **fields)
    return made


def _model_name(name: str) -> str:
    return "".join(part.title() for part in re.split(r"[-_]", name))


def photo_paths(model: type[BaseModel]) -> list[str]:
    """The photo fields of a page model, as a layout.yaml's `photos:` names them: a field of the
    page ('photo') or of a compound field ('quote.portrait'); a list of photos has none."""
    paths = []
    for name, info in model.model_fields.items():
        kind = unwrap(info.annotation)
        if kind is Photo:
            paths.append(name)
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            paths += [f"{name}.{inner}" for inner, part in kind.model_fields.items()
                      if unwrap(part.annotation) is Photo]
    return paths


def photo_problems(model: type[BaseModel], photos: Mapping[str, str], doc: YamlFile) -> list[BookletError]:
    """A photo field with no frame under `photos:`, and a name there that is no photo field."""
    paths = photo_paths(model)
    return [*(BookletError(f"photo field {path} has no frame", doc.where(("fields", path.split(".")[0])),
                           f"name its frame under photos: ({path}: one of frames:)")
              for path in paths if path not in photos),
            *(BookletError(f"photos: {name} is no photo field of the layout{did_you_mean(name, paths)}",
                           doc.where(("photos", name)), "name a field of type photo")
              for name in photos if name not in paths)]
