"""Stage 1, config: read and check booklet.yaml.

Takes the project folder; returns a `Booklet` (the validated settings plus
the folders the later stages read from).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import babel

from booklet.errors import BookletError, Location, did_you_mean, raise_all
from booklet.fonts import font_problems
from booklet.languages import language_problems
from booklet.schema import BookletSpec, validate
from booklet.yamlfile import read_yaml

CONFIG_FILE = "booklet.yaml"


@dataclass(frozen=True)
class Booklet:
    """A booklet project: its settings and where its parts live."""

    root: Path
    spec: BookletSpec

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


def load_booklet(root: Path) -> Booklet:
    """Read root/booklet.yaml, reporting every problem in it at once."""
    if not (root / CONFIG_FILE).is_file():
        raise BookletError("file not found", Location(CONFIG_FILE),
                           hint="run booklet in a booklet project folder, or name one with --project")
    doc = read_yaml(root / CONFIG_FILE, CONFIG_FILE)
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
    errors.extend(font_problems(root, spec.fonts, lambda i: doc.where(("fonts", i, "file"))))
    raise_all(errors)
    return Booklet(root.resolve(), spec)
