from pathlib import Path

import pytest

from booklet.core.errors import BookletError
from booklet.project.layouts import load_layouts
from booklet.project.layouts import validate_page as validate_with
from booklet.project.schema import BookletSpec, Key, Page, keys_in, validate
from booklet.project.theme import DEFAULT_THEME, load_theme
from booklet.project.yamlfile import YamlFile, parse_yaml

SPREAD = """\
layout: year-spread
year: 1999
milestones:
  - title: milestones.rtk.title
"""


LAYOUTS = load_layouts(Path(__file__).resolve().parent.parent, load_theme(DEFAULT_THEME))


def validate_page(doc: YamlFile) -> Page:
    return validate_with(doc, LAYOUTS)


def page_errors(text: str) -> str:
    with pytest.raises(BookletError) as caught:
        validate_page(parse_yaml(text, "content/pages/1999.yaml"))
    return str(caught.value)


def test_a_valid_page() -> None:
    page = validate_page(parse_yaml(SPREAD, "p.yaml"))
    assert page.layout == "year-spread"
    assert page.milestones[0].title == "milestones.rtk.title"
    assert isinstance(page.milestones[0].title, Key)


def test_unknown_field_with_suggestion() -> None:
    assert page_errors(SPREAD + "  - titel: milestones.x.title\n") == (
        "content/pages/1999.yaml:5:5: unknown field 'titel' (did you mean 'title'?)"
    )


def test_every_problem_in_a_file_at_once() -> None:
    text = SPREAD + "photo: {file: a.jpg, alt: photos.a, standin: no}\nyeer: 2000\n"
    assert page_errors(text) == (
        "content/pages/1999.yaml:5:37: photo.standin: expected true or false, got 'no'\n"
        "content/pages/1999.yaml:6:1: unknown field 'yeer' (did you mean 'year'?)"
    )


def test_missing_fields_point_at_their_parent() -> None:
    assert page_errors("layout: year-spread\nmilestones:\n  - body: m.x\n") == (
        "content/pages/1999.yaml:1:1: missing field 'year'\n"
        "content/pages/1999.yaml:3:5: missing field 'title'"
    )


def test_wrong_types_in_plain_words() -> None:
    assert page_errors(SPREAD.replace("1999", "'1999'")) == (
        "content/pages/1999.yaml:2:1: year: expected a whole number, got '1999'"
    )


def test_text_keys_are_checked() -> None:
    assert page_errors(SPREAD.replace("milestones.rtk.title", "Radio Television")) == (
        "content/pages/1999.yaml:4:5: milestones.title: 'Radio Television' is not a text key: "
        "use lower-case words joined by dots, such as foreword.heading"
    )


def test_unknown_layout() -> None:
    assert page_errors("layout: year-sprad\n") == (
        "content/pages/1999.yaml:1:1: unknown layout 'year-sprad' (did you mean 'year-spread'?) "
        "(one of: back-cover, blank, cover, facts, foreword, heads-of-mission, mandate, section-opener, "
        "text-page, year-spread)"
    )


def test_lengths_become_millimetres() -> None:
    text = """\
title: T
slug: t
trim: {width: 21cm, height: 280mm}
bleed: 0.125in
margins: {top: 10mm, bottom: 10mm, inner: 10mm, outer: 10mm}
languages: {en: {locale: en_GB}}
default_language: en
fonts: [{family: F, file: f.ttf}]
"""
    spec = validate(parse_yaml(text, "booklet.yaml"), BookletSpec)
    assert spec.trim.width == 210.0
    assert spec.bleed == pytest.approx(3.175)
    with pytest.raises(BookletError) as caught:
        validate(parse_yaml(text.replace("0.125in", "3 millimetres"), "booklet.yaml"), BookletSpec)
    assert str(caught.value) == (
        "booklet.yaml:4:1: bleed: '3 millimetres' is not a length: write a number and a unit, such as 3mm"
    )


def test_keys_in_lists_every_text_key_with_its_path() -> None:
    page = validate_page(parse_yaml(SPREAD + "  - {title: m.b, body: m.c}\n", "p.yaml"))
    assert [(path, str(key)) for path, key in keys_in(page)] == [
        (("milestones", 0, "title"), "milestones.rtk.title"),
        (("milestones", 1, "title"), "m.b"),
        (("milestones", 1, "body"), "m.c"),
    ]


def test_numbers_are_bounded_at_their_line() -> None:
    facts = ("layout: facts\nheading: f.h\nrunning_head: f.r\nfacts:\n"
             "  - text: f.t\n    numbers: {cases: %s}\n")
    assert page_errors(facts % ("1" * 300)) == (
        "content/pages/1999.yaml:6:15: facts.numbers.cases: expected a whole number from 0 to "
        "999999999999, got 111111111111… (300 digits)")
    assert page_errors(facts % "-5") == (
        "content/pages/1999.yaml:6:15: facts.numbers.cases: expected a whole number from 0 to "
        "999999999999, got -5")
    mandate = ("layout: mandate\ndate: 1999-07-01\ndecision: %s\nmeeting: 237\nstatement: m.s\n"
               "heading: m.h\nbody: m.b\nquote: m.q\n")
    assert page_errors(mandate % ("9" * 200)) == (
        "content/pages/1999.yaml:3:1: decision: expected a whole number from 0 to 999999999999, "
        "got 999999999999… (200 digits)")
    cover = "layout: cover\nanniversary: %s\ntitle: c.t\norganisation: c.o\nphoto: {file: c.jpg, alt: c.a}\n"
    assert page_errors(cover % "0") == (
        "content/pages/1999.yaml:2:1: anniversary: expected a whole number from 1 to 1000, got 0")
    assert page_errors(SPREAD.replace("1999", "19999")) == (
        "content/pages/1999.yaml:2:1: year: expected a year from 1900 to 2100, got 19999")


def test_a_term_or_range_that_ends_before_it_starts() -> None:
    head = "head_of_mission:\n  name: p.n\n  country: c.n\n  term: {start: 2001, end: %s}\n"
    assert page_errors(SPREAD + head % "1999") == (
        "content/pages/1999.yaml:8:23: head_of_mission.term.end: the term ends in 1999, "
        "before it starts in 2001")
    validate_page(parse_yaml(SPREAD + head % "2001", "p.yaml"))  # a term within one year is fine
    validate_page(parse_yaml(SPREAD + head.replace(", end: %s", ""), "p.yaml"))  # still running
    opener = ("layout: section-opener\ntitle: s.t\nyears:\n  start: 2024\n  end: 1999\n"
              "photo: {file: a.jpg, alt: a.b}\n")
    assert page_errors(opener) == (
        "content/pages/1999.yaml:5:3: years.end: the range of years ends in 1999, before it starts in 2024")
