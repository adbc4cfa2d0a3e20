"""The orchestrator: build editions by calling the stages in order.

config → content → images → html → pdf (lay out) → preflight → pdf (write).
Variants are the `VARIANTS` table: what each output is called and which
stylesheets it adds.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint

from booklet.config import Booklet
from booklet.content import Edition, load_pages, load_texts, make_edition
from booklet.errors import BookletError, BookletErrors, raise_all
from booklet.html import render_html
from booklet.images import place_images, resolution_warnings
from booklet.pdf import lay_out, write_pdf
from booklet.preflight import Finding, check_layout


@dataclass(frozen=True)
class Variant:
    """One kind of output of an edition."""

    name: str
    stylesheets: tuple[str, ...]
    """Extra stylesheets (in styles/) on top of the shared ones."""


VARIANTS: dict[str, Variant] = {
    "print": Variant("print", ()),
}

SHARED_STYLES = ("tokens.css", "base.css", "pages.css", "cover.css", "front.css",
                 "year-spread.css", "facts.css")


@dataclass
class Result:
    """What one build of one edition made."""

    lang: str
    variant: str
    path: Path
    pages: int
    seconds: float
    warnings: list[BookletError | Finding] = field(default_factory=list)
    standins: int = 0


Progress = Callable[[str, str], None]
"""Told (edition-variant label, step) as a build goes on."""


def build_all(booklet: Booklet, langs: list[str], out_dir: Path,
              progress: Progress = lambda _label, _step: None) -> list[Result]:
    """Build every edition in every variant.

    Every edition's words are read and checked first, so that a typo in any
    language file stops the build before a single PDF is written.
    """
    pages = load_pages(booklet)
    editions: list[Edition] = []
    errors: list[BookletError] = []
    for lang in langs:
        try:
            editions.append(make_edition(booklet, lang, pages, load_texts(booklet, lang)))
        except BookletError as exc:
            errors.extend(exc.problems())
    raise_all(errors)
    results: list[Result] = []
    for edition in editions:
        for variant in VARIANTS.values():
            label = f"{edition.lang}-{variant.name}"
            try:
                results.append(build_edition(edition, variant, out_dir,
                                             functools.partial(progress, label)))
            except BookletError as exc:
                exc.written = tuple(r.path for r in results)
                raise
    return results


def build_edition(edition: Edition, variant: Variant, out_dir: Path,
                  progress: Callable[[str], None] = lambda _: None) -> Result:
    """Build one edition in one variant; raise BookletError, leaving the last good PDF, on a problem.

    A layout that fails preflight is written beside it as <name>-rejected.pdf
    (and removed by the next good build), so the problem can be seen.
    """
    started = time.perf_counter()
    booklet, lang = edition.booklet, edition.lang
    progress("placing photos")
    images = place_images(edition)
    progress("rendering layouts")
    document = render_html(edition, images, booklet.root / "layouts")
    progress("laying out pages")
    styles = [booklet.root / "styles" / name for name in (*SHARED_STYLES, *variant.stylesheets)]
    rendered, page_map, style_problems = lay_out(document, booklet.root, styles, [booklet.cache_dir])
    progress("checking the layout")
    findings = check_layout(page_map, lang)
    errors = [f.as_error() for f in findings if f.severity == "error"]
    target = out_dir / f"{booklet.spec.slug}-{lang}-{variant.name}.pdf"
    rejected = target.with_name(f"{target.stem}-rejected.pdf")
    if errors:
        raise BookletErrors(errors, rejected=_keep_rejected(rendered, rejected))
    progress(f"writing {len(rendered.pages)} pages")
    write_pdf(rendered, target)
    rejected.unlink(missing_ok=True)
    return Result(lang, variant.name, target, len(rendered.pages), time.perf_counter() - started,
                  [*edition.warnings, *resolution_warnings(images), *style_problems,
                   *(f for f in findings if f.severity != "error")],
                  sum(1 for placed in images.values() if placed.photo.standin))


def _keep_rejected(rendered: weasyprint.Document, path: Path) -> Path | None:
    """Write the layout that failed, for the designer to look at; None if it cannot be written."""
    try:
        write_pdf(rendered, path)
    except OSError:  # the layout errors matter more than this file
        return None
    return path
