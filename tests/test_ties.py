"""Typography per language as data: ties, quotes, the language data and its fallbacks (content/)."""

from __future__ import annotations

import babel
import pytest

from booklet.content.langdata import language_data, shipped_data
from booklet.content.plurals import choose, plural_problems
from booklet.content.quotes import normalise_quotes
from booklet.content.ties import NB_HYPHEN, NBSP, WORD_JOINER, tie
from booklet.content.translit import to_cyrillic
from booklet.content.typography import rules_for, set_text
from booklet.core.errors import Location
from booklet.layout.langspans import mark_languages, marks_for
from booklet.project.editionsettings import EditionSettings

WJ = WORD_JOINER


@pytest.mark.parametrize(("lang", "written", "tied"), [
    ("sr-Latn", "Misija OEBS-a", f"Misija OEBS{NB_HYPHEN}a"),
    ("sr-Latn", "sa UNHCR-om.", f"sa UNHCR{NB_HYPHEN}om."),
    ("sq", "Misioni i OSBE-së", f"Misioni i{NBSP}OSBE{NB_HYPHEN}së"),
    ("sr-Latn", "26 OKMNP-a", f"26 OKMNP{NB_HYPHEN}a"),
    ("sr-Latn", "1990-ih", f"1990{NB_HYPHEN}ih"),
    ("sr-Cyrl", "ОЕБС-а", f"ОЕБС{NB_HYPHEN}а"),
    ("en", "Inter-Community and long-term", "Inter-Community and long-term"),  # words, not endings
    ("en", "OSCE-ODIHR", "OSCE-ODIHR"),  # two acronyms: a compound, its hyphen may break
])
def test_case_endings_after_acronyms_and_numbers_keep_their_hyphen(lang: str, written: str,
                                                                    tied: str) -> None:
    assert tie(written, rules_for(lang)) == tied


@pytest.mark.parametrize(("lang", "written", "tied"), [
    ("en", "1 July 1999", f"1{NBSP}July{NBSP}1999"),
    ("en", "in July 1999", f"in July{NBSP}1999"),
    ("sr-Latn", "1. jula 1999.", f"1.{NBSP}jula{NBSP}1999."),
    ("sr-Cyrl", "1. јула 1999.", f"1.{NBSP}јула{NBSP}1999."),
    ("sq", "1 korrik 1999", f"1{NBSP}korrik{NBSP}1999"),
    ("en", "in 25 years", "in 25 years"),  # a number and a word are no date
])
def test_a_date_stays_on_one_line(lang: str, written: str, tied: str) -> None:
    assert tie(written, rules_for(lang)) == tied


@pytest.mark.parametrize(("lang", "written", "tied"), [
    ("sr-Latn", "Ja i ti", f"Ja i{NBSP}ti"),
    # The last two words are tied already ("u gradu"): not chained to the ones before.
    ("sr-Latn", "Ja i ti u gradu", f"Ja i{NBSP}ti u{NBSP}gradu"),
    ("sr-Latn", "S druge strane", f"S{NBSP}druge strane"),
    ("sr-Cyrl", "и у граду", f"и{NBSP}у{NBSP}граду"),
    ("sq", "Kosova e re", f"Kosova e{NBSP}re"),
    ("en", "a plan, I", "a plan, I"),  # English ties no one-letter word
    ("sr-Latn", "OEBS-a i", f"OEBS{NB_HYPHEN}a i"),  # a case ending is no word; the last word stays free
])
def test_one_letter_words_do_not_end_a_line(lang: str, written: str, tied: str) -> None:
    assert tie(written, rules_for(lang)) == tied


def test_place_name_pairs_and_year_ranges_do_not_break() -> None:
    assert tie("u Prištini/Prishtinë", rules_for("sr-Latn")) == f"u{NBSP}Prištini/{WJ}Prishtinë"
    assert tie("from 1999–2024", rules_for("en")) == f"from 1999{WJ}–{WJ}2024"
    # A URL, an address, a placeholder and a link's target are left as they are.
    for untouched in ("see osce.org/kosovo", "write to a/b@osce.org", "{start}/{end}", "[x](a/b)"):
        assert tie(untouched, rules_for("en")) == untouched


def test_a_paragraphs_short_last_word_is_tied_to_the_one_before() -> None:
    rules = rules_for("en")
    assert tie("The Mission trained the new Kosovo police.", rules) == (
        f"The Mission trained the new Kosovo{NBSP}police.")
    # Each paragraph and list item, not a line the paragraph goes on after.
    text = "One two three four five six.\nseven eight.\n\n1. Item one two three four.\n2. Item two."
    assert tie(text, rules) == (f"One two three four five six.\nseven{NBSP}eight.\n\n"
                                f"1. Item one two three{NBSP}four.\n2. Item{NBSP}two.")
    # A long last word, or a long pair, stays free: the line above would be loose.
    assert tie("It was one of the first to be built in institutionalisation.", rules).endswith(
        " institutionalisation.")
    assert tie("It was one of the first to be built by internationalised forces.", rules).endswith(
        " internationalised forces.")
    assert tie("A short label", rules) == "A short label"  # a title or label: a layout breaks it


@pytest.mark.parametrize(("quotes", "written", "set_as", "others"), [
    (("«", "»"), 'i "Misionit"', "i «Misionit»", []),
    (("«", "»"), "i „Misionit“ dhe “Follow Us”", "i «Misionit» dhe «Follow Us»", ["„…“", "“…”"]),
    (("„", "“"), "o „Misiji“ i “Follow Us”", "o „Misiji“ i „Follow Us“", ["“…”"]),
    (("“", "”"), "the “Mission” and Kosovo's", "the “Mission” and Kosovo’s", []),
    (("“", "”"), "the «Mission»", "the “Mission”", ["«…»"]),
])
def test_quotes_are_set_in_the_editions_style(quotes: tuple[str, str], written: str, set_as: str,
                                              others: list[str]) -> None:
    assert normalise_quotes(written, quotes) == (set_as, others)


def test_quotes_come_from_cldr_and_the_language_file_overrides_them() -> None:
    assert rules_for("sq").quotes == ("«", "»")
    assert rules_for("sr-Latn").quotes == ("„", "“")
    assert rules_for("de", babel.Locale("de")).quotes == ("„", "“")  # no file of booklet's: CLDR still
    settings = EditionSettings(quotes=["“", "”"])
    assert rules_for("sq", settings=settings).quotes == ("“", "”")


def test_a_language_booklet_does_not_know_falls_back_with_a_warning() -> None:
    data, warnings = language_data("de", babel.Locale("de"), EditionSettings(),
                                   Location("content/lang/de.yaml", 3, 1))
    assert data.abbreviations == () and data.ties == ()
    assert [str(w) for w in warnings] == [
        "content/lang/de.yaml:3:1: booklet knows no typography for 'de': no abbreviation or one-letter "
        "word is kept with the word after it (list them as `abbreviations:` and `ties:` under `_edition:`)"]
    # The language file's lists are data enough: no warning.
    data, warnings = language_data("de", babel.Locale("de"), EditionSettings(abbreviations=["Nr."]))
    assert data.abbreviations == ("Nr.",) and warnings == []
    assert set_text("Beschluss Nr. 305", data, {}) == f"Beschluss Nr.{NBSP}305"


def test_the_language_files_lists_add_to_booklets() -> None:
    data = rules_for("sr-Latn", settings=EditionSettings(ties=["ko"], abbreviations=["čl."]))
    assert data.ties[-1] == "ko" and "i" in data.ties
    assert data.abbreviations[-1] == "čl." and "br." in data.abbreviations
    assert shipped_data("sr-Latn-RS") == shipped_data("sr-Latn")  # looked up by language-Script
    assert shipped_data("sr") == shipped_data("sr-Cyrl")  # CLDR: Serbian is written in Cyrillic


def test_a_plural_form_chooses_the_word_by_cldrs_rules() -> None:
    serbian = babel.Locale.parse("sr_Latn_RS")
    forms = "one:mehanizam|few:mehanizma|other:mehanizama"
    assert [choose(forms, n, serbian) for n in (1, 21, 2, 32, 5, 11, 37)] == [
        "mehanizam", "mehanizam", "mehanizma", "mehanizma", "mehanizama", "mehanizama", "mehanizama"]
    assert choose("one:year|other:years", 1, babel.Locale("en")) == "year"
    assert choose("one:year|other:years", 0, babel.Locale("en")) == "years"
    assert plural_problems("{n} {n|one:godina|few:godine|other:godina}", serbian) == []
    assert plural_problems("{n|one:a|many:b|other:c} {n|x} {n|one:a}", serbian) == [
        "{n|one:a|many:b|other:c} has 'many', which Serbian (Latin, Serbia) has not: its plural "
        "categories are one, few, other",
        "{n|x} is not a plural form: write {n|one:word|other:words}",
        "{n|one:a} has no 'other:' form, which every number can fall to"]


def test_a_plural_forms_words_are_transliterated_its_name_and_tags_are_not() -> None:
    assert to_cyrillic("{n} {n|one:godina|few:godine|other:godina}") == (
        "{n} {n|one:година|few:године|other:година}")


def test_text_in_another_language_or_script_gets_a_lang_span() -> None:
    marks = marks_for("sr-Cyrl", {"en": ["Follow Us"], "sq": ["Hoçë e Madhe"]})
    html = "<p>Иницијатива „Follow\u00a0Us“ у OSCE и <em>Hoçë e Madhe</em> R&amp;D</p>"
    assert mark_languages(html, marks) == (
        '<p>Иницијатива „<span lang="en">Follow\u00a0Us</span>“ у <span lang="sr-Latn">OSCE</span> и '
        '<em><span lang="sq">Hoçë e Madhe</span></em> <span lang="sr-Latn">R</span>&amp;'
        '<span lang="sr-Latn">D</span></p>')
    # In a Latin edition only the listed phrases are marked.
    latin = marks_for("sr-Latn", {"en": ["Follow Us"]})
    assert mark_languages("<p>Inicijativa „Follow Us“ i OSCE</p>", latin) == (
        '<p>Inicijativa „<span lang="en">Follow Us</span>“ i OSCE</p>')


def test_a_last_pair_is_measured_from_its_first_words_hyphen_and_its_limits_are_the_languages() -> None:
    en, sr = rules_for("en"), rules_for("sr-Latn")
    # "non-majority communities." is 25 characters, but the line may still break after "non-":
    # only "majority communities." moves down.
    assert tie("the rights of non-majority communities.", en).endswith(f"non-majority{NBSP}communities.")
    assert tie("It was one of the first to be built by internationalised forces.", en).endswith(
        " internationalised forces.")
    # Serbian's limits are its own data: its words, and its place-name pairs, run longer.
    assert sr.last_words.pair > en.last_words.pair and shipped_data("sr-Latn")["last_words"]
    # One-letter words tied to the next make the pair "i u samoj Prištini/Prishtinë.": 30 characters.
    assert tie("kao i u samoj Prištini/Prishtinë.", sr).endswith(f"samoj{NBSP}Prištini/{WJ}Prishtinë.")
    assert tie("kroz dijalog i promovisanje različitosti.", sr).endswith(f"promovisanje{NBSP}različitosti.")
    assert tie("kroz dijalog i promovisanje različitosti.", en).endswith(" promovisanje različitosti.")
    # A last word tied already (a one-letter word's tie) is not chained to the one before it.
    assert tie("za mlade žene iz Prištine/Prishtinë i Beograda", sr).endswith(
        f"Prištine/{WJ}Prishtinë i{NBSP}Beograda")
