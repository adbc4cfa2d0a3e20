"""`pip install .` gives a booklet that works without this checkout: nothing is read from beside it."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO


def test_the_installed_wheel_builds_a_project(mini: Callable[..., Path], tmp_path: Path) -> None:
    wheels, site, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "source"
    # Built from a copy: setuptools works in a build/ folder beside pyproject.toml, which in
    # the checkout is where the booklet's PDFs go.
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source)
    shutil.copytree(REPO / "booklet", source / "booklet", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(wheels), str(source)], check=True, capture_output=True, cwd=tmp_path)
    [wheel] = wheels.glob("booklet-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(site), str(wheel)], check=True, capture_output=True)
    root = mini()
    (root / ".cache").unlink()  # its own cache: the stand-in is drawn by the installed package
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import booklet; print(booklet.__file__)"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert Path(where).is_relative_to(site)  # the wheel's copy, not this checkout's
    done = subprocess.run([sys.executable, "-m", "booklet.cli", "--project", str(root), "build"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (root / "build/25-years-together-en-print.pdf").is_file()
