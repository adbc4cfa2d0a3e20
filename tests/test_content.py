from collections.abc import Callable
from pathlib import Path

import pytest

from booklet.config import load_booklet
from booklet.content import load_pages, load_texts, make_edition
from booklet.errors import BookletError


def test_the_real_booklet_resolves(project: Path) -> None:
    booklet = load_booklet(project)
    pages = load_pages(booklet)
    edition = make_edition(booklet, "en", pages, load_texts(booklet, "en"))
    assert [p.name for p in pages][:3] == ["010-cover", "020-foreword", "030-mandate"]
    years = [p.page.year for p in pages if p.page.layout == "year-spread"]
    assert years == list(range(1999, 2025))
    milestones = sum(len(p.page.milestones) for p in pages if p.page.layout == "year-spread")
    assert milestones == 63
    heads = [p.page.head_of_mission for p in pages if getattr(p.page, "head_of_mission", None)]
    assert len(heads) == 8
    assert edition.warnings == []


def test_every_word_comes_from_the_language_file(project: Path) -> None:
    """No page file carries English: every string value in them is a key, a file or a layout."""
    booklet = load_booklet(project)
    for page_file in load_pages(booklet):
        for value in _strings(page_file.page.model_dump()):
            assert " " not in value, f"{page_file.path}: '{value}' looks like words"


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [data] if isinstance(data, str) else []


def test_missing_text_points_at_the_page_file(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/2000.yaml": """\
        layout: year-spread
        year: 2000
        milestones:
          - title: m.one.titel
        """})
    booklet = load_booklet(root)
    with pytest.raises(BookletError) as caught:
        make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    assert str(caught.value) == (
        "content/pages/2000.yaml:4:5: no text 'm.one.titel' in content/lang/en.yaml "
        "(did you mean 'm.one.title'?)"
    )


def test_texts_must_be_text(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/en.yaml": "labels:\n  since: 2021\n"})
    with pytest.raises(BookletError) as caught:
        load_texts(load_booklet(root), "en")
    assert str(caught.value) == (
        "content/lang/en.yaml:2:3: 'labels.since' should be text, got 2021 (put quotes around it)"
    )


def test_unused_texts_are_warnings(mini: Callable[..., Path]) -> None:
    root = mini()
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    assert [str(w) for w in edition.warnings] == []
    (root / "content/lang/en.yaml").write_text(
        (root / "content/lang/en.yaml").read_text() + "spare: Not used\n")
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    assert [str(w) for w in edition.warnings] == [
        "content/lang/en.yaml:17:1: text 'spare' is not used by any page"]


def test_missing_language_file(mini: Callable[..., Path]) -> None:
    root = mini()
    with pytest.raises(BookletError) as caught:
        load_texts(load_booklet(root), "sq")
    assert str(caught.value) == (
        "content/lang/sq.yaml: no language file for 'sq' "
        "(copy content/lang/en.yaml and translate it)"
    )
