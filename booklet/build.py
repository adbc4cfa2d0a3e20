"""The orchestrator: build editions by calling the stages in order.

config → content → images → html → pdf (lay out) → preflight → pdf (write).
Variants are the `VARIANTS` table: what each output is called and which
stylesheets it adds.  `build_all()` returns a `BuildReport` (see report.py).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import weasyprint

from booklet.config import Booklet
from booklet.content import Edition, load_pages, load_texts, make_edition
from booklet.errors import BookletError, raise_all
from booklet.html import render_html
from booklet.images import place_images, resolution_warnings
from booklet.pdf import check_output_folder, font_configuration, lay_out, write_pdf
from booklet.preflight import check_layout, too_much_text
from booklet.report import BuildReport, EditionReport


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


Progress = Callable[[str, str], None]
"""Told (edition-variant label, step) as a build goes on."""


def build_all(booklet: Booklet, langs: list[str], out_dir: Path,
              progress: Progress = lambda _label, _step: None) -> BuildReport:
    """Build every edition in every variant; each edition fails alone.

    Problems shared by all editions (the output folder, the page files) stop
    the build before any layout; a language file's problems stop only its
    own edition.  User errors come back in the report, never as exceptions.
    """
    started = time.perf_counter()
    report = BuildReport()
    try:
        check_output_folder(out_dir, booklet.root)
        pages = load_pages(booklet)
    except BookletError as exc:
        report.problems = exc.diagnostics()
        return report
    for lang in langs:
        try:
            edition = make_edition(booklet, lang, pages, load_texts(booklet, lang))
        except BookletError as exc:
            report.editions += [EditionReport(lang, v.name, _target(booklet, lang, v, out_dir),
                                              diagnostics=exc.diagnostics())
                                for v in VARIANTS.values()]
            continue
        for variant in VARIANTS.values():
            report.editions.append(build_edition(edition, variant, out_dir,
                                                 functools.partial(progress, f"{lang}-{variant.name}")))
    report.seconds = time.perf_counter() - started
    return report


def build_edition(edition: Edition, variant: Variant, out_dir: Path,
                  progress: Callable[[str], None] = lambda _: None) -> EditionReport:
    """Build one edition in one variant; on a problem the last good PDF stays.

    A layout that fails preflight is written beside it as <name>-rejected.pdf
    (and removed by the next good build), so the problem can be seen.
    """
    started = time.perf_counter()
    report = EditionReport(edition.lang, variant.name, _target(edition.booklet, edition.lang,
                                                               variant, out_dir))
    report.diagnostics += edition.warnings
    try:
        _lay_out_and_write(edition, variant, report, progress)
    except BookletError as exc:
        report.diagnostics += exc.diagnostics()
    report.seconds = time.perf_counter() - started
    return report


def _lay_out_and_write(edition: Edition, variant: Variant, report: EditionReport,
                       progress: Callable[[str], None]) -> None:
    booklet = edition.booklet
    progress("placing photos")
    images = place_images(edition)
    report.standins = sorted(f for f, placed in images.items() if placed.photo.standin)
    report.diagnostics += [w.diagnostic("warning") for w in resolution_warnings(images)]
    progress("rendering layouts")
    document = render_html(edition, images, booklet.root / "layouts")
    raise_all(too_much_text(edition, document))
    progress("laying out pages")
    styles = [booklet.root / "styles" / name for name in (*SHARED_STYLES, *variant.stylesheets)]
    with font_configuration() as fonts:
        rendered, page_map, style_problems = lay_out(document, booklet.root, styles,
                                                     [booklet.cache_dir], fonts)
        report.diagnostics += [p.diagnostic("warning") for p in style_problems]
        progress("checking the layout")
        findings = check_layout(page_map, edition.lang)
        report.diagnostics += findings
        report.pages = len(rendered.pages)
        rejected = report.target.with_name(f"{report.target.stem}-rejected.pdf")
        if any(f.is_error for f in findings):
            report.rejected = _keep_rejected(rendered, rejected)
            return
        progress(f"writing {len(rendered.pages)} pages")
        write_pdf(rendered, report.target)
    report.written = True
    rejected.unlink(missing_ok=True)


def _target(booklet: Booklet, lang: str, variant: Variant, out_dir: Path) -> Path:
    return out_dir / f"{booklet.spec.slug}-{lang}-{variant.name}.pdf"


def _keep_rejected(rendered: weasyprint.Document, path: Path) -> Path | None:
    """Write the layout that failed, for the designer to look at; None if it cannot be written."""
    try:
        write_pdf(rendered, path)
    except BookletError:  # the layout errors matter more than this file
        return None
    return path
