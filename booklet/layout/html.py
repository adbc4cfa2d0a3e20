"""Stage 3, layout — html: render one edition's pages through the Jinja2 layouts.

Takes an `Edition` and its `Images`; returns a `Document`: one HTML string
whose every printed page is a `<section class="page">` naming the page file
it came from, plus the generated CSS (fonts, page size and photo frames from
booklet.yaml).  Words are formatted here, for the edition's locale: numbers
and dates with Babel, inline Markdown with markdown-it-py.  Every text the
templates print carries its key (`data-key`, `Anchored`), so the laid-out
page says where each text of the language file landed (textboxes.py).
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

from booklet.content.edition import Edition, PageFile, Text
from booklet.content.editiontexts import marked_if_english
from booklet.content.plurals import PLURAL, choose
from booklet.content.ties import pulled_down, tie
from booklet.content.typography import format_date, format_years, rules_for
from booklet.core.errors import BookletError, Location
from booklet.layout.images import Images, Plan
from booklet.layout.langspans import mark_languages, marks_for
from booklet.layout.templates import render
from booklet.layout.textboxes import KEY_ATTRIBUTE
from booklet.project.arrangements import JOINED, Arrangement, all_frames
from booklet.project.config import page_side
from booklet.project.layouts import joins_of
from booklet.project.schema import Key
from booklet.project.variants import VARIANTS, Variant
from booklet.project.viewmodel import Plain, page_view, plain, text_functions

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_INLINE = MarkdownIt("zero", {"typographer": False}).enable(["emphasis", "newline"])
_LAST_SPACE = re.compile(r" (?=[^ <>]+(?:<[^>]*>[^ <>]*)*$)")
"""The space before a text's last word (not inside a tag)."""
_WORD_SLASH = re.compile(r"(?<=\w)/(?=\w)")
_RANGE_DASH = re.compile(r"(?<=\d)\u2013(?=\d)")
_BLOCK = MarkdownIt("zero").enable(["emphasis", "newline", "list"])
_SPACE_BEFORE_INLINE = re.compile(r" (<(?:strong|em)>|<span lang=\"[^\"]*\">)")
"""A space and the inline element after it (emphasis, a language's span): see `_spaced_in`."""


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
        self.marks = marks_for(edition.lang, edition.texts.settings.foreign)
        self.rules = rules_for(edition.lang, edition.locale, edition.texts.settings)
        self.heading_pair = self.rules.last_words.heading
        """A heading's last two words are tied when together (from a hyphen) no longer than this."""

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

    def title(self, key: Key | str, **values: Any) -> Markup:
        """A heading: inline, its last two words tied so the last never stands alone on a line."""
        html = str(self.inline(key, marked=False, **values))
        plain = re.sub(r"<[^>]*>", "", html)
        units = plain.split(" ")  # words a no-break space joins are one
        last = units[-1].split("\u00a0")
        # Tied already (ties.py), unless only by a one-letter word ("e Kosovës"): a heading's
        # last line then takes the word before too, within the limit ("Kuvendin e Kosovës").
        tied = len(last) > 1 and not (len(last) == 2 and len(last[0]) == 1)
        if len(units) >= 2 and not tied and pulled_down(units[-2], units[-1]) <= self.heading_pair:
            html = _LAST_SPACE.sub("\u00a0", html, count=1)
        html = _WORD_SLASH.sub("/\u2060", html)  # Prištini/Prishtinë stays whole
        return Markup(_RANGE_DASH.sub("\u2060\u2013\u2060", html))  # 1999–2024 stays whole

    def block(self, key: Key | str, marked: bool = True, **values: Any) -> Markup:
        """A text as paragraphs and lists, placeholders filled (see inline)."""
        text = self.text(key)
        return self._fill(text, Markup(marked_if_english(text, _BLOCK.render(text.value), block=True)),
                          values, marked)

    def paragraphs(self, key: Key | str, start: int, stop: int | None = None, **values: Any) -> Markup:
        """Some of a text's paragraphs and lists, [start:stop] as in Python: a lead apart from the rest."""
        text = self.text(key)
        blocks = [t.map for t in _BLOCK.parse(text.value) if t.level == 0 and t.nesting == 1 and t.map]
        chosen = blocks[start:stop]
        if not chosen:
            return Markup("")
        lines = text.value.splitlines()
        part = "\n".join(lines[chosen[0][0]:chosen[-1][1]])
        return self._fill(text, Markup(marked_if_english(text, _BLOCK.render(part), block=True)),
                          values, True)

    def length(self, key: str) -> int:
        """How many characters a text has: views weigh texts by it."""
        return len(self.text(key).value)

    def plain(self, key: Key | str) -> str:
        """A text without markup, for alt text and metadata."""
        return re.sub(r"[*_]", "", self.text(key).value)

    def tied(self, words: str) -> str:
        """Words a view made of the edition's texts (a pull quote: a text's first sentence) with
        the ties a text gets (content/ties.py): its last word, a date, a one-letter word."""
        return tie(words, self.rules)

    def number(self, value: int) -> str:
        _expect("number", value, int)
        return babel.numbers.format_decimal(value, locale=self.locale)

    def date(self, value: dt.date) -> str:
        _expect("date", value, dt.date)
        return format_date(value, self.locale, self.edition.lang, self.edition.texts.settings)

    def years(self, start: int, end: int | None = None) -> str:
        """A range of years in the house style, e.g. 1999–2024 (typography.py)."""
        _expect("years", start, int)
        if end is not None:
            _expect("years", end, int)
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

        def word(match: re.Match[str]) -> str:
            name, value = match.group(1), values.get(match.group(1))
            if isinstance(value, bool) or not isinstance(value, int):
                raise BookletError(f"the plural form {{{name}|…}} in '{text.key}' needs a number in "
                                   f"{{{name}}}, and this place gives {value!r}", text.where,
                                   hint="choose words by a number only")
            return choose(match.group(2), value, self.locale)

        return Markup(_spaced_in(mark_languages(_PLACEHOLDER.sub(put, PLURAL.sub(word, str(html))),
                                                self.marks)))


def _spaced_in(html: str) -> str:
    """The space before an inline element moved into it: "the <strong>Council" as "the<strong> Council".

    WeasyPrint 70 cannot break a line at a space that ends the text before an inline element
    (its issue 1614: a box boundary is treated almost as a word).  Where the element's first
    word no longer fits, it goes back to an earlier break and leaves a line of one word: a
    statement on a colour page broke after "Meeting," with most of the line empty.  Inside the
    element the space is a break like any other.  Only for elements in the text's own size
    (emphasis, a language's span): a figure's number is larger and its space would be too.
    """
    return _SPACE_BEFORE_INLINE.sub(lambda m: f"{m.group(1)} ", html)


_BLOCK_TAG = re.compile(r"<(p|li|ul|ol|h[1-6]|blockquote)(?=[\s>])")


def anchored_inline(key: Key | str, html: Markup) -> Markup:
    """Inline text in a span naming its key: an inline element without a style, which lays out as
    its text alone."""
    return Markup(f'<span {KEY_ATTRIBUTE}="{escape(str(key))}">{html}</span>')


def anchored_blocks(key: Key | str, html: Markup) -> Markup:
    """Paragraphs and lists with their key on each element: an attribute, so nothing moves."""
    return Markup(_BLOCK_TAG.sub(lambda m: f'<{m.group(1)} {KEY_ATTRIBUTE}="{escape(str(key))}"', str(html)))


class Anchored:
    """What the templates call as `t`: Words' functions, each text printed carrying its key."""

    def __init__(self, words: Words) -> None:
        self._words = words
        self.plain, self.number, self.date, self.years = words.plain, words.number, words.date, words.years

    def inline(self, key: Key | str, marked: bool = True, **values: Any) -> Markup:
        return anchored_inline(key, self._words.inline(key, marked, **values))

    def title(self, key: Key | str, **values: Any) -> Markup:
        return anchored_inline(key, self._words.title(key, **values))

    def block(self, key: Key | str, marked: bool = True, **values: Any) -> Markup:
        return anchored_blocks(key, self._words.block(key, marked, **values))

    def paragraphs(self, key: Key | str, start: int, stop: int | None = None, **values: Any) -> Markup:
        return anchored_blocks(key, self._words.paragraphs(key, start, stop, **values))


def _expect(name: str, value: object, kind: type) -> None:
    """A template may pass anything: say what t.name takes (the layout error gives the line)."""
    if isinstance(value, bool) or not isinstance(value, kind):
        wanted = "a date" if kind is dt.date else "a whole number"
        raise TypeError(f"t.{name}() takes {wanted}, not {value!r}")


class Pager:
    """Counts the pages the layouts open, so each knows whether it is a left or right page."""

    def __init__(self) -> None:
        self._count = 0

    @property
    def count(self) -> int:
        """How many pages the layouts have opened."""
        return self._count

    def next_side(self) -> str:
        """The side of the next page."""
        self._count += 1
        return page_side(self._count)


COLUMN_GAP_MM = 6.0
"""The gap of the two-column grid every layout shares (--column is one column, --measure 1.6)."""


def frame_css(edition: Edition, bleed: bool = True) -> str:
    """The @page rules and CSS variables for page geometry and photo frames.

    Each frame of the layouts gives --frame-NAME-width and -height (with
    bleed, in mm) and -share (its height as a share of the trimmed page).
    Without bleed (a screen variant) pages are the trimmed size and frames
    stop at the trim.
    """
    spec = edition.booklet.spec
    bleed_mm = spec.bleed if bleed else 0.0
    m = spec.margins
    area_w, area_h = spec.trim.width - m.inner - m.outer, spec.trim.height - m.top - m.bottom
    column = (area_w - COLUMN_GAP_MM) / 2
    lines = [
        f"--trim-width: {spec.trim.width}mm;", f"--trim-height: {spec.trim.height}mm;",
        # The grid as plain lengths: WeasyPrint cannot nest calc() in calc().
        f"--area-width: {area_w:.2f}mm;", f"--area-height: {area_h:.2f}mm;",
        # The same as numbers (mm), for sizes that follow the page: calc() cannot divide a length.
        f"--trim-width-mm: {spec.trim.width:.2f};", f"--trim-height-mm: {spec.trim.height:.2f};",
        f"--area-width-mm: {area_w:.2f};", f"--area-height-mm: {area_h:.2f};",
        f"--column-gap: {COLUMN_GAP_MM}mm;", f"--column: {column:.2f}mm;",
        f"--measure: {column * 1.6:.2f}mm;",
        f"--bleed: {bleed_mm}mm;",
        *(f"--margin-{side}: {getattr(spec.margins, side)}mm;"
          for side in ("top", "bottom", "inner", "outer")),
    ]
    for frame in all_frames(edition.booklet.layouts):
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
        url = edition.booklet.file(font.file).resolve().as_uri()
        rules.append(f'@font-face {{ font-family: "{font.family}"; src: url("{url}"); '
                     f"font-weight: {font.weight}; font-style: {font.style}; }}")
    return "\n".join(rules) + "\n"


def render_html(edition: Edition, images: Images | None, variant: Variant = VARIANTS["print"],
                plan: Plan | None = None) -> Document:
    """Render every page of the edition, as the variant wants them, into one HTML document.

    plan gives the arrangement of each page that has them (JOINED: laid out by
    the page file before it, in its joining arrangement, whose view gets this
    one's page and view as `joined`); without a plan (the copyfit's trial) every
    arrangement a page may take is rendered, one after another, joining ones
    with the next page file, and images may be None: photos are placed absolutely, so
    the text lays out the same without them.
    """
    booklet = edition.booklet
    words = Words(edition)
    by_path = {p.path: p for p in edition.pages}

    def page_file(page: dict[str, Any]) -> PageFile:
        try:
            return by_path[page["path"]]
        except (KeyError, TypeError):
            raise ValueError("expected one of the edition's pages") from None

    joins = joins_in(edition)

    def arrangements(page: dict[str, Any]) -> list[str | None]:
        chosen = page_file(page)
        layout = booklet.layouts[chosen.page.layout]
        if not layout.arrangements:
            return [None]
        if plan is not None:
            return [] if plan[chosen.path] == JOINED else [plan[chosen.path]]
        joining = joins[chosen.path][1] if chosen.path in joins else []
        return [a.name for a in [*layout.candidates(chosen.page), *joining]]

    def own_view(chosen: PageFile, arrangement: str | None) -> Plain:
        function = booklet.layouts[chosen.page.layout].view_function
        return plain(function(chosen.page, words, arrangement) if function else {})

    def view_of(page: dict[str, Any], arrangement: str | None) -> Plain:
        chosen = page_file(page)
        view = own_view(chosen, arrangement)
        joining = booklet.layouts[chosen.page.layout].arrangements.get(arrangement or "")
        if joining is not None and joining.joins and isinstance(view, dict):
            # The next page file, as plain data: its page as a template sees it, and its view.
            following = by_path[joins[chosen.path][0]] if chosen.path in joins else _next(edition, chosen)
            joined = {"page": page_view(following), "view": own_view(following, arrangement)}
            view = {**view, "joined": joined}
        return view

    def image_url(file: str) -> str:
        if images is None:
            return _NO_PHOTO
        if file not in images:
            raise ValueError(f"no photo {file!r} in this edition")
        return images[file].path.as_uri()

    def template_of(page: dict[str, Any]) -> str:
        return booklet.layouts[page_file(page).page.layout].template

    names = dict(t=text_functions(Anchored(words)), pager=Pager(), image_url=image_url,
                 arrangements=arrangements, view_of=view_of, template_of=template_of)
    html = render([root / "layouts" for root in booklet.roots], booklet.root, "booklet.html.j2", names,
                  {"pages": [page_view(p) for p in edition.pages], "lang": edition.lang})
    profile = booklet.profile if variant.colour == "cmyk" else None
    return Document(html, font_css(edition) + frame_css(edition, variant.bleed) + profile_css(profile))


def joins_in(edition: Edition) -> dict[str, tuple[str, list[Arrangement]]]:
    """Per page file of the edition that may join the next (layouts.joins_of): the next one's
    path and the joining arrangements the two may take."""
    return joins_of(edition.booklet.layouts, [(p.path, p.page) for p in edition.pages])


def _next(edition: Edition, page_file: PageFile) -> PageFile:
    """The page file after page_file (a plan joins it to page_file: it is there)."""
    index = edition.pages.index(page_file)
    if index + 1 >= len(edition.pages):
        raise ValueError(f"{page_file.path} has no page file after it to join")
    return edition.pages[index + 1]


_NO_PHOTO = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
"""A 1-pixel image for the trial layout, where the photos' pixels do not matter."""
