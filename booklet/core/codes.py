"""Every diagnostic code booklet uses, with its severity and what it means: one table.

A `Diagnostic` names its kind by a code ('overflow', 'missing', 'resolution');
`CODES` says, once, how serious each is and what it means, so that two stages
finding the same cause use one code with one severity, and `booklet codes`
can explain them.  The severity is the one a finding of that kind has as
found; a variant's `errors:` in booklet.yaml can make a warning an error for
that variant.  A check a theme registers (registry.py) brings its own code,
severity and meaning; `all_codes()` has them too.  tests/test_codes.py walks
booklet's source and fails on a code used anywhere but missing here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from booklet.core.errors import BookletError, Severity, did_you_mean


@dataclass(frozen=True)
class Code:
    """One kind of diagnostic."""

    name: str
    severity: Severity
    """As found; a variant's `errors:` can make a warning an error."""
    stage: str
    """Where it is found: project, content, translation, photos, layout, pdf."""
    meaning: str


def _table(*codes: Code) -> dict[str, Code]:
    return {code.name: code for code in codes}


CODES: dict[str, Code] = _table(
    # project: booklet.yaml, layouts, page files, styles
    Code("input", "error", "project", "A file of the project is not what booklet expects: a YAML "
         "mistake, an unknown or missing field, a wrong value, a missing file, a command-line name."),
    Code("layout", "error", "project", "A layout's template fails while the pages are rendered."),
    Code("arrangement", "error", "project", "No arrangement of a layout prints everything a page has."),
    Code("profile", "error", "project", "The colour profile is missing or not a CMYK printing profile."),
    Code("css", "warning", "project", "WeasyPrint ignored a declaration or rule of a stylesheet."),
    Code("css-url", "error", "project", "A stylesheet's url() names a file that cannot be loaded."),
    Code("css-page", "error", "project", "A stylesheet sets the page size or bleed (booklet.yaml does)."),
    Code("css-colour", "error", "project", "A colour of the styles cannot be converted to RGB for screen."),
    # content: the page files and the language files
    Code("missing", "error", "content", "A text a page uses is not in the edition's language file."),
    Code("unused-text", "warning", "content", "A text of the language file is used by no page."),
    Code("draft-english", "warning", "content", "A draft proof shows English for missing texts."),
    Code("glyph", "error", "content", "A text has a character the booklet's fonts cannot draw."),
    Code("language-fallback", "warning", "content", "booklet knows nothing of an edition's language "
         "(quotes, ties, abbreviations) and the language file says nothing: English's rules are used."),
    Code("quotes", "warning", "content", "A text was typed with quotation marks of another style than "
         "the edition's; they are set in the edition's style."),
    Code("plural", "error", "content", "A text's plural form names no number placeholder, or not the "
         "forms the language's CLDR plural rules need."),
    # translation: a translated text held against the English
    Code("placeholder", "error", "translation", "A {placeholder} of the English is missing or extra in a "
         "translation, or a number a page file gives its texts is printed by none of them."),
    Code("emphasis", "error", "translation", "A translation has not the English's bold and italics."),
    Code("list-items", "error", "translation", "A translation's list has not the English's items."),
    Code("paragraphs", "error", "translation", "A translation has not the English's paragraphs."),
    Code("blank", "error", "translation", "A translated text is empty or holds only invisible characters."),
    Code("english-left", "warning", "translation", "A translated text is the English word for word; an "
         "error for print when booklet.yaml asks for complete translations."),
    Code("term", "warning", "translation", "A translation renders a term otherwise than the language's "
         "termbase (content/terms/) says."),
    Code("conflict", "error", "translation", "A PO file would overwrite a text changed in the language "
         "file since the export, or a reviewed one (i18n import --overwrite does)."),
    # photos
    Code("standin", "warning", "photos", "A print PDF still has labelled stand-ins for photos."),
    Code("standin-found", "warning", "photos", "A photo marked `standin: true` is in assets/images/ now."),
    Code("resolution", "error", "photos", "A photo has fewer pixels than its frame needs in this variant."),
    Code("low-resolution", "warning", "photos", "A photo has fewer pixels than its frame should have."),
    # layout: the laid-out pages, before the PDF is written
    Code("overflow", "error", "layout", "A page's text does not fit the pages its layout makes."),
    Code("blank-page", "error", "layout", "A layout made an empty page."),
    Code("page-side", "error", "layout", "A page meant for one hand (left or right) falls on the other."),
    Code("overfull-line", "error", "layout", "A line runs past its column."),
    Code("lost-text", "error", "layout", "Text is cut off by its box, or a style does not show it."),
    Code("hidden-text", "error", "layout", "Text is laid out but a style makes it invisible."),
    Code("text-off-page", "error", "layout", "Text runs past the edge of the trimmed page."),
    Code("text-over-text", "error", "layout", "A positioned box prints over other text."),
    Code("margin-text-cut", "error", "layout", "A running head or folio is cut off at its box or the page."),
    Code("margin-text-wraps", "warning", "layout", "A running head or folio breaks onto two lines."),
    Code("loose-line", "warning", "layout", "A line breaks with most of it empty."),
    Code("hyphen-ladder", "warning", "layout", "Three or more lines in a row end in a hyphen."),
    Code("stranded-word", "warning", "layout", "A heading's last line is one short word."),
    Code("short-last-line", "warning", "layout", "A paragraph ends in one short word alone on its line."),
    Code("one-word-last-line", "warning", "layout", "A body paragraph ends on a line of one long word."),
    Code("broken-tie", "warning", "layout", "A line breaks inside a date, after a place-name pair's slash "
         "or after a one-letter word the language ties to the next."),
    Code("type-styles", "warning", "layout", "The laid-out pages use more font/size pairs than "
         "booklet.yaml's max_type_styles allows."),
    Code("reversed-serif", "warning", "layout", "Serif text under 12 pt is light on a dark ground: its "
         "hairlines fill in on press."),
    Code("page-count", "warning", "layout", "The page count is not a multiple of 4 (a stapled booklet's)."),
    # pdf: the written PDF, read back
    Code("pdf-unreadable", "error", "pdf", "The written PDF cannot be read back."),
    Code("rgb-colour", "error", "pdf", "RGB colour in a CMYK variant: in the styles, or in the PDF."),
    Code("output-intent", "error", "pdf", "A PDF/X file has no output intent with an ICC profile."),
    Code("pdfx-version", "error", "pdf", "The PDF does not declare the PDF/X version it should."),
    Code("trapped", "error", "pdf", "A PDF/X file does not say whether it is trapped."),
    Code("font-embedding", "error", "pdf", "A font is not embedded in the PDF."),
    Code("page-boxes", "error", "pdf", "The PDF's trim and bleed boxes are not the booklet's."),
    Code("ink-limit", "error", "pdf", "Some colour has more total ink than the variant allows."),
    Code("transparency", "error", "pdf", "A PDF/X-1a file has transparency."),
    Code("tagged", "error", "pdf", "A screen PDF is not tagged, or does not say its language."),
    Code("alt-text", "error", "pdf", "A photo of a screen PDF has no alternative text."),
    Code("document-title", "error", "pdf", "A screen PDF has no title."),
    Code("heading-levels", "error", "pdf", "A screen PDF's headings skip a level."),
)
"""The engine's codes, by name."""


def all_codes(extra: Iterable[Code] = ()) -> dict[str, Code]:
    """The engine's codes and those of registered checks (extra), by name."""
    return {**CODES, **{code.name: code for code in extra}}


def code_named(name: str, codes: dict[str, Code] | None = None) -> Code:
    """The code called name; a BookletError with a did-you-mean for one that does not exist."""
    table = CODES if codes is None else codes
    if name not in table:
        raise BookletError(f"no diagnostic code '{name}'{did_you_mean(name, table)}",
                           hint="booklet codes lists them")
    return table[name]


def severity_of(name: str) -> Severity:
    """The severity a finding of this engine code has as found."""
    return CODES[name].severity
