"""Every edition of the real booklet takes its texts 30 % longer; a box grown into text is caught;
the copyfit's cache stays small."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pypdf
from click.testing import CliRunner

from booklet.cli import main
from tests.conftest import MINI_LANG


def _check(root: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "print", "--json",
                                       *args])
    return result.exit_code, json.loads(result.output)


def _errors(report: dict) -> list[str]:
    return [d["message"] for e in report["editions"] for d in e["diagnostics"] if d["severity"] == "error"]


def test_every_edition_takes_a_translation_30_percent_longer(real_build: Path) -> None:
    """The real booklet's goal: a translation 30 % longer than today's fits, in every edition."""
    code, report = _check(real_build, "--longer", "30")
    assert _errors(report) == [] and code == 0
    assert [e["lang"] for e in report["editions"]] == ["en", "sq", "sr-Latn", "sr-Cyrl"]
    assert all(e["pages"] % 4 == 0 for e in report["editions"])  # still whole sheets, no filler
    # The copyfit made the room by taking other arrangements, not by shrinking type.
    english = len(pypdf.PdfReader(real_build / "build/25-years-together-en-print.pdf").pages)
    longer = report["editions"][0]
    assert longer["pages"] >= english
    assert longer["arrangements"] != _check(real_build, "--lang", "en")[1]["editions"][0]["arrangements"]


BACK_COVER = {
    "content/pages/990-back-cover.yaml": """\
        layout: back-cover
        organisation: org
        web: back.web
        social: back.social
        years: {start: 1999, end: 2024}
        closing: back.closing
        """,
    "content/lang/en.yaml": MINI_LANG + """\
back:
  web: example.org
  social: "@example"
  closing: The organisation thanks everyone who worked with it over these years.
""",
}


def test_a_positioned_box_that_prints_over_text_is_an_error(mini: Callable[..., Path]) -> None:
    root = mini(BACK_COVER)
    assert _check(root)[0] == 0
    css = root / "layouts/back-cover/back-cover.css"
    css.write_text(css.read_text() + ".back-panel { position: absolute; top: 0; left: 0; }\n")
    code, report = _check(root)
    assert code == 1
    [over] = [m for m in _errors(report) if "prints over" in m]
    assert over.startswith("on page 4 (the back cover) “1999–2024” prints over “")
    assert over.endswith("in the en edition (a positioned box has grown into the text around it: "
                         "shorten one of them, or change the layout)")
