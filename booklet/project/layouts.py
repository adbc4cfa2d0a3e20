"""The layout registry: every layout is one folder of layouts/, described by its layout.yaml.

A layout folder holds everything that makes the layout: its template, its
stylesheets, and `layout.yaml` saying which fields a page file of this layout
has (fieldtypes.py: the compound types among them declared in data, in the
layout's `types:` or in layouts/types.yaml for every layout), which of them is
unique among the layout's page files, the photo frames it places, the texts it
uses by itself (labels, with their meaning for translators), its arrangements
(the alternatives copyfit.py chooses between; arrangements.py) and the view — Python logic an
installed theme registers by name (registry.py) — its template calls.
`load_layouts()` finds the folders of the project's theme and of the project;
a project adds a layout by adding a folder, and replaces one of its theme's by
adding a folder of the same name (the whole folder: its layout.yaml, template
and stylesheets), and nothing in the package changes.

Layouts are designer files: they name a view, they never bring Python of
their own (templates run in a sandbox for the same reason).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, create_model

from booklet.core.errors import BookletError, Location, did_you_mean, raise_all, relative
from booklet.core.values import Line, Slug
from booklet.project.arrangements import (
    Arrangement,
    ArrangementSpec,
    Frame,
    FrameSpec,
    frame_clashes,
    joining_problems,
)
from booklet.project.fieldtypes import (
    DICT_NAMES,
    FieldTypes,
    compound_types,
    model_fields,
    parse_field,
    photo_problems,
)
from booklet.project.paths import project_file
from booklet.project.registry import load_entry, registered
from booklet.project.schema import Page, Strict, validate
from booklet.project.theme import Theme, locate
from booklet.project.viewmodel import PAGE_NAMES
from booklet.project.views import View
from booklet.project.yamlfile import YamlFile, read_yaml

LAYOUT_FILE = "layout.yaml"

RESERVED_FIELDS = frozenset((*PAGE_NAMES, *DICT_NAMES))
"""Names a field cannot have: a page is a dict in the templates, and page.items is dict.items."""


class LayoutSpec(Strict):
    about: Line
    template: Line | None = None
    stylesheets: list[Line] | None = None
    view: str | None = None
    types: dict[str, dict[str, str]] = {}
    """Compound field types of this layout's own (fieldtypes.py)."""
    fields: dict[str, str] = {}
    unique: str | list[str] = []
    """Fields no two page files of this layout may share a value of (`unique: year`: one file a year)."""
    navigator: str | None = None
    """The field the preview's navigator lists this layout's pages by, as a jump list."""
    frames: dict[Slug, FrameSpec] = {}
    photos: dict[str, Slug] = {}
    texts: dict[str, Line] = {}
    arrangements: dict[Slug, ArrangementSpec] = {}
    gathers: dict[str, Slug] = {}
    """Photo fields of other layouts' page files that this layout's view shows too (a gallery of
    portraits that each year's page shows: person.photo) → the frame it shows them in."""


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
    unique: tuple[str, ...] = ()
    """Fields whose value no two page files of this layout share."""
    navigator: str | None = None
    """The field the preview's jump list names this layout's pages by."""
    view_function: View | None = None
    """The view's function, as its package registers it (registry.py)."""
    gathers: dict[str, str] = field(default_factory=dict)
    """Photo fields (dotted) of other page files its view shows, and the frame each is shown in."""

    def frame(self, photo_field: str, arrangement: str | None = None) -> Frame:
        """The frame a photo field is placed in, in the arrangement (if the layout has them)."""
        chosen = self.arrangements.get(arrangement or "")
        name = (chosen.frames.get(photo_field) if chosen else None) or self.photos[photo_field]
        return self.frames[name]

    def candidate_frames(self, photo_field: str, page: Page) -> list[Frame]:
        """Every frame the photo may end up in, over the arrangements the page may take."""
        if not self.arrangements:
            return [self.frame(photo_field)]
        # A page that only joins another takes the layout's own frames (arrangements.py).
        return [self.frame(photo_field, a.name) for a in self.candidates(page)] or [self.frame(photo_field)]

    def candidates(self, page: Page) -> list[Arrangement]:
        """The arrangements to try for a page: its pinned one, or all that suit it."""
        pinned = getattr(page, "arrangement", None)
        if pinned:
            return [] if self.arrangements[pinned].joins else [self.arrangements[pinned]]
        return [a for a in self.arrangements.values()
                if not a.joins and a.suits(page) and not self.miscast(a, page)]

    def joinings(self, page: Page, following: Page) -> list[Arrangement]:
        """The joining arrangements (joins: next) to try for page with the page file following
        it: its pinned one, or every one that suits both (unjoinable, and their photos' kinds)."""
        pinned = getattr(page, "arrangement", None)
        offered = [self.arrangements[pinned]] if pinned else list(self.arrangements.values())
        return [a for a in offered if a.joins and a.unjoinable(page, following) is None
                and not self.miscast(a, page) and not self.miscast(a, following)]

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


def joins_of(layouts: Layouts, pages: Sequence[tuple[str, Page]]) -> dict[str, tuple[str, list[Arrangement]]]:
    """Per page file (path, page, in the booklet's order) that may join the next: the next's path
    and the joining arrangements the two may take."""
    found = {}
    for (path, page), (following_path, following) in zip(pages, pages[1:], strict=False):
        offered = layouts[page.layout].joinings(page, following)
        if offered:
            found[path] = (following_path, offered)
    return found


def load_layouts(root: Path, theme: Theme | None = None) -> Layouts:
    """Every layout folder of the theme's and the project's layouts/, in name order, reporting all
    problems at once; a project's folder replaces its theme's folder of the same name."""
    found: dict[str, tuple[Path, Path]] = {}  # name → (the root it is in, its folder)
    for base in ([theme.root] if theme else []) + [root]:
        folder = base / "layouts"
        if folder.is_dir():
            found.update((p.parent.name, (base, p.parent)) for p in folder.glob(f"*/{LAYOUT_FILE}"))
    layouts: Layouts = {}
    errors: list[BookletError] = []
    types = shared_types(root, theme)  # its problems alone: every layout would be told of them again
    for name in sorted(found):
        base, path = found[name]
        try:
            layouts[name] = _load(base, path, root, types)
        except BookletError as exc:
            errors.extend(exc.problems())
    errors += frame_clashes(layouts.values())
    raise_all(errors)
    return layouts


def _load(root: Path, folder: Path, project: Path, types: FieldTypes) -> Layout:
    """The layout folder, held to root (the project's or its theme's folder); messages name its
    files as the project sees them (relative to project, or by their theme path)."""
    shown = _shown(folder / LAYOUT_FILE, project)
    doc = read_yaml(project_file(folder / LAYOUT_FILE, root / "layouts", shown, within="layouts/"), shown)
    spec: LayoutSpec = validate(doc, LayoutSpec)
    errors: list[BookletError] = []
    template = spec.template or f"{folder.name}.html.j2"
    # A file layout.yaml names is told at that line; one it does not name, at the file itself.
    errors += _named_file(folder / template, root / "layouts",
                          (f"template {template}", doc.where(("template",))) if spec.template
                          else (_shown(folder / template, project), None),
                          BookletError(f"no template {template} in layouts/{folder.name}/",
                                       doc.where(("template",) if spec.template else ())),
                          within="layouts/", hint="copy the template into layouts/")
    sheets = ([folder / s for s in spec.stylesheets] if spec.stylesheets is not None
              else sorted(folder.glob("*.css")))
    for i, sheet in enumerate(sheets):
        at = doc.where(("stylesheets", i))
        errors += _named_file(sheet, root,
                              (f"stylesheet {spec.stylesheets[i]}", at) if spec.stylesheets is not None
                              else (_shown(sheet, project), None),
                              BookletError(f"no stylesheet {sheet.name} in layouts/{folder.name}/", at),
                              hint="copy the stylesheet into the layout's folder")
    view = _view(spec.view, doc, errors)
    types = types.adding(compound_types(spec.types, types, doc, ("types",), errors))
    fields = model_fields(spec.fields, types, doc, ("fields",), "page", RESERVED_FIELDS, errors)
    unique = (spec.unique,) if isinstance(spec.unique, str) else tuple(spec.unique)
    errors += _one_value_fields(spec, types, doc, unique)
    for written, photo, frame in [*((("photos", p), p, f) for p, f in spec.photos.items()),
                                  *((("arrangements", a, "frames", p), p, f)
                                    for a, arrangement in spec.arrangements.items()
                                    for p, f in arrangement.frames.items()),
                                  *((("gathers", p), p, f) for p, f in spec.gathers.items())]:
        if frame not in spec.frames:
            errors.append(BookletError(f"no frame '{frame}' for {photo}{did_you_mean(frame, spec.frames)}",
                                       doc.where(written), "define it under frames:"))
    for arrangement_name, arrangement in spec.arrangements.items():
        errors += joining_problems(arrangement_name, arrangement, spec.fields, doc,
                                   ("arrangements", arrangement_name))
    raise_all(errors)
    name = folder.name
    if spec.arrangements:
        fields["arrangement"] = (Literal[tuple(spec.arrangements)] | None, None)
    make: Any = create_model  # its fields are made at run time, beyond what a type checker follows
    model: type[Page] = make(_model_name(name), __base__=Page, layout=(Literal[name], ...), **fields)
    raise_all(photo_problems(model, spec.photos, doc))
    return Layout(
        name, spec.about, f"{name}/{template}", tuple(sheets), model,
        {n: Frame(n, f.width, f.height, f.bleeds, None if f.kinds is None else tuple(f.kinds))
         for n, f in spec.frames.items()},
        dict(spec.photos), dict(spec.texts),
        {n: Arrangement(n, a.pages, tuple(a.needs), tuple(a.refuses), dict(a.frames), a.cost,
                        a.joins is not None, tuple(a.next.needs) if a.next else (),
                        tuple(a.next.refuses) if a.next else (), tuple(a.either))
         for n, a in spec.arrangements.items()},
        spec.view, doc.where(()), unique, spec.navigator, view, dict(spec.gathers))


def _view(name: str | None, doc: YamlFile, errors: list[BookletError]) -> View | None:
    """The function of the view layout.yaml names, from the package that registers it."""
    if name is None:
        return None
    views = registered("view")
    if name not in views:
        errors.append(BookletError(f"no view '{name}'{did_you_mean(name, views)}", doc.where(("view",)),
                                   "one of: " + ", ".join(views) if views else
                                   "no installed package registers a view (booklet.views)"))
        return None
    try:
        function: View = load_entry("view", views[name], doc.where(("view",)))
    except BookletError as exc:
        errors.append(exc)
        return None
    return function


def _one_value_fields(spec: LayoutSpec, types: FieldTypes, doc: YamlFile,
                      unique: tuple[str, ...]) -> list[BookletError]:
    """unique: and navigator: must name fields of one plain value (a year, a text, a date)."""
    named = [(("unique",) if isinstance(spec.unique, str) else ("unique", i), name)
             for i, name in enumerate(unique)]
    named += [(("navigator",), spec.navigator)] if spec.navigator else []
    errors = []
    for at, name in named:
        written = parse_field(spec.fields[name]) if name in spec.fields else None
        base = types.known.get(written.base) if written else None
        if name not in spec.fields:
            errors.append(BookletError(f"{at[0]}: no field '{name}'{did_you_mean(name, spec.fields)}",
                                       doc.where(at), "name one of the layout's fields:"))
        elif written and (written.shape != "one" or (isinstance(base, type) and issubclass(base, BaseModel))):
            errors.append(BookletError(f"{at[0]}: {name} is {spec.fields[name]}, not one value",
                                       doc.where(at), "name a field of one text, year, date or number"))
    return errors


def _shown(path: Path, project: Path) -> str:
    """A layout's file as messages name it: by its place in the project (a link by its own
    name, not its target's), or by its theme path (core/themefolder.py)."""
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else relative(path, project)


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


def _model_name(layout: str) -> str:
    return "".join(part.title() for part in re.split(r"[-_]", layout)) + "Page"


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
        fits = [a.name for a in layouts[name].arrangements.values() if a.suits(page) and not a.joins]
        raise BookletError(f"arrangement '{pinned}' cannot take this page: {why}",
                           doc.where(("arrangement",)), "leave out arrangement: for the copyfit to choose"
                           + (f", or pin one of {', '.join(fits)}" if fits else ""))
    return page


def stylesheets(root: Path, theme: Theme | None, shared: list[str], layouts: Layouts, used: set[str],
                extra: tuple[str, ...] = ()) -> list[Path]:
    """The stylesheets of a document: the shared ones, then each used layout's, then a variant's
    (a shared or a variant's stylesheet is the project's file, else its theme's)."""
    return [*(locate(s, root, theme) for s in shared),
            *(sheet for layout in layouts.values() if layout.name in used for sheet in layout.stylesheets),
            *(locate(f"styles/{s}", root, theme) for s in extra)]


DOCUMENT_FILE = "layouts/document.yaml"
"""The texts of the document frame (layouts/booklet.html.j2 and layouts/partials/)."""


class DocumentSpec(Strict):
    about: Line
    texts: dict[str, Line] = {}


def document_texts(root: Path, theme: Theme | None = None) -> tuple[dict[str, str], Location]:
    """The texts the document frame uses whatever the pages, and where they are declared
    (the project's layouts/document.yaml, else its theme's)."""
    path = locate(DOCUMENT_FILE, root, theme)
    if not path.is_file() and not path.is_symlink():
        return {}, Location(DOCUMENT_FILE)
    base = theme.root if theme and path.is_relative_to(theme.root) else root
    shown = relative(path, root)
    doc = read_yaml(project_file(path, base / "layouts", shown, within="layouts/"), shown)
    spec: DocumentSpec = validate(doc, DocumentSpec)
    return dict(spec.texts), doc.where(("texts",))


TYPES_FILE = "layouts/types.yaml"
"""Compound field types every layout may use (fieldtypes.py)."""


class TypesSpec(Strict):
    about: Line | None = None
    types: dict[str, dict[str, str]] = {}


def shared_types(root: Path, theme: Theme | None = None) -> FieldTypes:
    """The engine's and installed packages' field types, and the compound ones of layouts/types.yaml:
    the project's file, else its theme's (a project's file replaces the theme's, as a stylesheet does)."""
    types = FieldTypes.engine()
    path = locate(TYPES_FILE, root, theme)
    if not path.is_file() and not path.is_symlink():
        return types
    base = theme.root if theme and path.is_relative_to(theme.root) else root
    shown = _shown(path, root)
    doc = read_yaml(project_file(path, base / "layouts", shown, within="layouts/"), shown)
    spec: TypesSpec = validate(doc, TypesSpec)
    errors: list[BookletError] = []
    made = compound_types(spec.types, types, doc, ("types",), errors)
    raise_all(errors)
    return types.adding(made)
