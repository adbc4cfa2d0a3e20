"""Nothing printed is lost silently: what the page files, booklet.yaml and the styles ask for is
printed as asked, or the build stops at the line that asked.

Each case builds a tiny project (the `mini` fixture) for print once, changes it, and builds
again through the CLI: exit 1, the problem at its `path:line:col`, no traceback, and the
earlier PDF byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from booklet.cli import main

PDF = "build/25-years-together-en-print.pdf"
TRAILER = "no PDF was updated (any earlier PDF is still in place)."

FACTS_PAGE = """\
layout: facts
heading: facts.heading
arrangement: four-six
facts:
  - figure: facts.reports.figure
    text: facts.reports.text
    numbers: {reports: 280}
  - figure: facts.cases.figure
    text: facts.cases.text
    numbers: {cases: 25735, hearings: 37311}
    detail: facts.cases.detail
"""
FACTS_TEXTS = """\
facts:
  heading: Facts and figures
  reports:
    figure: "over {reports}"
    text: reports produced
  cases:
    figure: "approximately {cases}"
    text: court cases monitored
    detail: "and {hearings} hearings"
"""


def build(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print", *args])


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(root: Path, change: Callable[[], None]) -> list[str]:
    """Build, change the project, build again: the problems of the failed build (warnings left out)."""
    first = build(root)
    assert first.exit_code == 0, first.output
    good = (root / PDF).read_bytes()
    change()
    result = build(root)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert (root / PDF).read_bytes() == good
    return [line for line in result.stderr.splitlines()
            if not line.startswith(("  en", "warning:", "The layout that failed")) and TRAILER not in line]


def with_facts(mini: Callable[..., Path]) -> Path:
    """The mini project with a page of facts in place of its blank page."""
    root = mini({"content/pages/900-facts.yaml": FACTS_PAGE})
    (root / "content/pages/999-blank.yaml").unlink()
    english = root / "content/lang/en.yaml"
    english.write_text(english.read_text(encoding="utf-8") + FACTS_TEXTS, encoding="utf-8")
    return root


def test_a_number_no_text_prints_is_an_error_at_the_text(mini: Callable[..., Path]) -> None:
    root = with_facts(mini)
    problems = refused(root, lambda: edit(root, "content/lang/en.yaml", 'figure: "over {reports}"',
                                          'figure: "over"'))
    assert problems == [
        "content/lang/en.yaml:20:5: 'facts.reports.figure': content/pages/900-facts.yaml:7 gives {reports} "
        "(280) to facts.reports.figure, facts.reports.text, and none of them prints it, so it would be left "
        "out of the page (write {reports} where the number goes)"]


def test_a_number_only_the_detail_printed_is_missed_there_too(mini: Callable[..., Path]) -> None:
    root = with_facts(mini)
    edit(root, "content/lang/en.yaml", 'detail: "and {hearings} hearings"', 'detail: "and many hearings"')
    result = build(root)
    assert result.exit_code == 1
    assert ("content/lang/en.yaml:23:5: 'facts.cases.figure': content/pages/900-facts.yaml:10 gives "
            "{hearings} (37311) to facts.cases.figure, facts.cases.text, facts.cases.detail, and none of "
            "them prints it") in result.stderr


def test_a_page_count_that_does_not_fold_stops_print_only(mini: Callable[..., Path]) -> None:
    root = mini()
    problems = refused(root, lambda: (root / "content/pages/999-blank.yaml").unlink())
    assert problems == ["content/pages: the en edition has 3 pages; a stapled booklet needs a multiple of 4"]
    screen = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen"])
    assert screen.exit_code == 0, screen.output
    assert ("warning: content/pages: the en edition has 3 pages; a stapled booklet needs a multiple of 4"
            in screen.stderr)


def test_a_stylesheet_may_not_set_the_trim_or_the_bleed(mini: Callable[..., Path]) -> None:
    root = mini()
    sheet = root / "styles/pages.css"
    lines = len(sheet.read_text(encoding="utf-8").splitlines())
    problems = refused(root, lambda: sheet.write_text(
        sheet.read_text(encoding="utf-8") + "@media print {\n  @page :left { size: A4; bleed: 5mm }\n}\n",
        encoding="utf-8"))
    assert problems == [
        f"styles/pages.css:{lines + 2}:17: @page {{ size: A4 }}: the page's trim comes from booklet.yaml, "
        "and a stylesheet may not change it (delete it, and set trim: in booklet.yaml)",
        f"styles/pages.css:{lines + 2}:27: @page {{ bleed: 5mm }}: the page's bleed comes from booklet.yaml, "
        "and a stylesheet may not change it (delete it, and set bleed: in booklet.yaml)"]


def test_a_font_face_listed_twice(mini: Callable[..., Path]) -> None:
    root = mini()
    bold = "  - {family: Booklet Sans, file: assets/fonts/NotoSans-Bold.ttf, weight: 700}\n"
    problems = refused(root, lambda: edit(root, "booklet.yaml", bold, bold + bold.replace(
        "NotoSans-Bold.ttf", "NotoSerif-Bold.ttf").replace("Booklet Sans", "booklet sans")))
    assert problems == [
        "booklet.yaml:24:5: booklet sans 700 normal is also the face on line 23 "
        "(assets/fonts/NotoSans-Bold.ttf): one of the two would be ignored (delete one, or give it "
        "another weight or style)"]


def test_a_pinned_arrangement_that_leaves_out_the_photo(mini: Callable[..., Path]) -> None:
    root = mini()
    problems = refused(root, lambda: edit(root, "content/pages/2000.yaml", "arrangement: typographic",
                                          "arrangement: typographic\n"
                                          "photo: {file: y.jpg, alt: photos.cover, standin: true}"))
    assert problems == [
        "content/pages/2000.yaml:8:1: arrangement 'typographic' cannot take this page: it does not print "
        "the page's photo, which would be left out (leave out arrangement: for the copyfit to choose, or "
        "pin one of page, page-inset, framed, framed-inset, framed-tall, band, "
        "photo-page)"]


def test_the_copyfit_never_chooses_an_arrangement_that_leaves_out_a_photo(mini: Callable[..., Path]) -> None:
    root = mini()

    def change() -> None:
        # A designer's two arrangements whose templates print no photo, neither saying so.
        spec = root / "layouts/year-spread/layout.yaml"
        text = spec.read_text(encoding="utf-8")
        spec.write_text(text[:text.index("arrangements:")] + "arrangements:\n  colour-page: {pages: 1}\n"
                        "  typographic: {pages: 2}\n", encoding="utf-8")
        edit(root, "content/pages/2000.yaml", "arrangement: typographic",
             "photo: {file: y.jpg, alt: photos.cover, standin: true}")

    assert refused(root, change) == [
        "content/pages/2000.yaml:1:1: no arrangement of the year-spread layout prints all of this page: "
        "colour-page leaves out photo; typographic leaves out photo (give the layout's template a frame "
        "for it in one of its arrangements)"]


def test_a_running_foot_that_grows_out_of_its_box(mini: Callable[..., Path]) -> None:
    root = mini()

    def change() -> None:
        edit(root, "content/lang/en.yaml", "running: Milestones", "running: " + " ".join(["Kosovo"] * 66))
        sheet = root / "styles/pages.css"
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("vertical-align: top", "vertical-align: "
                                                                   "bottom"), encoding="utf-8")

    problems = refused(root, change)
    assert problems[0] == (
        "content/pages/2000.yaml: the running foot of page 2, year 2000 (left-hand page), is cut off at the "
        "edge of its box or the page in the en edition: “2\u2003" + " ".join(["Kosovo"] * 7) + "” "
        "(shorten the running head or folio text)")
    assert len(problems) == 2  # and on page 3


def test_a_spread_on_the_wrong_side_stops_print(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/998-blank.yaml": "layout: blank\n"})
    (root / "content/pages/999-blank.yaml").unlink()

    def change() -> None:  # the cover goes, the year's spread comes first, a blank page keeps four
        (root / "content/pages/010-cover.yaml").unlink()
        (root / "content/pages/999-blank.yaml").write_text("layout: blank\n", encoding="utf-8")

    problems = refused(root, change)
    assert problems == [
        "content/pages/2000.yaml: year 2000 (left-hand page) must be a left-hand page but falls on page 1, a "
        "right-hand page, in the en edition; so 1 more page after it is on the wrong side too: a page was "
        "added or removed before it (add or remove pages in pairs, or add a page file with 'layout: blank' "
        "among them to fill the gap)"]
