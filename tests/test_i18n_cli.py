"""booklet i18n: status, export, import, where and mark, as a translator runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_SQ

from booklet.cli import main
from booklet.i18n.reviewstate import fingerprint


def i18n(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "i18n", *args])


def test_status_counts_and_lists(mini: Callable[..., Path]) -> None:
    sq = (MINI_SQ.replace("Arritja e dytë", "Second milestone")  # untranslated
          .replace("  two:\n", "  two:\n    extra: Nuk përdoret\n")  # unused
          .replace("org: Organizata\n", ""))  # missing
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    result = i18n(root, "status", "--lang", "sq")
    assert result.exit_code == 0, result.output
    translated = ("cover", "photos.cover", "running", "m.one.title", "m.one.body", "m.two.title",
                  "labels.head_of_mission", "labels.since", "labels.document_title", "labels.photo_credit")
    assert result.output == (
        "sq (content/lang/sq.yaml): 10 of 11 texts translated, 0 reviewed\n"
        "  missing: 1\n    org\n"
        "  untranslated: 1\n    m.two.title\n"
        "  unreviewed: 10\n" + "".join(f"    {key}\n" for key in translated) +
        "  unused: 1\n    m.two.extra\n")
    assert i18n(root, "status", "--lang", "sq", "--check").exit_code == 1


def test_names_may_be_the_same_as_english(mini: Callable[..., Path]) -> None:
    sq = "_edition:\n  same_as_english: [m.two.*]\n" + MINI_SQ.replace("Arritja e dytë", "Second milestone")
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    status = json.loads(i18n(root, "status", "--lang", "sq", "--json").output)[0]
    assert status["untranslated"] == [] and status["missing"] == []


def test_review_states_and_staleness(mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini(translated=True)
    assert i18n(root, "mark", "--lang", "sq", "--all").output == "Marked 11 texts of sq draft.\n"
    assert i18n(root, "mark", "--lang", "sq", "--reviewed", "m.one").output == (
        "Marked 2 texts of sq reviewed.\n")
    state = (root / "content/lang/sq.state.yaml").read_text()
    assert (f"m.one.title: {{state: reviewed, english: '{fingerprint('First milestone')}', "
            f"text: '{fingerprint('Arritja e parë')}', from: \"First milestone\"}}\n") in state
    english = root / "content/lang/en.yaml"
    english.write_text(english.read_text().replace("First milestone", "The first milestone"))
    status = json.loads(i18n(root, "status", "--json").output)
    sq = next(s for s in status if s["lang"] == "sq")
    assert (sq["stale"], sq["reviewed"], sq["complete"]) == (["m.one.title"], 1, False)
    assert i18n(root, "status", "--check").exit_code == 1
    assert i18n(root, "mark", "--lang", "sq", "--reviewed", "m.one.title").exit_code == 0
    sq = next(s for s in json.loads(i18n(root, "status", "--json").output) if s["lang"] == "sq")
    assert (sq["stale"], sq["reviewed"]) == ([], 2)


def test_where_names_page_files_and_printed_pages(mini: Callable[..., Path]) -> None:
    root = mini()
    assert i18n(root, "where", "m.two.title").output == (
        "content/pages/2000.yaml:7: year-spread, milestones 2 › title (pages 2–3)\n")
    unknown = i18n(root, "where", "m.two.titel")
    assert (unknown.exit_code, unknown.output) == (
        1, "no page uses the text 'm.two.titel' (did you mean 'm.two.title'?)\n1 problem.\n")


def export(root: Path, lang: str) -> str:
    target = root / "out.po"
    result = i18n(root, "export", "--lang", lang, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def test_po_export_carries_what_a_translator_needs(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/sq.yaml": MINI_SQ.replace("  two:\n    title: Arritja e dytë\n", "")},
                translated=True)
    i18n(root, "mark", "--lang", "sq", "--all")
    english = root / "content/lang/en.yaml"
    english.write_text(english.read_text().replace("A short description.", "A short text."))
    po = export(root, "sq")
    assert ('#. year-spread layout, milestones 1 › body (pages 2–3)\n'
            '#. length: the English has 13 characters; up to about 17 fit\n'
            f'#. booklet: exported translation {fingerprint("Një përshkrim i shkurtër.")}\n'
            '#: content/pages/2000.yaml:6\n'
            '#, fuzzy, max-length:17\n'
            '#| msgid "A short description."\n'
            'msgctxt "m.one.body"\n'
            'msgid "A short text."\n'
            'msgstr "Një përshkrim i shkurtër."\n') in po
    assert ('msgctxt "m.two.title"\nmsgid "Second milestone"\nmsgstr ""\n') in po
    assert ('#. {start}: the year the term began (1999) — keep it exactly as written\n') in po
    assert '#, max-length:17, python-brace-format\nmsgctxt "labels.since"' in po


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="make test installs gettext (msgfmt)")
def test_po_export_passes_msgfmt_check(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    export(root, "sr-Latn")
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(root / "out.po")],
                             capture_output=True, text=True)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_po_round_trip_keeps_comments_and_order(mini: Callable[..., Path], cyrillic: None) -> None:
    sq = "# Përkthyer nga Arta.\n" + MINI_SQ.replace("  two:\n    title: Arritja e dytë\n", "")
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    po = export(root, "sq").replace('msgid "Second milestone"\nmsgstr ""',
                                    'msgid "Second milestone"\nmsgstr "Arritja e dytë"')
    po = po.replace('msgstr "Arritja e parë"', 'msgstr "Arritja e parë: *fillimi*"')
    (root / "out.po").write_text(po, encoding="utf-8")
    result = i18n(root, "import", str(root / "out.po"))
    assert result.exit_code == 0, result.output
    assert result.output == ("content/lang/sq.yaml: 1 added, 1 changed, 9 unchanged\n"
                             "  added: m.two.title\n  changed: m.one.title\n")
    written = (root / "content/lang/sq.yaml").read_text(encoding="utf-8")
    assert written.startswith("# Përkthyer nga Arta.\nlabels:\n")
    assert "  one:\n    title: 'Arritja e parë: *fillimi*'\n    body: Një përshkrim i shkurtër.\n" \
           "  two:\n    title: Arritja e dytë\n" in written
    status = json.loads(i18n(root, "status", "--lang", "sq", "--json").output)[0]
    assert (status["missing"], status["stale"], len(status["unreviewed"])) == ([], [], 11)
    assert i18n(root, "status", "--check").exit_code == 0


def test_a_draft_is_a_proof_only(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--draft", "--variant", "print"])
    assert (result.exit_code, result.stderr) == (1, (
        "--draft makes only the proof: a print or screen PDF never has English in place of a translation "
        "(leave out --variant, or write --variant proof)\n"
        "1 problem; no PDF was updated (any earlier PDF is still in place).\n"))


def test_status_of_a_derived_edition_follows_its_source(mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini({"content/lang/sr-Cyrl.yaml": "cover: Године заједно\n"}, translated=True)
    assert i18n(root, "mark", "--lang", "sr-Latn", "--all", "--reviewed").exit_code == 0
    status = json.loads(i18n(root, "status", "--lang", "sr-Cyrl", "--json").output)[0]
    assert (status["derived_from"], status["missing"], status["reviewed"], status["unreviewed"]) == (
        "sr-Latn", [], 10, ["cover"])  # its own text has no state of its own yet
    assert i18n(root, "mark", "--lang", "sr-Cyrl", "--reviewed", "cover").exit_code == 0
    status = json.loads(i18n(root, "status", "--lang", "sr-Cyrl", "--json").output)[0]
    assert (status["reviewed"], status["unreviewed"]) == (11, [])
