"""booklet new: a project that builds at once, from a fresh folder."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from booklet.cli import main


def test_new_then_build(tmp_path: Path) -> None:
    folder = tmp_path / "my booklet"
    made = CliRunner().invoke(main, ["new", str(folder)])
    assert made.exit_code == 0, made.output
    assert "Next:  cd " in made.stdout
    for part in ("booklet.yaml", "content/lang/en.yaml", "content/pages/010-cover.yaml"):
        assert (folder / part).is_file(), part
    # The design is the theme's, not a copy of it: the project holds its words and pages only.
    assert "theme: anniversary" in (folder / "booklet.yaml").read_text(encoding="utf-8")
    assert not any((folder / part).exists() for part in ("layouts", "styles", "assets/fonts"))
    assert len([p for p in folder.rglob("*") if p.is_file()]) < 12
    built = CliRunner().invoke(main, ["--project", str(folder), "build", "--variant", "print"])
    assert built.exit_code == 0, built.output
    assert "warning: content/pages" not in built.stderr  # 8 pages: no page-count warning
    assert "  8 pages" in built.stdout
    assert (folder / "build/my-booklet-en-print.pdf").read_bytes().startswith(b"%PDF-")


def test_new_will_not_write_over_a_project(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path / "taken")])
    assert result.exit_code == 1
    assert result.stderr == (f"{(tmp_path / 'taken').as_posix()}: already exists and is not an empty folder "
                             "(choose a new folder name)\n"
                             "1 problem.\n")
    assert (tmp_path / "taken/notes.txt").read_text(encoding="utf-8") == "mine"
