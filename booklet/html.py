"""Stage 4, html: render one edition's pages through the Jinja2 layouts.

Takes an `Edition` and its `Images`; returns a `Document`: one HTML string
whose every printed page is a `<section class="page">` naming the page file
it came from, plus the generated CSS (fonts, page size and photo frames from
booklet.yaml).  Words are formatted here, for the edition's locale: numbers
and dates with Babel, inline Markdown with markdown-it-py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import babel.numbers
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from booklet.config import page_side
from booklet.content import Edition, Text
from booklet.editiontexts import marked_if_english
from booklet.errors import BookletError, Location, raise_all
from booklet.images import FRAMES, Images
from booklet.schema import Key, Milestone
from booklet.templates import render
from booklet.typography import format_date, format_years
from booklet.variants import VARIANTS, Variant

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_INLINE = MarkdownIt("zero", {"typographer": False}).enable(["emphasis", "newline"])
_BLOCK = MarkdownIt("zero").enable(["emphasis", "newline", "list"])


@dataclass(frozen=True)
class Document:
    """The HTML of one edition and the CSS generated for it."""

    html: str
    css: str


class Words:
    """Looks up and formats the edition's texts for the layouts."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.locale = edition.locale

    def text(self, key: str) -> Text:
        try:
            return self.edition.texts[key]
        except KeyError:
            raise BookletError(f"no text '{key}' (the layouts need it)",
                               Location(self.edition.texts.path)) from None

    def inline(self, key: Key | str, marked: bool = True, **values: Any) -> Markup:
        """A text as one line of inline Markdown, placeholders filled.

        With marked, each filled number is a <span class="num"> the styles can
        set apart; running text passes marked=False, because WeasyPrint breaks
        a line badly when an unbreakable inline element falls at its end.
        """
        text = self.text(key)
        return self._fill(text, Markup(marked_if_english(text, _INLINE.renderInline(text.value))), values,
                          marked)

    def block(self, key: Key | str, marked: bool = True, **values: Any) -> Markup:
        """A text as paragraphs and lists, placeholders filled (see inline)."""
        text = self.text(key)
        return self._fill(text, Markup(marked_if_english(text, _BLOCK.render(text.value), block=True)),
                          values, marked)

    def plain(self, key: Key | str) -> str:
        """A text without markup, for alt text and metadata."""
        return re.sub(r"[*_]", "", self.text(key).value)

    def number(self, value: int) -> str:
        return babel.numbers.format_decimal(value, locale=self.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, self.locale, self.edition.lang, self.edition.texts.settings)

    def years(self, start: int, end: int | None = None) -> str:
        """A range of years in the house style, e.g. 1999–2024 (typography.py)."""
        return format_years(start, end)

    def _fill(self, text: Text, html: Markup, values: dict[str, Any], marked: bool) -> Markup:
        def put(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                offer = ", ".join(f"{{{v}}}" for v in values) or "none"
                raise BookletError(f"unknown placeholder {{{name}}} in '{text.key}'", text.where,
                                   hint=f"this place offers {offer}")
            value = values[name]
            if isinstance(value, bool) or not isinstance(value, (int, dt.date)):
                return str(escape(value))
            shown = escape(self.number(value) if isinstance(value, int) else self.date(value))
            return f'<span class="num">{shown}</span>' if marked else str(shown)

        return Markup(_PLACEHOLDER.sub(put, str(html)))


class Pager:
    """Counts the pages the layouts open, so each knows whether it is a left or right page."""

    def __init__(self) -> None:
        self.count = 0

    def next_side(self) -> str:
        """The side of the next page."""
        self.count += 1
        return page_side(self.count)


def _weight(milestone: Milestone, words: Words) -> float:
    """A rough measure of the room a milestone takes: its characters, titles counting more."""
    body = words.text(milestone.body).value if milestone.body else ""
    return len(words.text(milestone.title).value) * 1.6 + len(body) + 80


def spread_density(milestones: list[Milestone], words: Words) -> str:
    """'airy', 'regular' or 'dense': which type size a year spread's milestones are set in."""
    total = sum(_weight(m, words) for m in milestones)
    return "airy" if total < 700 else "regular" if total < 2400 else "dense"


def split_milestones(milestones: list[Milestone], words: Words, left_room: float,
                     right_room: float) -> tuple[list[Milestone], list[Milestone]]:
    """Share a year's milestones between its two pages so both are about as full.

    The rooms are the relative space each page has left for milestones; the
    weights are text lengths, which only balance the pages — whether they fit
    is decided by the layout check after rendering.
    """
    weights = [_weight(m, words) for m in milestones]
    best, best_load = 0, float("inf")
    for k in range(len(milestones) + 1):
        load = max(sum(weights[:k]) / left_room, sum(weights[k:]) / right_room)
        if load < best_load:
            best, best_load = k, load
    return milestones[:best], milestones[best:]


def frame_css(edition: Edition, bleed: bool = True) -> str:
    """The @page rules and CSS variables for page geometry and photo frames.

    Each frame of images.FRAMES gives --frame-NAME-width and -height (with
    bleed, in mm) and -share (its height as a share of the trimmed page).
    Without bleed (a screen variant) pages are the trimmed size and frames
    stop at the trim.
    """
    spec = edition.booklet.spec
    bleed_mm = spec.bleed if bleed else 0.0
    lines = [
        f"--trim-width: {spec.trim.width}mm;", f"--trim-height: {spec.trim.height}mm;",
        f"--bleed: {bleed_mm}mm;",
        *(f"--margin-{side}: {getattr(spec.margins, side)}mm;"
          for side in ("top", "bottom", "inner", "outer")),
    ]
    for frame in {f.name: f for f in FRAMES.values()}.values():
        w, h = frame.size_mm(edition.booklet)
        if frame.bleeds and not bleed:
            w, h = w - 2 * spec.bleed, h - 2 * spec.bleed
        lines += [f"--frame-{frame.name}-width: {w:.2f}mm;", f"--frame-{frame.name}-height: {h:.2f}mm;",
                  f"--frame-{frame.name}-share: {frame.height};"]
    page = (f"@page {{ size: {spec.trim.width}mm {spec.trim.height}mm; bleed: {bleed_mm}mm; "
            f"margin: {spec.margins.top}mm {spec.margins.outer}mm {spec.margins.bottom}mm "
            f"{spec.margins.inner}mm; }}\n"
            f"@page :left {{ margin-left: {spec.margins.outer}mm; "
            f"margin-right: {spec.margins.inner}mm; }}\n")
    return page + ":root {\n  " + "\n  ".join(lines) + "\n}\n"


def profile_css(profile: Path | None) -> str:
    """The @color-profile rule that gives a CMYK PDF its output intent (empty without a profile)."""
    if profile is None:
        return ""
    return (f'@color-profile device-cmyk {{ src: url("{profile.resolve().as_uri()}"); '
            "components: cyan, magenta, yellow, black; }\n")


def font_css(edition: Edition) -> str:
    """@font-face rules for the bundled fonts listed in booklet.yaml."""
    rules = []
    for font in edition.booklet.spec.fonts:
        url = (edition.booklet.root / font.file).resolve().as_uri()
        rules.append(f'@font-face {{ font-family: "{font.family}"; src: url("{url}"); '
                     f"font-weight: {font.weight}; font-style: {font.style}; }}")
    return "\n".join(rules) + "\n"


def render_html(edition: Edition, images: Images, layouts_dir: Path,
                variant: Variant = VARIANTS["print"]) -> Document:
    """Render every page of the edition, as the variant wants them, into one HTML document."""
    missing = [BookletError(f"no layout template layouts/{p.page.layout}.html.j2", p.where("layout"))
               for p in edition.pages if not (layouts_dir / f"{p.page.layout}.html.j2").is_file()]
    raise_all(missing)
    words = Words(edition)
    names = dict(t=words, images=images, split_milestones=split_milestones, pager=Pager(),
                 spread_density=spread_density, image_url=lambda file: images[file].path.as_uri())
    html = render(layouts_dir, edition.booklet.root, "booklet.html.j2", names,
                  {"edition": edition, "lang": edition.lang})
    profile = edition.booklet.profile if variant.colour == "cmyk" else None
    return Document(html, font_css(edition) + frame_css(edition, variant.bleed) + profile_css(profile))
