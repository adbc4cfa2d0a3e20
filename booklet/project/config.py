"""Stage 1, project — config: read and check booklet.yaml.

Takes the project folder; returns a `Booklet` (the validated settings, the
variants with the project's adjustments laid over the built-in ones, and the
folders the later stages read from).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import babel

from booklet.core.errors import BookletError, Location, did_you_mean, raise_all, relative
from booklet.core.sourcedate import source_date
from booklet.project.colour import load_profile
from booklet.project.derived import derivation_problems
from booklet.project.fonts import duplicate_faces, font_problems
from booklet.project.languages import language_problems
from booklet.project.layouts import DOCUMENT_FILE, Layouts, document_texts, load_layouts, stylesheets
from booklet.project.paths import project_file
from booklet.project.schema import BookletSpec, VariantSpec, validate
from booklet.project.theme import Theme, find, load_theme, locate
from booklet.project.variants import VARIANTS, Variant, adjusted
from booklet.project.yamlfile import KeyPath, YamlFile, read_yaml

CONFIG_FILE = "booklet.yaml"
SOURCE_FOLDERS = ("content", "layouts", "styles", "assets")


@dataclass(frozen=True)
class Booklet:
    """A booklet project: its settings and where its parts live."""

    root: Path
    spec: BookletSpec
    variants: dict[str, Variant] = field(default_factory=lambda: dict(VARIANTS))
    """Every variant an edition is made in, by name, in build order."""
    layouts: Layouts = field(default_factory=dict)
    """The layout folders of layouts/, by name."""
    document_texts: dict[str, str] = field(default_factory=dict)
    """Texts the document frame uses on every edition (layouts/document.yaml), with their meaning."""
    document_where: Location = Location("layouts/document.yaml")
    theme: Theme | None = None
    """The theme whose files the project uses where it has none of its own."""

    def stylesheets(self, used: set[str], variant: Variant) -> list[Path]:
        """The stylesheets of an edition whose pages use the layouts named, in the variant."""
        return stylesheets(self.root, self.theme, self.spec.stylesheets, self.layouts, used,
                           variant.stylesheets)

    def file(self, name: str) -> Path:
        """A design file booklet.yaml names (a font, the profile): the project's, else the theme's."""
        return locate(name, self.root, self.theme)

    @property
    def theme_root(self) -> Path | None:
        """The theme's folder, a root of its own that layouts may load files from."""
        return self.theme.root if self.theme else None

    @property
    def roots(self) -> list[Path]:
        """The folders a build reads the design from: the project, then its theme."""
        return [self.root, *([self.theme.root] if self.theme else [])]

    @property
    def profile(self) -> Path | None:
        """The CMYK output profile, if booklet.yaml names one."""
        cp = self.spec.colour_profile
        return self.file(cp.file) if cp else None

    def sources_date(self) -> str:
        """The date a PDF carries and its proof shows (ISO 8601, UTC): SOURCE_DATE_EPOCH, else
        the project's last commit, else a fixed date (sourcedate.py) — never the time of the
        build or of a file, so that the same sources give the same bytes on any machine."""
        return source_date(self.root)

    @property
    def pages_dir(self) -> Path:
        return self.root / "content" / "pages"

    @property
    def lang_dir(self) -> Path:
        return self.root / "content" / "lang"

    @property
    def images_dir(self) -> Path:
        return self.root / "assets" / "images"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"

    def locale(self, lang: str) -> babel.Locale:
        return babel.Locale.parse(self.spec.languages[lang].locale)


def page_side(number: int) -> str:
    """Which hand a page falls on: page 1 is a right-hand page, even pages are on the left."""
    return "left" if number % 2 == 0 else "right"


def find_project(start: Path) -> Path | None:
    """The nearest folder with a booklet.yaml from start upward, as git finds .git: it stops at
    the filesystem's root or at a mount point (another disk is another project)."""
    folder = start.resolve()
    while not (folder / CONFIG_FILE).is_file():
        if folder.parent == folder or os.path.ismount(folder):
            return None
        folder = folder.parent
    return folder


def load_booklet(root: Path) -> Booklet:
    """Read root/booklet.yaml, reporting every problem in it at once."""
    if not (root / CONFIG_FILE).is_file():
        raise BookletError("file not found", Location(CONFIG_FILE),
                           hint="run booklet in a booklet project folder, or name one with --project")
    doc = read_yaml(project_file(root / CONFIG_FILE, root, CONFIG_FILE), CONFIG_FILE)
    spec: BookletSpec = validate(doc, BookletSpec)
    errors: list[BookletError] = []
    if spec.default_language not in spec.languages:
        errors.append(BookletError(
            f"default_language '{spec.default_language}' is not one of the languages"
            + did_you_mean(spec.default_language, spec.languages),
            doc.where(("default_language",))))
    for code, language in spec.languages.items():
        for key, message, hint in language_problems(code, language.locale):
            at = ("languages", code) if key == "code" else ("languages", code, "locale")
            errors.append(BookletError(message, doc.where(at), hint))
    for code, message, hint in derivation_problems(spec.languages, spec.default_language):
        errors.append(BookletError(message, doc.where(("languages", code, "from")), hint))
    try:
        theme = load_theme(spec.theme, doc.where(("theme",)))
    except BookletError as exc:
        raise_all([*errors, exc])  # without its design nothing else can be checked
    errors.extend(font_problems(root, theme, spec.fonts, lambda i: doc.where(("fonts", i, "file"))))
    errors.extend(duplicate_faces(spec.fonts, lambda i: doc.where(("fonts", i))))
    variants = _variants(spec, doc, errors)
    errors.extend(_stylesheet_problems(root, theme, spec, doc))
    errors.extend(_profile_problems(root, theme, spec, variants, doc))
    layouts: Layouts = {}
    texts: tuple[dict[str, str], Location] = ({}, Location(DOCUMENT_FILE))
    try:
        layouts = load_layouts(root, theme)
        texts = document_texts(root, theme)
    except BookletError as exc:
        errors.extend(exc.problems())
    raise_all(errors)
    return Booklet(root.resolve(), spec, variants, layouts, *texts, theme=theme)



def _variants(spec: BookletSpec, doc: YamlFile, errors: list[BookletError]) -> dict[str, Variant]:
    """The built-in variants with booklet.yaml's `variants:` laid over them, new ones after."""
    variants = dict(VARIANTS)
    for name, changes in spec.variants.items():
        base_name = changes.based_on or name
        base = variants.get(base_name)
        if base is None:
            where = doc.where(("variants", name, "based_on") if changes.based_on else ("variants", name))
            hint = "one of: " + ", ".join(variants)
            errors.append(BookletError(
                f"variant '{name}' is new: say which variant it is based_on" if not changes.based_on
                else f"no variant '{base_name}' to base '{name}' on{did_you_mean(base_name, variants)}",
                where, hint))
            continue
        variants[name] = adjusted(base, _changes(name, changes))
    return variants


def _stylesheet_problems(root: Path, theme: Theme, spec: BookletSpec, doc: YamlFile) -> list[BookletError]:
    """Each stylesheet booklet.yaml names, at its line: the project's or the theme's, a file, and there.

    The default shared ones, not written there, are checked where they are read (pdf.py).
    """
    written = ("stylesheets",) in doc.marks
    named: list[tuple[KeyPath, str, str]] = [
        (("stylesheets", i), name, name) for i, name in enumerate(spec.stylesheets) if written]
    named += [(("variants", variant, "stylesheets", i), name, f"styles/{name}")
              for variant, changes in spec.variants.items()
              for i, name in enumerate(changes.stylesheets or ())]
    errors = []
    for at, name, file in named:
        try:
            found = find(file, root, theme, f"stylesheet {name}", doc.where(at), hint="copy it into styles/")
        except BookletError as exc:
            errors.append(exc)
            continue
        if not found.is_file():
            errors.append(BookletError(f"no stylesheet {relative(root / file, root)}", doc.where(at),
                                       "check the name and the folder it is in"))
    return errors


def _changes(name: str, spec: VariantSpec) -> dict[str, object]:
    changes: dict[str, object] = {k: v for k, v in spec.model_dump(exclude_unset=True).items()
                                  if k != "based_on"}
    if "stylesheets" in changes:
        changes["stylesheets"] = tuple(spec.stylesheets or ())
    return {**changes, "name": name}


def _profile_problems(root: Path, theme: Theme, spec: BookletSpec, variants: dict[str, Variant],
                      doc: YamlFile) -> list[BookletError]:
    cmyk = [v.name for v in variants.values() if v.colour == "cmyk"]
    if spec.colour_profile is None:
        if not cmyk:
            return []
        return [BookletError(f"the {', '.join(cmyk)} variant{'s' if len(cmyk) > 1 else ''} print in "
                             "CMYK, which needs the printer's colour profile", doc.where(()),
                             "add colour_profile: {file: assets/profiles/FOGRA39L-booklet.icc}")]
    where = doc.where(("colour_profile", "file"))
    try:
        file = spec.colour_profile.file
        path = find(file, root, theme, f"colour profile {file}", where, hint="copy it into assets/profiles/",
                    replace="use the .icc file your printer supplies")
    except BookletError as exc:
        return [exc]
    if not path.is_file():
        return [BookletError(f"colour profile not found: {spec.colour_profile.file}", where)]
    try:
        load_profile(path, root)
    except BookletError as exc:
        return [BookletError(exc.message, where, exc.hint, exc.code)]
    return []
