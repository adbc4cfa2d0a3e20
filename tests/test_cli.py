"""The command line as a designer meets it: exact messages, exit codes, files kept."""

import os
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result
from PIL import Image

from booklet.cli import main

NOTHING_WRITTEN = "no PDF was updated (any earlier PDF is still in place).\n"


def build(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "build", *args])


def test_help_is_readable() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Turn a booklet project" in result.output
    result = CliRunner().invoke(main, ["build", "--help"])
    assert "Build the PDF of every edition" in result.output
    assert "--lang LANG" in result.output and "--out DIRECTORY" in result.output


def test_a_small_booklet_builds(mini: Callable[..., Path]) -> None:
    root = mini()
    umask = os.umask(0o022)
    try:
        result = build(root)
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    pdf = root / "build/25-years-together-en-print.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_mode & 0o777 == 0o644  # as any file the user makes, not private
    assert "  en-print: laying out pages…\n" in result.stderr
    last = result.stdout.strip().splitlines()
    for line, variant in zip(last, ("print ", "proof ", "screen"), strict=False):
        assert line.startswith(f"en      {variant}    4 pages")
        assert line.endswith(f"build/25-years-together-en-{variant.strip()}.pdf, 1 stand-in photo")
    assert last[3].startswith("Built 3 PDFs in ") and last[3].endswith(" s, 1 warning.")  # the stand-in


def test_out_folder(mini: Callable[..., Path], tmp_path: Path) -> None:
    result = build(mini(), "--out", str(tmp_path / "elsewhere"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere/25-years-together-en-print.pdf").is_file()


def test_yaml_syntax_error(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/2000.yaml": "layout: year-spread\nyear: [2000\n"})
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/pages/2000.yaml:2:7: a list opened with [ here is never closed (close it with ], "
        "or put the whole text in quotes if the [ belongs to it)\n"
        "1 problem; " + NOTHING_WRITTEN)
    assert "Traceback" not in result.output


def test_duplicate_key(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/2000.yaml": "layout: year-spread\nyear: 2000\nyear: 2001\n"})
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/pages/2000.yaml:3:1: duplicate key 'year' (first written on line 2)\n"
        "1 problem; " + NOTHING_WRITTEN)


def test_unknown_fields_in_several_files_at_once(mini: Callable[..., Path]) -> None:
    root = mini({
        "content/pages/2000.yaml": "layout: year-spread\nyear: 2000\nmilestones:\n  - titel: m.one.title\n",
        "content/pages/010-cover.yaml": "layout: cover\nanniversary: 25\ntitle: cover\n"
                                        "organisation: org\nphoto: {file: c.jpg, alt: photos.cover}\n"
                                        "subtitel: cover\n",
    })
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/pages/010-cover.yaml:6:1: unknown field 'subtitel' (did you mean 'title'?)\n"
        "content/pages/2000.yaml:4:5: unknown field 'titel' (did you mean 'title'?)\n"
        "2 problems; " + NOTHING_WRITTEN)


def test_missing_photo(mini: Callable[..., Path]) -> None:
    cover = ("layout: cover\nanniversary: 25\ntitle: cover\norganisation: org\n"
             "photo: {file: c.jpg, alt: photos.cover}\n")
    root = mini({"content/pages/010-cover.yaml": cover})
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "content/pages/010-cover.yaml:5:9: photo not found: assets/images/c.jpg "
        "(add the file, or mark the photo 'standin: true' to use a placeholder)\n"
        "1 problem; " + NOTHING_WRITTEN)


def test_overflowing_spread_fails_and_keeps_the_last_good_pdf(mini: Callable[..., Path]) -> None:
    root = mini()
    assert build(root).exit_code == 0
    pdf = root / "build/25-years-together-en-print.pdf"
    good = pdf.read_bytes()
    lang = root / "content/lang/en.yaml"
    long_body = "\\n\\n".join(["A sentence that goes on and on about the work of the year. " * 6] * 7)
    lang.write_text(lang.read_text().replace("A short description.", f'"{long_body}"'))
    result = build(root)
    assert result.exit_code == 1
    rejected = [pdf.with_name(f"25-years-together-en-{v}-rejected.pdf") for v in ("print", "proof", "screen")]
    assert result.stderr.endswith(
        "content/pages/2000.yaml: year 2000 (right-hand page) does not fit in the en edition: "
        "its text runs from page 3 onto 1 more page: 13 lines (about 514 characters) too many. Texts on "
        "this page in content/lang/en.yaml, longest first: m.one.body (2490 characters), m.two.title "
        "(16 characters), m.one.title (15 characters) (shorten them by about 514 characters together, "
        "or ask for a change of layout)\n"
        "1 problem; " + NOTHING_WRITTEN
        + "".join(f"The layout that failed is in {r}, to look at.\n" for r in rejected))
    assert pdf.read_bytes() == good
    written = {p.name for p in pdf.parent.iterdir() if "rejected" not in p.name}
    assert {p.name for p in pdf.parent.iterdir()} == written | {r.name for r in rejected}
    assert len(pypdf.PdfReader(rejected[0]).pages) == 5  # the overflow adds one
    # Fixed again: the good PDF is rewritten and the rejected one goes away.
    lang.write_text(lang.read_text().replace(f'"{long_body}"', "Short again."))
    assert build(root).exit_code == 0
    assert {p.name for p in pdf.parent.iterdir()} == written


def test_unknown_language(mini: Callable[..., Path]) -> None:
    result = build(mini(), "--lang", "eng")
    assert result.exit_code == 1
    assert result.stderr == ("unknown edition 'eng' (did you mean 'en'?) "
                             "(editions: en)\n1 problem; " + NOTHING_WRITTEN)


def test_not_a_project(tmp_path: Path) -> None:
    result = build(tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("booklet.yaml: file not found (run booklet in a booklet project folder, "
                             "or name one with --project)\n1 problem; " + NOTHING_WRITTEN)


def _a_bug(*args: object, **kwargs: object) -> None:
    raise ValueError("a bug of ours")


def test_debug_shows_the_traceback_of_an_internal_error(mini: Callable[..., Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    monkeypatch.setattr("booklet.cli.build_changed", _a_bug)
    result = CliRunner().invoke(main, ["--project", str(root), "--debug", "build"])
    assert result.exit_code == 1
    assert result.exception is not None and not isinstance(result.exception, SystemExit)


def test_an_internal_error_is_one_line_not_a_traceback(mini: Callable[..., Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    monkeypatch.setattr("booklet.cli.build_changed", _a_bug)
    result = build(root)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-1] == (
        "No PDF was updated. Run again with --debug to see where, and report it.")
    assert result.stderr.splitlines()[-2] == "internal error: ValueError: a bug of ours"


def test_a_layout_error_names_the_template(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "layouts/cover/cover.html.j2").write_text("<p>\n{{ page.no_such_field }}</p>\n")
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "layouts/cover/cover.html.j2:2:1: layout error: 'dict object' has no "
        "attribute 'no_such_field'\n1 problem; " + NOTHING_WRITTEN)


def test_build_py_builds_too(mini: Callable[..., Path]) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO
    root = mini()
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--out", "pdfs"], cwd=root,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (root / "pdfs/25-years-together-en-print.pdf").is_file()


def test_a_style_asking_for_a_missing_file(mini: Callable[..., Path]) -> None:
    root = mini()
    with (root / "styles/base.css").open("a") as css:
        css.write(".cover { background: url(../assets/paper.png); }\n")
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"styles/base.css:{len((root / 'styles/base.css').read_text().splitlines())}:22: "
        "url(../assets/paper.png): no file assets/paper.png "
        "(check the name and the folder it is in)\n1 problem; " + NOTHING_WRITTEN)


def test_a_style_asking_for_a_file_outside_the_project(mini: Callable[..., Path]) -> None:
    root = mini()
    css = root / "styles/base.css"
    css.write_text("@import url(/etc/hostname);\n" + css.read_text())
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "styles/base.css:1:9: url(/etc/hostname): the file is outside the project "
        "(copy it into assets/)\n1 problem; " + NOTHING_WRITTEN)


def test_a_missing_stylesheet(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "styles/pages.css").unlink()  # the theme's pages.css is used instead
    assert build(root, "--variant", "screen").exit_code == 0
    config = root / "booklet.yaml"
    config.write_text(config.read_text() + "stylesheets: [styles/tokens.css, styles/missing.css]\n")
    result = build(root)
    assert result.exit_code == 1
    assert "no stylesheet styles/missing.css (check the name and the folder it is in)" in result.stderr


def test_a_broken_photo(mini: Callable[..., Path]) -> None:
    root = mini()
    Image.new("RGB", (3000, 2000), (200, 100, 50)).save(root / "assets/images/cover.jpg")
    data = (root / "assets/images/cover.jpg").read_bytes()
    (root / "assets/images/cover.jpg").write_bytes(data[: len(data) // 2])
    result = build(root)
    assert result.exit_code == 1
    assert "content/pages/010-cover.yaml:5:9: not a photo that can be read: assets/images/cover.jpg " \
        "(image file is truncated" in result.stderr


def test_a_photo_below_print_resolution(mini: Callable[..., Path]) -> None:
    root = mini()
    Image.new("RGB", (2126, 1713), (200, 100, 50)).save(root / "assets/images/cover.jpg")
    result = build(root)
    assert result.exit_code == 0, result.output
    # found before layout and in the written PDF, in print and in proof: one cause, one line
    assert [line for line in result.stderr.splitlines() if "250 ppi" in line] == [
        "warning: content/pages/010-cover.yaml:5:9: photo assets/images/cover.jpg has 250 ppi in "
        "its cover frame (2126×1713 px for 216×174 mm); 300 is wanted (a photo of 2552×2056 px) "
        "[en: print, proof]"]  # enough for a screen, too little to print well
    assert result.stdout.strip().splitlines()[-1].endswith(" s, 2 warnings.")  # the photo, standin: true
    result = build(root, "--verbose")
    found = [line for line in result.stderr.splitlines() if "250 ppi" in line]
    assert len(found) == 4 and found[0].endswith("[en: print]") and found[3].endswith("[en: proof]")
    assert "build/25-years-together-en-print.pdf: page 1: photo assets/images/cover.jpg (2126 × 1713 px) " \
        "is placed at 250 ppi (needs 300) (use a larger photo or place it smaller) [en: print]" not in found
    assert "warning: build/25-years-together-en-print.pdf: page 1: photo assets/images/cover.jpg " \
        "(2126 × 1713 px) is placed at 250 ppi (needs 300) [en: print]" in found
    again = build(root)  # up to date: the build's record keeps what each finding is about
    assert "up to date" in again.stdout and len([line for line in again.stderr.splitlines()
                                                 if "250 ppi" in line]) == 1
    Image.new("RGB", (600, 400), (200, 100, 50)).save(root / "assets/images/cover.jpg")
    result = build(root, "--variant", "print")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "content/pages/010-cover.yaml:5:9: photo assets/images/cover.jpg has 58 ppi in its cover frame "
        "(600×400 px for 216×174 mm); print needs 200 (a photo of 1701×1371 px)\n1 problem; "
        + NOTHING_WRITTEN)


def test_a_real_photo_flagged_standin_is_used_and_not_counted(mini: Callable[..., Path]) -> None:
    root = mini()  # its cover photo says `standin: true`
    Image.new("RGB", (2600, 2100), (200, 100, 50)).save(root / "assets/images/cover.jpg")
    result = build(root, "--variant", "print")
    assert result.exit_code == 0, result.output
    assert "warning: content/pages/010-cover.yaml:5:45: the photo assets/images/cover.jpg is here; " \
        "delete `standin: true` [en: print]" in result.stderr.splitlines()
    assert "stand-in" not in result.output  # neither in the table nor in a warning
    listed = CliRunner().invoke(main, ["--project", str(root), "photos"])
    assert listed.stdout.splitlines()[-1] == "1 photo frame; 0 stand-ins to replace."


def test_a_missing_layout_template(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "layouts/year-spread/year-spread.html.j2").unlink()
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.endswith("layouts/year-spread/layout.yaml:1:1: no template year-spread.html.j2 "
                                  "in layouts/year-spread/\n1 problem; " + NOTHING_WRITTEN)


def test_a_running_head_cut_off_at_the_foot_of_the_page(mini: Callable[..., Path]) -> None:
    root = mini()
    lang = root / "content/lang/en.yaml"
    lang.write_text(lang.read_text().replace("running: Milestones", "running: " + "Milestones " * 120))
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-5].startswith(
        "content/pages/2000.yaml: the running foot of page 3, year 2000 (right-hand page), is cut "
        "off at the edge of its box or the page in the en edition: “Milestones Milestones")


def test_an_impossible_amount_of_text_fails_before_layout(mini: Callable[..., Path]) -> None:
    milestones = "".join("  - {title: m.one.title, body: m.one.body}\n" for _ in range(400))
    lang = "A sentence that goes on and on about the work of the year and its people. " * 8
    root = mini({"content/pages/2000.yaml": "layout: year-spread\nyear: 2000\nmilestones:\n" + milestones})
    path = root / "content/lang/en.yaml"
    path.write_text(path.read_text().replace("A short description.", lang))
    result = build(root)
    assert result.exit_code == 1
    assert "laying out pages" not in result.stderr
    assert result.stderr.endswith(
        "content/pages/2000.yaml: its texts have 242,400 characters for 2 pages in the en edition; "
        "even in 6 pt type a page holds about 18,830 (shorten the text, or share it among more pages)\n"
        "1 problem; " + NOTHING_WRITTEN)


def test_check_lays_out_and_writes_nothing(mini: Callable[..., Path]) -> None:
    root = mini()
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("Checked en (print, screen) in ")  # proof: as print
    assert result.stdout.endswith(": no problems, 1 warning.\n")
    assert not (root / "build").exists()
    lang = root / "content/lang/en.yaml"
    long_body = "\\n\\n".join(["A sentence that goes on and on about the work of the year. " * 6] * 7)
    lang.write_text(lang.read_text().replace("A short description.", f'"{long_body}"'))
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "print"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "content/pages/2000.yaml: year 2000 (right-hand page) does not fit in the en edition: "
        "its text runs from page 3 onto 1 more page: 13 lines (about 514 characters) too many. Texts on "
        "this page in content/lang/en.yaml, longest first: m.one.body (2490 characters), m.two.title "
        "(16 characters), m.one.title (15 characters) (shorten them by about 514 characters together, "
        "or ask for a change of layout)",
        "Checked en (print) in " + result.stderr.splitlines()[-1].split(" in ")[1]]
    assert result.stderr.endswith(": 1 problem, 1 warning.\n")  # the stand-in
    assert not (root / "build").exists()


def test_photos_lists_every_frame_and_what_it_needs(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / ".cache").unlink()  # its own cache: another test's copy of this project plans the same pages
    result = CliRunner().invoke(main, ["--project", str(root), "photos"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [  # no build has planned the pages yet
        "pages            frame  size (mm)  needs (px)   placed (under assets/images/)",
        "not planned yet  cover  216 × 174  2552 × 2056  stand-in: cover.jpg",
        "1 photo frame; 1 stand-in to replace.",
        "The pages are not planned yet (booklet check or build plans them); each photo is shown in "
        "the largest frame its page may give it."]
    Image.new("RGB", (3000, 2000), (200, 100, 50)).save(root / "assets/images/cover.jpg")
    result = CliRunner().invoke(main, ["--project", str(root), "photos"])
    assert result.stdout.splitlines()[1] == (
        "not planned yet  cover  216 × 174  2552 × 2056  cover.jpg, 3000 × 2000 px, 292 ppi")
