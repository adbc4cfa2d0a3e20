"""The orchestrator: build editions, each through its edition pipeline, and write their PDFs.

Per edition and group of variants that lay out alike, an `EditionPipeline`
(edition.py) makes config → content → copyfit → images → html → layout →
preflight once; this module prepares each variant's photos, writes its PDF
(pdf.py) and reads it back (pdfcheck.py).  Variants are the `VARIANTS` table:
what each output is called and which stylesheets it adds.  `build_all()`
returns a `BuildReport` (see report.py).
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
from booklet.checks.preflight import resolution_problems, too_much_text
from booklet.content.edition import Edition, PageFile, load_pages
from booklet.content.leftbehind import held_back
from booklet.content.typography import rules_for
from booklet.core.cachefiles import layout_roots
from booklet.core.errors import BookletError, Data, Diagnostic, Location, raise_all, relative
from booklet.core.memo import Memo
from booklet.core.parallel import each_edition
from booklet.core.report import BuildReport, EditionReport
from booklet.fitting import parity
from booklet.layout.html import Document, font_css, profile_css
from booklet.layout.images import Images, standins_found
from booklet.layout.textboxes import text_pages
from booklet.pipeline.edition import EditionPipeline, output_for, variant_groups
from booklet.project.config import Booklet, load_booklet
from booklet.project.variants import Variant
from booklet.render.packed import pack_profiles
from booklet.render.pdf import check_output_folder, lay_out, project_document, steady_document_id, write_pdf
from booklet.render.photoprep import Target, prepare
from booklet.render.proof import impose, sheets_html, watermark_html

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
    """One edition in each variant asked for, planned once per group of variants that lay out
    alike (edition.py); a problem with its words stops this edition only."""
    chosen = _chosen(booklet, variants, write)
    first = EditionPipeline(booklet, lang, variant_groups(chosen)[0], pages=pages, draft=draft,
                            longer=longer)
    try:
        first.edition  # noqa: B018  (derived once, shared by every group)
    except BookletError as exc:
        return [EditionReport(lang, v.name, _target(booklet, lang, v, out_dir, draft),
                              diagnostics=exc.diagnostics())
                for v in _chosen(booklet, variants)]
    done: dict[str, EditionReport] = {}
    said: set[str] = set()
    for group in variant_groups(chosen):
        pipeline = first if group == first.variants else first.regrouped(group)
        done.update((r.variant, r) for r in _build_group(pipeline, out_dir, write, progress, said))
    return [done[v.name] for v in chosen]


def _build_group(pipeline: EditionPipeline, out_dir: Path, write: bool,
                 progress: Progress, said: set[str]) -> list[EditionReport]:
    """The edition in one group of variants: one plan, then each variant laid out and written."""
    lang, booklet = pipeline.lang, pipeline.booklet
    try:
        choices = pipeline.choices
        if not pipeline.images_placed:  # once per plan: the groups of an edition share them
            progress(lang, "placing photos")
        pipeline.images  # noqa: B018
        planned = "; ".join(dict.fromkeys(c.spread for c in choices))
        if planned and planned not in said:  # said as it goes: each spread's arrangements and why they won
            who = lang if not said else f"{lang}-{'/'.join(v.name for v in pipeline.variants)}"
            progress(who, "planned " + planned)
            departures = [c.departure for c in choices if c.departure]
            if departures:
                progress(who, "leaves the reference plan at " + "; ".join(departures))
            said.add(planned)
    except BookletError as exc:
        return [EditionReport(lang, v.name, _target(booklet, lang, v, out_dir, pipeline.draft),
                              diagnostics=exc.diagnostics())
                for v in pipeline.variants]
    done = []
    with pipeline:
        for variant in pipeline.variants:
            report = build_edition(pipeline, variant, out_dir,
                                   functools.partial(progress, f"{lang}-{variant.name}"), write)
            report.arrangements = {c.page_file: c.arrangement for c in choices}
            report.spreads = list(dict.fromkeys(c.spread for c in choices))
            report.departures = [c.departure for c in choices if c.departure]
            if parity.follows_default(pipeline.edition, variant):
                report.follows = {c.page_file: c.arrangement for c in choices if not c.departure}
            done.append(report)
    return done


def _chosen(booklet: Booklet, names: list[str] | None, write: bool = True) -> list[Variant]:
    """The variants to make; a check lays out once the variants whose pages are the same (print, proof)."""
    chosen = [booklet.variants[n] for n in names] if names else list(booklet.variants.values())
    if write:
        return chosen
    alike = {(v.bleed, v.colour, v.stylesheets): v for v in reversed(chosen)}
    return [v for v in chosen if alike[(v.bleed, v.colour, v.stylesheets)] is v]


def build_edition(pipeline: EditionPipeline, variant: Variant, out_dir: Path,
                  progress: Callable[[str], None] = lambda _: None, write: bool = True) -> EditionReport:
    """Build the pipeline's edition in one of its variants; on a problem the last good PDF stays.

    A layout that fails preflight is written beside it as <name>-rejected.pdf
    (and removed by the next good build), so the problem can be seen.  A draft
    is <slug>-<lang>-draft.pdf, its sheets saying DRAFT (proof.py).
    """
    started = time.perf_counter()
    edition = pipeline.edition
    report = EditionReport(edition.lang, variant.name, _target(edition.booklet, edition.lang,
                                                               variant, out_dir, pipeline.draft))
    report.diagnostics += held_back(edition.booklet, variant, edition.warnings)
    if report.errors:  # English left where print asks for complete editions
        return report
    try:
        _lay_out_and_write(pipeline, variant, report, progress, write)
    except BookletError as exc:
        report.diagnostics += exc.diagnostics()
    finally:
        pipeline.release(variant)  # its pages and fonts are let go once written
    report.seconds = time.perf_counter() - started
    return report


def _lay_out_and_write(pipeline: EditionPipeline, variant: Variant, report: EditionReport,
                       progress: Callable[[str], None], write: bool) -> None:
    edition, images = pipeline.edition, pipeline.images
    booklet = edition.booklet
    report.standins = sorted(f for f, placed in images.items() if placed.generated)
    report.diagnostics += standins_found(edition, images)
    if report.standins and variant.colour == "cmyk" and not variant.marks:
        count = len(report.standins)
        report.diagnostics.append(Diagnostic(
            "warning", "standin", f"the {variant.name} {'PDF' if write else 'variant'} still has {count} "
            f"stand-in photo{'s' if count > 1 else ''}", Location("assets/images"),
            "put the real photos there and delete 'standin: true'",
            data=Data(count=count, items=tuple(report.standins))))
    found = resolution_problems(images, variant)
    report.diagnostics += [p.diagnostic("warning") for p in found if p.code == "low-resolution"]
    raise_all([p for p in found if p.code != "low-resolution"])
    prepared = None
    if write:  # the layout is the same with the photos as they are
        progress("preparing photos")
        prepared = prepare(images, _photo_target(booklet, variant), booklet.cache_dir)
    progress("rendering layouts")
    document = pipeline.document(variant, prepared)
    raise_all(too_much_text(edition, document))
    progress("laying out pages")
    laid = pipeline.laid_out(variant, prepared)
    rendered, page_map = laid.rendered, laid.page_map
    report.diagnostics += [p.diagnostic("warning") for p in laid.style_problems]
    progress("checking the layout")
    findings = pipeline.findings(variant, prepared)
    report.diagnostics += findings
    report.pages = len(rendered.pages)
    report.page_files = [list(dict.fromkeys(f for s in ids for f in page_map.sections[s].page_files))
                         for ids in page_map.pages]  # for a preview to place findings
    area_bottom = (booklet.spec.trim.height - booklet.spec.margins.bottom) * 96 / 25.4  # CSS pixels
    report.text_pages = text_pages(page_map.boxes, area_bottom)  # a preview's clicks, its room
    if not write:
        return
    rejected = report.target.with_name(f"{report.target.stem}-rejected.pdf")
    if any(f.is_error for f in findings):
        report.rejected = _keep_rejected(rendered, rejected)
        return
    progress(f"writing {len(rendered.pages)} pages")
    finish = (functools.partial(_on_sheets, edition, variant, laid.fonts, draft=pipeline.draft)
              if variant.marks else None)
    check = functools.partial(_check_written, booklet, variant, report, _by_pixels(prepared or images))
    written = write_pdf(rendered, report.target, dated=booklet.sources_date(), finish=finish,
                        check=check, rejected=rejected, pdf_variant=variant.pdf_standard,
                        pdf_identifier=_identifier(document, variant, booklet))
    if not written:
        report.rejected = rejected
        return
    report.written = True
    rejected.unlink(missing_ok=True)


def _identifier(document: Document, variant: Variant, booklet: Booklet) -> bytes:
    """The PDF's file identifier, from what it is made of (the project's and the theme's folders
    left out): WeasyPrint's own is drawn at random."""
    portable = project_document(document, booklet.root, booklet.theme_root)
    made_of = "\0".join((portable.html, portable.css, repr(variant)))
    return hashlib.sha256(made_of.encode()).hexdigest()[:32].encode()


def _photo_target(booklet: Booklet, variant: Variant) -> Target:
    cp = booklet.spec.colour_profile
    return Target(variant.colour, booklet.profile, cp.intent if cp else "perceptual",
                  max_ppi=variant.photo_ppi)


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
               pages_pdf: Path, target: Path, draft: bool = False) -> None:
    """Finish a proof: the written pages placed on sheets with marks and a slug line (a draft's
    saying DRAFT, and DRAFT across every page)."""
    booklet = edition.booklet
    slug = " — ".join((booklet.spec.title, edition.lang, variant.name, booklet.sources_date()[:10]))
    css = font_css(edition) + profile_css(booklet.profile)
    sheets_pdf = target.with_name(target.name + ".sheets")
    over = target.with_name(target.name + ".watermark") if draft else None
    word = rules_for(edition.lang, edition.locale, edition.texts.settings).draft if draft else ""
    try:
        _write_sheets(edition, variant, fonts, Document(
            sheets_html(booklet, slug, _page_count(pages_pdf), edition.lang, word), css), sheets_pdf)
        if over:
            _write_sheets(edition, variant, fonts, Document(watermark_html(booklet, edition.lang, word),
                                                            css), over)
        impose(pages_pdf, sheets_pdf, booklet, target, over)
    finally:
        sheets_pdf.unlink(missing_ok=True)
        if over:
            over.unlink(missing_ok=True)


def _write_sheets(edition: Edition, variant: Variant, fonts: FontConfiguration, sheets: Document,
                  path: Path) -> None:
    booklet = edition.booklet
    rendered, _, _ = lay_out(sheets, booklet.root, [], layout_roots(booklet.cache_dir), fonts,
                             output_for(booklet, variant), booklet.theme_root)
    rendered.metadata.created = rendered.metadata.modified = booklet.sources_date()
    rendered.write_pdf(path, pdf_variant=variant.pdf_standard, finisher=pack_profiles,
                       pdf_identifier=_identifier(sheets, variant, booklet))
    steady_document_id(path)


def _page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as opened:
        return len(opened.pages)


def _target(booklet: Booklet, lang: str, variant: Variant, out_dir: Path, draft: bool = False) -> Path:
    """build/<slug>-<lang>-<variant>.pdf; a draft never takes the proof's place: <slug>-<lang>-draft.pdf."""
    return out_dir / f"{booklet.spec.slug}-{lang}-{'draft' if draft else variant.name}.pdf"


def _keep_rejected(rendered: weasyprint.Document, path: Path) -> Path | None:
    """Write the layout that failed, for the designer to look at; None if it cannot be written."""
    try:
        write_pdf(rendered, path)
    except BookletError:  # the layout errors matter more than this file
        return None
    return path
