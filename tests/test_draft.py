"""Drafts through the CLI: their own file, DRAFT on every sheet, English stand-ins legible anywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from click.testing import CliRunner
from conftest import MINI_SQ

from booklet.cli import main

DRAFT = "build/25-years-together-sq-draft.pdf"


def draft_project(mini: Callable[..., Path]) -> Path:
    """sq without the running foot, the organisation (on the navy cover) and the first milestone,
    and its second milestone left in English."""
    sq = (MINI_SQ.replace("running: Arritjet\n", "").replace("org: Organizata\n", "")
          .replace("    title: Arritja e parë\n", "").replace("Arritja e dytë", "Second milestone"))
    return mini({"content/lang/sq.yaml": sq}, translated=True)


def page_texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    return [page.get_textpage().get_text_range().replace("\u00a0", " ") for page in document]


def test_a_draft_is_its_own_file_saying_draft_on_every_sheet(mini: Callable[..., Path]) -> None:
    root = draft_project(mini)
    proof = root / "build/25-years-together-sq-proof.pdf"
    proof.parent.mkdir()
    proof.write_bytes(b"the last proof")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--lang", "sq", "--draft"])
    assert result.exit_code == 0, result.output
    assert DRAFT in result.output
    assert proof.read_bytes() == b"the last proof"  # a draft never takes the proof's place
    texts = page_texts(root / DRAFT)
    assert len(texts) == 4
    for number, text in enumerate(texts, 1):
        assert f"DRAFT — 25 Years Together — sq — proof — 2000-01-01 — {number} / 4" in text  # the slug
        assert text.count("DRAFT") == 2, text  # and the watermark across the page
    assert "[EN] Organisation" in texts[0]  # on the navy cover
    assert "[EN] First milestone" in texts[2]
    assert "[EN] Second milestone" in texts[2]  # English left behind, marked as English
    assert "[EN] Milestones" in texts[1] and "[EN] Milestones" in texts[2]  # both running feet


def test_english_stand_ins_are_dark_on_yellow_on_a_navy_page(mini: Callable[..., Path]) -> None:
    root = draft_project(mini)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--lang", "sq", "--draft"])
    assert result.exit_code == 0, result.output
    page = pdfium.PdfDocument(root / DRAFT)[0]
    text = page.get_textpage()
    start = text.get_text_range().index("[EN]\u00a0Organisation")
    left, bottom, right, top = text.get_charbox(start + len("[EN] O") - 1)
    scale = 4
    picture = page.render(scale=scale).to_pil().convert("RGB")
    height = page.get_height()
    box = picture.crop((int(left * scale), int((height - top) * scale),
                        int(right * scale), int((height - bottom) * scale)))
    colours = [box.getpixel((x, y)) for x in range(box.width) for y in range(box.height)]
    darkest = min(colours, key=sum)
    lightest = max(colours, key=sum)
    assert sum(darkest) < 200, darkest  # the letter: dark, not the page's white type
    assert lightest[0] > 200 and lightest[1] > 200 and lightest[2] < 180, lightest  # on yellow, not navy



def test_a_draft_says_so_in_its_editions_language(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    serbian = root / "content/lang/sr-Latn.yaml"
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--lang", "sr-Latn", "--draft"])
    assert result.exit_code == 0, result.output
    texts = page_texts(root / "build/25-years-together-sr-Latn-draft.pdf")
    assert all(text.count("NACRT") == 2 and "DRAFT" not in text for text in texts)  # booklet's word
    # The language file's word over booklet's.
    serbian.write_text("_edition:\n  draft: RADNA VERZIJA\n" + serbian.read_text(encoding="utf-8"),
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--lang", "sr-Latn", "--draft"])
    assert result.exit_code == 0, result.output
    texts = page_texts(root / "build/25-years-together-sr-Latn-draft.pdf")
    assert all(text.count("RADNA VERZIJA") == 2 for text in texts)
