import pytest

from booklet.errors import BookletError
from booklet.schema import BookletSpec, Key, YearSpreadPage, keys_in, validate, validate_page
from booklet.yamlfile import parse_yaml

SPREAD = """\
layout: year-spread
year: 1999
milestones:
  - title: milestones.rtk.title
"""


def page_errors(text: str) -> str:
    with pytest.raises(BookletError) as caught:
        validate_page(parse_yaml(text, "content/pages/1999.yaml"))
    return str(caught.value)


def test_a_valid_page() -> None:
    page = validate_page(parse_yaml(SPREAD, "p.yaml"))
    assert isinstance(page, YearSpreadPage)
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
        "use lower-case words joined by dots, such as milestones.rtk.title"
    )


def test_unknown_layout() -> None:
    assert page_errors("layout: year-sprad\n") == (
        "content/pages/1999.yaml:1:1: unknown layout 'year-sprad' (did you mean 'year-spread'?) "
        "(one of: cover, foreword, mandate, text-page, section-opener, year-spread, facts, back-cover)"
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
