"""Typographic checks on small documents laid out by WeasyPrint for real, in the bundled face."""

from pathlib import Path

from booklet.pagemap import PageMap
from tests.test_preflight import laid_out, section

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
