"""A translation held against the English, derived editions, drafts — through the users' code paths."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI_SQ

from booklet.content.edition import load_pages
from booklet.content.editiontexts import edition_texts
from booklet.content.textrules import TEXT_RULES
from booklet.core.errors import BookletError
from booklet.layout.overflow import pseudo_translate
from booklet.pipeline.build import build_all
from booklet.project.config import load_booklet
from booklet.project.languages import language_problems


def texts_error(root: Path, lang: str) -> str:
    booklet = load_booklet(root)
    with pytest.raises(BookletError) as caught:
        edition_texts(booklet, lang, load_pages(booklet))
    return str(caught.value)


@pytest.mark.parametrize(("english", "translated", "message"), [
    ("since {start}", "që nga {fillimi}", "{fillimi} should be {start} as in the English: booklet puts "
     "the value in its place by that name, so keep it exactly as written"),
    ("since {start}", "që nga viti", "{start} of the English is missing: booklet writes the number or "
     "date there, so copy it into the translation unchanged"),
    ("since 1999", "që nga {start}", "{start} is not in the English, so booklet has nothing to put there: "
     "the English has no placeholders"),
    ("the **OSCE Mission**", "**Misioni i OSBE-së", "a ** that starts bold text is not closed (or a "
     "closing one has no start): put ** on both sides of the bold words"),
    ("the *Mission*", "*Misioni", "a * that starts italic text is not closed (or a closing one has no "
     "start): put * on both sides of the italic words"),
    ("Tasks:\n\n1. one;\n2. two.", "Detyrat:\n\n1. një; 2. dy.", "the English has 2 list items, this has 1: "
     "start each item on its own line as the English does (1. 2. 3.)"),
    ("One.\n\nTwo.", "Një. Dy.", "the English has 2 paragraphs, this has 1: leave an empty line between "
     "paragraphs, as the English does"),
])
def test_a_translation_must_keep_what_the_page_needs(english: str, translated: str, message: str) -> None:
    said = [m for rule in TEXT_RULES if (m := rule.run(english, translated))]
    assert said == [message]


def test_a_faithful_translation_passes_every_rule() -> None:
    english, translated = "* a *list* item\n* **two** {n}", "* një *listë*\n* **dy** {n}"
    assert [m for rule in TEXT_RULES if (m := rule.run(english, translated))] == []


def test_problems_are_told_at_the_translation_line(mini: Callable[..., Path]) -> None:
    sq = MINI_SQ.replace('"që nga {start}"', '"që nga {fillimi}"').replace(
        "Arritja e parë", "Arritja *e parë")
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    assert texts_error(root, "sq") == (
        "content/lang/sq.yaml:3:3: 'labels.since': {fillimi} should be {start} as in the English: booklet "
        "puts the value in its place by that name, so keep it exactly as written\n"
        "content/lang/sq.yaml:13:5: 'm.one.title': a * that starts italic text is not closed (or a "
        "closing one has no start): put * on both sides of the italic words")


def test_a_blank_translation_is_an_error(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/sq.yaml": MINI_SQ.replace("Arritja e dytë", "'  '")}, translated=True)
    assert texts_error(root, "sq") == "content/lang/sq.yaml:16:5: 'm.two.title' is empty (write its text)"


def test_a_few_missing_texts_are_listed(mini: Callable[..., Path]) -> None:
    sq = MINI_SQ.replace("  two:\n    title: Arritja e dytë\n", "")
    root = mini({"content/lang/sq.yaml": sq}, translated=True)
    assert texts_error(root, "sq") == (
        "content/lang/sq.yaml: no text 'm.two.title' (in English: “Second milestone”) (add it, translated)")


def test_a_partial_file_is_one_line_not_hundreds(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/sq.yaml": "cover: Vite së bashku\n"}, translated=True)
    assert texts_error(root, "sq") == (
        "content/lang/sq.yaml: 10 texts missing (run `booklet i18n status --lang sq` for the list)")


def test_a_bad_language_file_stops_only_its_edition(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/sq.yaml": "cover: Vite së bashku\n"}, translated=True)
    report = build_all(load_booklet(root), ["en", "sq", "sr-Latn"], root / "build", variants=["screen"])
    assert not report.ok
    assert {e.lang: e.written for e in report.editions} == {"en": True, "sq": False, "sr-Latn": True}
    assert [str(d) for d in report.errors()] == [
        "content/lang/sq.yaml: 10 texts missing (run `booklet i18n status --lang sq` for the list)"]


def test_a_draft_fills_missing_texts_with_marked_english(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/sq.yaml": MINI_SQ.replace("    title: Arritja e dytë\n", "")
                 .replace("  two:\n", "")}, translated=True)
    booklet = load_booklet(root)
    texts = edition_texts(booklet, "sq", load_pages(booklet), draft=True)
    assert texts["m.two.title"].value == "Second milestone" and texts["m.two.title"].fallback
    assert not texts["m.one.title"].fallback
    report = build_all(booklet, ["sq"], root / "build", variants=["proof"], draft=True)
    assert report.ok
    assert [str(w) for w in report.warnings() if w.code == "draft-english"] == [
        "content/lang/sq.yaml: 1 text of this draft are in English, highlighted, until they are "
        "translated (booklet i18n status --lang sq lists them)"]


def test_a_derived_edition_is_made_from_its_source(mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini({"content/lang/sr-Cyrl.yaml": "_edition:\n  keep: [Foto]\ncover: Године заједно!\n"},
                translated=True)
    booklet = load_booklet(root)
    texts = edition_texts(booklet, "sr-Cyrl", load_pages(booklet))
    assert texts["m.one.title"].value == "Прво достигнуће"
    assert texts["labels.photo_credit"].value == "Foto: {credit}"  # kept, and the placeholder too
    assert texts["cover"].value == "Године заједно!"  # the file's own text over the made one
    assert texts["m.one.title"].where.path == "content/lang/sr-Latn.yaml"  # where to fix it
    report = build_all(booklet, ["sr-Cyrl"], root / "build", variants=["screen"])
    assert report.ok, report.errors()


def test_a_derived_edition_needs_a_source_it_can_be_made_from(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    config = root / "booklet.yaml"
    config.write_text(config.read_text().replace("from: sr-Latn", "from: sq"))
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value) == ("booklet.yaml:14:33: booklet cannot make 'sr-Cyrl' from 'sq' "
                                 "(it can make: sr-Latn → sr-Cyrl)")


def test_a_pseudo_translation_is_longer_and_keeps_what_pages_need() -> None:
    english = "Decision {decision} set up the **OSCE Mission**:\n\n1. *one* task;\n2. another."
    pseudo = pseudo_translate(english)
    assert 1.25 * len(english) <= len(pseudo) <= 1.35 * len(english)
    assert [m for rule in TEXT_RULES if (m := rule.run(english, pseudo))] == []
    assert pseudo != english and "{decision}" in pseudo


@pytest.mark.parametrize(("code", "locale", "message"), [
    ("sr-Latn", "sr_Latn_RS", None),
    ("sr-Cyrl", "sr_Cyrl_RS", None),
    ("sr-Latn", "sr_Cyrl_RS", "locale 'sr_Cyrl_RS' writes Cyrillic, but 'sr-Latn' is Latin"),
    ("sr-Cyrl", "sr_Latn_RS", "locale 'sr_Latn_RS' writes Latin, but 'sr-Cyrl' is Cyrillic"),
    ("sr-Latn", "sr_Latin", "unknown locale 'sr_Latin': 'Latin' is not a script or region"),
    ("sq-XK", "sq_AL", "locale 'sq_AL' is for Albania, but 'sq-XK' is for Kosovo"),
])
def test_a_locale_agrees_with_its_code(code: str, locale: str, message: str | None) -> None:
    found = [said for _key, said, _hint in language_problems(code, locale)]
    assert found == ([message] if message else [])
