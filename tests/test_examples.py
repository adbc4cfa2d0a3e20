"""The second example, examples/annual-report/: an A5 annual report in English and German, in the
default theme with a cover layout of its own, built through the CLI in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from booklet.cli import main
from booklet.project.config import load_booklet
from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "annual-report"


def test_the_annual_report_builds_in_both_languages(tmp_path: Path, standin_cache: Path) -> None:
    root = tmp_path / "annual-report"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".cache", "build"))
    (root / ".cache").symlink_to(standin_cache, target_is_directory=True)
    booklet = load_booklet(root)
    assert (booklet.spec.trim.width, booklet.spec.trim.height) == (148, 210)
    assert booklet.layouts["cover"].where.path == "layouts/cover/layout.yaml"  # its own cover
    assert booklet.layouts["facts"].where.path == "theme anniversary: layouts/facts/layout.yaml"
    assert not (root / "styles").exists() and not (root / "assets/fonts").exists()
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print"])
    assert result.exit_code == 0, result.stderr
    assert "problem" not in result.stdout + result.stderr
    for lang in ("en", "de"):
        pdf = root / f"build/lindenhof-report-2025-{lang}-print.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert f"{lang}      print     8 pages" in result.stdout
