"""A build stopped by Ctrl-C or SIGTERM leaves nothing half-made and the last good PDF in place."""

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import weasyprint
from click.testing import CliRunner

from booklet.cli import main
from tests.conftest import REPO


def leftovers(root: Path, tmp: Path) -> list[str]:
    return sorted([p.name for p in (root / "build").iterdir() if p.suffix != ".pdf"]
                  + [p.name for p in tmp.iterdir() if p.name.startswith("weasyprint-")])


def test_sigterm_during_layout(project: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "booklet.cli", "--project", str(project), "build", "--force",
               "--lang", "en", "--variant", "print"]
    pdf = project / "build/25-years-together-en-print.pdf"
    pdf.parent.mkdir()
    good = b"%PDF-1.7 the last good build\n"  # what is there must stay, whatever it is
    pdf.write_bytes(good)
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) as build:
        assert build.stderr is not None
        for line in build.stderr:
            if "laying out pages" in line:
                build.send_signal(signal.SIGTERM)
                break
        rest = build.stderr.read()
        assert build.wait(timeout=60) == 130
    assert "Traceback" not in rest
    assert rest.endswith("Stopped. No PDF is half-written; any earlier PDF is still in place.\n")
    assert pdf.read_bytes() == good
    assert leftovers(project, tmp) == []


def test_ctrl_c_while_writing(mini: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
                              tmp_path: Path) -> None:
    root = mini()
    assert CliRunner().invoke(main, ["--project", str(root), "build"]).exit_code == 0
    pdf = root / "build/25-years-together-en-print.pdf"
    good = pdf.read_bytes()
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def interrupted(self: Any, target: Any, **options: Any) -> None:
        target.write(b"%PDF-1.7 half")
        raise KeyboardInterrupt

    monkeypatch.setattr(weasyprint.Document, "write_pdf", interrupted)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--force"])
    assert result.exit_code == 130
    assert result.stderr.endswith("\nStopped. No PDF is half-written; any earlier PDF is still in place.\n")
    assert pdf.read_bytes() == good
    assert leftovers(root, tmp_path) == []
