"""The command line's papercuts (issue 19): each as a user meets it, through the CLI, on a tiny project."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from booklet.checks.photolist import PhotoRow, photo_table
from booklet.cli import main
from booklet.preview.commands import typed_command
from booklet.preview.server import PreviewServer

ONE_PROBLEM = "1 problem.\n"
"""How a command that writes no PDF ends a failure: it does not talk about PDFs."""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# --- pipes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [("i18n", "status"), ("photos",), ("--help",)])
def test_a_closed_pipe_ends_quietly(mini: Callable[..., Path], command: tuple[str, ...]) -> None:
    """`booklet i18n status | head`: the reader has gone before booklet writes; no message."""
    root = mini(translated=True)
    child = subprocess.Popen([sys.executable, "-W", "ignore::UserWarning",  # this machine's fontconfig
                              "-m", "booklet.cli", "--project", str(root), *command],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as `head` does once it has its lines; booklet is still importing
    with child.stderr:
        stderr = child.stderr.read().decode()
    assert child.wait(timeout=300) in (0, 141)  # 141: as a shell says a program ended by SIGPIPE
    assert stderr == ""


# --- where the project is ----------------------------------------------------------------------

def test_booklet_yaml_is_found_from_a_folder_inside_the_project(mini: Callable[..., Path],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    monkeypatch.chdir(root / "content/pages")
    result = run("photos")
    assert result.exit_code == 0, result.output
    assert "stand-in: cover.jpg" in result.stdout


def test_outside_any_project_booklet_yaml_is_not_found(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "elsewhere/deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "elsewhere/deeper")
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.startswith("booklet.yaml: file not found (run booklet in a booklet project folder")


def test_the_search_upward_stops_at_a_mount_point(mini: Callable[..., Path],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    (root / "assets/disk/folder").mkdir(parents=True)
    mounted = (root / "assets/disk").resolve()
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path).resolve() == mounted)
    monkeypatch.chdir(root / "assets/disk/folder")  # another disk, mounted inside the project
    assert run("photos").stderr.startswith("booklet.yaml: file not found")
    monkeypatch.chdir(root / "assets")
    assert run("photos").exit_code == 0


def test_a_project_folder_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for option in ("-C", "--project"):
        result = run(option, "no-such-folder", "check")
        assert result.exit_code == 1
        assert result.stderr == ("no such folder: no-such-folder (--project names the folder that has "
                                 "booklet.yaml)\n" + ONE_PROBLEM)


# --- unknown names -----------------------------------------------------------------------------

def test_an_unknown_text_key_to_mark(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    result = run("--project", str(root), "i18n", "mark", "--lang", "sq", "m.one.titel")
    assert result.exit_code == 1
    assert result.stderr == "unknown text key 'm.one.titel' (did you mean 'm.one.title'?)\n" + ONE_PROBLEM
    result = run("--project", str(root), "i18n", "mark", "--lang", "sq", "nosuch.key")
    assert result.stderr == "unknown text key 'nosuch.key'\n" + ONE_PROBLEM
    assert run("--project", str(root), "i18n", "mark", "--lang", "sq", "m.one").exit_code == 0  # a group


def test_an_edition_or_variant_in_other_capitals(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    result = run("--project", str(root), "check", "--lang", "SQ")
    assert result.exit_code == 1
    assert result.stderr == ("unknown edition 'SQ' (did you mean 'sq'?) (editions: en, sq, sr-Latn, "
                             "sr-Cyrl)\n" + ONE_PROBLEM)
    result = run("--project", str(root), "check", "--lang", "sx")
    assert result.stderr.startswith("unknown edition 'sx' (did you mean 'sq'?)")
    result = run("--project", str(root), "build", "--variant", "Print")
    assert result.stderr.startswith("unknown variant 'Print' (did you mean 'print'?)")
    result = run("--project", str(root), "photos", "--lang", "SR-latn")
    assert result.stderr.startswith("unknown edition 'SR-latn' (did you mean 'sr-Latn'?)")


# --- booklet photos ----------------------------------------------------------------------------

def test_photo_columns_stay_apart_whatever_their_widths() -> None:
    row = PhotoRow((4, 5), "opener-spread", (426.0, 185.0), (5032, 2188), "opener/milestones.jpg", True,
                   None, None, None)  # type: ignore[arg-type]
    header, line = photo_table([row])
    assert line == "4–5    opener-spread  426 × 185  5032 × 2188  stand-in: opener/milestones.jpg"
    assert header.index("frame") == line.index("opener-spread")
    assert header.index("size (mm)") == line.index("426 × 185")


def test_photos_lists_frames_without_laying_out(mini: Callable[..., Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = mini()
    (root / ".cache").unlink()  # its own cache: another test's copy of this project plans the same pages

    def no_layout(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("booklet photos laid the booklet out")

    with monkeypatch.context() as patched:
        for module in ("booklet.render.pdf", "booklet.fitting.trial", "booklet.pipeline.edition"):
            patched.setattr(f"{module}.lay_out", no_layout)
        result = run("--project", str(root), "photos")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.split(r"\s{2,}", lines[1]) == ["not planned yet", "cover", "216 × 174", "2552 × 2056",
                                             "stand-in: cover.jpg"]
    assert lines[-1].startswith("The pages are not planned yet (booklet check or build plans them)")
    assert run("--project", str(root), "check", "--variant", "print").exit_code == 0  # plans, and caches
    with monkeypatch.context() as patched:
        for module in ("booklet.render.pdf", "booklet.fitting.trial", "booklet.pipeline.edition"):
            patched.setattr(f"{module}.lay_out", no_layout)
        result = run("--project", str(root), "photos")
    assert result.exit_code == 0, result.output
    assert re.split(r"\s{2,}", result.stdout.splitlines()[1])[:2] == ["1", "cover"]
    assert result.stdout.splitlines()[-1] == "1 photo frame; 1 stand-in to replace."


# --- booklet serve -----------------------------------------------------------------------------

@pytest.mark.parametrize("gone", [ConnectionResetError(104, "Connection reset by peer"),
                                  BrokenPipeError(32, "Broken pipe")])
def test_a_browser_that_disconnects_prints_nothing(gone: OSError, capsys: pytest.CaptureFixture[str]) -> None:
    server = PreviewServer.__new__(PreviewServer)  # handle_error needs nothing of a running one
    try:
        raise gone
    except OSError:
        server.handle_error(None, ("127.0.0.1", 50000))
    assert capsys.readouterr().err == ""
    try:
        raise ValueError("a bug of ours")
    except ValueError:
        server.handle_error(None, ("127.0.0.1", 50000))
    assert "ValueError: a bug of ours" in capsys.readouterr().err  # a real error is still shown


# --- booklet new -------------------------------------------------------------------------------

def test_new_says_what_to_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = Path(sys.executable).parent / "booklet"  # the command pip made in .venv/bin
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # booklet is not on the PATH
    monkeypatch.chdir(tmp_path)
    made = run("new", "my-booklet")
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[1:] == [
        f"Next:  cd my-booklet && {installed.absolute()} build   (or: {installed.absolute()} serve)",
        "(`make install-command` in booklet's folder lets you type just `booklet`)"]
    (tmp_path / "bin").mkdir()
    os.symlink(installed, tmp_path / "bin/booklet")  # what make install-command links
    assert typed_command() == "booklet"
    made = run("new", "second booklet")
    assert made.stdout.splitlines()[1:] == [
        "Next:  cd 'second booklet' && booklet build   (or: booklet serve)"]
