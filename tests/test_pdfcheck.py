"""Preflight of written PDFs: small PDFs made for real by WeasyPrint, or by pikepdf where it cannot."""

from __future__ import annotations

import dataclasses
import struct
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from PIL import Image

import booklet.render.pdf  # noqa: F401  (points WeasyPrint at the fontconfig with no fonts)
from booklet.checks.pdfcheck import Expect, check_pdf, pages_text

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "booklet" / "themes" / "anniversary"
FACE = (THEME / "assets/fonts/NotoSerif-Regular.ttf").as_uri()
PRINT = Expect("cmyk", "pdf/x-4", ink_limit=300, min_ppi=200, warn_ppi=300, bleed_mm=3.0,
               page_multiple=1)
SCREEN = Expect("rgb", "pdf/ua-1", min_ppi=72, warn_ppi=100, page_multiple=1)
LOOSE = Expect("cmyk", None, page_multiple=1)
"""Only the colour and font checks: for documents testing one thing."""


def weasy(tmp_path: Path, body: str, css: str = "", variant: str | None = "pdf/x-4",
          name: str = "doc.pdf") -> Path:
    style = (f"@font-face {{ font-family: Face; src: url({FACE}); }} "
             f"body {{ font-family: Face; color: device-cmyk(0 0 0 1) }} "
             f"@page {{ size: 100mm 100mm; bleed: 3mm }} {css}")
    path = tmp_path / name
    weasyprint.HTML(string=f"<html><head><style>{style}</style></head><body>{body}</body></html>",
                    base_url=tmp_path.as_uri() + "/").write_pdf(path, pdf_variant=variant)
    return path


def photo(tmp_path: Path, mode: str, size: tuple[int, int], colour: tuple[int, ...]) -> str:
    name = f"{mode}-{size[0]}x{size[1]}-{'-'.join(map(str, colour))}.jpg"
    Image.new(mode, size, colour).save(tmp_path / name, quality=95)
    return name


def codes(path: Path, expect: Expect) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in check_pdf(path, expect, "build/doc.pdf"):
        assert str(d.where) == "build/doc.pdf"
        found.setdefault(d.code, []).append(d.message)
    return found


def cmyk_profile() -> bytes:
    """A minimal ICC header saying CMYK → Lab, enough to stand for an output profile."""
    header = struct.pack(">I4sI4s4s4s", 132, b"none", 0x04200000, b"prtr", b"CMYK", b"Lab ")
    header += b"\0" * 12 + b"acsp" + b"\0" * (128 - 40)
    return header + struct.pack(">I", 0)


def with_intent(path: Path, components: int = 4) -> Path:
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        profile = pdf.make_stream(cmyk_profile() if components == 4 else b"\0" * 16 + b"RGB ")
        profile.N = components
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier="FOGRA39", DestOutputProfile=profile)]))
        pdf.save(path)
    return path


def hand_made(tmp_path: Path, content: bytes, resources: dict[str, object] | None = None,
              font: pikepdf.Dictionary | None = None, pdf: pikepdf.Pdf | None = None) -> Path:
    """A one-page PDF written with pikepdf, for what WeasyPrint never writes."""
    pdf = pdf or pikepdf.new()
    pdf.add_blank_page(page_size=(283.46, 283.46))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(resources or {})
    if font is not None:
        page.obj.Resources.Font = pikepdf.Dictionary(F1=pdf.make_indirect(font))
    page.obj.Contents = pdf.make_stream(content)
    path = tmp_path / "hand.pdf"
    pdf.save(path)
    return path


# A well-made print PDF, as the print variant will write it: no finding at all.

def test_a_cmyk_pdf_x4_with_bleed_and_an_output_intent_passes(tmp_path: Path) -> None:
    image = photo(tmp_path, "CMYK", (300, 300), (0, 100, 200, 0))
    path = weasy(tmp_path, f"<p>Words</p><img src='{image}' style='width: 1in'>")
    assert codes(with_intent(path), PRINT) == {}


# RGB anywhere

def test_rgb_text_and_an_rgb_photo_are_named_with_their_page(tmp_path: Path) -> None:
    image = photo(tmp_path, "RGB", (300, 300), (200, 10, 10))
    path = with_intent(weasy(tmp_path, f"<p style='color: rgb(200, 0, 0)'>Red</p>"
                                       f"<img src='{image}' style='width: 1in'>"))
    assert codes(path, PRINT) == {"rgb-colour": [
        "page 1: 1 RGB colour in drawings and 1 RGB photo (300 × 300 px) — everything in a print "
        "PDF must be CMYK"]}


def test_rgb_on_many_pages_is_one_cause_with_a_count(tmp_path: Path) -> None:
    pages = "".join("<p style='color: rgb(0, 0, 200); break-after: page'>Blue</p>" for _ in range(6))
    messages = codes(weasy(tmp_path, pages), LOOSE)["rgb-colour"]
    assert messages[3:] == ["RGB also on pages 4–6 (3 more pages)"]
    assert len(messages) == 4


def test_rgb_inside_a_form_xobject_is_found(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    form = pdf.make_stream(b"1 0 0 rg 0 0 10 10 re f", Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10])
    path = hand_made(tmp_path, b"q /Fm1 Do Q /Fm1 Do", {"/XObject": pikepdf.Dictionary(Fm1=form)},
                     pdf=pdf)
    assert codes(path, LOOSE)["rgb-colour"][0].startswith("page 1: 1 RGB colour in drawings")


def test_an_rgb_colour_space_selected_by_name_counts(tmp_path: Path) -> None:
    spaces = pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.CalRGB, pikepdf.Dictionary()]))
    path = hand_made(tmp_path, b"/CS0 cs 0.1 0.2 0.3 scn 0 0 9 9 re f", {"/ColorSpace": spaces})
    assert "rgb-colour" in codes(path, LOOSE)


# Output intent, version, trapping

def test_pdf_x_without_an_output_intent_or_with_an_rgb_profile(tmp_path: Path) -> None:
    path = weasy(tmp_path, "<p>Words</p>")
    assert codes(path, PRINT) == {"output-intent": [
        "no PDF/X output intent: nothing tells the printer which press the CMYK is for"]}
    assert codes(with_intent(path, components=3), PRINT) == {"output-intent": [
        "the output intent's profile is not a CMYK profile (it has 3 components)"]}


def test_a_plain_pdf_says_neither_its_version_nor_its_trapping(tmp_path: Path) -> None:
    found = codes(with_intent(weasy(tmp_path, "<p>Words</p>", variant=None)), PRINT)
    assert found == {
        "pdfx-version": ["the PDF does not say it is PDF/X-4 (no GTS_PDFXVersion in its Info or XMP)"],
        "trapped": ["/Trapped is not set; PDF/X needs True or False"]}


# Fonts

def test_an_unembedded_base14_font_is_named(tmp_path: Path) -> None:
    helvetica = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                   BaseFont=pikepdf.Name.Helvetica)
    path = hand_made(tmp_path, b"BT /F1 12 Tf 10 10 Td (Hi) Tj ET", font=helvetica)
    assert codes(path, LOOSE) == {"font-embedding": ["page 1: the font Helvetica is not embedded"]}


# Boxes

def test_pages_without_bleed_boxes_or_with_the_wrong_bleed(tmp_path: Path) -> None:
    path = hand_made(tmp_path, b"")
    assert codes(path, dataclasses.replace(LOOSE, bleed_mm=3.0)) == {"page-boxes": [
        "page 1: no TrimBox: the printer cannot tell where to cut"]}
    two_mm = weasy(tmp_path, "<p>Words</p>", css="@page { bleed: 2mm }")
    assert codes(two_mm, dataclasses.replace(LOOSE, bleed_mm=3.0)) == {"page-boxes": [
        "page 1: the bleed is 2.0, 2.0, 2.0, 2.0 mm (left, bottom, right, top), not 3 mm"]}


# Resolution

def test_a_photo_placed_too_large_is_an_error_and_a_bit_large_a_warning(tmp_path: Path) -> None:
    small = photo(tmp_path, "CMYK", (150, 150), (0, 0, 0, 100))   # 150 ppi at 1 inch
    fair = photo(tmp_path, "CMYK", (250, 250), (0, 0, 0, 100))    # 250 ppi at 1 inch
    path = weasy(tmp_path, f"<img src='{small}' style='width: 1in'><img src='{fair}' style='width: 1in'>")
    found = codes(path, dataclasses.replace(LOOSE, min_ppi=200, warn_ppi=300))
    assert found == {
        "resolution": ["page 1: a photo of 150 × 150 px is placed at 150 ppi (needs 200)"],
        "low-resolution": ["page 1: a photo of 250 × 250 px is placed at 250 ppi (needs 300)"]}


def test_the_placed_size_follows_forms_and_their_matrix(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    image = pdf.make_stream(b"\0" * 100, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=10, Height=10, ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)
    form = pdf.make_stream(b"q 36 0 0 36 0 0 cm /Im1 Do Q", Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Form, BBox=[0, 0, 100, 100], Matrix=[2, 0, 0, 2, 0, 0],
                           Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image)))
    path = hand_made(tmp_path, b"q 0.5 0 0 0.5 0 0 cm /Fm1 Do Q", {"/XObject": pikepdf.Dictionary(Fm1=form)},
                     pdf=pdf)
    # 10 px over 36 pt × 2 × 0.5 = half an inch: 20 ppi
    found = codes(path, dataclasses.replace(LOOSE, min_ppi=72))
    assert found["resolution"] == [
        "page 1: a photo of 10 × 10 px is placed at 20 ppi (needs 72)"]


# Ink

def test_a_cmyk_photo_over_the_ink_limit(tmp_path: Path) -> None:
    rich = photo(tmp_path, "CMYK", (400, 400), (255, 255, 255, 0))  # 300 %
    black = photo(tmp_path, "CMYK", (400, 400), (255, 255, 255, 255))  # 400 %
    path = weasy(tmp_path, f"<img src='{rich}' style='width: 1in'><img src='{black}' style='width: 1in'>")
    # Pillow writes Adobe-inverted CMYK JPEGs and WeasyPrint marks them /Decode [1 0 …]: read
    # wrongly, the 400 % photo would pass and the 300 % one show as 100 %.
    assert codes(path, dataclasses.replace(LOOSE, ink_limit=300)) == {"ink-limit": [
        "page 1: a photo of 400 × 400 px reaches 400% ink (at most 300%)"]}


def test_a_vector_colour_over_the_ink_limit(tmp_path: Path) -> None:
    path = hand_made(tmp_path, b"1 1 1 1 k 0 0 9 9 re f 0.5 0.5 0.5 0.5 K")
    assert codes(path, dataclasses.replace(LOOSE, ink_limit=300)) == {"ink-limit": [
        "page 1: a colour in drawings has 400% ink (at most 300%)"]}
    path = weasy(tmp_path, "<p style='color: device-cmyk(1 1 1 0)'>Rich</p>")
    assert codes(path, dataclasses.replace(LOOSE, ink_limit=300)) == {}


# Transparency (PDF/X-1a)

def test_transparency_is_refused_in_pdf_x1a_only(tmp_path: Path) -> None:
    states = pikepdf.Dictionary(GS1=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.5,
                                                       BM=pikepdf.Name.Multiply))
    path = hand_made(tmp_path, b"/GS1 gs 0 0 0 1 k 0 0 9 9 re f", {"/ExtGState": states})
    x1a = dataclasses.replace(LOOSE, standard="pdf/x-1a")
    assert codes(path, x1a)["transparency"] == [
        "page 1: opacity 0.5 (/GS1), blend mode Multiply (/GS1) — PDF/X-1a allows no transparency"]
    assert "transparency" not in codes(path, PRINT)


# Page count

def test_a_page_count_that_is_not_a_multiple_of_four_is_a_warning(tmp_path: Path) -> None:
    path = weasy(tmp_path, "<p style='break-after: page'>One</p><p>Two</p>")
    diagnostics = check_pdf(path, dataclasses.replace(LOOSE, page_multiple=4), "build/doc.pdf")
    assert [(d.severity, d.code, d.message) for d in diagnostics] == [
        ("warning", "page-count", "the PDF has 2 pages; a stapled booklet needs a multiple of 4")]


# PDF/UA

def test_an_untagged_screen_pdf_is_refused(tmp_path: Path) -> None:
    image = photo(tmp_path, "RGB", (300, 300), (10, 200, 10))
    path = weasy(tmp_path, f"<p style='color: rgb(0,0,0)'>Words</p><img src='{image}' style='width: 1in'>",
                 variant=None)
    found = codes(path, SCREEN)
    assert found["tagged"] == [
        "the PDF is not marked as tagged (/MarkInfo /Marked true)",
        "the PDF has no structure tree: a screen reader cannot tell headings, text and photos apart",
        "the PDF does not say its language (/Lang)"]
    assert found["alt-text"] == ["1 photos cannot have alt texts: the PDF has no structure tree"]
    assert "document-title" in found and "rgb-colour" not in found


def test_a_tagged_screen_pdf_with_alt_texts_passes(tmp_path: Path) -> None:
    image = photo(tmp_path, "RGB", (300, 300), (10, 200, 10))
    body = f"<p>Words</p><img src='{image}' alt='A green square' style='width: 1in'>"
    path = tmp_path / "ua.pdf"
    style = f"@font-face {{ font-family: Face; src: url({FACE}); }} body {{ font-family: Face }}"
    weasyprint.HTML(string=f"<html lang='en'><head><title>Doc</title><style>{style}</style></head>"
                           f"<body>{body}</body></html>", base_url=tmp_path.as_uri() + "/"
                    ).write_pdf(path, pdf_variant="pdf/ua-1")
    assert codes(path, SCREEN) == {}
    without = tmp_path / "no-alt.pdf"
    weasyprint.HTML(string=f"<html lang='en'><head><title>Doc</title><style>{style}</style></head>"
                           f"<body>{body.replace(' alt=', ' data-x=')}</body></html>",
                    base_url=tmp_path.as_uri() + "/").write_pdf(without, pdf_variant="pdf/ua-1")
    assert "alt-text" in codes(without, SCREEN)


def _tagged(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "headings.pdf"
    style = f"@font-face {{ font-family: Face; src: url({FACE}); }} body {{ font-family: Face }}"
    weasyprint.HTML(string=f"<html lang='en'><head><title>Doc</title><style>{style}</style></head>"
                           f"<body>{body}</body></html>").write_pdf(path, pdf_variant="pdf/ua-1")
    return path


def test_a_heading_level_skipped_in_the_tagged_pdf_is_an_error(tmp_path: Path) -> None:
    skipping = "<h1>Milestones</h1><p style='break-after: page'>1999</p><h3>A milestone</h3><h3>Another</h3>"
    assert codes(_tagged(tmp_path, skipping), SCREEN) == {"heading-levels": [
        "page 2: a heading of level 3 follows a heading of level 1: a screen reader's outline skips a level"]}
    assert codes(_tagged(tmp_path, "<h2>Untitled</h2><p>Words</p>"), SCREEN) == {"heading-levels": [
        "page 1: a heading of level 2 is the first heading: a screen reader's outline skips a level"]}
    in_order = ("<h1>Milestones</h1><h2>1999</h2><h3>A milestone</h3><h2>2000</h2><h3>Another</h3>"
                "<h1>Facts</h1>")
    assert codes(_tagged(tmp_path, in_order), SCREEN) == {}


def test_an_unreadable_pdf_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"not a pdf")
    [diagnostic] = check_pdf(path, PRINT, "build/broken.pdf")
    assert diagnostic.code == "pdf-unreadable"


@pytest.mark.parametrize(("numbers", "text"), [([4], "page 4"), ([1, 2, 3, 7], "pages 1–3, 7")])
def test_pages_are_named_in_runs(numbers: list[int], text: str) -> None:
    assert pages_text(numbers) == text
