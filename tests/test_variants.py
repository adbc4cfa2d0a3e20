"""Variants as data: booklet.yaml adjusts or adds them, --variant picks, and each is what it says."""

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import ImageCms

from booklet.cli import main
from booklet.core.errors import BookletError
from booklet.project.config import load_booklet

PROFILE = "colour_profile: {file: assets/profiles/FOGRA39L-booklet.icc, intent: perceptual}"


def with_config(mini: Callable[..., Path], old: str, new: str) -> Path:
    root = mini()
    config = root / "booklet.yaml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new))
    return root


def test_a_variant_adjusted_and_one_added(mini: Callable[..., Path]) -> None:
    root = with_config(mini, PROFILE, PROFILE + "\nvariants:\n  print: {pdf_standard: pdf/x-1a}\n"
                                            "  office: {based_on: screen, photo_ppi: 96}\n")
    variants = load_booklet(root).variants
    assert list(variants) == ["print", "proof", "screen", "office"]
    assert variants["print"].pdf_standard == "pdf/x-1a" and variants["print"].colour == "cmyk"
    assert (variants["office"].name, variants["office"].photo_ppi, variants["office"].tagged) == \
        ("office", 96, True)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print",
                                       "--variant", "office"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(root / "build/25-years-together-en-print.pdf") as pdf:
        assert pdf.docinfo.GTS_PDFXVersion == "PDF/X-1a:2003"
    assert (root / "build/25-years-together-en-office.pdf").is_file()
    assert not (root / "build/25-years-together-en-proof.pdf").exists()


@pytest.mark.parametrize(("new", "message"), [
    ("variants:\n  office: {photo_ppi: 96}",
     "booklet.yaml:30:3: variant 'office' is new: say which variant it is based_on (one of: print, "
     "proof, screen)"),
    ("variants:\n  office: {based_on: scren}",
     "booklet.yaml:30:12: no variant 'scren' to base 'office' on (did you mean 'screen'?) (one of: "
     "print, proof, screen)"),
    ("variants:\n  print: {pdf_standard: pdf/x-9}",
     "booklet.yaml:30:11: variants.print.pdf_standard: expected 'pdf/x-1a', 'pdf/x-3', 'pdf/x-4' or "
     "'pdf/ua-1'"),
])
def test_bad_variants_are_named_at_their_line(mini: Callable[..., Path], new: str, message: str) -> None:
    root = with_config(mini, PROFILE, PROFILE + "\n" + new)
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value) == message


def test_cmyk_needs_a_profile_and_the_profile_must_be_cmyk(mini: Callable[..., Path]) -> None:
    root = with_config(mini, PROFILE, "")
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value) == (
        "booklet.yaml:3:1: the print, proof variants print in CMYK, which needs the printer's colour "
        "profile (add colour_profile: {file: assets/profiles/FOGRA39L-booklet.icc})")
    root.joinpath("assets/profiles/screen.icc").write_bytes(
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    config = (root / "booklet.yaml").read_text() + "colour_profile: {file: assets/profiles/screen.icc}\n"
    (root / "booklet.yaml").write_text(config)
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value) == (
        f"booklet.yaml:{len(config.splitlines())}:18: assets/profiles/screen.icc is not a CMYK printing "
        "profile (it is RGB, "
        "for a screen) (use the CMYK output profile your printer supplies)")


def test_an_unknown_variant_on_the_command_line(mini: Callable[..., Path]) -> None:
    result = CliRunner().invoke(main, ["--project", str(mini()), "build", "--variant", "proff"])
    assert result.exit_code == 1
    assert result.stderr == ("unknown variant 'proff' (did you mean 'proof'?) "
                             "(variants: print, proof, screen)\n1 problem; no PDF was updated (any "
                             "earlier PDF is still in place).\n")


def test_an_rgb_colour_in_a_print_stylesheet_stops_at_its_line(mini: Callable[..., Path]) -> None:
    root = mini()
    with (root / "styles/base.css").open("a") as css:
        css.write("\n.cover { color: #336699; }\n")
    line = len((root / "styles/base.css").read_text().splitlines())
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2].startswith(
        f"styles/base.css:{line}:17: an RGB colour (#336699) cannot go to the printer (write it as "
        "device-cmyk(")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen"])
    assert result.exit_code == 0, result.output  # a screen may have it


def test_a_variant_stylesheet_outside_the_project_is_told_at_its_line(mini: Callable[..., Path],
                                                                      tmp_path: Path) -> None:
    (tmp_path / "theirs.css").write_text("body { color: red }")
    root = with_config(mini, PROFILE, PROFILE + "\nvariants:\n  office:\n    based_on: screen\n"
                                            "    stylesheets: [office.css, ../../theirs.css]\n")
    line = next(n for n, text in enumerate((root / "booklet.yaml").read_text().splitlines(), 1)
                if "theirs.css" in text)
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "office"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"booklet.yaml:{line}:19: no stylesheet styles/office.css (check the name and the folder it is in)",
        f"booklet.yaml:{line}:31: stylesheet ../../theirs.css is outside the project (copy it into styles/)"]
