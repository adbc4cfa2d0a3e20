"""Review states a reviewer can trust: edits after review, older state files, reviewed print.

Each case goes through the CLI (`booklet i18n mark/status/export`) on the
mini project, as a translator and a reviewer would run it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from booklet.cli import main
from booklet.i18n.reviewstate import fingerprint


def i18n(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "i18n", *args])


def status_of(root: Path, lang: str = "sq") -> dict[str, object]:
    result = i18n(root, "status", "--lang", lang, "--json")
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.output)[0]
    return found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_reviewed_text_edited_afterwards_is_edited_after_review(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    assert i18n(root, "mark", "--lang", "sq", "--all", "--reviewed").exit_code == 0
    assert status_of(root)["reviewed"] == 11
    edit(root / "content/lang/sq.yaml", "Arritja e parë", "Arritja e parë e Misionit")
    status = status_of(root)
    assert (status["edited"], status["reviewed"], status["complete"]) == (["m.one.title"], 10, True)
    listed = i18n(root, "status", "--lang", "sq")
    assert "  edited after review: 1\n    m.one.title\n" in listed.output
    # the PO tells the translator, in a translator comment
    target = root / "sq.po"
    assert i18n(root, "export", "--lang", "sq", "-o", str(target)).exit_code == 0
    po = target.read_text(encoding="utf-8")
    entry = po[po.index('msgctxt "m.one.title"') - 400:po.index('msgctxt "m.one.title"')]
    assert "# edited after review: these words changed after they were reviewed" in entry
    assert po.count("# edited after review") == 1
    # reviewing it again signs off the new words
    assert i18n(root, "mark", "--lang", "sq", "--reviewed", "m.one.title").exit_code == 0
    assert (status_of(root)["edited"], status_of(root)["reviewed"]) == ([], 11)


def test_check_asks_for_review_only_when_the_project_does(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    assert i18n(root, "mark", "--lang", "sq", "--all", "--reviewed").exit_code == 0
    assert i18n(root, "mark", "--lang", "sr-Latn", "--all", "--reviewed").exit_code == 0
    edit(root / "content/lang/sq.yaml", "Arritja e parë", "Arritja e parë e Misionit")
    assert i18n(root, "status", "--check").exit_code == 0  # drafts may print: the default
    config = root / "booklet.yaml"
    config.write_text(config.read_text() + "translations: {print: reviewed}\n")
    checked = i18n(root, "status", "--check")
    assert checked.exit_code == 1
    assert ("  not ready for print: 1 text to review (booklet.yaml asks for reviewed translations: "
            "translations: {print: reviewed})\n") in checked.output
    assert i18n(root, "mark", "--lang", "sq", "--reviewed", "m.one.title").exit_code == 0
    assert i18n(root, "status", "--check").exit_code == 0


V1_HEADER = "# Written by booklet: do not edit by hand (booklet i18n mark, booklet i18n import).\n"
SQ_KEYS = ("cover", "org", "photos.cover", "running", "m.one.title", "m.one.body", "m.two.title",
           "labels.head_of_mission", "labels.since", "labels.document_title", "labels.photo_credit")


def v1_states(root: Path) -> str:
    """A version-1 state file: every text reviewed, fingerprints of the English only."""
    english = {"cover": "Years Together", "org": "Organisation", "photos.cover": "A cover photo.",
               "running": "Milestones", "m.one.title": "First milestone",
               "m.one.body": "A short description.",
               "m.two.title": "Second milestone", "labels.head_of_mission": "Head of Mission",
               "labels.since": "since {start}", "labels.document_title": "Mini booklet",
               "labels.photo_credit": "Photo: {credit}"}
    return V1_HEADER + "".join(f"{key}: {{state: reviewed, english: '{fingerprint(english[key])}'}}\n"
                               for key in sorted(SQ_KEYS))


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is part of the project's set-up")
def test_older_state_files_keep_their_sign_offs_and_git_tells_later_edits(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    (root / "content/lang/sq.state.yaml").write_text(v1_states(root), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "content")
    git(root, "commit", "-qm", "reviewed")
    assert status_of(root)["reviewed"] == 11  # nothing lost
    edit(root / "content/lang/sq.yaml", "Një përshkrim i shkurtër.", "Një përshkrim i shkurtër i ri.")
    git(root, "commit", "-qam", "a correction after the review")
    status = status_of(root)
    assert (status["edited"], status["reviewed"]) == (["m.one.body"], 10)
    # the next mark writes the new form, with the same answer
    assert i18n(root, "mark", "--lang", "sq", "m.two.title").exit_code == 0
    written = (root / "content/lang/sq.state.yaml").read_text(encoding="utf-8")
    assert (f"m.one.body: {{state: reviewed, english: '{fingerprint('A short description.')}', "
            f"text: '{fingerprint('Një përshkrim i shkurtër.')}'}}\n") in written
    assert status_of(root)["edited"] == ["m.one.body"]


def test_older_state_files_without_git_keep_every_sign_off(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    (root / "content/lang/sq.state.yaml").write_text(v1_states(root), encoding="utf-8")
    status = status_of(root)
    assert (status["reviewed"], status["edited"], status["stale"]) == (11, [], [])


def test_a_derived_edition_follows_edits_of_its_source(mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini(translated=True)
    assert i18n(root, "mark", "--lang", "sr-Latn", "--all", "--reviewed").exit_code == 0
    edit(root / "content/lang/sr-Latn.yaml", "Kratak opis.", "Kratak opis Misije.")
    assert status_of(root, "sr-Cyrl")["edited"] == ["m.one.body"]
    assert status_of(root, "sr-Latn")["edited"] == ["m.one.body"]


def test_status_check_refuses_what_the_build_refuses(mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini(translated=True)
    edit(root / "content/lang/sq.yaml", 'since: "që nga {start}"', 'since: "që nga {fillimi}"')
    edit(root / "content/lang/sr-Latn.yaml", "title: Prvo dostignuće", "title: Prvo *dostignuće")
    result = i18n(root, "status", "--check")
    assert result.exit_code == 1
    assert ("  refused by the build: 1\n"
            "    content/lang/sq.yaml:3:3: 'labels.since': {fillimi} should be {start} as in the English: "
            "booklet puts the value in its place by that name, so keep it exactly as written\n"
            ) in result.output
    # sr-Cyrl, made from sr-Latn, names the line of sr-Latn.yaml where it is fixed
    italic = ("content/lang/sr-Latn.yaml:13:5: 'm.one.title': a * that starts italic text is not closed (or "
              "a closing one has no start): put * on both sides of the italic words\n")
    assert result.output.count(italic) == 2
    assert status_of(root)["complete"] is False
