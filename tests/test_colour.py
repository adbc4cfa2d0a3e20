"""Colours through the output profile: the shipped profile, CMYK → RGB, and RGB in print styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageMath

from booklet.core.errors import BookletError
from booklet.project.colour import (
    DEFAULT_PROFILE,
    cmyk_to_rgb,
    load_profile,
    rgb_colours,
    rgb_to_cmyk,
    screen_css,
)

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "booklet" / "themes" / "anniversary"
NAVY = (1.0, 0.72, 0.08, 0.42)  # --navy in styles/tokens.css


@pytest.fixture(scope="module")
def profile() -> ImageCms.ImageCmsProfile:
    return load_profile(THEME / DEFAULT_PROFILE)


def test_the_shipped_profile_is_a_cmyk_printing_profile(profile: ImageCms.ImageCmsProfile) -> None:
    assert profile.profile.xcolor_space == "CMYK"
    assert profile.profile.device_class == "prtr"
    assert profile.profile.profile_description == "FOGRA39L (generated)"
    assert load_profile(THEME / DEFAULT_PROFILE) is profile  # read once


def test_an_srgb_photo_through_the_profile_keeps_within_300_percent_ink(
        profile: ImageCms.ImageCmsProfile) -> None:
    steps = [round(i * 255 / 63) for i in range(64)]  # every corner of sRGB, dark saturated ones too
    cube = Image.frombytes("RGB", (512, 512), bytes(
        part for r in steps for g in steps for b in steps for part in (r, g, b)))
    transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK",
                                        ImageCms.Intent.PERCEPTUAL,
                                        ImageCms.Flags.BLACKPOINTCOMPENSATION)
    cmyk = ImageCms.applyTransform(cube, transform)
    assert cmyk is not None
    c, m, y, k = cmyk.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    highest = total.getextrema()[1]
    assert isinstance(highest, int)
    assert 250 < highest * 100 / 255 <= 300


def test_the_navy_token_prints_as_a_dark_blue(profile: ImageCms.ImageCmsProfile) -> None:
    r, g, b = cmyk_to_rgb(NAVY, profile)
    assert r < 30 and 30 < g < 80 and 80 < b < 130
    assert cmyk_to_rgb((0, 0, 0, 0), profile) == (255, 255, 255)  # paper white is screen white


def test_an_rgb_colour_comes_back_as_a_cmyk_that_prints_close_to_it(
        profile: ImageCms.ImageCmsProfile) -> None:
    navy = cmyk_to_rgb(NAVY, profile)
    suggested = rgb_to_cmyk(navy, profile)  # other inks, maybe: a colour has many recipes
    assert all(0 <= part <= 1 for part in suggested)
    assert max(abs(a - b) for a, b in zip(cmyk_to_rgb(suggested, profile), navy, strict=True)) <= 8


SHEET = """\
/* device-cmyk(0 0 0 1) in a comment stays */
.a { color: device-cmyk(1 0.72 0.08 0.42); content: "device-cmyk(0 0 0 1)"; }
.b { background: DEVICE-CMYK(0, 0, 0, 0) url("x.png"); border-color: device-cmyk(0% 0 0 100% / 50%) }
@page { @bottom-left { color: device-cmyk(0 0 0 0.72) } }"""


def test_screen_css_converts_every_device_cmyk_and_nothing_else(
        profile: ImageCms.ImageCmsProfile) -> None:
    navy = "rgb({} {} {})".format(*cmyk_to_rgb(NAVY, profile))
    ink = "rgb({} {} {}".format(*cmyk_to_rgb((0, 0, 0, 1), profile))
    soft = "rgb({} {} {})".format(*cmyk_to_rgb((0, 0, 0, 0.72), profile))
    assert screen_css(SHEET, profile) == f"""\
/* device-cmyk(0 0 0 1) in a comment stays */
.a {{ color: {navy}; content: "device-cmyk(0 0 0 1)"; }}
.b {{ background: rgb(255 255 255) url("x.png"); border-color: {ink} / 0.5) }}
@page {{ @bottom-left {{ color: {soft} }} }}"""


def test_screen_css_keeps_windows_line_breaks_and_an_unclosed_end(
        profile: ImageCms.ImageCmsProfile) -> None:
    sheet = "/* a */\r\n.a {\r\n  color: device-cmyk(0 0 0 0);\r\n}\r\n.b { color: device-cmyk(0 0 0 0"
    assert screen_css(sheet, profile) == ("/* a */\r\n.a {\r\n  color: rgb(255 255 255);\r\n}\r\n"
                                          ".b { color: rgb(255 255 255)")


def test_a_device_cmyk_that_cannot_be_converted_is_an_error(
        profile: ImageCms.ImageCmsProfile) -> None:
    with pytest.raises(BookletError) as caught:
        screen_css(".a {\n  color: device-cmyk(var(--c) 0 0 0); }", profile, sheet="styles/a.css")
    assert str(caught.value) == ("styles/a.css:2:10: device-cmyk(var(--c) 0 0 0) cannot be converted "
                                 "to RGB for the screen (write it as device-cmyk(c m y k) with four "
                                 "numbers or percentages)")


RGB_SHEET = """\
:root { --accent: #336699; --face: "Red Hat"; --quiet: transparent; }
#red .white { color: red; background: url(#336699) transparent; content: "#336699 red"; }
/* color: blue */
@media print { h1 { border-top: 1pt solid rgb(10 20 30 / 50%); font-family: Gold, serif; } }
@page { @bottom-left { color: currentcolor; background-color: hsl(0 100% 50%) } }
@color-profile device-cmyk { src: url(p.icc); components: cyan, magenta, yellow, black; }
.ok { color: device-cmyk(0 0 0 1); fill: var(--x, White) }
"""


def test_every_rgb_colour_of_a_stylesheet_is_named_at_its_line(tmp_path: Path) -> None:
    sheet = tmp_path / "styles" / "x.css"
    found = [(str(e.where), e.message, e.code)
             for e in rgb_colours(RGB_SHEET, sheet, tmp_path, load_profile(THEME / DEFAULT_PROFILE))]
    assert found == [
        ("styles/x.css:1:19", "an RGB colour (#336699) cannot go to the printer", "rgb-colour"),
        ("styles/x.css:2:22", "an RGB colour (red) cannot go to the printer", "rgb-colour"),
        ("styles/x.css:4:43", "an RGB colour (rgb(10 20 30 / 50%)) cannot go to the printer",
         "rgb-colour"),
        ("styles/x.css:5:63", "an RGB colour (hsl(0 100% 50%)) cannot go to the printer", "rgb-colour"),
        ("styles/x.css:7:51", "an RGB colour (White) cannot go to the printer", "rgb-colour"),
    ]


def test_the_hint_names_the_nearest_cmyk_through_the_profile(
        profile: ImageCms.ImageCmsProfile) -> None:
    [error] = rgb_colours(".a { color: #336699 }", REPO / "styles/a.css", REPO, profile)
    c, m, y, k = rgb_to_cmyk((0x33, 0x66, 0x99), profile)
    assert str(error) == (f"styles/a.css:1:13: an RGB colour (#336699) cannot go to the printer "
                          f"(write it as device-cmyk({c:g} {m:g} {y:g} {k:g}), its nearest CMYK "
                          "through the output profile)")
    [faint] = rgb_colours(".a { color: rgb(0 0 0 / 0.25) }", REPO / "a.css", REPO, profile)
    assert " / 0.25), its nearest CMYK" in faint.hint


def test_the_booklet_styles_are_all_cmyk() -> None:
    found = [str(e) for sheet in sorted((THEME / "styles").glob("*.css"))
             for e in rgb_colours(sheet.read_text(encoding="utf-8"), sheet, REPO)]
    assert found == []


def test_a_missing_profile_is_named(tmp_path: Path) -> None:
    with pytest.raises(BookletError) as caught:
        load_profile(tmp_path / "assets/profiles/printer.icc", tmp_path)
    assert str(caught.value) == ("there is no colour profile assets/profiles/printer.icc "
                                 "(check the name and the folder it is in)")


def test_a_file_that_is_not_a_profile_is_named(tmp_path: Path) -> None:
    (tmp_path / "printer.icc").write_bytes(b"%PDF-1.7 not a colour profile")
    with pytest.raises(BookletError) as caught:
        load_profile(tmp_path / "printer.icc", tmp_path)
    assert str(caught.value) == ("printer.icc is not an ICC colour profile "
                                 "(use the .icc file your printer supplies)")


def test_an_rgb_profile_is_not_a_printing_profile(tmp_path: Path) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    (tmp_path / "screen.icc").write_bytes(srgb.tobytes())
    with pytest.raises(BookletError) as caught:
        load_profile(tmp_path / "screen.icc", tmp_path)
    assert str(caught.value) == ("screen.icc is not a CMYK printing profile (it is RGB, for a screen) "
                                 "(use the CMYK output profile your printer supplies)")
    assert caught.value.code == "profile"
