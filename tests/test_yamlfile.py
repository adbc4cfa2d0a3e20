import datetime as dt

import pytest

from booklet.errors import BookletError, BookletErrors
from booklet.yamlfile import parse_yaml


def test_values_and_their_locations() -> None:
    doc = parse_yaml("a: 1\nb:\n  c: [x, y]\n  d: 1999-07-01\n", "f.yaml")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"], "d": dt.date(1999, 7, 1)}}
    assert str(doc.where(("b", "c", 1))) == "f.yaml:3:10"
    assert str(doc.where(("b", "d"))) == "f.yaml:4:3"
    # A path that was never written falls back to its nearest written parent.
    assert str(doc.where(("b", "missing"))) == "f.yaml:2:1"


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "YES", "Off"])
def test_yes_no_on_off_stay_text(word: str) -> None:
    assert parse_yaml(f"country: {word}\n", "f.yaml").data == {"country": word}


def test_only_true_and_false_are_booleans() -> None:
    assert parse_yaml("a: true\nb: False\n", "f.yaml").data == {"a": True, "b": False}


def test_duplicate_keys_are_all_reported() -> None:
    with pytest.raises(BookletErrors) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\nc:\n  x: 1\n  x: 2\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:3:1: duplicate key 'a' (first written on line 1)\n"
        "f.yaml:6:3: duplicate key 'x' (first written on line 5)"
    )


def test_syntax_error_points_at_the_problem() -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml("title: fine\nbody: [unclosed\n", "f.yaml")
    assert str(caught.value) == "f.yaml:3:1: YAML syntax: expected ',' or ']', but got '<stream end>'"


def test_empty_file_is_an_empty_mapping() -> None:
    assert parse_yaml("# nothing\n", "f.yaml").data == {}


def test_impossible_dates_and_control_characters() -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml("title: t\ndate: 1999-13-01\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:2:7: '1999-13-01' is not a valid date or number (month must be in 1..12)")
    with pytest.raises(BookletError) as caught:
        parse_yaml("title: pasted\x0bfrom a word processor\n", "f.yaml")
    assert str(caught.value) == (
        "f.yaml:1:14: a character that cannot be in the text: U+000B (delete it and type it again)")


def test_keys_must_be_names() -> None:
    with pytest.raises(BookletError) as caught:
        parse_yaml("true: x\n", "f.yaml")
    assert str(caught.value) == "f.yaml:1:1: a key must be a name (put quotes around it)"
