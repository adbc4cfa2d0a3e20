"""English left in a translation and the termbase: told at the language file's line, through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po
from click.testing import CliRunner, Result
from conftest import MINI_SQ, MINI_SR_LATN, REPO

from booklet.cli import main
from booklet.content.editiontexts import translation
from booklet.content.leftbehind import translation_warnings
from booklet.project.config import load_booklet

LEFT = "'m.two.title' is the English word for word (“Second milestone”)"


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), *args])


def line_of(root: Path, path: str, text: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_english_left_in_a_translation_is_a_warning_at_its_line(mini: Callable[..., Path]) -> None:
    sq = MINI_SQ.replace("title: Arritja e dytë", "title: Second milestone")
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    result = run(root, "check", "--lang", "sq")
    assert result.exit_code == 0, result.output
    line = line_of(root, "content/lang/sq.yaml", "Second milestone")
    assert f"warning: content/lang/sq.yaml:{line}:5: {LEFT} (translate it; if it is rightly the same" in (
        result.output)


def test_names_acronyms_and_allowed_keys_are_not_english_left_behind(mini: Callable[..., Path]) -> None:
    sq = ("_edition:\n  same_as_english: [m.two.title]\n"
          + MINI_SQ.replace("title: Arritja e dytë", "title: Second milestone")
          .replace("org: Organizata", "org: OSCE").replace("cover: Vite së bashku", "cover: DokuFest"))
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    result = run(root, "check", "--lang", "sq")
    assert result.exit_code == 0, result.output
    assert "English word for word" not in result.output


def test_complete_editions_stop_print_for_english_left_behind(mini: Callable[..., Path]) -> None:
    sq = MINI_SQ.replace("title: Arritja e dytë", "title: Second milestone")
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    config = root / "booklet.yaml"
    config.write_text(config.read_text() + "translations: {complete: true}\n")
    result = run(root, "build", "--lang", "sq", "--variant", "print", "--variant", "screen")
    assert result.exit_code == 1, result.output
    line = line_of(root, "content/lang/sq.yaml", "Second milestone")
    assert f"content/lang/sq.yaml:{line}:5: {LEFT} (booklet.yaml asks for complete translations in print" in (
        result.output)
    assert not (root / "build/25-years-together-sq-print.pdf").exists()
    assert (root / "build/25-years-together-sq-screen.pdf").exists()  # screen only warns
    status = run(root, "i18n", "status", "--lang", "sq", "--check")
    assert status.exit_code == 1, status.output  # the gate before a build says so too
    assert "m.two.title" in status.output


def test_english_left_in_sr_latn_is_told_at_its_line_and_not_made_cyrillic(
        mini: Callable[..., Path]) -> None:
    sr = MINI_SR_LATN.replace("title: Drugo dostignuće", "title: Second milestone")
    root = mini({"content/lang/sr-Latn.yaml": sr}, translated=True)
    result = run(root, "check", "--lang", "sr-Latn", "--lang", "sr-Cyrl")
    assert result.exit_code == 0, result.output
    line = line_of(root, "content/lang/sr-Latn.yaml", "Second milestone")
    said = [w for w in result.output.splitlines() if "English word for word" in w]
    assert len(said) == 1, said  # one cause, both editions
    assert said[0].startswith(f"warning: content/lang/sr-Latn.yaml:{line}:5: {LEFT}")
    assert said[0].endswith("[sr-Latn, sr-Cyrl: print, screen]")
    made = translation(load_booklet(root), "sr-Cyrl").by_key
    assert made["m.two.title"].value == "Second milestone"  # not “Сецонд милестоне”
    assert made["m.one.title"].value == "Прво достигнуће"


SQ_TERMS = """\
terms:
  milestone*:
    use: [arritj*]
    avoid: [moment*]
    note: as the Mission's glossary has it
"""


def test_a_termbase_warns_at_the_translation_line(mini: Callable[..., Path]) -> None:
    sq = MINI_SQ.replace("title: Arritja e parë", "title: Momenti i parë").replace(
        "title: Arritja e dytë", "title: E dyta")
    root = mini({"content/lang/sq.yaml": sq, "content/terms/sq.yaml": SQ_TERMS}, translated=True)
    result = run(root, "check", "--lang", "sq")
    assert result.exit_code == 0, result.output
    first = line_of(root, "content/lang/sq.yaml", "Momenti i parë")
    second = line_of(root, "content/lang/sq.yaml", "E dyta")
    assert (f"warning: content/lang/sq.yaml:{first}:5: 'm.one.title' has “Momenti”, which the termbase "
            "(content/terms/sq.yaml:2) avoids: “milestone…” → “arritj…”, not “moment…” (as the Mission's "
            "glossary has it) [sq: print, screen]") in result.output
    assert (f"warning: content/lang/sq.yaml:{second}:5: 'm.two.title': the English has “milestone…”, and "
            "the text has none of the termbase's renderings (content/terms/sq.yaml:2)") in result.output
    assert "'running'" not in result.output  # Arritjet renders “Milestones”


def test_status_lists_the_terms_rendered_otherwise(mini: Callable[..., Path]) -> None:
    """A translator sees the termbase's findings where they look for what is left to do."""
    sq = MINI_SQ.replace("title: Arritja e parë", "title: Momenti i parë")
    root = mini({"content/lang/sq.yaml": sq, "content/terms/sq.yaml": SQ_TERMS}, translated=True)
    summary = run(root, "i18n", "status")
    assert "  terms rendered otherwise than the termbase: 1\n" in summary.output, summary.output
    listed = run(root, "i18n", "status", "--lang", "sq")
    line = line_of(root, "content/lang/sq.yaml", "Momenti i parë")
    assert (f"    content/lang/sq.yaml:{line}:5: 'm.one.title' has “Momenti”, which the termbase "
            "(content/terms/sq.yaml:2) avoids") in listed.output, listed.output
    (entry,) = json.loads(run(root, "i18n", "status", "--lang", "sq", "--json").output)
    assert len(entry["terms"]) == 1 and entry["terms"][0].startswith(f"content/lang/sq.yaml:{line}:5: ")
    root.joinpath("content/terms/sq.yaml").unlink()
    assert "termbase" not in run(root, "i18n", "status").output


def test_a_termbase_of_sr_latn_checks_sr_cyrl_overrides_in_cyrillic(mini: Callable[..., Path]) -> None:
    terms = "terms:\n  milestone*:\n    use: [dostignuć*]\n    avoid: [prekretnic*]\n"
    cyrl = "m:\n  two:\n    title: Друга прекретница\n"
    root = mini({"content/terms/sr-Latn.yaml": terms, "content/lang/sr-Cyrl.yaml": cyrl}, translated=True)
    result = run(root, "check", "--lang", "sr-Cyrl")
    assert result.exit_code == 0, result.output
    assert ("warning: content/lang/sr-Cyrl.yaml:3:5: 'm.two.title' has “прекретница”, which the termbase "
            "(content/terms/sr-Latn.yaml:2) avoids") in result.output


def test_a_wrong_term_file_is_an_error_at_its_line(mini: Callable[..., Path]) -> None:
    terms = "terms:\n  milestone*:\n    usage: [arritj*]\n  mayor:\n    note: no rendering\n"
    root = mini({"content/terms/sq.yaml": terms}, translated=True)
    result = run(root, "check", "--lang", "sq")
    assert result.exit_code == 1
    assert "content/terms/sq.yaml:3:5: unknown field 'usage' (did you mean 'use'?)" in result.output
    assert "content/terms/sq.yaml:4:3: terms.mayor: give the term's rendering (use:)" in result.output


def test_the_po_carries_the_terms_as_translator_comments(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini({"content/terms/sq.yaml": SQ_TERMS}, translated=True)
    result = run(root, "i18n", "export", "--lang", "sq", "-o", str(tmp_path / "sq.po"))
    assert result.exit_code == 0, result.output
    with (tmp_path / "sq.po").open("rb") as po:
        catalog = read_po(po)
    comments = {m.context: " ".join(m.user_comments) for m in catalog if m.id}  # folded at 76
    said = "term: “milestone…” → “arritj…”, not “moment…” (as the Mission's glossary has it)"
    assert comments["m.one.title"] == said
    assert comments["running"] == said  # “Milestones”
    assert comments["m.one.body"] == ""
    assert "\n# term: “milestone…”" in (tmp_path / "sq.po").read_text(encoding="utf-8")


def test_a_changed_term_file_builds_its_edition_again(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    first = run(root, "build", "--lang", "sq", "--variant", "screen")
    assert first.exit_code == 0, first.output
    (root / "content/terms").mkdir()
    (root / "content/terms/sq.yaml").write_text(SQ_TERMS.replace("arritj*", "hapa*"), encoding="utf-8")
    again = run(root, "build", "--lang", "sq", "--variant", "screen")
    assert again.exit_code == 0, again.output
    assert "Up to date" not in again.output
    assert "'m.one.title': the English has “milestone…”" in again.output


def test_the_booklet_s_translations_keep_their_termbases() -> None:
    booklet = load_booklet(REPO)
    langs = ("sq", "sr-Latn", "sr-Cyrl")
    assert [str(d) for lang in langs for d in translation_warnings(booklet, lang)] == []
    cyrillic = translation(booklet, "sr-Cyrl").by_key
    assert "„Хасан Приштина“" in cyrillic["milestones.balkanistics.title"].value
    assert "УНХЦР-ом" in cyrillic["mandate.body"].value


def test_a_term_file_no_edition_reads_is_a_warning(mini: Callable[..., Path]) -> None:
    root = mini({"content/terms/sr.yaml": SQ_TERMS, "content/terms/sr-Cyrl.yaml": SQ_TERMS}, translated=True)
    result = run(root, "check", "--lang", "sq")
    assert result.exit_code == 0, result.output
    assert ("warning: content/terms/sr-Cyrl.yaml: no edition reads this termbase: 'sr-Cyrl' is made from "
            "'sr-Latn', checked with its termbase (move the terms to sr-Latn.yaml) [sq: print, screen]"
            ) in result.output
    assert ("warning: content/terms/sr.yaml: no edition reads this termbase: 'sr' is not a translated "
            "edition (did you mean 'sr-Latn'?) (one of: sq, sr-Latn) [sq: print, screen]") in result.output
