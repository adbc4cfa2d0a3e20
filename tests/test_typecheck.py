"""Typographic checks on small documents laid out by WeasyPrint for real, in the bundled face."""

from pathlib import Path

from booklet.layout.pagemap import PageMap
from tests.test_preflight import laid_out, messages, section

# Long words in a narrow justified column: WeasyPrint 70 breaks them at
# these points in Noto Serif 10 pt (pyphen's en patterns).
LONG_WORDS = ("Internationalisation and institutionalisation of telecommunications "
              "infrastructure characteristically happens.")
NARROW = "width: 30mm; hyphens: auto; text-align: justify"
FOUR_PAGES = "".join(section(n, "x") for n in (2, 3, 4))
"""Pages 2 to 4, so the page count is a multiple of 4 and only what a test is about is found."""


def on_page(tmp_path: Path, content: str, css: str = "") -> PageMap:
    return laid_out(tmp_path, section(1, content) + FOUR_PAGES, css)


def test_a_hyphen_made_by_hyphenation_is_told_from_one_in_the_text(tmp_path: Path) -> None:
    pages = on_page(tmp_path, f"<p style='{NARROW}'>{LONG_WORDS}</p>")
    assert [(line.text, line.hyphenated) for line in pages.paragraphs[0].lines] == [
        ("Internationalisa‐", True), ("tion and institu‐", True), ("tionalisation of", False),
        ("telecommunica‐", True), ("tions infrastruc‐", True), ("ture characterist‐", True),
        ("ically happens.", False)]
    # The same hyphen (U+2010) written into the text, and a hyphen-minus: the author's, not added.
    written = "<p style='width: 14mm; hyphens: manual'>abcde‐fghij‐klmno‐pqrst non-govern-mental</p>"
    lines = on_page(tmp_path, written).paragraphs[0].lines
    assert [line.text for line in lines] == ["abcde‐", "fghij‐", "klmno‐", "pqrst", "non-", "govern-",
                                             "mental"]
    assert not any(line.hyphenated for line in lines)


def test_the_hyphen_is_the_one_the_style_asks_for(tmp_path: Path) -> None:
    css = "p { hyphenate-character: '-' }"
    pages = on_page(tmp_path, f"<p style='{NARROW}'>{LONG_WORDS}</p>", css)
    assert [line.hyphen for line in pages.paragraphs[0].lines[:3]] == ["-", "-", ""]
    assert pages.paragraphs[0].lines[0].text == "Internationalisa-"


def test_three_hyphens_in_a_row(tmp_path: Path) -> None:
    assert messages(on_page(tmp_path, f"<p style='{NARROW}'>{LONG_WORDS}</p>")) == [
        "warning hyphen-ladder: content/pages/p.yaml: 3 lines in a row end in a hyphen on page 1 "
        "(page 1), lines 4–6 of “Internationalisation and institutionalisation of "
        "telecommunications…”, in the en edition: “telecommunica‐ / infrastruc‐ / "
        "characterist‐” (at most 2 in a row: reword, or change the measure or the hyphenation)",
    ]


def test_a_ladder_names_the_text_key_a_layout_gives(tmp_path: Path) -> None:
    keyed = f"<div data-key='foreword.body'><p style='{NARROW}'>{LONG_WORDS}</p></div>"
    found = messages(on_page(tmp_path, keyed))
    assert len(found) == 1
    assert "lines 4–6 of foreword.body (“Internationalisation and institutionalisation of " \
        "telecommunications…”), in the en edition" in found[0]


def test_a_word_alone_on_the_last_line_of_a_heading(tmp_path: Path) -> None:
    heading = "<h3 style='width: 50mm; font-size: 14pt'>Establishes the Kosovo Law Centre today</h3>"
    assert messages(on_page(tmp_path, heading)) == [
        "warning stranded-word: content/pages/p.yaml: “today” stands alone on the last line of the "
        "heading “Establishes the Kosovo Law Centre today” on page 1 (page 1) in the en edition "
        "(reword the heading, or break its lines by hand)",
    ]
    marked = heading.replace("<h3", "<p data-heading").replace("</h3>", "</p>")
    assert [m.split(":")[0] for m in messages(on_page(tmp_path, marked))] == ["warning stranded-word"]


def test_a_heading_broken_by_hand_or_on_one_line_is_left_alone(tmp_path: Path) -> None:
    style = "style='width: 50mm; font-size: 14pt'"
    headings = (f"<h2 {style}>Establishes the Kosovo Law Centre<br>today</h2>"
                f"<h2 {style}>Establishes the Kosovo Law Centre</h2>"
                f"<h2 {style}>Today</h2>")
    pages = on_page(tmp_path, headings)
    assert [len(p.lines) for p in pages.paragraphs[:3]] == [3, 2, 1]  # so each case is what it says
    assert messages(pages) == []


def test_a_short_word_alone_on_the_last_line_of_a_paragraph(tmp_path: Path) -> None:
    text = "One two three four five six seven eight nine ten it."
    paragraph = f"<p style='width: 60mm; text-align: justify'>{text}</p>"
    pages = on_page(tmp_path, paragraph)
    assert [line.text for line in pages.paragraphs[0].lines] == [
        "One two three four five six seven", "eight nine ten it."]  # the stub needs a narrower column
    assert messages(pages) == []
    assert messages(on_page(tmp_path, paragraph.replace("60mm", "40mm"))) == [
        "warning short-last-line: content/pages/p.yaml: the paragraph “One two three four five…” on "
        "page 1 (page 1) ends in “it.” alone on its last line in the en edition (reword the "
        "paragraph so its last line fills out, or pulls the word back)",
    ]
    # Ragged text shows no stub, but its one word alone is still a one-word last line.
    ragged = messages(on_page(tmp_path, paragraph.replace("60mm", "40mm").replace("justify", "left")))
    assert [m.split(":")[0] for m in ragged] == ["warning one-word-last-line"]


def test_clean_justified_text_has_no_typographic_findings(tmp_path: Path) -> None:
    text = ("The Mission was established in July 1999 to help build democratic institutions, to "
            "promote human rights and the rule of law, and to support free media in Kosovo. ") * 3
    content = (f"<h2 style='width: 80mm'>Building institutions, together</h2>"
               f"<p style='width: 80mm; hyphens: auto; text-align: justify'>{text}</p>")
    pages = on_page(tmp_path, content)
    lines = pages.paragraphs[1].lines
    assert len(lines) > 6 and any(line.hyphenated for line in lines)  # text that hyphenation touched
    assert messages(pages) == []


def test_a_page_that_overflows_is_not_checked_for_typography(tmp_path: Path) -> None:
    # Its lines break anew once it fits: the overflow is the one thing to say.
    paragraph = f"<p style='{NARROW}'>{LONG_WORDS}</p>"
    found = messages(on_page(tmp_path, paragraph * 5))  # the pages an overflow adds are not counted
    assert [m.split(":")[0] for m in found] == ["error overflow"]


def test_a_long_word_alone_on_a_body_paragraphs_last_line(tmp_path: Path) -> None:
    body = "<p style='width: 50mm'>The Mission trained the first officers of the new police institutions.</p>"
    found = messages(on_page(tmp_path, body))
    assert found == [
        "warning one-word-last-line: content/pages/p.yaml: the paragraph “The Mission trained the first…” "
        "on page 1 (page 1) ends in “institutions.” alone on its last line in the en edition (reword it, "
        "or tie its last words with a no-break space)"]
    tied = body.replace("police institutions", "police\u00a0institutions")
    assert messages(on_page(tmp_path, tied)) == []


def test_breaks_inside_a_date_and_after_a_slash(tmp_path: Path) -> None:
    date = "<p style='width: 45mm'>It was adopted on 1 July 1999 by the Council of all the states.</p>"
    assert messages(on_page(tmp_path, date)) == [
        "warning broken-tie: content/pages/p.yaml: a line of “It was adopted on 1…” on page 1 (page 1) "
        "breaks inside the date “1 July 1999” in the en edition: “1 July / 1999 by” (type the text with "
        "a no-break space there, or reword it)"]
    pair = "<p style='width: 38mm'>aaaaaaa bbbbbb Peći/Pejë and more words here.</p>"
    ties = [m for m in messages(on_page(tmp_path, pair)) if "broken-tie" in m]
    assert [m.split(" in the en edition")[0] for m in ties] == [
        "warning broken-tie: content/pages/p.yaml: a line of “aaaaaaa bbbbbb Peći/ Pejë and…” on page 1 "
        "(page 1) breaks after the slash of a pair"]
