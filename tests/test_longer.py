"""A box grown into the text around it is caught on the real booklet."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from booklet.cli import main


def _check(root: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--lang", "en",
                                       "--variant", "print", "--json", *args])
    return result.exit_code, json.loads(result.output)


def _errors(report: dict) -> list[str]:
    return [d["message"] for e in report["editions"] for d in e["diagnostics"] if d["severity"] == "error"]


def test_a_positioned_box_that_prints_over_text_is_an_error(project: Path) -> None:
    css = project / "layouts/back-cover/back-cover.css"
    css.write_text(css.read_text() + ".back-panel { position: absolute; top: 0; left: 0; }\n")
    code, report = _check(project)
    assert code == 1
    assert [m for m in _errors(report) if "prints over" in m] == [
        "on page 40 (the back cover) “1999–2024” prints over “Organization for Security and” in the "
        "en edition (a positioned box has grown into the text around it: shorten one of them, "
        "or change the layout)"]
