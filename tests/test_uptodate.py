"""Rebuild only what changed: the record beside the PDFs, as the command line reports it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import three_pages, with_german

from booklet.cli import main
from booklet.pipeline.uptodate import record_path
from booklet.project.config import load_booklet
from booklet.project.inputs import FileDigests, inputs_digest, is_input


@pytest.fixture
def mini(mini: Callable[..., Path]) -> Callable[..., Path]:
    """The three-page mini project (conftest.three_pages), with a cache of its own: the record of
    what was built is named after the output folder inside the project, which every test's
    copy shares, so in the run's shared cache one test's build would make another's out of date."""
    three = three_pages(mini)

    def made(*args: object, **kwargs: object) -> Path:
        root = three(*args, **kwargs)
        (root / ".cache").unlink()
        return root

    return made


def build(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen", *args])


def two_languages(mini: Callable[..., Path]) -> Path:
    return with_german(mini())


def rows(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith(("en ", "de "))]


def test_a_build_with_nothing_changed_is_up_to_date(mini: Callable[..., Path]) -> None:
    root = mini()
    first = build(root)
    assert first.exit_code == 0, first.output
    pdf = root / "build/25-years-together-en-screen.pdf"
    written = pdf.stat().st_mtime_ns
    again = build(root)
    assert again.exit_code == 0, again.output
    [row] = rows(again)
    assert row.startswith("en      screen    3 pages  up to date  ")
    assert row.endswith("/build/25-years-together-en-screen.pdf, 1 stand-in photo")
    assert again.stdout.splitlines()[-1].startswith("Up to date: nothing changed since the last build (")
    assert "booklet build --force builds them again.\n" in again.stderr
    assert "laying out pages" not in again.stderr  # nothing was laid out
    assert "warning: content/pages: the en edition has 3 pages" in again.stderr  # its warnings stay said
    assert pdf.stat().st_mtime_ns == written


def test_force_builds_anyway(mini: Callable[..., Path]) -> None:
    root = mini()
    assert build(root).exit_code == 0
    forced = build(root, "--force")
    assert forced.exit_code == 0, forced.output
    assert "  en-screen: laying out pages…\n" in forced.stderr
    assert forced.stdout.splitlines()[-1].startswith("Built 1 PDF in ")


def test_an_edit_rebuilds_only_the_editions_it_concerns(mini: Callable[..., Path]) -> None:
    root = two_languages(mini)
    assert build(root).exit_code == 0
    de = root / "content/lang/de.yaml"
    de.write_text(de.read_text(encoding="utf-8").replace("First milestone", "Erster Meilenstein"),
                  encoding="utf-8")
    result = build(root)
    assert result.exit_code == 0, result.output
    en_row, de_row = rows(result)
    assert "up to date" in en_row and "up to date" not in de_row
    assert "  de-screen: laying out pages…" in result.stderr and "en-screen: laying" not in result.stderr
    assert result.stdout.splitlines()[-1].startswith("Built 1 PDF in ")
    assert "; 1 up to date" in result.stdout.splitlines()[-1]


def test_a_shared_file_rebuilds_every_edition(mini: Callable[..., Path]) -> None:
    root = two_languages(mini)
    assert build(root).exit_code == 0
    style = root / "styles/base.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n/* a designer's note */\n", encoding="utf-8")
    result = build(root)
    assert [("up to date" in row) for row in rows(result)] == [False, False]


def test_a_saved_but_unchanged_file_and_editor_backups_change_nothing(mini: Callable[..., Path]) -> None:
    root = mini()
    assert build(root).exit_code == 0
    page = root / "content/pages/2000.yaml"
    os.utime(page, (1_000_000_000, 1_000_000_000))  # saved again, same words
    (root / "content/pages/2000.yaml~").write_text("layout: broken", encoding="utf-8")
    (root / "layouts/.cover.html.j2.swp").write_bytes(b"\0")
    assert "up to date" in rows(build(root))[0]


def test_a_pdf_replaced_by_hand_is_built_again(mini: Callable[..., Path]) -> None:
    root = mini()
    assert build(root).exit_code == 0
    (root / "build/25-years-together-en-screen.pdf").write_bytes(b"%PDF-1.7 not ours")
    assert "up to date" not in rows(build(root))[0]


def test_a_failed_build_is_not_recorded(mini: Callable[..., Path]) -> None:
    root = mini()
    assert build(root).exit_code == 0
    lang = root / "content/lang/en.yaml"
    good = lang.read_text(encoding="utf-8")
    lang.write_text(good.replace("  one:\n", "  one: [\n"), encoding="utf-8")
    assert build(root).exit_code == 1
    assert build(root).exit_code == 1  # still failing: said again, not "up to date"
    lang.write_text(good, encoding="utf-8")
    back = build(root)
    assert back.exit_code == 0 and "up to date" in rows(back)[0]  # the PDF in place is from these sources


def test_the_record_says_what_each_pdf_was_made_from(mini: Callable[..., Path]) -> None:
    root = mini()
    result = build(root, "--json")
    assert json.loads(result.stdout)["editions"][0]["up_to_date"] is False
    booklet = load_booklet(root)
    record = json.loads(record_path(booklet, root / "build").read_text(encoding="utf-8"))
    entry = record["25-years-together-en-screen.pdf"]
    assert entry["digest"] == inputs_digest(booklet, "en", booklet.variants["screen"], FileDigests())
    assert entry["page_files"] == [["content/pages/010-cover.yaml"], ["content/pages/2000.yaml"],
                                   ["content/pages/2000.yaml"]]
    assert json.loads(build(root, "--json").stdout)["editions"][0]["up_to_date"] is True


def test_what_a_watcher_counts_as_an_input(mini: Callable[..., Path]) -> None:
    booklet = load_booklet(mini())
    root = booklet.root
    assert is_input(root / "content/lang/en.yaml", booklet)
    assert is_input(root / "styles/base.css", booklet)
    assert is_input(root / "booklet.yaml", booklet)
    assert not is_input(root / "build/25-years-together-en-print.pdf", booklet)
    assert not is_input(root / ".cache/standins/x.jpg", booklet)
    assert not is_input(root / "content/pages/.2000.yaml.swp", booklet)
    assert not is_input(root / "content/pages/2000.yaml~", booklet)
    # A design file of the theme a project uses rebuilds too (a designer editing the theme);
    # its code and editor files do not.
    theme = booklet.theme_root
    assert theme is not None
    assert is_input(theme / "layouts/year-spread/year-spread.css", booklet)
    assert is_input(theme / "styles/tokens.css", booklet)
    assert not is_input(theme / "views.py", booklet)
    assert not is_input(theme / "styles/.tokens.css.swp", booklet)


def test_quiet_prints_only_problems(mini: Callable[..., Path]) -> None:
    root = mini()
    quiet = build(root, "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    (root / "content/pages/2000.yaml").write_text("layout: year-spread\nyear: 2oo0\n", encoding="utf-8")
    failed = build(root, "--quiet")
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[0] == "content/pages/2000.yaml:1:1: missing field 'milestones'"
    assert "no PDF was updated" not in failed.stderr

