"""End to end: the whole English edition of 25 Years Together, built once and read back."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner
from PIL import ImageOps

from booklet.checks.pdfcheck import Expect, check_pdf
from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.layout.html import Words
from booklet.project.config import load_booklet

MM = 72 / 25.4


@pytest.fixture(scope="module")
def built(real_build: Path) -> tuple[Path, Path]:
    """The real project, built once per run (conftest.real_build); return (project, pdf)."""
    return real_build, real_build / "build" / "25-years-together-en-print.pdf"


@pytest.fixture(scope="module")
def reader(built: tuple[Path, Path]) -> pypdf.PdfReader:
    return pypdf.PdfReader(built[1])


def squash(text: str) -> str:
    """Text without spacing, hyphenation and case, so line breaks do not matter."""
    return re.sub(r"[\s\u00ad\u2010\-]+", "", text).casefold()


def test_page_count(reader: pypdf.PdfReader) -> None:
    # The copyfit plans the pages: sheets of four, and no fewer than one a year (26 years).
    assert len(reader.pages) % 4 == 0 and len(reader.pages) >= 26


def test_every_milestone_and_head_of_mission_is_printed(built: tuple[Path, Path],
                                                        reader: pypdf.PdfReader) -> None:
    booklet = load_booklet(built[0])
    pages = load_pages(booklet)
    words = Words(make_edition(booklet, "en", pages, load_texts(booklet, "en")))
    printed = squash("".join(page.extract_text() for page in reader.pages))
    spreads = [p.page for p in pages if p.page.layout == "year-spread"]
    titles = [words.plain(m.title) for s in spreads for m in s.milestones]
    assert len(titles) == 63
    missing = [t for t in titles if squash(t) not in printed]
    assert missing == []
    heads = [s.head_of_mission for s in spreads if s.head_of_mission]
    names = [words.plain(h.name) for h in heads]
    assert len(names) == 8
    assert [n for n in names if squash(n) not in printed] == []
    facts = next(p.page for p in pages if p.page.layout == "facts")
    for fact in facts.facts:
        for key in (fact.text, fact.detail):
            if key:
                expected = re.sub(r"<[^>]+>", "", words.inline(key, marked=False, **fact.numbers))
                assert squash(expected) in printed, expected


def test_fonts_are_embedded(reader: pypdf.PdfReader) -> None:
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
            seen.add(re.sub(r"^/[A-Z]{6}\+", "", str(font["/BaseFont"])))
    # Only the bundled faces (named by their @font-face family): no system font slipped in.
    assert seen <= {"Booklet-Serif", "Booklet-Serif-Italic", "Booklet-Serif-Bold",
                    "Booklet-Serif-Bold-Italic", "Booklet-Sans", "Booklet-Sans-Bold",
                    "Booklet-Sans-Italic"}
    assert {"Booklet-Serif", "Booklet-Sans-Bold"} <= seen


def test_trim_and_bleed_boxes_on_every_page(reader: pypdf.PdfReader) -> None:
    for page in reader.pages:
        trim, bleed = page.trimbox, page.bleedbox
        assert (float(trim.width), float(trim.height)) == pytest.approx((210 * MM, 280 * MM), abs=0.01)
        assert float(bleed.width) == pytest.approx(float(trim.width) + 6 * MM, abs=0.01)
        assert float(bleed.left) == pytest.approx(float(trim.left) - 3 * MM, abs=0.01)


def test_year_spreads_start_on_left_pages(reader: pypdf.PdfReader) -> None:
    starts = {}

    def walk(outline: list) -> None:
        for item in outline:
            if isinstance(item, list):
                walk(item)
            elif re.fullmatch(r"\d{4}", item.title):
                starts[int(item.title)] = reader.get_destination_page_number(item) + 1
    walk(reader.outline)
    assert sorted(starts) == list(range(1999, 2025))
    # In order, one year after another: whether a year takes one page or a spread is
    # the copyfit's choice, and the layout check holds every spread to a left-hand start.
    assert [starts[y] for y in sorted(starts)] == sorted(starts.values()), starts
    assert starts[1999] == 8


BAND_YEAR = """\
layout: year-spread
year: 2000
milestones:
  - title: m.one.title
photo: {file: band.jpg, alt: photos.cover, standin: true}
arrangement: band
"""


def test_a_photo_spans_the_gutter(mini: Callable[..., Path]) -> None:
    """A band's photo runs to the gutter edge of page 2 and on from the edge of page 3."""
    root = mini({"content/pages/2000.yaml": BAND_YEAR})
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print"])
    assert result.exit_code == 0, result.output
    pdf = pypdfium2.PdfDocument(next((root / "build").glob("*-print.pdf")))
    try:
        left, right = (pdf[i].render(scale=0.5, crop=(0, 0, 0, 0)).to_pil().convert("RGB")
                       for i in (1, 2))
    finally:
        pdf.close()
    bleed = round(3 * MM * 0.5)
    y = left.height // 5
    # The rendering shows the bleed; the trim edge at the gutter is `bleed` in from the edge.
    assert left.getpixel((left.width - bleed - 2, y)) != (255, 255, 255)
    assert right.getpixel((bleed + 2, y)) != (255, 255, 255)
    # Below the band, the page is paper again.
    assert left.getpixel((left.width - bleed - 2, left.height * 9 // 10)) == (255, 255, 255)


@pytest.fixture(scope="module")
def variants(built: tuple[Path, Path]) -> dict[str, Path]:
    return {v: built[1].with_name(f"25-years-together-en-{v}.pdf") for v in ("print", "proof", "screen")}


def test_the_print_pdf_is_pdfx4_cmyk_with_its_output_intent(variants: dict[str, Path]) -> None:
    with pikepdf.open(variants["print"]) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.DestOutputProfile.N == 4
        assert str(intent.OutputConditionIdentifier) == "FOGRA39L (generated)"
        assert pdf.docinfo.Trapped == "/False"
        assert b"<pdfx:GTS_PDFXVersion>PDF/X-4</pdfx:GTS_PDFXVersion>" in pdf.Root.Metadata.read_bytes()
        spaces = {str(image.ColorSpace) for page in pdf.pages
                  for image in page.Resources.get("/XObject", {}).values() if image.Subtype == "/Image"}
        assert spaces == {"/DeviceCMYK"}
    expect = Expect("cmyk", "pdf/x-4", ink_limit=300, min_ppi=299, warn_ppi=299, bleed_mm=3.0,
                    page_multiple=4)
    assert check_pdf(variants["print"], expect, "print.pdf") == []


def test_the_proof_has_marks_outside_the_bleed(variants: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(variants["proof"])
    assert len(reader.pages) == len(pypdf.PdfReader(variants["print"]).pages)
    for page in reader.pages[:3]:
        media, bleed, trim = page.mediabox, page.bleedbox, page.trimbox
        assert float(bleed.left) == pytest.approx(15 * MM) and float(trim.left) == pytest.approx(18 * MM)
        assert float(media.width) == pytest.approx((210 + 2 * 18) * MM)
    # Something is drawn above the bleed (the marks), and it is drawn in all four inks.
    pdf = pypdfium2.PdfDocument(variants["proof"])
    try:
        sheet = pdf[8].render(scale=1).to_pil().convert("L")
    finally:
        pdf.close()
    above_the_bleed = sheet.crop((0, 0, sheet.width, round(15 * MM) - 1))
    assert ImageOps.invert(above_the_bleed).getbbox() is not None
    with pikepdf.open(variants["proof"]) as opened:
        colours = {tuple(float(n) for n in operands)
                   for operands, operator in pikepdf.parse_content_stream(opened.pages[8])
                   if str(operator) in ("k", "K", "scn", "SCN") and len(operands) == 4}
    assert (1.0, 1.0, 1.0, 1.0) in colours


def test_the_screen_pdf_is_tagged_trimmed_and_small(variants: dict[str, Path]) -> None:
    with pikepdf.open(variants["screen"]) as pdf:
        assert pdf.Root.Lang == "en" and pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        page = pdf.pages[0]
        assert page.mediabox == page.trimbox
    expect = Expect("rgb", "pdf/ua-1", min_ppi=72, warn_ppi=100, page_multiple=4)
    assert check_pdf(variants["screen"], expect, "screen.pdf") == []
    assert variants["screen"].stat().st_size < variants["print"].stat().st_size / 3


def test_every_variant_rebuilds_byte_identical(built: tuple[Path, Path], variants: dict[str, Path],
                                              tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--project", str(built[0]), "build", "--lang", "en",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name, path in variants.items():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), name
