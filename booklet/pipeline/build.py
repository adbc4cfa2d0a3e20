"""The orchestrator: build editions by calling the stages in order.

config → content → images → html → pdf (lay out) → preflight → pdf (write).
Variants are the `VARIANTS` table: what each output is called and which
stylesheets it adds.  `build_all()` returns a `BuildReport` (see report.py).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from booklet.checks.pdfcheck import Expect, check_pdf
from booklet.checks.pdfink import valid_ink
from booklet.checks.preflight import check_layout, resolution_problems, too_much_text
from booklet.content.edition import Edition, PageFile, load_pages, make_edition
from booklet.content.editiontexts import edition_texts
from booklet.core.cachefiles import layout_roots
from booklet.core.errors import BookletError, Diagnostic, Location, raise_all, relative
from booklet.core.memo import Memo
from booklet.core.parallel import each_edition
from booklet.core.report import BuildReport, EditionReport
from booklet.layout.copyfit import copyfit
from booklet.layout.html import Document, font_css, profile_css, render_html
from booklet.layout.overflow import explain_overflow, lengthened
from booklet.project.colour import load_profile, rgb_colours, screen_css
from booklet.project.config import Booklet, load_booklet
from booklet.project.variants import Variant
from booklet.render.images import Images, Plan, place_images, standins_found
from booklet.render.pdf import (
    Output,
    check_output_folder,
    font_configuration,
    lay_out,
    project_document,
    steady_document_id,
    write_pdf,
)
from booklet.render.photoprep import Target, prepare
from booklet.render.proof import impose, sheets_html

Progress = Callable[[str, str], None]
"""Told (edition-variant label, step) as a build goes on."""


def build_all(booklet: Booklet, langs: list[str], out_dir: Path,
              progress: Progress = lambda _label, _step: None, *,
              variants: list[str] | None = None, write: bool = True, draft: bool = False,
              workers: int | None = None, longer: float = 0.0,
              stop: threading.Event | None = None) -> BuildReport:
    """Build every edition in every variant (or in those named); each edition fails alone.

    With write=False (booklet check) every edition is laid out and checked, and nothing written.
    With draft=True, texts missing from a translation are filled with the English, highlighted
    (only ever asked for the proof variant).  With longer=0.3 (booklet check --longer 30) every
    text is made 30 % longer by a pseudo-translation (fit.py), to try the layouts with the room a
    translation takes.  Editions are built side by side in worker
    processes (parallel.py), as many at once as workers (default: the cores); setting stop ends
    the build as Ctrl-C would (KeyboardInterrupt), workers and all.

    Problems shared by all editions (the output folder, the page files) stop
    the build before any layout; a language file's problems stop only its
    own edition.  User errors come back in the report, never as exceptions.
    """
    started = time.perf_counter()
    report = BuildReport(checked_only=not write)
    try:
        if write:
            check_output_folder(out_dir, booklet.root)
        pages = load_pages(booklet)
    except BookletError as exc:
        report.problems = exc.diagnostics()
        return report
    one = _OneLanguage(booklet, pages, out_dir, variants, write, draft, longer)
    for reports in each_edition(langs, one, progress, workers, stop):
        report.editions += reports
    report.seconds = time.perf_counter() - started
    return report


class _OneLanguage:
    """Builds one language: a picklable function for parallel.each_edition.

    A worker process reads the project again instead of receiving it: the page
    models are made at run time from layout.yaml (layouts.py), and a class made
    at run time cannot travel by pickle.
    """

    def __init__(self, booklet: Booklet, pages: list[PageFile], out_dir: Path,
                 variants: list[str] | None, write: bool, draft: bool, longer: float = 0.0) -> None:
        self.root = booklet.root
        self.loaded: tuple[Booklet, list[PageFile]] | None = (booklet, pages)
        self.out_dir, self.variants, self.write, self.draft = out_dir, variants, write, draft
        self.longer = longer

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "loaded": None}

    def __call__(self, lang: str, progress: Progress) -> list[EditionReport]:
        if self.loaded is None:
            booklet = load_booklet(self.root)
            self.loaded = (booklet, load_pages(booklet))
        booklet, pages = self.loaded
        return _build_language(booklet, pages, self.out_dir, self.variants, self.write, self.draft,
                               lang, progress, self.longer)


def _build_language(booklet: Booklet, pages: list[PageFile], out_dir: Path, variants: list[str] | None,
                    write: bool, draft: bool, lang: str, progress: Progress,
                    longer: float = 0.0) -> list[EditionReport]:
    """One edition in each variant asked for; a problem with its words stops this edition only."""
    try:
        texts = edition_texts(booklet, lang, pages, draft)
        if longer:
            texts = lengthened(texts, longer)
        edition = make_edition(booklet, lang, pages, texts)
        plan, choices = copyfit(edition)
        progress(lang, "placing photos")
        images = place_images(edition, plan)
        if choices:  # said as it goes, one line: each spread's arrangements and why they won
            progress(lang, "planned " + "; ".join(dict.fromkeys(c.spread for c in choices)))
            departures = [c.departure for c in choices if c.departure]
            if departures:
                progress(lang, "leaves the reference plan at " + "; ".join(departures))
    except BookletError as exc:
        return [EditionReport(lang, v.name, _target(booklet, lang, v, out_dir), diagnostics=exc.diagnostics())
                for v in _chosen(booklet, variants)]
    done = [build_edition(edition, images, variant, out_dir,
                          functools.partial(progress, f"{lang}-{variant.name}"), write, plan)
            for variant in _chosen(booklet, variants, write)]
    for report in done:
        report.arrangements = {c.page_file: c.arrangement for c in choices}
        report.spreads = list(dict.fromkeys(c.spread for c in choices))
        report.departures = [c.departure for c in choices if c.departure]
    return done


def _chosen(booklet: Booklet, names: list[str] | None, write: bool = True) -> list[Variant]:
    """The variants to make; a check lays out once the variants whose pages are the same (print, proof)."""
    chosen = [booklet.variants[n] for n in names] if names else list(booklet.variants.values())
    if write:
        return chosen
    alike = {(v.bleed, v.colour, v.stylesheets): v for v in reversed(chosen)}
    return [v for v in chosen if alike[(v.bleed, v.colour, v.stylesheets)] is v]


def build_edition(edition: Edition, images: Images, variant: Variant, out_dir: Path,
                  progress: Callable[[str], None] = lambda _: None, write: bool = True,
                  plan: Plan | None = None) -> EditionReport:
    """Build one edition in one variant; on a problem the last good PDF stays.

    A layout that fails preflight is written beside it as <name>-rejected.pdf
    (and removed by the next good build), so the problem can be seen.
    """
    started = time.perf_counter()
    report = EditionReport(edition.lang, variant.name, _target(edition.booklet, edition.lang,
                                                               variant, out_dir))
    report.diagnostics += edition.warnings
    try:
        _lay_out_and_write(edition, images, variant, report, progress, write, plan or {})
    except BookletError as exc:
        report.diagnostics += exc.diagnostics()
    report.seconds = time.perf_counter() - started
    return report


def _lay_out_and_write(edition: Edition, images: Images, variant: Variant, report: EditionReport,
                       progress: Callable[[str], None], write: bool, plan: Plan) -> None:
    booklet = edition.booklet
    report.standins = sorted(f for f, placed in images.items() if placed.generated)
    report.diagnostics += standins_found(edition, images)
    if report.standins and variant.colour == "cmyk" and not variant.marks:
        report.diagnostics.append(Diagnostic(
            "warning", "standin", f"the {variant.name} PDF still has {len(report.standins)} stand-in "
            f"photo{'s' if len(report.standins) > 1 else ''}: {', '.join(report.standins)}",
            Location("assets/images"), "put the real photos there and delete 'standin: true'"))
    found = resolution_problems(images, variant)
    report.diagnostics += [p.diagnostic("warning") for p in found if p.code == "low-resolution"]
    raise_all([p for p in found if p.code != "low-resolution"])
    if write:  # the layout is the same with the photos as they are
        progress("preparing photos")
        images = prepare(images, _photo_target(booklet, variant), booklet.cache_dir)
    progress("rendering layouts")
    document = render_html(edition, images, variant, plan)
    raise_all(too_much_text(edition, document))
    progress("laying out pages")
    styles = booklet.stylesheets({p.page.layout for p in edition.pages}, variant)
    with font_configuration() as fonts:
        rendered, page_map, style_problems = lay_out(document, booklet.root, styles,
                                                     layout_roots(booklet.cache_dir), fonts,
                                                     _output(booklet, variant))
        report.diagnostics += [p.diagnostic("warning") for p in style_problems]
        progress("checking the layout")
        findings = explain_overflow(check_layout(page_map, edition.lang, variant.errors), page_map,
                                    edition)
        report.diagnostics += findings
        report.pages = len(rendered.pages)
        report.page_files = [list(dict.fromkeys(page_map.sections[s].page_file for s in ids))
                             for ids in page_map.pages]  # for a preview to place findings
        if not write:
            return
        rejected = report.target.with_name(f"{report.target.stem}-rejected.pdf")
        if any(f.is_error for f in findings):
            report.rejected = _keep_rejected(rendered, rejected)
            return
        progress(f"writing {len(rendered.pages)} pages")
        finish = (functools.partial(_on_sheets, edition, variant, fonts)
                  if variant.marks else None)
        check = functools.partial(_check_written, booklet, variant, report, _by_pixels(images))
        written = write_pdf(rendered, report.target, dated=booklet.sources_date(), finish=finish,
                            check=check, rejected=rejected, pdf_variant=variant.pdf_standard,
                            pdf_identifier=_identifier(document, variant, booklet.root))
    if not written:
        report.rejected = rejected
        return
    report.written = True
    rejected.unlink(missing_ok=True)


def _identifier(document: Document, variant: Variant, root: Path) -> bytes:
    """The PDF's file identifier, from what it is made of (the project's folder left out):
    WeasyPrint's own is drawn at random."""
    portable = project_document(document, root)
    made_of = "\0".join((portable.html, portable.css, repr(variant)))
    return hashlib.sha256(made_of.encode()).hexdigest()[:32].encode()


def _photo_target(booklet: Booklet, variant: Variant) -> Target:
    cp = booklet.spec.colour_profile
    return Target(variant.colour, booklet.profile, cp.intent if cp else "perceptual",
                  max_ppi=variant.photo_ppi)


def _output(booklet: Booklet, variant: Variant) -> Output:
    """The stylesheets as the variant needs them: RGB for screens, and no RGB at all for a press."""
    profile = load_profile(booklet.profile, booklet.root) if booklet.profile else None
    if variant.colour == "rgb":
        restyle = functools.partial(screen_css, profile=profile) if profile else None
        return Output(variant.pdf_standard, restyle=restyle)
    return Output(variant.pdf_standard,
                  refuse=functools.partial(rgb_colours, root=booklet.root, profile=profile))


def _by_pixels(images: Images) -> dict[tuple[int, int], str]:
    """The project's photos by their pixels as prepared, so as the PDF has them: the read-back's
    findings name the photo, and are one cause with the check of its source (report.cause())."""
    return {placed.pixels: f"assets/images/{name}" for name, placed in images.items()
            if not placed.generated}


def _check_written(booklet: Booklet, variant: Variant, report: EditionReport,
                   photos: dict[tuple[int, int], str], pdf: Path) -> bool:
    """Preflight of the written file; its findings join the report; False if it must not be used."""
    expect = Expect(variant.colour, variant.pdf_standard, variant.ink_limit, variant.min_ppi,
                    variant.warn_ppi, bleed_mm=booklet.spec.bleed if variant.bleed else None,
                    page_multiple=1)  # the layout check has said it already
    ink = Memo(booklet.cache_dir, "ink.json", valid_ink)  # photos measured before, by content: print, proof
    found = check_pdf(pdf, expect, relative(report.target, booklet.root), ink,  # and every build
                      photos)
    ink.save()
    report.diagnostics += found
    return not any(f.is_error for f in found)


def _on_sheets(edition: Edition, variant: Variant, fonts: FontConfiguration,
               pages_pdf: Path, target: Path) -> None:
    """Finish a proof: the written pages placed on sheets with marks and a slug line."""
    booklet = edition.booklet
    slug = " — ".join((booklet.spec.title, edition.lang, variant.name, booklet.sources_date()[:10]))
    css = font_css(edition) + profile_css(booklet.profile)
    sheets = Document(sheets_html(booklet, slug, _page_count(pages_pdf), edition.lang), css)
    rendered, _, _ = lay_out(sheets, booklet.root, [], layout_roots(booklet.cache_dir), fonts,
                             _output(booklet, variant))
    rendered.metadata.created = rendered.metadata.modified = booklet.sources_date()
    sheets_pdf = target.with_name(target.name + ".sheets")
    try:
        rendered.write_pdf(sheets_pdf, pdf_variant=variant.pdf_standard,
                           pdf_identifier=_identifier(sheets, variant, booklet.root))
        steady_document_id(sheets_pdf)
        impose(pages_pdf, sheets_pdf, booklet, target)
    finally:
        sheets_pdf.unlink(missing_ok=True)


def _page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as opened:
        return len(opened.pages)


def _target(booklet: Booklet, lang: str, variant: Variant, out_dir: Path) -> Path:
    return out_dir / f"{booklet.spec.slug}-{lang}-{variant.name}.pdf"


def _keep_rejected(rendered: weasyprint.Document, path: Path) -> Path | None:
    """Write the layout that failed, for the designer to look at; None if it cannot be written."""
    try:
        write_pdf(rendered, path)
    except BookletError:  # the layout errors matter more than this file
        return None
    return path
