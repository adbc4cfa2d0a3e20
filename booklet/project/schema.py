"""The shapes of booklet.yaml and of every page file, as pydantic models.

`validate()` takes a `YamlFile` and a model; it returns the model or raises
every problem at once, each at the file:line:col where it was written, with
a did-you-mean for misspelt field names.  A page file's model is made from its
layout's layout.yaml (layouts.py) out of `Page`, the field types defined here
(fieldtypes.py names them) and compound types declared in data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError, core_schema

from booklet.core import geometry
from booklet.core.errors import BookletError, closest, did_you_mean, raise_all
from booklet.core.values import FontFamily, FontWeight, Line, Percent, Slug, Year, in_order, whole
from booklet.project.yamlfile import YamlFile

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$")


class Key(str):
    """A reference to a text in the language file, such as 'foreword.heading'."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        def check(value: str) -> Key:
            if not _KEY.match(value):
                raise PydanticCustomError(
                    "text_key",
                    "'{value}' is not a text key: use lower-case words joined by dots, "
                    "such as foreword.heading",
                    {"value": value},
                )
            return cls(value)

        return core_schema.no_info_after_validator_function(check, core_schema.str_schema(strict=True))


class Strict(BaseModel):
    """Unknown fields are errors, and values are never coerced between types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- booklet.yaml ---------------------------------------------------------

TrimSide = Annotated[float, geometry.length(*geometry.TRIM_MM, "a page side")]
Bleed = Annotated[float, geometry.length(*geometry.BLEED_MM, "bleed")]
Margin = Annotated[float, geometry.length(*geometry.MARGIN_MM, "a margin")]
"""Lengths such as '3mm' or '0.5in', validated into millimetres (floats) within limits."""


class Trim(Strict):
    width: TrimSide
    height: TrimSide


class Margins(Strict):
    top: Margin
    bottom: Margin
    inner: Margin
    outer: Margin


class Font(Strict):
    family: FontFamily
    file: Line
    weight: FontWeight = 400
    style: Literal["normal", "italic"] = "normal"


class Language(Strict):
    locale: str
    """Babel/CLDR locale for numbers and dates, e.g. en_GB, sq, sr_Latn, sr_Cyrl."""
    derived_from: str | None = Field(default=None, alias="from")
    """A language whose texts this edition is made from (sr-Cyrl from sr-Latn), see derived.py."""


class Translations(Strict):
    print: Literal["draft", "reviewed"] = "draft"
    """What a translation must be to go to print: `reviewed` makes `booklet i18n status --check`
    fail while a printed text is unreviewed or was edited after review."""
    complete: bool = False
    """Every edition must be complete: print stops for a translated text left the English word
    for word (leftbehind.py), and `booklet i18n status --check` fails on one."""


Intent = Literal["perceptual", "relative", "saturation", "absolute"]


class ColourProfile(Strict):
    file: Line
    """The printer's CMYK output profile (ICC), e.g. assets/profiles/FOGRA39L-booklet.icc."""
    intent: Intent = "perceptual"
    """How photos are fitted into the printable colours."""


Ppi = Annotated[int, whole(36, 2400, "a resolution in ppi")]


class VariantSpec(Strict):
    """A variant as booklet.yaml adjusts or adds it; unset fields come from the variant it is based on."""

    based_on: str | None = None
    purpose: Line | None = None
    pdf_standard: Literal["pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/ua-1"] | None = None
    colour: Literal["cmyk", "rgb"] | None = None
    photo_ppi: Ppi | None = None
    min_ppi: Ppi | None = None
    warn_ppi: Ppi | None = None
    bleed: bool | None = None
    marks: bool | None = None
    tagged: bool | None = None
    ink_limit: Annotated[int, whole(200, 400, "a total ink in %")] | None = None
    stylesheets: list[Line] | None = None


class BookletSpec(Strict):
    title: Line
    slug: Slug
    trim: Trim
    bleed: Bleed
    margins: Margins
    languages: dict[str, Language] = Field(min_length=1)
    default_language: str
    fonts: list[Font] = Field(min_length=1)
    colour_profile: ColourProfile | None = None
    variants: dict[Slug, VariantSpec] = {}
    stylesheets: list[Line] = ["styles/tokens.css", "styles/base.css", "styles/pages.css"]
    """Stylesheets every page uses, before the layouts' own (the project's file, else the theme's)."""
    theme: Slug = "anniversary"
    """The shipped design the project uses (booklet/themes/<theme>/); its own files override it."""
    translations: Translations = Translations()
    max_type_styles: Annotated[int, whole(1, 100, "a number of font/size pairs")] | None = None
    """At most this many font/size pairs in an edition's laid-out pages; more is a warning
    (layout/typestyles.py).  None: not counted."""

    @model_validator(mode="after")
    def _room_for_text(self) -> BookletSpec:
        m = self.margins
        problem = geometry.type_area_problem(self.trim.width, self.trim.height,
                                             m.top, m.bottom, m.inner, m.outer)
        if problem:
            raise PydanticCustomError("type_area", "{problem}", {"at": "margins", "problem": problem})
        return self


# --- page files -----------------------------------------------------------

PhotoKind = Literal["landscape", "portrait", "group", "document", "poster", "detail"]
"""What a photo shows, for the frames that respect it (layout.yaml `kinds:`)."""


class Photo(Strict):
    file: str
    """Path under assets/images/."""
    alt: Key
    credit: Key | None = None
    standin: bool = False
    """True while the file is a generated placeholder waiting for the real photo."""
    focus: list[Percent] = Field(default=[50, 50], min_length=2, max_length=2)
    """Focal point in percent (x, y): the part of the photo kept when it is cropped."""
    kind: PhotoKind | None = None
    """What the photo shows: the copyfit offers it only frames whose `kinds:` take it (a document
    or poster keeps its proportions, a group is not cut to a thin band).  None: any frame."""


class Term(Strict):
    start: Year
    end: Year | None = None
    """None while the term is running."""

    @model_validator(mode="after")
    def _ends_after_start(self) -> Term:
        in_order("end", self.start, self.end, "the term")
        return self


class YearRange(Strict):
    start: Year
    end: Year

    @model_validator(mode="after")
    def _ends_after_start(self) -> YearRange:
        in_order("end", self.start, self.end, "the range of years")
        return self


class Page(Strict):
    layout: str
    running_head: Key | None = None


# --- validation -----------------------------------------------------------

def validate(doc: YamlFile, model: type[BaseModel]) -> Any:
    """Validate doc.data as model, raising every problem with its location."""
    if not isinstance(doc.data, dict):
        raise BookletError("expected a mapping of fields (name: value)", doc.where())
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errs = exc.errors()
        # A misspelt field is also a missing one: say it once, as the misspelling.
        suggested = {(*e["loc"][:-1], closest(str(e["loc"][-1]), _fields_at(model, tuple(e["loc"][:-1]))))
                     for e in errs if e["type"] == "extra_forbidden"}
        raise_all([_to_error(doc, model, e) for e in errs
                   if not (e["type"] == "missing" and tuple(e["loc"]) in suggested)])
    raise AssertionError("unreachable")



def _to_error(doc: YamlFile, model: type[BaseModel], err: Any) -> BookletError:
    # A model's own check (a term that ends before it starts) names the field it is about.
    at = err.get("ctx", {}).get("at")
    loc = (*err["loc"], at) if at else tuple(err["loc"])
    kind = err["type"]
    name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        return BookletError(f"unknown field '{name}'{did_you_mean(name, fields)}", doc.where(loc))
    if kind == "missing":
        return BookletError(f"missing field '{name}'", doc.where(loc[:-1]))
    label = ".".join(str(p) for p in loc if not isinstance(p, int)) or "value"
    return BookletError(f"{label}: {_plain(err)}", doc.where(loc))


def _plain(err: Any) -> str:
    """Pydantic's message in words for people who do not write Python."""
    kind, value = err["type"], err.get("input")
    if value is None and kind.endswith("_type"):
        return "expected a value, got nothing"
    if kind in {"string_type", "int_type", "bool_type", "date_type", "list_type", "dict_type",
                "model_type", "float_type"}:
        wanted = {"string": "text", "int": "a whole number", "bool": "true or false",
                  "date": "a date such as 1999-07-01", "list": "a list", "dict": "a mapping",
                  "model": "a mapping of fields", "float": "a number"}[kind.split("_")[0]]
        return f"expected {wanted}, got {value!r}"
    if kind == "literal_error":
        return str(err["msg"]).replace("Input should be", "expected")
    if kind in {"too_short", "too_long"}:
        ctx = err.get("ctx", {})
        bound = ctx.get("min_length" if kind == "too_short" else "max_length")
        return (f"expected {'at least' if kind == 'too_short' else 'at most'} {bound} "
                f"entr{'y' if bound == 1 else 'ies'}, got {ctx.get('actual_length')}")
    return str(err["msg"]).replace("Input should", "should").replace("String should", "should")


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model found at loc inside model, for did-you-mean."""
    current: Any = model
    for step in loc:
        current = unwrap(current)
        if isinstance(step, int) or get_origin(current) is dict:
            args = get_args(current)
            current = args[-1] if args else Any
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(step))
            current = field.annotation if field else Any
        else:
            return []
    current = unwrap(current)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def unwrap(annotation: Any) -> Any:
    """Optional[X] → X, Annotated[X, ...] → X."""
    while True:
        args = get_args(annotation)
        if get_origin(annotation) is Annotated:
            annotation = args[0]
        elif get_origin(annotation) is Union or type(annotation).__name__ == "UnionType":
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def keys_in(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Key]]:
    """Every text key in a validated page, with its key path in the page file."""
    if isinstance(value, Key):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from keys_in(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from keys_in(item, (*path, i))
