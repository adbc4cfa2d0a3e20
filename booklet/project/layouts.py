"""The layout registry: every layout is one folder of layouts/, described by its layout.yaml.

A layout folder holds everything that makes the layout: its template, its
stylesheets, and `layout.yaml` saying which fields a page file of this layout
has, the photo frames it places, the texts it uses by itself (labels, with
their meaning for translators), its arrangements (the alternatives copyfit.py
chooses between) and the view — Python logic registered in views.py — its
template calls.  `load_layouts()` finds the folders of a project; a project
adds a layout by adding a folder, and nothing in the package changes.

Layouts are designer files: they name a view, they never bring Python of
their own (templates run in a sandbox for the same reason).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, create_model

from booklet.core.errors import BookletError, Location, did_you_mean, raise_all
from booklet.core.values import Count, Line, Slug, Year, whole
from booklet.project.paths import project_file
from booklet.project.schema import (
    Fact,
    HeadOfMission,
    Key,
    Milestone,
    Page,
    Photo,
    PhotoKind,
    Signature,
    Strict,
    Term,
    TextBlock,
    YearRange,
    validate,
)
from booklet.project.viewmodel import PAGE_NAMES
from booklet.project.views import VIEWS
from booklet.project.yamlfile import YamlFile, read_yaml

LAYOUT_FILE = "layout.yaml"

FIELD_TYPES: dict[str, Any] = {
    "text": Key, "photo": Photo, "year": Year, "date": dt.date, "count": Count,
    "whole": Annotated[int, whole(1, 1000)], "years": YearRange, "term": Term,
    "milestone": Milestone, "head_of_mission": HeadOfMission, "fact": Fact,
    "text_block": TextBlock, "signature": Signature,
}
"""What a field of layout.yaml may be: `T`, `T?` (may be left out), `[T]` (a list of one or
more) or `[T]?` (a list, maybe empty)."""

RESERVED_FIELDS = frozenset((*PAGE_NAMES, *(n for n in dir(dict) if not n.startswith("_"))))
"""Names a field cannot have: a page is a dict in the templates, and page.items is dict.items."""

_FIELD = re.compile(r"^(\[)?([a-z_]+)(\])?(\?)?$")


class FrameSpec(Strict):
    width: Annotated[float, Field(gt=0, le=2)]
    """In trimmed page widths: 2 is a whole spread."""
    height: Annotated[float, Field(gt=0, le=1)]
    """In trimmed page heights."""
    bleeds: bool = True
    kinds: list[PhotoKind] | None = None
    """The kinds of photo (Photo.kind) the frame suits; None: any."""


class ArrangementSpec(Strict):
    pages: Annotated[int, Field(ge=1, le=4)]
    """How many pages it makes; its template says the side each must fall on (a spread: left, right)."""
    needs: list[str] = []
    """Fields the page must have for this arrangement to be tried (e.g. photo)."""
    refuses: list[str] = []
    """Fields the page must not have."""
    frames: dict[str, Slug] = {}
    """Photo field → frame, where it differs from `photos:`."""


class LayoutSpec(Strict):
    about: Line
    template: Line | None = None
    stylesheets: list[Line] | None = None
    view: str | None = None
    fields: dict[str, str] = {}
    frames: dict[Slug, FrameSpec] = {}
    photos: dict[str, Slug] = {}
    texts: dict[str, Line] = {}
    arrangements: dict[Slug, ArrangementSpec] = {}


@dataclass(frozen=True)
class Frame:
    """The box a layout places a photo in, as a share of the trimmed page or spread."""

    name: str
    width: float
    """In trimmed page widths (2 = a whole spread)."""
    height: float
    """In trimmed page heights."""
    bleeds: bool = True
    """Whether the frame runs into the bleed at the page edges."""
    kinds: tuple[str, ...] | None = None
    """The kinds of photo it suits (None: any): a document's frame keeps its proportions."""

    def size_mm(self, booklet: Any) -> tuple[float, float]:
        """Width and height in mm for a `Booklet`, bleed included where the frame bleeds."""
        spec = booklet.spec
        extra = 2 * spec.bleed if self.bleeds else 0.0
        return spec.trim.width * self.width + extra, spec.trim.height * self.height + extra


@dataclass(frozen=True)
class Arrangement:
    name: str
    pages: int
    needs: tuple[str, ...] = ()
    refuses: tuple[str, ...] = ()
    frames: dict[str, str] = field(default_factory=dict)

    def suits(self, page: Page) -> bool:
        return self.unsuited(page) is None

    def unsuited(self, page: Page) -> str | None:
        """Why the page cannot take this arrangement (a field it would leave out, or one it needs)."""
        dropped = [f for f in self.refuses if getattr(page, f, None)]
        if dropped:
            return f"it does not print the page's {', '.join(dropped)}, which would be left out"
        missing = [f for f in self.needs if not getattr(page, f, None)]
        if missing:
            return f"it needs {', '.join(missing)}, which the page does not have"
        return None


@dataclass(frozen=True)
class Layout:
    """One layout folder, read and checked."""

    name: str
    about: str
    template: str
    """Its template's name as the loader knows it: '<folder>/<file>'."""
    stylesheets: tuple[Path, ...]
    model: type[Page]
    frames: dict[str, Frame]
    photos: dict[str, str]
    texts: dict[str, str]
    arrangements: dict[str, Arrangement]
    view: str | None
    where: Location

    def frame(self, photo_field: str, arrangement: str | None = None) -> Frame:
        """The frame a photo field is placed in, in the arrangement (if the layout has them)."""
        chosen = self.arrangements.get(arrangement or "")
        name = (chosen.frames.get(photo_field) if chosen else None) or self.photos[photo_field]
        return self.frames[name]

    def candidate_frames(self, photo_field: str, page: Page) -> list[Frame]:
        """Every frame the photo may end up in, over the arrangements the page may take."""
        if not self.arrangements:
            return [self.frame(photo_field)]
        return [self.frame(photo_field, a.name) for a in self.candidates(page)]

    def candidates(self, page: Page) -> list[Arrangement]:
        """The arrangements to try for a page: its pinned one, or all that suit it."""
        pinned = getattr(page, "arrangement", None)
        if pinned:
            return [self.arrangements[pinned]]
        return [a for a in self.arrangements.values() if a.suits(page) and not self.miscast(a, page)]

    def miscast(self, arrangement: Arrangement, page: Page) -> list[str]:
        """The page's photo fields whose kind the arrangement's frame for them does not suit."""
        wrong = []
        for photo_field in self.photos:
            photo = getattr(page, photo_field, None) if "." not in photo_field else None
            kind = getattr(photo, "kind", None)
            kinds = self.frame(photo_field, arrangement.name).kinds
            if kind and kinds is not None and kind not in kinds:
                wrong.append(photo_field)
        return wrong


Layouts = dict[str, Layout]


def load_layouts(root: Path) -> Layouts:
    """Every layout folder of root/layouts/, in name order, reporting all problems at once."""
    folder = root / "layouts"
    layouts: Layouts = {}
    errors: list[BookletError] = []
    specs = sorted(p.parent for p in folder.glob(f"*/{LAYOUT_FILE}")) if folder.is_dir() else []
    for path in specs:
        try:
            layouts[path.name] = _load(root, path)
        except BookletError as exc:
            errors.extend(exc.problems())
    errors += _frame_clashes(layouts)
    raise_all(errors)
    return layouts


def _load(root: Path, folder: Path) -> Layout:
    shown = f"layouts/{folder.name}/{LAYOUT_FILE}"
    doc = read_yaml(project_file(folder / LAYOUT_FILE, root / "layouts", shown, within="layouts/"), shown)
    spec: LayoutSpec = validate(doc, LayoutSpec)
    errors: list[BookletError] = []
    template = spec.template or f"{folder.name}.html.j2"
    # A file layout.yaml names is told at that line; one it does not name, at the file itself.
    errors += _named_file(folder / template, root / "layouts",
                          (f"template {template}", doc.where(("template",))) if spec.template
                          else (f"layouts/{folder.name}/{template}", None),
                          BookletError(f"no template {template} in layouts/{folder.name}/",
                                       doc.where(("template",) if spec.template else ())),
                          within="layouts/", hint="copy the template into layouts/")
    sheets = ([folder / s for s in spec.stylesheets] if spec.stylesheets is not None
              else sorted(folder.glob("*.css")))
    for i, sheet in enumerate(sheets):
        at = doc.where(("stylesheets", i))
        errors += _named_file(sheet, root,
                              (f"stylesheet {spec.stylesheets[i]}", at) if spec.stylesheets is not None
                              else (f"layouts/{folder.name}/{sheet.name}", None),
                              BookletError(f"no stylesheet {sheet.name} in layouts/{folder.name}/", at),
                              hint="copy the stylesheet into the layout's folder")
    if spec.view is not None and spec.view not in VIEWS:
        errors.append(BookletError(f"no view '{spec.view}'{did_you_mean(spec.view, VIEWS)}",
                                   doc.where(("view",)), "one of: " + ", ".join(VIEWS)))
    fields = _fields(spec, doc, errors)
    for written, photo, frame in [*((("photos", p), p, f) for p, f in spec.photos.items()),
                                  *((("arrangements", a, "frames", p), p, f)
                                    for a, arrangement in spec.arrangements.items()
                                    for p, f in arrangement.frames.items())]:
        if frame not in spec.frames:
            errors.append(BookletError(f"no frame '{frame}' for {photo}{did_you_mean(frame, spec.frames)}",
                                       doc.where(written), "define it under frames:"))
    raise_all(errors)
    name = folder.name
    if spec.arrangements:
        fields["arrangement"] = (Literal[tuple(spec.arrangements)] | None, None)
    make: Any = create_model  # its fields are made at run time, beyond what a type checker follows
    model: type[Page] = make(_model_name(name), __base__=Page, layout=(Literal[name], ...), **fields)
    return Layout(
        name, spec.about, f"{name}/{template}", tuple(sheets), model,
        {n: Frame(n, f.width, f.height, f.bleeds, None if f.kinds is None else tuple(f.kinds))
         for n, f in spec.frames.items()},
        dict(spec.photos), dict(spec.texts),
        {n: Arrangement(n, a.pages, tuple(a.needs), tuple(a.refuses), dict(a.frames))
         for n, a in spec.arrangements.items()},
        spec.view, doc.where(()))


def _named_file(path: Path, folder: Path, shown: tuple[str, Location | None], missing: BookletError,
                within: str = "the project", hint: str = "") -> list[BookletError]:
    """What is wrong with a file of a layout: outside folder, not a file, or not there.

    shown is how to name it and where: the line of layout.yaml naming it, or None for the file.
    """
    try:
        found = project_file(path, folder, *shown, within=within, hint=hint)
    except BookletError as exc:
        return [exc]
    return [] if found.is_file() else [missing]


def _fields(spec: LayoutSpec, doc: YamlFile, errors: list[BookletError]) -> dict[str, Any]:
    """layout.yaml's `fields:` as pydantic field definitions."""
    fields: dict[str, Any] = {}
    for name, kind in spec.fields.items():
        if name in RESERVED_FIELDS:
            errors.append(BookletError(
                f"field {name}: the name is taken (templates read page.{name} for something else)",
                doc.where(("fields", name)), "give the field another name"))
            continue
        match = _FIELD.match(kind.replace(" ", ""))
        if not match or match.group(2) not in FIELD_TYPES or bool(match.group(1)) != bool(match.group(3)):
            errors.append(BookletError(
                f"field {name}: '{kind}' is not a field type", doc.where(("fields", name)),
                "one of " + ", ".join(FIELD_TYPES)
                + "; write [type] for a list, type? if it may be left out"))
            continue
        listed, base, optional = bool(match.group(1)), FIELD_TYPES[match.group(2)], bool(match.group(4))
        if listed:
            many: Any = list[base]  # type: ignore[valid-type]
            fields[name] = (many, []) if optional else (Annotated[many, Field(min_length=1)], ...)
        else:
            fields[name] = (base | None, None) if optional else (base, ...)
    return fields


def _model_name(layout: str) -> str:
    return "".join(part.title() for part in re.split(r"[-_]", layout)) + "Page"


def _frame_clashes(layouts: Layouts) -> list[BookletError]:
    """Frames are named in the styles (--frame-NAME-width): one name, one size."""
    seen: dict[str, tuple[Frame, str]] = {}
    errors = []
    for layout in layouts.values():
        for frame in layout.frames.values():
            first = seen.setdefault(frame.name, (frame, layout.name))
            if replace(first[0], kinds=None) != replace(frame, kinds=None):  # kinds are each layout's
                errors.append(BookletError(
                    f"frame '{frame.name}' is also defined by layouts/{first[1]}, with another size",
                    layout.where, "give it another name, or the same size"))
    return errors


def all_frames(layouts: Layouts) -> list[Frame]:
    """Every frame once, by name."""
    return list({f.name: f for layout in layouts.values() for f in layout.frames.values()}.values())


def validate_page(doc: YamlFile, layouts: Layouts) -> Page:
    """Validate a page file, choosing its model by the `layout:` it names."""
    if not isinstance(doc.data, dict):
        raise BookletError("expected a mapping of fields (name: value)", doc.where())
    name = doc.data.get("layout")
    hint = "one of: " + ", ".join(layouts) if layouts else "add a layout folder to layouts/"
    if name is None:
        raise BookletError("missing field 'layout'", doc.where(), hint=hint)
    if not isinstance(name, str) or name not in layouts:
        raise BookletError(f"unknown layout '{name}'{did_you_mean(str(name), layouts)}",
                           doc.where(("layout",)), hint=hint)
    page: Page = validate(doc, layouts[name].model)
    pinned = getattr(page, "arrangement", None)
    why = layouts[name].arrangements[pinned].unsuited(page) if pinned else None
    if why:
        fits = [a.name for a in layouts[name].arrangements.values() if a.suits(page)]
        raise BookletError(f"arrangement '{pinned}' cannot take this page: {why}",
                           doc.where(("arrangement",)), "leave out arrangement: for the copyfit to choose"
                           + (f", or pin one of {', '.join(fits)}" if fits else ""))
    return page


def stylesheets(root: Path, shared: list[str], layouts: Layouts, used: set[str],
                extra: tuple[str, ...] = ()) -> list[Path]:
    """The stylesheets of a document: the shared ones, then each used layout's, then a variant's."""
    return [*(root / s for s in shared),
            *(sheet for layout in layouts.values() if layout.name in used for sheet in layout.stylesheets),
            *(root / "styles" / s for s in extra)]


DOCUMENT_FILE = "layouts/document.yaml"
"""The texts of the document frame (layouts/booklet.html.j2 and layouts/partials/)."""


class DocumentSpec(Strict):
    about: Line
    texts: dict[str, Line] = {}


def document_texts(root: Path) -> tuple[dict[str, str], Location]:
    """The texts the document frame uses whatever the pages, and where they are declared."""
    path = root / DOCUMENT_FILE
    if not path.is_file():
        return {}, Location(DOCUMENT_FILE)
    doc = read_yaml(project_file(path, root / "layouts", DOCUMENT_FILE, within="layouts/"), DOCUMENT_FILE)
    spec: DocumentSpec = validate(doc, DocumentSpec)
    return dict(spec.texts), doc.where(("texts",))
