"""Typographic faults a demanding art director sends back, read from WeasyPrint's line boxes.

`read_paragraphs()` takes the laid-out pages as boxes.py reads them
(pagemap.map_pages calls it) and returns every paragraph of the pages' sections as the lines it
was broken into.  The checks take the `PageMap` that carries them and yield
(message, Location) for preflight's `LAYOUT_CHECKS`: hyphen ladders (more
than two lines in a row broken inside a word), a heading whose last line is
one word, and a justified paragraph that ends in a stub of a word.

How a hyphenated line looks in WeasyPrint 70: when it breaks a word
(hyphens: auto, or at a soft hyphen) it appends the element's
hyphenate-character (U+2010 by default) to the text of the line's last text
box — its text then ends in it, although the written text has none
there.  A hyphen the author wrote (U+002D in "Inter-Community", or a U+2010
typed into the text) is checked against the written text and not counted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from booklet.content.typography import rules_for
from booklet.core.errors import Location
from booklet.layout.boxes import Box, PageBoxes

if TYPE_CHECKING:
    from booklet.layout.pagemap import PageMap

LONGEST_LADDER = 2
"""Lines in a row that may end in a hyphen: the usual house rule of book typography."""
SHORTEST_LAST_WORD = 5
"""Characters (punctuation aside) a lone word on a paragraph's last line needs not to be a stub."""
HEADINGS = frozenset({"h1", "h2", "h3"})
"""Elements that are headings; a layout marks any other with role="heading" or data-heading."""
_SOFT_HYPHEN = "\u00ad"
_FIRST_WORDS = 5


@dataclass(frozen=True)
class Line:
    """One line of a paragraph as WeasyPrint laid it out."""

    page: int
    """0-based index of the printed page it is on."""
    text: str
    """Its text, without generated text (list markers, ::before)."""
    hyphen: str
    """The hyphen hyphenation added at its end ('' if none did; a hyphen of the text is not one)."""
    forced: bool = False
    """Whether the text itself ends it (a <br>), not the measure."""

    @property
    def hyphenated(self) -> bool:
        return bool(self.hyphen)


@dataclass
class Paragraph:
    """A block of text (a <p>, a heading, a list item) and the lines it was broken into.

    A paragraph that runs onto the next page is one Paragraph: its last line
    is where it really ends, and a ladder over the page break still counts.
    """

    section: str
    """The id of the section (data-section) it belongs to."""
    written: str
    """Its text as written in the HTML."""
    key: str
    """The text key a layout put on it or around it (data-key), or ''."""
    heading: bool
    justified: bool
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Its words as printed, the words hyphenation broke made whole again."""
        return "".join(line.text.removesuffix(line.hyphen) if line.hyphen else line.text + " "
                       for line in self.lines)

    @property
    def name(self) -> str:
        """How a message names it: its key if it has one, else its first words in quotes."""
        words = self.text.split()
        quoted = " ".join(words[:_FIRST_WORDS]) + ("…" if len(words) > _FIRST_WORDS else "")
        return f"{self.key} (“{quoted}”)" if self.key else f"“{quoted}”"


def read_paragraphs(pages: list[PageBoxes]) -> list[Paragraph]:
    """Every paragraph inside a section of the laid-out pages, line by line."""
    found: list[Paragraph] = []
    fragments: dict[int, Paragraph] = {}
    for page in pages:
        _read(page.box, _Place(page.index, None, ""), found, fragments)
    return found


@dataclass(frozen=True)
class _Place:
    page: int
    section: str | None
    key: str


def _read(box: Box, place: _Place, found: list[Paragraph], fragments: dict[int, Paragraph]) -> None:
    element = box.element
    tag = box.tag
    if "::" in tag or (element is not None and element.get("data-margin") is not None):
        return  # generated text, or text a layout sends to a margin box (checked there)
    if element is not None:
        section = element.get("data-section") if tag == "section" else None
        place = _Place(place.page, section or place.section, element.get("data-key") or place.key)
    lines = [child for child in box.children if child.kind == "line"]
    if lines and place.section is not None:
        paragraph = _paragraph(box, element, place, found, fragments)
        paragraph.lines += _lines(lines, place.page, _squash(paragraph.written))
    for child in box.children:
        if child.kind != "line":
            _read(child, place, found, fragments)


def _paragraph(box: Box, element: Element | None, place: _Place, found: list[Paragraph],
               fragments: dict[int, Paragraph]) -> Paragraph:
    """The paragraph a block belongs to: a new one, or the one it continues from an earlier page."""
    # An anonymous block (text beside a list in one element) is not merged: its
    # element holds other blocks too.
    anonymous = box.anonymous
    earlier = None if anonymous or element is None else fragments.get(id(element))
    if earlier is not None and earlier.lines and earlier.lines[-1].page < place.page:
        return earlier
    written = "".join(element.itertext()) if element is not None else ""
    heading = element is not None and (box.tag in HEADINGS or element.get("role") == "heading"
                                       or element.get("data-heading") is not None)
    paragraph = Paragraph(str(place.section), written, place.key, heading,
                          box.style is not None and box.style.justified)
    found.append(paragraph)
    if element is not None and not anonymous:
        fragments[id(element)] = paragraph
    return paragraph


def _lines(lines: list[Box], page: int, written: str) -> Iterator[Line]:
    every = [[t for t in _text_boxes(line) if t.text] for line in lines]
    texts = [[t for t in boxes if "::" not in t.tag] for boxes in every]
    for number, boxes in enumerate(texts):
        following = texts[number + 1][0].text if number + 1 < len(texts) and texts[number + 1] else ""
        hyphen = _added_hyphen(boxes[-1], following, written) if boxes else ""
        forced = _ends_in_break(lines[number]) or (
            bool(every[number]) and every[number][-1].text.endswith("\n"))
        yield Line(page, "".join(t.text for t in boxes), hyphen, forced)


def _ends_in_break(line: Box) -> bool:
    """Whether a line ends with a <br>: WeasyPrint leaves an empty inline box for it there."""
    box: Box | None = line
    while box is not None:
        if box.tag == "br":
            return True
        box = box.children[-1] if box.children else None
    return False


def _text_boxes(box: Box) -> Iterator[Box]:
    return box.walk("text")


def _added_hyphen(last: Box, following: str, written: str) -> str:
    """The hyphen WeasyPrint added to a line's last text box to break a word, or ''.

    The hyphenate-character ends the box's text; it is the author's own when
    the written text has it between the same letters.
    """
    hyphen = last.style.hyphenate_character if last.style else ""
    text = last.text
    if not hyphen or not text.endswith(hyphen):
        return ""
    before = text[:-len(hyphen)].split()
    after = following.split()
    around = (before[-1] if before else "") + hyphen + (after[0] if after else "")
    return "" if _squash(around) in written else hyphen


def _squash(text: str) -> str:
    """Text without spaces, soft hyphens and case, to find a laid-out piece in the written text."""
    return "".join(text.replace(_SOFT_HYPHEN, "").split()).casefold()


def _words(line: Line) -> list[str]:
    """Its words as a reader counts them: what spaces separate."""
    return line.text.split()


def _settled(pages: PageMap) -> Iterator[Paragraph]:
    """The paragraphs of sections that fit their page.

    A section that runs onto another page is an overflow error already; its
    lines break anew once it fits, so faults found in them now are noise.
    """
    return (p for p in pages.paragraphs if len(pages.sections[p.section].printed_on) <= 1)


def _where(pages: PageMap, paragraph: Paragraph, page: int) -> tuple[str, Location]:
    section = pages.sections[paragraph.section]
    return f"page {page + 1} ({section.label or section.layout})", Location(section.page_file)


def _ladders(paragraph: Paragraph) -> Iterator[tuple[int, int]]:
    """(first, last) 0-based indexes of each run of more than LONGEST_LADDER hyphenated lines."""
    start = None
    for number, line in enumerate([*paragraph.lines, Line(0, "", "")]):
        if line.hyphenated and start is None:
            start = number
        elif not line.hyphenated and start is not None:
            if number - start > LONGEST_LADDER:
                yield start, number - 1
            start = None


def hyphen_ladders(pages: PageMap, edition: str) -> Iterator[tuple[str, Location]]:
    """Runs of hyphenated lines: a column of hyphens at the right edge draws the eye off the text."""
    for paragraph in _settled(pages):
        for first, last in _ladders(paragraph):
            page, where = _where(pages, paragraph, paragraph.lines[first].page)
            ends = " / ".join(_words(line)[-1] for line in paragraph.lines[first:last + 1])
            yield (f"{last - first + 1} lines in a row end in a hyphen on {page}, lines "
                   f"{first + 1}–{last + 1} of {paragraph.name}, in the {edition} edition: "
                   f"“{ends}” (at most {LONGEST_LADDER} in a row: reword, or change the measure "
                   "or the hyphenation)", where)


def _last_word(paragraph: Paragraph) -> str | None:
    """The last line's only word, when the paragraph has more lines and the last holds one word."""
    lines = paragraph.lines
    if len(lines) < 2 or lines[-2].forced or len(_words(lines[-1])) != 1:
        return None  # one line, or a last line the text itself breaks (<br>) before
    return _words(lines[-1])[0]


def stranded_words(pages: PageMap, edition: str) -> Iterator[tuple[str, Location]]:
    """Headings of several lines whose last is one word: the heading reads as broken, not set."""
    for paragraph in _settled(pages):
        word = _last_word(paragraph) if paragraph.heading else None
        if word:
            page, where = _where(pages, paragraph, paragraph.lines[-1].page)
            heading = " ".join(paragraph.text.split())
            yield (f"“{word}” stands alone on the last line of the heading “{heading}” on {page} "
                   f"in the {edition} edition (reword the heading, or break its lines by hand)", where)


def _letters(word: str) -> int:
    return sum(1 for char in word if not unicodedata.category(char).startswith("P"))


def short_last_lines(pages: PageMap, edition: str) -> Iterator[tuple[str, Location]]:
    """Justified paragraphs ending in a lone short word: a hole in the page's grey, and a wasted line."""
    for paragraph in _settled(pages):
        # Running text only: a caption or pull quote set ragged shows no stub.
        word = _last_word(paragraph) if paragraph.justified and not paragraph.heading else None
        if word and _letters(word) < SHORTEST_LAST_WORD:
            page, where = _where(pages, paragraph, paragraph.lines[-1].page)
            yield (f"the paragraph {paragraph.name} on {page} ends in “{word}” alone on its last "
                   f"line in the {edition} edition (reword the paragraph so its last line "
                   "fills out, or pulls the word back)", where)


def _lone_last_word(paragraph: Paragraph) -> str | None:
    """The lone word on a body paragraph's last line that short_last_lines leaves to this check."""
    word = None if paragraph.heading else _last_word(paragraph)
    if word is None or (paragraph.justified and _letters(word) < SHORTEST_LAST_WORD):
        return None  # a heading (stranded_words), or a stub short_last_lines reports
    return word


def one_word_last_lines(pages: PageMap, edition: str) -> Iterator[tuple[str, Location]]:
    """Body paragraphs whose last line is one word: the typography pass ties a short last word to
    the one before it (content/ties.py), so what is left here is a long word, or a text set by hand."""
    for paragraph in _settled(pages):
        word = _lone_last_word(paragraph)
        if word:
            page, where = _where(pages, paragraph, paragraph.lines[-1].page)
            yield (f"the paragraph {paragraph.name} on {page} ends in “{word}” alone on its last line "
                   f"in the {edition} edition (reword it, or tie its last words with a no-break space)",
                   where)


_DATE = re.compile(r"(?<![\d.])\d{1,2}\.?\s[^\W\d_]+\.?\s\d{4}|[^\W\d_]+\s\d{1,2},?\s\d{4}")
"""A date with its year, in any language: 1 July 1999, 1. jula 1999., July 1, 1999."""


def _bad_break(before: str, after: str, ties: tuple[str, ...]) -> str | None:
    """What is wrong with a line break between two lines' texts, or None."""
    tail, head = before.split()[-2:], after.split()[:2]
    if not tail or not head:
        return None
    if tail[-1].endswith("/") and tail[-1][:-1][-1:].isalpha():
        return "after the slash of a pair"
    if tail[-1] in ties:
        return f"after the one-letter word “{tail[-1]}”"
    joined, cut = " ".join(tail) + " " + " ".join(head), len(" ".join(tail))
    date = next((m.group() for m in _DATE.finditer(joined) if m.start() < cut < m.end()), None)
    return f"inside the date “{date}”" if date else None


def broken_ties(pages: PageMap, edition: str) -> Iterator[tuple[str, Location]]:
    """Line breaks the typography pass means to prevent: inside a date, after the slash of a place-name
    pair, after a one-letter word the language ties (content/ties.py); found in the laid-out lines."""
    ties = rules_for(edition).ties
    for paragraph in _settled(pages):
        lines = paragraph.lines
        for number, line in enumerate(lines[:-1]):
            fault = None if line.hyphenated or line.forced else _bad_break(
                line.text, lines[number + 1].text, ties)
            if fault:
                page, where = _where(pages, paragraph, line.page)
                yield (f"a line of {paragraph.name} on {page} breaks {fault} in the {edition} edition: "
                       f"“{' '.join(_words(line)[-2:])} / {' '.join(_words(lines[number + 1])[:2])}” "
                       "(type the text with a no-break space there, or reword it)", where)
