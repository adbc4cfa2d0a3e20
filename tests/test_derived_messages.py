"""Messages about a derived edition (sr-Cyrl) name the file where they are fixed, each said once.

sr-Cyrl is made from sr-Latn at every build: a text missing, refused or too
long there is fixed in content/lang/sr-Latn.yaml (or, for a text written in
Cyrillic, in content/lang/sr-Cyrl.yaml), so that is the file every message names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import MINI_SR_LATN

from booklet.cli import main


def check(root: Path, *langs: str) -> Result:
    args = [a for lang in langs for a in ("--lang", lang)]
    return CliRunner().invoke(main, ["--project", str(root), "check", *args])


def test_a_text_missing_from_the_source_is_said_once_at_the_source(
        mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini({"content/lang/sr-Latn.yaml": MINI_SR_LATN.replace("org: Organizacija\n", "")},
                translated=True)
    missing = ("content/lang/sr-Latn.yaml: no text 'org' (in English: “Organisation”) (add it, "
               "translated)\n")
    both = check(root, "sr-Latn", "sr-Cyrl")
    assert both.exit_code == 1
    assert both.stderr.count("no text 'org'") == 1 and missing in both.stderr
    alone = check(root, "sr-Cyrl")
    assert alone.exit_code == 1 and alone.stderr.startswith(missing)
    assert "sr-Cyrl.yaml" not in alone.stderr


def test_a_refused_text_is_said_once_at_the_source_line(mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini({"content/lang/sr-Latn.yaml": MINI_SR_LATN.replace("Prvo dostignuće", "Prvo *dostignuće")},
                translated=True)
    result = check(root, "sr-Latn", "sr-Cyrl")
    assert result.exit_code == 1
    italic = ("content/lang/sr-Latn.yaml:13:5: 'm.one.title': a * that starts italic text is not closed "
              "(or a closing one has no start): put * on both sides of the italic words\n")
    assert result.stderr.count(italic) == 1 and "sr-Cyrl.yaml" not in result.stderr


def test_an_overflow_of_the_derived_edition_names_the_source_file(
        mini: Callable[..., Path], cyrillic: None) -> None:
    long_body = "\\n\\n".join(["Rečenica koja govori o radu Misije te godine. " * 6] * 8)
    sr = MINI_SR_LATN.replace("Kratak opis.", f'"{long_body}"')
    root = mini({"content/lang/sr-Latn.yaml": sr}, translated=True)
    result = check(root, "sr-Cyrl")
    assert result.exit_code == 1
    assert "does not fit in the sr-Cyrl edition" in result.stderr
    assert ("Texts on this page in content/lang/sr-Latn.yaml (the sr-Cyrl edition is made from it), "
            "longest first: m.one.body") in result.stderr
