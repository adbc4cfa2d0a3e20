"""Where each text is used: the page files and fields that name its key, and the pages it prints on.

`text_uses()` takes the page files; it returns every key's `Use`s (page file,
line, field, layout) without laying anything out.  `printed_pages()` lays out
an edition (print variant) and returns the printed pages (1-based) of each
page file, for `booklet i18n where` and the references of a PO export.
"""

from __future__ import annotations

from dataclasses import dataclass

from booklet.content.edition import Edition, PageFile, load_pages, make_edition
from booklet.content.editiontexts import edition_texts
from booklet.core.cachefiles import layout_roots
from booklet.layout.copyfit import copyfit
from booklet.layout.html import render_html
from booklet.project.config import Booklet
from booklet.project.schema import keys_in
from booklet.render.images import Images, Plan, place_images
from booklet.render.pdf import font_configuration, lay_out


@dataclass(frozen=True)
class Use:
    """One place a page file names a text."""

    page_file: str
    line: int
    field: str
    """The field of the page file, as a reader says it: milestones 2 › title."""
    layout: str


def _field(key_path: tuple[object, ...]) -> str:
    """('milestones', 1, 'title') → 'milestones 2 › title'."""
    parts: list[str] = []
    for step in key_path:
        if isinstance(step, int) and parts:
            parts[-1] += f" {step + 1}"
        else:
            parts.append(str(step))
    return " › ".join(parts)


def text_uses(pages: list[PageFile]) -> dict[str, list[Use]]:
    """Every key the pages use, in page order, with each place it is used."""
    uses: dict[str, list[Use]] = {}
    for page_file in pages:
        for key_path, key in keys_in(page_file.page):
            where = page_file.where(*key_path)
            uses.setdefault(str(key), []).append(
                Use(page_file.path, where.line, _field(key_path), page_file.page.layout))
    return uses


def printed_pages(booklet: Booklet, lang: str | None = None) -> dict[str, tuple[int, ...]]:
    """The printed pages of each page file in an edition (default: the default language's)."""
    lang = lang or booklet.spec.default_language
    pages = load_pages(booklet)
    edition = make_edition(booklet, lang, pages, edition_texts(booklet, lang, pages, draft=True))
    return laid_out_print(edition)[2]


def laid_out_print(edition: Edition) -> tuple[Plan, Images, dict[str, tuple[int, ...]]]:
    """The edition laid out as its print PDF would be: the plan, the photos, and the printed
    pages (1-based) of each page file."""
    booklet = edition.booklet
    plan, _ = copyfit(edition)
    images = place_images(edition, plan)
    variant = booklet.variants["print"]
    document = render_html(edition, images, variant, plan)
    sheets = booklet.stylesheets({p.page.layout for p in edition.pages}, variant)
    with font_configuration() as fonts:
        _, page_map, _ = lay_out(document, booklet.root, sheets, layout_roots(booklet.cache_dir), fonts,
                                 theme=booklet.theme_root)
    printed: dict[str, set[int]] = {}
    for section in page_map.sections.values():
        printed.setdefault(section.page_file, set()).update(i + 1 for i in section.printed_on)
    return plan, images, {path: tuple(sorted(numbers)) for path, numbers in printed.items()}


def pages_shown(numbers: tuple[int, ...]) -> str:
    """Printed pages as a reader says them: 'page 5', 'pages 12–13'."""
    if not numbers:
        return "no printed page"
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]}–{numbers[-1]}"
    return "pages " + ", ".join(map(str, numbers))
