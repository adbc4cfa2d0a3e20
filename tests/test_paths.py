"""Nothing outside the project and nothing but a regular file is ever opened (paths.project_file).

A named pipe shows it best: opening one for reading blocks until someone
writes to it, which no one here does.  So a build that ends at once with its
message, with a pipe where a file should be or a link to a pipe outside the
project, proves that nothing opened it; without the check it hangs for ever.
The builds run in a subprocess with a time limit, as a user's would.
"""

from __future__ import annotations

import builtins
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from booklet.cli import main
from tests.conftest import REPO

LIMIT_SECONDS = 60
"""Far more than the tiny build takes; a pipe that is opened would block for ever instead."""


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "booklet.cli", "--project", str(root), "build", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=LIMIT_SECONDS, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def problems(stderr: str) -> list[str]:
    """The problem lines a user reads (not progress, warnings, or Python's notes about fonts)."""
    return [line for line in stderr.splitlines()
            if not line.startswith((" ", "/", "warning:")) and "no PDF was updated" not in line]


@pytest.fixture
def pipe_outside(tmp_path: Path) -> Path:
    """A named pipe outside the project: whoever opens it waits for ever."""
    pipe = tmp_path / "outside" / "pipe"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    return pipe


def test_a_pipe_among_the_page_files(mini: Callable[..., Path]) -> None:
    root = mini()
    os.mkfifo(root / "content/pages/2001.yaml")
    result = build(root)
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "content/pages/2001.yaml: is a named pipe, not a file (replace it with a YAML file)"]


def test_a_pipe_where_a_page_names_its_photo(mini: Callable[..., Path]) -> None:
    root = mini()
    cover = root / "content/pages/010-cover.yaml"
    cover.write_text(cover.read_text().replace(", standin: true", ""))
    os.mkfifo(root / "assets/images/cover.jpg")
    result = build(root)
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "content/pages/010-cover.yaml:5:9: photo assets/images/cover.jpg is a named pipe, not a file "
        "(replace it with the photo file)"]


def test_links_to_a_pipe_outside_are_never_opened(mini: Callable[..., Path], pipe_outside: Path) -> None:
    """Links nobody uses are not even read for the up-to-date record; used ones are refused."""
    root = mini()
    (root / "assets/images/unused.jpg").symlink_to(pipe_outside)
    (root / "styles/unused.css").symlink_to(pipe_outside)
    (root / "layouts/unused").symlink_to(pipe_outside.parent, target_is_directory=True)
    result = build(root, "--variant", "screen")
    assert result.returncode == 0, result.stderr
    (root / "layouts/unused").unlink()
    (root / "assets/images/cover.jpg").symlink_to(pipe_outside)
    cover = root / "content/pages/010-cover.yaml"
    cover.write_text(cover.read_text().replace(", standin: true", ""))
    result = build(root, "--variant", "screen")
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "content/pages/010-cover.yaml:5:9: photo assets/images/cover.jpg is outside assets/images/ "
        "(copy the photo into assets/images/)"]


def test_a_device_linked_among_the_page_files(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "content/pages/2001.yaml").symlink_to("/dev/zero")
    result = build(root)
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "content/pages/2001.yaml: is outside the project (copy the file into the project)"]


def test_pipes_named_by_a_stylesheet_a_layout_and_booklet_yaml(mini: Callable[..., Path]) -> None:
    """Each at the line that names it."""
    root = mini()
    os.mkfifo(root / "assets/images/paper.png")
    base = root / "styles/base.css"
    base.write_text(".cover { background: url(../assets/images/paper.png); }\n" + base.read_text())
    os.mkfifo(root / "layouts/cover/extra.css")
    spec = root / "layouts/cover/layout.yaml"
    spec.write_text(spec.read_text() + "stylesheets: [cover.css, extra.css]\n")
    os.mkfifo(root / "assets/fonts/Pipe.ttf")
    config = root / "booklet.yaml"
    config.write_text(config.read_text().replace("assets/fonts/NotoSans-Bold.ttf", "assets/fonts/Pipe.ttf"))
    result = build(root)
    assert result.returncode == 1
    found = problems(result.stderr)
    line = len(spec.read_text().splitlines())
    assert f"layouts/cover/layout.yaml:{line}:26: stylesheet extra.css is a named pipe, not a file " \
           "(replace it with a file)" in found
    assert "booklet.yaml:23:28: font file assets/fonts/Pipe.ttf is a named pipe, not a file (replace it " \
           "with a working .ttf or .otf file)" in found
    (root / "layouts/cover/extra.css").unlink()
    spec.write_text(spec.read_text().replace("stylesheets: [cover.css, extra.css]\n", ""))
    config.write_text(config.read_text().replace("assets/fonts/Pipe.ttf", "assets/fonts/NotoSans-Bold.ttf"))
    result = build(root)
    assert result.returncode == 1
    assert problems(result.stderr) == [
        "styles/base.css:1:22: url(../assets/images/paper.png): assets/images/paper.png is a named pipe, "
        "not a file (replace it with a file)"]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every path this process opens while the test runs, as the system would resolve it."""
    seen: list[Path] = []
    real_open, real_os_open = builtins.open, os.open

    def note(file: Any) -> None:
        if isinstance(file, (str, bytes, os.PathLike)):
            seen.append(Path(os.fsdecode(file)).resolve())

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        note(file)
        return real_open(file, *args, **kwargs)

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        note(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    yield seen


def _link_out(root: Path, name: str, outside: Path, directory: bool = False) -> None:
    """Move a project file (or folder) outside and leave a link to it in its place."""
    target = outside / name.replace("/", "_")
    (root / name).rename(target)
    (root / name).symlink_to(target, target_is_directory=directory)


@pytest.mark.parametrize("name", ["layouts/cover/cover.html.j2", "layouts/cover/cover.css",
                                  "layouts/cover", "styles/pages.css", "content/lang/en.yaml",
                                  "assets/profiles"])
def test_a_file_linked_out_is_refused_before_it_is_opened(mini: Callable[..., Path], tmp_path: Path,
                                                         opened: list[Path], name: str) -> None:
    root = mini()
    outside = tmp_path / "outside"
    outside.mkdir()
    _link_out(root, name, outside, directory=(root / name).is_dir())
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen"])
    assert result.exit_code == 1, result.output
    assert "outside" in result.stderr
    assert [p for p in opened if p.is_relative_to(outside)] == []
