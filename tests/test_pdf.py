"""The pdf stage on the real project: what WeasyPrint lays out matches what images.py planned."""

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import weasyprint
from click.testing import CliRunner, Result

from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.core.cachefiles import layout_roots
from booklet.fitting.copyfit import copyfit
from booklet.layout.html import Document, render_html
from booklet.layout.images import place_images
from booklet.layout.standins import STANDIN_PPI
from booklet.project.config import load_booklet
from booklet.render.pdf import lay_out, on_disk
from tests.conftest import REPO, THEME

CSS_PX_PER_INCH = 96


def build(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "build", *args])


def test_every_photo_prints_at_print_resolution_in_its_frame(real_build: Path) -> None:
    """layout.yaml's frames size the stand-ins; the CSS sizes the boxes. They must agree."""
    project = real_build
    booklet = load_booklet(project)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    plan, _ = copyfit(edition)
    images = place_images(edition, plan)
    document = render_html(edition, images, plan=plan)
    sheets = booklet.stylesheets({p.page.layout for p in edition.pages}, booklet.variants["print"])
    rendered, _, problems = lay_out(document, project, sheets, layout_roots(booklet.cache_dir),
                                    theme=booklet.theme_root)
    assert problems == []
    by_uri = {placed.path.as_uri(): placed for placed in images.values()}
    seen = []
    for page in rendered.pages:
        for box in _images(page._page_box):
            placed = by_uri[on_disk(box.element.get("src"), booklet.root)]  # as WeasyPrint names it
            width_px, height_px = placed.pixels
            # object-fit: cover scales the photo until it covers the whole box.
            scale = max(box.width / width_px, box.height / height_px)
            ppi = CSS_PX_PER_INCH / scale
            seen.append(placed.photo.file)
            assert ppi >= STANDIN_PPI - 1, (placed.photo.file, round(ppi))
    assert sorted(set(seen)) == sorted(images)


def _images(box: Any) -> list[Any]:
    found = []
    if getattr(box, "element_tag", None) == "img":
        found.append(box)
    for child in getattr(box, "children", []):
        found.extend(_images(child))
    return found


def test_output_folder_problems_are_found_before_any_layout(mini: Callable[..., Path],
                                                             tmp_path: Path) -> None:
    root = mini()
    (root / "build").write_text("not a folder")
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "build: the output folder build is a file (move the file away, or choose another folder "
        "with --out)\n1 problem; no PDF was updated (any earlier PDF is still in place).\n")
    (tmp_path / "a-file").write_text("")
    result = build(root, "--out", str(tmp_path / "a-file" / "pdfs"))
    assert result.exit_code == 1
    assert "the output folder" in result.stderr and "is inside a file, not a folder" in result.stderr
    assert "laying out" not in result.stderr  # found before the render, not after it


def test_an_output_folder_that_cannot_be_written(mini: Callable[..., Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    (root / "build").mkdir()
    real_open = os.open

    def refuse(path: Any, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".probe"):  # root may write anywhere: play a read-only folder
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", refuse)
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "build: cannot write into the output folder build: Permission denied (choose another "
        "folder with --out)\n1 problem; no PDF was updated (any earlier PDF is still in place).\n")


def test_a_full_disk_is_one_line_and_leaves_no_partial_file(mini: Callable[..., Path],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    assert build(root).exit_code == 0
    pdf = root / "build/25-years-together-en-print.pdf"
    good = pdf.read_bytes()

    def full(self: Any, target: Any, **options: Any) -> None:
        target.write(b"%PDF-1.7 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(weasyprint.Document, "write_pdf", full)
    result = build(root, "--variant", "print", "--force")  # built again over the good PDF
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{pdf} could not be written: No space left on device (the earlier PDF is still in place)",
        "1 problem; no PDF was updated (any earlier PDF is still in place)."]
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in pdf.parent.iterdir()) == [
        f"25-years-together-en-{v}.pdf" for v in ("print", "proof", "screen")]


def test_a_project_in_a_folder_with_a_space_and_an_accent(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = tmp_path / "my booklets" / "Prishtinë"
    root.parent.mkdir()
    mini().rename(root)
    result = build(root, "--out", str(root / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "out").iterdir()) == [
        f"25-years-together-en-{v}.pdf" for v in ("print", "proof", "screen")]


def test_two_builds_are_byte_identical(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    assert build(root, "--out", str(tmp_path / "one")).exit_code == 0
    assert build(root, "--out", str(tmp_path / "two")).exit_code == 0
    name = "25-years-together-en-print.pdf"
    assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_build_leaves_the_process_as_it_found_it(mini: Callable[..., Path]) -> None:
    """No switch flipped per build: two builds may share a process (a preview, threads)."""
    logger = logging.getLogger("weasyprint")
    before = (list(logger.handlers), logger.propagate, logger.level)
    umask = os.umask(0o022)
    os.umask(umask)
    assert build(mini()).exit_code == 0
    assert (list(logger.handlers), logger.propagate, logger.level) == before
    assert os.umask(umask) == umask


IMPORT_EVERYTHING = """
import json, logging, os, sys, warnings
import PIL.Image
state = lambda: {"env": {k: v for k, v in os.environ.items() if k.startswith(("FONTCONFIG", "PYTHON"))},
                 "handlers": {n: len(logging.getLogger(n).handlers) for n in ("", "weasyprint")},
                 "pixels": PIL.Image.MAX_IMAGE_PIXELS, "warnings": len(warnings.filters)}
import weasyprint  # a host of booklet has WeasyPrint already
before = state()
import pkgutil, importlib, booklet
for module in pkgutil.walk_packages(booklet.__path__, "booklet."):
    if module.name != "booklet.pipeline.worker":  # the fork server's own process
        importlib.import_module(module.name)
print(json.dumps([before, state()]))
"""


def test_importing_booklet_changes_nothing_in_the_process() -> None:
    """A web service or a notebook can host booklet: fontconfig, loggers, Pillow's limit and the
    warnings filters are as they were after importing every module."""
    done = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    before, after = json.loads(done.stdout)
    assert after == before


def test_a_build_sets_fontconfig_only_while_it_makes_its_fonts(mini: Callable[..., Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", "/a/host/of/its/own.conf")
    assert build(mini()).exit_code == 0
    assert os.environ["FONTCONFIG_FILE"] == "/a/host/of/its/own.conf"


def test_no_font_of_the_machine_reaches_the_pdf(tmp_path: Path) -> None:
    face = (THEME / "assets/fonts/NotoSerif-Regular.ttf").as_uri()
    css = f"@font-face {{ font-family: Only Face; src: url({face}); }} body {{ font-family: Only Face }}"
    html = "<html><body><p style='font-family: sans-serif'>Not asked for</p><p>Asked</p></body></html>"
    rendered, _, problems = lay_out(Document(html, css), tmp_path, [], [THEME / "assets/fonts"])
    assert problems == []
    rendered.write_pdf(tmp_path / "fonts.pdf")
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1]
             for f in pypdf.PdfReader(tmp_path / "fonts.pdf").pages[0]["/Resources"]["/Font"].values()}
    assert fonts == {"Only-Face"}


def test_a_character_the_fonts_cannot_draw_is_named_at_its_text(mini: Callable[..., Path]) -> None:
    root = mini()
    lang = root / "content/lang/en.yaml"
    lang.write_text(lang.read_text().replace("title: First milestone", "title: First 🎉 milestone 日本"))
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "content/lang/en.yaml:13:5: 'm.one.title' has '🎉' (U+1F389 PARTY POPPER), '日' (U+65E5 "
        "CJK UNIFIED IDEOGRAPH-65E5), '本' (U+672C CJK UNIFIED IDEOGRAPH-672C), which the booklet's "
        "fonts cannot draw in the en edition (replace it, or add a font that has it to booklet.yaml)\n"
        "1 problem; no PDF was updated (any earlier PDF is still in place).\n")
