"""`pip install .` gives a booklet that works without this checkout: nothing is read from beside it.

The wheel carries the default theme (layouts, styles, fonts, profile): `booklet new x`, then
`booklet build` inside x, makes the PDFs with nothing of the checkout.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_the_installed_wheel_makes_and_builds_a_new_project(tmp_path: Path) -> None:
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
    shipped = {p.relative_to(site / "booklet/themes/anniversary").as_posix()
               for p in (site / "booklet/themes/anniversary").rglob("*") if p.is_file()}
    assert {"layouts/booklet.html.j2", "layouts/cover/layout.yaml", "styles/tokens.css",
            "assets/fonts/OFL.txt", "assets/fonts/NotoSans-Bold.ttf",
            "assets/profiles/FOGRA39L-booklet.icc", "assets/profiles/README.md"} <= shipped
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-c", "import booklet; print(booklet.__file__)"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert Path(where).is_relative_to(site)  # the wheel's copy, not this checkout's
    made = subprocess.run([sys.executable, "-m", "booklet.cli", "new", "x"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    done = subprocess.run([sys.executable, "-m", "booklet.cli", "build"], env=env, cwd=tmp_path / "x",
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for variant in ("print", "proof", "screen"):
        assert (tmp_path / f"x/build/my-booklet-en-{variant}.pdf").read_bytes().startswith(b"%PDF-")
    assert str(site) not in done.stdout + done.stderr  # theme files are named by their theme path
