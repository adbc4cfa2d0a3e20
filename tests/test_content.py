import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.config import load_booklet
from booklet.content import load_pages, load_texts, make_edition
from booklet.errors import BookletError
from tests.conftest import REPO


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


def test_no_words_in_layouts_or_styles() -> None:
    """A translator's language file must be enough: layouts and styles print no words of their own."""
    for template in sorted((REPO / "layouts").rglob("*.j2")):
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", template.read_text(), flags=re.S)
        text = re.sub(r"<[^>]*>|&\w+;", " ", text)
        assert not re.search(r"[^\W\d_]", text), f"{template.name}: {text.split()}"
    for sheet in sorted((REPO / "styles").glob("*.css")):
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        for value in re.findall(r"content:\s*([^;}]*)", css):
            for string in re.findall(r'"([^"]*)"', value):
                assert not re.search(r"[^\W\d_]", re.sub(r"\\[0-9a-fA-F]+", "", string)), \
                    f"{sheet.name}: content {value}"


def test_page_files_hold_no_words(project: Path) -> None:
    """Page files name texts by key: no value in them is a phrase."""
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


def test_language_file_mistakes(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/en.yaml": "labels:\n  since:\n  m.one.title: x\n"})
    with pytest.raises(BookletError) as caught:
        load_texts(load_booklet(root), "en")
    assert str(caught.value) == (
        "content/lang/en.yaml:2:3: 'labels.since' is empty (write its text)\n"
        "content/lang/en.yaml:3:3: 'labels.m.one.title': write keys nested, one name per line, "
        "not joined by dots")


def test_a_bad_language_file_stops_only_its_own_edition(mini: Callable[..., Path]) -> None:
    root = mini()
    config = root / "booklet.yaml"
    languages = "  en: {locale: en_GB}"
    config.write_text(config.read_text().replace(languages, languages + "\n  sq: {locale: sq}"))
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "content/lang/sq.yaml: no language file for 'sq' (copy content/lang/en.yaml and translate it)\n"
        f"1 problem in sq-print; written: {root / 'build/25-years-together-en-print.pdf'}; no other "
        "PDF was updated (any earlier PDF is still in place).\n"), result.stderr
    assert sorted(p.name for p in (root / "build").iterdir()) == ["25-years-together-en-print.pdf"]
    assert result.stdout.splitlines()[-1].startswith("en      print     3 pages")
    (root / "content/lang/sq.yaml").write_text((root / "content/lang/en.yaml").read_text())
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "build").iterdir()) == [
        "25-years-together-en-print.pdf", "25-years-together-sq-print.pdf"]
