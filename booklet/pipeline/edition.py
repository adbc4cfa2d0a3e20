"""One edition through the stages, each step made once: the pipeline every command goes through.

`EditionPipeline(booklet, lang, variants)` takes a project, a language and a
group of variants whose pages lay out alike (the same bleed and stylesheets:
`variant_groups()` makes the groups).  Its steps, each computed on first use
and kept on the object:

    pages (load) → edition (derive: its texts) → fitted (copyfit: the plan)
    → images (place photos) → document(variant) (HTML) → laid_out(variant)
    (WeasyPrint's pages and the page map) → findings(variant) (the layout checks)

`build.py` writes PDFs from it; `booklet check`, `proofs` and `serve` reach it
through `build_all`; `booklet photos` asks it for `photo_rows()` (the plan an
earlier build cached, laying nothing out) and `booklet i18n where` and the PO
export for `printed_pages()`.  A derived edition (sr-Cyrl) is derived here,
for every command alike.  Copyfit plans once per pipeline, so once per group.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from types import TracebackType

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from booklet.checks.photolist import PhotoRow, photo_rows
from booklet.checks.preflight import check_layout, installed_checks
from booklet.content.edition import Edition, PageFile, Texts, load_pages, make_edition
from booklet.content.editiontexts import edition_texts
from booklet.content.leftbehind import translation_warnings
from booklet.core.cachefiles import layout_roots
from booklet.core.errors import BookletError, Diagnostic
from booklet.fitting.copyfit import Choice, copyfit, planned
from booklet.layout.html import Document, render_html
from booklet.layout.images import Images, Plan, place_images
from booklet.layout.overflow import explain_overflow, lengthened
from booklet.layout.pagemap import PageMap
from booklet.layout.typestyles import type_findings
from booklet.project.colour import load_profile, rgb_colours, screen_css
from booklet.project.config import Booklet
from booklet.project.variants import Variant
from booklet.render.pdf import Output, font_configuration, lay_out

GroupKey = tuple[bool, tuple[str, ...]]
"""What makes two variants' pages lay out alike: the bleed and the extra stylesheets."""


def group_key(variant: Variant) -> GroupKey:
    return (variant.bleed, variant.stylesheets)


def variant_groups(variants: Iterable[Variant]) -> list[tuple[Variant, ...]]:
    """The variants by what their pages lay out from, in the order given: one plan for each group."""
    groups: dict[GroupKey, list[Variant]] = {}
    for variant in variants:
        groups.setdefault(group_key(variant), []).append(variant)
    return [tuple(group) for group in groups.values()]


def default_group(booklet: Booklet) -> tuple[Variant, ...]:
    """The variants a command that builds nothing lays out as: those of the print PDF."""
    first = booklet.variants.get("print") or next(iter(booklet.variants.values()))
    return tuple(v for v in booklet.variants.values() if group_key(v) == group_key(first))


@dataclass
class LaidOut:
    """One variant's HTML as WeasyPrint laid it out, with the fonts it needs until it is written."""

    document: Document
    rendered: weasyprint.Document
    page_map: PageMap
    style_problems: list[BookletError]
    fonts: FontConfiguration


class EditionPipeline:
    """One edition in one group of variants; every step made once, on first use.

    A step that fails raises its BookletError each time it is asked for (and is
    made again: nothing wrong is kept), but for the photos: they are placed once
    per plan, for every group of the edition (`regrouped()`), and a failure to
    place them is told once.  Layouts keep their fonts open until `release()`
    or `close()` (or the end of a `with` block).
    """

    def __init__(self, booklet: Booklet, lang: str, variants: Iterable[Variant] | None = None, *,
                 pages: list[PageFile] | None = None, draft: bool = False, longer: float = 0.0,
                 edition: Edition | None = None,
                 placed: dict[tuple[tuple[str, str], ...], Images | BookletError] | None = None) -> None:
        self.booklet, self.lang = booklet, lang
        self.variants = tuple(variants or default_group(booklet))
        if len({group_key(v) for v in self.variants}) != 1:
            raise ValueError("a pipeline's variants must lay out alike: see variant_groups()")
        self.draft, self.longer = draft, longer
        if pages is not None:
            self.pages = pages
        if edition is not None:
            self.edition = edition
        self._placed = placed if placed is not None else {}
        """The photos placed for each plan, or why they could not be: shared by the groups."""
        self._documents: dict[tuple[str, bool], Document] = {}
        self._layouts: dict[tuple[str, bool], LaidOut] = {}
        self._fonts: dict[tuple[str, bool], contextlib.ExitStack] = {}

    def regrouped(self, variants: Iterable[Variant]) -> EditionPipeline:
        """The same edition for another group of variants: what is loaded and derived is shared."""
        return EditionPipeline(self.booklet, self.lang, variants, pages=self.pages, draft=self.draft,
                               longer=self.longer, edition=self.edition, placed=self._placed)

    # ---- load, derive, copyfit, photos ----------------------------------------------------------

    @cached_property
    def pages(self) -> list[PageFile]:
        return load_pages(self.booklet)

    @cached_property
    def texts(self) -> Texts:
        """The edition's texts: its language file, a derived edition made from its source, a draft
        filled with marked English, a check's pseudo-translation (editiontexts.py)."""
        texts = edition_texts(self.booklet, self.lang, self.pages, self.draft)
        return lengthened(texts, self.longer) if self.longer else texts

    @cached_property
    def edition(self) -> Edition:
        edition = make_edition(self.booklet, self.lang, self.pages, self.texts)
        edition.warnings += translation_warnings(self.booklet, self.lang)
        return edition

    @cached_property
    def fitted(self) -> tuple[Plan, list[Choice]]:
        """The copyfit's plan, made from a trial in this group's variant (copyfit.py)."""
        return copyfit(self.edition, self.variants[0])

    @property
    def plan(self) -> Plan:
        return self.fitted[0]

    @property
    def choices(self) -> list[Choice]:
        return self.fitted[1]

    @property
    def images(self) -> Images:
        """The photos found or drawn for the plan's frames (images.py)."""
        key = tuple(sorted(self.plan.items()))
        if key not in self._placed:
            try:
                self._placed[key] = place_images(self.edition, self.plan)
            except BookletError as exc:
                self._placed[key] = exc
        placed = self._placed[key]
        if isinstance(placed, BookletError):
            raise placed
        return placed

    @property
    def images_placed(self) -> bool:
        """Whether the photos of this plan were placed (or failed) for some group already."""
        return tuple(sorted(self.plan.items())) in self._placed

    @cached_property
    def planned(self) -> tuple[Plan, dict[str, tuple[int, ...]]] | None:
        """The plan and printed pages as an earlier trial of this group left them, laying nothing
        out; None when some page file was not tried as it is now."""
        return planned(self.edition, self.variants[0])

    def photo_rows(self) -> list[PhotoRow]:
        """Every photo frame and what fills it (photolist.py), with the pages an earlier build
        planned, laying nothing out."""
        plan, printed = self.planned or (None, None)
        return photo_rows(self.edition, place_images(self.edition, plan), plan, printed)

    # ---- HTML, layout, checks ---------------------------------------------------------------

    def document(self, variant: Variant, images: Images | None = None) -> Document:
        """The edition as the variant's HTML, with the photos placed (or those given: prepared for
        the variant's PDF, which lay out the same)."""
        key = (variant.name, images is not None)
        if key not in self._documents:
            self._mine(variant)
            self._documents[key] = render_html(self.edition, images or self.images, variant, self.plan)
        return self._documents[key]

    def laid_out(self, variant: Variant, images: Images | None = None) -> LaidOut:
        """The variant's pages as WeasyPrint lays them out, and the map of what landed where."""
        key = (variant.name, images is not None)
        if key not in self._layouts:
            document = self.document(variant, images)
            sheets = self.booklet.stylesheets({p.page.layout for p in self.edition.pages}, variant)
            stack = contextlib.ExitStack()
            try:
                fonts = stack.enter_context(font_configuration())
                rendered, page_map, problems = lay_out(
                    document, self.booklet.root, sheets, layout_roots(self.booklet.cache_dir), fonts,
                    output_for(self.booklet, variant), self.booklet.theme_root)
            except BaseException:
                stack.close()
                raise
            self._fonts[key] = stack
            self._layouts[key] = LaidOut(document, rendered, page_map, problems, fonts)
        return self._layouts[key]

    def findings(self, variant: Variant, images: Images | None = None) -> list[Diagnostic]:
        """The layout checks of the variant's pages, an overflow told with the texts it holds."""
        page_map = self.laid_out(variant, images).page_map
        found = explain_overflow(check_layout(page_map, self.lang, variant.errors, installed_checks()),
                                 page_map, self.edition)
        return found + type_findings(page_map, self.lang, self.booklet.spec.max_type_styles)

    def printed_pages(self) -> dict[str, tuple[int, ...]]:
        """The printed pages (1-based) of each page file, as this group lays them out."""
        printed: dict[str, set[int]] = {}
        for section in self.laid_out(self.variants[0]).page_map.sections.values():
            for page_file in section.page_files:  # a joined page file is on its joining one's pages
                printed.setdefault(page_file, set()).update(i + 1 for i in section.printed_on)
        return {path: tuple(sorted(numbers)) for path, numbers in printed.items()}

    def release(self, variant: Variant) -> None:
        """Forget the variant's layouts (once written): their pages and fonts are let go."""
        for key in [k for k in self._layouts if k[0] == variant.name]:
            del self._layouts[key]
            self._fonts.pop(key).close()

    def close(self) -> None:
        for variant in self.variants:
            self.release(variant)

    def __enter__(self) -> EditionPipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _mine(self, variant: Variant) -> None:
        if variant not in self.variants:
            raise ValueError(f"the variant {variant.name} is not of this pipeline's group")


def output_for(booklet: Booklet, variant: Variant) -> Output:
    """The stylesheets as the variant needs them: RGB for screens, and no RGB at all for a press."""
    profile = load_profile(booklet.profile, booklet.root) if booklet.profile else None
    if variant.colour == "rgb":
        restyle = functools.partial(screen_css, profile=profile) if profile else None
        return Output(variant.pdf_standard, restyle=restyle)
    return Output(variant.pdf_standard,
                  refuse=functools.partial(rgb_colours, root=booklet.root, profile=profile))


def printed_pages(booklet: Booklet, lang: str | None = None) -> dict[str, tuple[int, ...]]:
    """The printed pages of each page file in an edition (default: the default language's), as its
    print PDF lays them out; texts a translation lacks are filled with English, as in a draft."""
    with EditionPipeline(booklet, lang or booklet.spec.default_language, draft=True) as pipeline:
        return pipeline.printed_pages()
