"""booklet.yaml as a designer writes it: every bad value is one line at its place, never a traceback."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from booklet.cli import main
from booklet.core.errors import BookletError
from booklet.project.config import load_booklet
from tests.conftest import ENGLISH_ONLY, REPO, THEME

NOTHING_WRITTEN = "no PDF was updated (any earlier PDF is still in place).\n"
CONFIG = ENGLISH_ONLY


def build(root: Path) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "build"])


def config_with(tmp_path: Path, old: str, new: str) -> Path:
    """A project folder whose booklet.yaml has old replaced by new (fonts copied too)."""
    assert old in CONFIG
    root = tmp_path / "config"
    for folder in ("fonts", "profiles"):
        shutil.copytree(THEME / "assets" / folder, root / "assets" / folder)
    (root / "booklet.yaml").write_text(CONFIG.replace(old, new), encoding="utf-8")
    return root


def problems(tmp_path: Path, old: str, new: str) -> str:
    with pytest.raises(BookletError) as caught:
        load_booklet(config_with(tmp_path, old, new))
    return str(caught.value)


def test_the_real_booklet_yaml_is_valid() -> None:
    spec = load_booklet(REPO).spec
    assert (spec.trim.width, spec.trim.height, spec.bleed) == (210.0, 280.0, 3.0)


# --- page geometry ----------------------------------------------------------

def test_a_page_of_no_size_is_refused_at_its_line(mini: Callable[..., Path]) -> None:
    root = mini({"booklet.yaml": CONFIG.replace("width: 210mm", "width: 0mm")})
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == ("booklet.yaml:6:8: trim.width: 0mm is too small (a page side is 50 to "
                             "600 mm)\n1 problem; " + NOTHING_WRITTEN)


def test_margins_wider_than_the_page_are_one_error_at_margins(mini: Callable[..., Path]) -> None:
    root = mini({"booklet.yaml": CONFIG.replace("inner: 20mm", "inner: 220mm")})
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "booklet.yaml:8:1: margins: they leave a type area of −26 × 240 mm on the 210 × 280 mm "
        "page; at least 70 × 93.3 mm is needed (make the margins smaller: together they may take "
        "at most two thirds of the page each way)\n1 problem; " + NOTHING_WRITTEN)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("height: 280mm", "height: 2800mm",
     "booklet.yaml:6:22: trim.height: 2800mm is too large (a page side is 50 to 600 mm)"),
    ("width: 210mm", "width: " + "9" * 300 + "mm",
     "booklet.yaml:6:8: trim.width: 999999999999… (302 characters) is too large "
     "(a page side is 50 to 600 mm)"),
    ("bleed: 3mm", "bleed: 3cm", "booklet.yaml:7:1: bleed: 3cm is too large (bleed is 0 to 20 mm)"),
    ("top: 18mm", "top: 1000mm", "booklet.yaml:8:11: margins.top: 1000mm is too large "
                                 "(a margin is 0 to 600 mm)"),
    ("top: 18mm", "top: 250mm",
     "booklet.yaml:8:1: margins: they leave a type area of 174 × 8 mm on the 210 × 280 mm page; "
     "at least 70 × 93.3 mm is needed (make the margins smaller: together they may take at most "
     "two thirds of the page each way)"),
])
def test_page_geometry_limits(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert problems(tmp_path, old, new) == message


def test_the_smallest_and_largest_pages_are_accepted(tmp_path: Path) -> None:
    root = config_with(tmp_path, "trim: {width: 210mm, height: 280mm}",
                       "trim: {width: 50mm, height: 600mm}")
    text = (root / "booklet.yaml").read_text().replace(
        "{top: 18mm, bottom: 22mm, inner: 20mm, outer: 16mm}",
        "{top: 18mm, bottom: 22mm, inner: 5mm, outer: 5mm}").replace("bleed: 3mm", "bleed: 0mm")
    (root / "booklet.yaml").write_text(text)
    spec = load_booklet(root).spec
    assert (spec.trim.width, spec.trim.height, spec.bleed) == (50.0, 600.0, 0.0)


# --- other values that would crash later -------------------------------------

@pytest.mark.parametrize(("old", "new", "message"), [
    ("title: 25 Years Together", "title: ''", "booklet.yaml:3:1: title: should not be empty"),
    ("title: 25 Years Together", "title:", "booklet.yaml:3:1: title: expected a value, got nothing"),
    ("NotoSans-Bold.ttf, weight: 700}", "NotoSans-Bold.ttf, weight: 5000}",
     "booklet.yaml:23:66: fonts.weight: expected one of 100, 200, … 900 (400 is regular, 700 bold), "
     "got 5000"),
    ("NotoSans-Bold.ttf, weight: 700}", "NotoSans-Bold.ttf, weight: 0}",
     "booklet.yaml:23:66: fonts.weight: expected one of 100, 200, … 900 (400 is regular, 700 bold), "
     "got 0"),
    ("{family: Booklet Sans, file: assets/fonts/NotoSans-Bold.ttf",
     "{family: '', file: assets/fonts/NotoSans-Bold.ttf",
     "booklet.yaml:23:6: fonts.family: '' is not a font family name: use letters, digits, spaces, "
     "'-' and '.'"),
    ("{family: Booklet Sans, file: assets/fonts/NotoSans-Bold.ttf",
     "{family: 'Sans\"; } body { color: red', file: assets/fonts/NotoSans-Bold.ttf",
     "booklet.yaml:23:6: fonts.family: 'Sans\"; } body { color: red' is not a font family name: "
     "use letters, digits, spaces, '-' and '.'"),
    ("file: assets/fonts/NotoSans-Bold.ttf", "file: ' '",
     "booklet.yaml:23:28: fonts.file: should not be empty"),
])
def test_values_that_would_crash_later(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert problems(tmp_path, old, new) == message


# --- fonts ---------------------------------------------------------------------

BOLD = "assets/fonts/NotoSerif-Bold.ttf"
AT_BOLD = "booklet.yaml:19:29: font file assets/fonts/NotoSerif-Bold.ttf"


def test_a_text_file_named_ttf_is_refused_at_its_line(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / BOLD).write_text("not a font, just text\n")
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (f"{AT_BOLD} cannot be used: not a TrueType or OpenType font "
                             "(replace it with a working .ttf or .otf file)\n1 problem; " + NOTHING_WRITTEN)


def test_a_truncated_font(tmp_path: Path) -> None:
    root = config_with(tmp_path, "", "")
    data = (root / BOLD).read_bytes()
    (root / BOLD).write_bytes(data[:300_000])
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value) == (f"{AT_BOLD} cannot be used: the file is cut short (300,000 bytes; its "
                                 f"tables need {len(data):,}) (replace it with a working .ttf or .otf file)")


def test_a_font_cut_inside_its_header(tmp_path: Path) -> None:
    root = config_with(tmp_path, "", "")
    (root / BOLD).write_bytes((root / BOLD).read_bytes()[:40])
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value).startswith(f"{AT_BOLD} cannot be used: ")


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.mkdir(), f"{AT_BOLD} is a folder, not a font (replace it with a working .ttf or .otf file)"),
    (lambda p: p.symlink_to(p.name), f"{AT_BOLD} cannot be read: a symbolic link that points back at itself"),
    (lambda p: p.symlink_to(REPO / "pyproject.toml"),
     f"{AT_BOLD} is outside the project (copy it into assets/fonts/)"),
    (lambda p: p.symlink_to(THEME / BOLD),  # the theme is a root of its own, not the project's
     f"{AT_BOLD} is outside the project (copy it into assets/fonts/)"),
])
def test_a_font_that_is_no_file_of_the_project(tmp_path: Path, make: Callable[[Path], None],
                                                message: str) -> None:
    root = config_with(tmp_path, "", "")
    (root / BOLD).unlink()
    make(root / BOLD)
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value) == message


def test_a_font_the_project_lacks_is_its_theme_s(tmp_path: Path) -> None:
    root = config_with(tmp_path, "", "")
    (root / BOLD).unlink()
    booklet = load_booklet(root)
    assert booklet.file(BOLD) == THEME / BOLD
    assert booklet.file("assets/fonts/NotoSans-Bold.ttf") == root / "assets/fonts/NotoSans-Bold.ttf"


def test_a_font_neither_has_is_not_found(tmp_path: Path) -> None:
    assert problems(tmp_path, BOLD, "assets/fonts/Missing.ttf") == (
        "booklet.yaml:19:29: font file not found: assets/fonts/Missing.ttf")


def test_a_theme_that_is_not_installed(tmp_path: Path) -> None:
    assert problems(tmp_path, "title: 25 Years Together", "theme: aniversary\ntitle: x") == (
        "booklet.yaml:3:1: no theme 'aniversary' (did you mean 'anniversary'?) (themes: anniversary)")


def test_fonts_outside_the_project_by_path(tmp_path: Path) -> None:
    assert problems(tmp_path, BOLD, "../NotoSerif-Bold.ttf") == (
        "booklet.yaml:19:29: font file ../NotoSerif-Bold.ttf is outside the project "
        "(copy it into assets/fonts/)")


# --- languages -----------------------------------------------------------------

EN = "  en: {locale: en_GB}"


def test_the_editions_to_come_are_accepted(tmp_path: Path) -> None:
    root = config_with(tmp_path, EN, EN + "\n  sq: {locale: sq}\n  sr-Latn: {locale: sr_Latn}\n"
                                        "  sr-Cyrl: {locale: sr_Cyrl}")
    assert list(load_booklet(root).spec.languages) == ["en", "sq", "sr-Latn", "sr-Cyrl"]


def test_a_latin_edition_with_a_cyrillic_locale(mini: Callable[..., Path]) -> None:
    root = mini({"booklet.yaml": CONFIG.replace(EN, EN + "\n  sr-Latn: {locale: sr_Cyrl}")})
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "booklet.yaml:12:13: locale 'sr_Cyrl' writes Cyrillic, but 'sr-Latn' is Latin (use one of: "
        "sr_Latn, sr_Latn_BA, sr_Latn_ME, sr_Latn_RS, sr_Latn_XK)\n1 problem; " + NOTHING_WRITTEN)


@pytest.mark.parametrize(("language", "message"), [
    ("rs: {locale: sr_Latn}", "booklet.yaml:12:3: 'rs' is not a language: RS is the country code of "
     "Serbia, whose language is 'sr-Latn' (write a BCP 47 code such as en, en-GB, sq, sr-Latn, sr-Cyrl)"),
    ("'../en': {locale: en_GB}", "booklet.yaml:12:3: '../en' cannot be a language code: it may hold "
     "only letters, digits and '-' — it names the file content/lang/<code>.yaml (write a BCP 47 code "
     "such as en, en-GB, sq, sr-Latn, sr-Cyrl)"),
    ("sr-latn: {locale: sr_Latn}", "booklet.yaml:12:3: 'sr-latn' is not a language code (did you mean "
     "'sr-Latn'?) (write language-Script-REGION, such as en, en-GB, sq, sr-Latn, sr-Cyrl)"),
    ("sr-Latn: {locale: sr_Latin}", "booklet.yaml:12:13: unknown locale 'sr_Latin': 'Latin' is not a "
     "script or region (a CLDR locale such as en_GB, sq, sr_Latn, sr_Cyrl)"),
    ("sr-Latn: {locale: sr}", "booklet.yaml:12:13: locale 'sr' writes Cyrillic, but 'sr-Latn' is Latin "
     "(use one of: sr_Latn, sr_Latn_BA, sr_Latn_ME, sr_Latn_RS, sr_Latn_XK)"),
    ("sq: {locale: en_GB}", "booklet.yaml:12:8: locale 'en_GB' is not Albanian, the language of 'sq' "
     "(use one of: sq, sq_AL, sq_MK, sq_XK)"),
    ("sq: {locale: sq-AL}", "booklet.yaml:12:8: unknown locale 'sq-AL' (did you mean 'sq_AL'?) "
     "(a CLDR locale such as en_GB, sq, sr_Latn, sr_Cyrl)"),
    ("ee: {locale: ee}", "booklet.yaml:12:3: no hyphenation dictionary for 'ee' (Latin) "
     "(pyphen, which hyphenates, has none for Ewe)"),
])
def test_language_settings_are_checked(tmp_path: Path, language: str, message: str) -> None:
    assert problems(tmp_path, EN, f"{EN}\n  {language}") == message
