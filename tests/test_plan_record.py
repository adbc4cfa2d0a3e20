"""A PDF whose plan changed with another edition's words is built again (pipeline/uptodate.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import with_german

from booklet.cli import main
from booklet.pipeline.uptodate import record_path
from booklet.project.config import load_booklet


def two_languages(mini: Callable[..., Path]) -> Path:
    """The mini project (four pages, for the print PDF) in English and German, with a cache of its
    own: the record of what was built is named after the output folder, which every copy shares."""
    root = mini()
    (root / ".cache").unlink()
    return with_german(root)


def test_a_translation_that_changes_english_s_plan_builds_english_again(mini: Callable[..., Path]) -> None:
    """English is planned on what fits in every edition, and the others keep its plan: a
    translation's words can change English's plan while no input of English's PDF changed.  An
    edition built now keeps English's plan as it is today; where the record says English's PDF was
    laid out in another, English is built again (in this build when it is asked for)."""
    root = two_languages(mini)

    def editions(*args: str) -> dict[tuple[str, str], dict[str, object]]:
        result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print",
                                           "--json", *args])
        assert result.exit_code == 0, result.output
        return {(e["lang"], e["variant"]): e for e in json.loads(result.stdout)["editions"]}

    first = editions()
    plan = first[("en", "print")]["arrangements"]
    assert plan == first[("de", "print")]["arrangements"] and plan
    path = record_path(load_booklet(root), root / "build")
    record = json.loads(path.read_text(encoding="utf-8"))
    entry = record["25-years-together-en-print.pdf"]
    assert entry["arrangements"] == plan
    # English's PDF as a build before a change to the German words would have left it.
    entry["arrangements"] = {page_file: "another" for page_file in plan}
    path.write_text(json.dumps(record), encoding="utf-8")
    de = root / "content/lang/de.yaml"
    de.write_text(de.read_text(encoding="utf-8").replace("First milestone", "Erster Meilenstein"),
                  encoding="utf-8")
    after = editions()
    assert not after[("de", "print")]["up_to_date"] and not after[("en", "print")]["up_to_date"]
    assert after[("en", "print")]["arrangements"] == after[("de", "print")]["arrangements"] == plan
    assert all(e["up_to_date"] for e in editions().values())  # the record holds the plan again
    # Only German asked for: English's PDF is built at its next build.
    record = json.loads(path.read_text(encoding="utf-8"))
    record["25-years-together-en-print.pdf"]["arrangements"] = {page_file: "another" for page_file in plan}
    path.write_text(json.dumps(record), encoding="utf-8")
    de.write_text(de.read_text(encoding="utf-8").replace("Erster Meilenstein", "Erster"), encoding="utf-8")
    assert list(editions("--lang", "de")) == [("de", "print")]
    assert not editions("--lang", "en")[("en", "print")]["up_to_date"]
