import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.core.errors import BookletError
from booklet.project.config import load_booklet
from tests.conftest import MINI_COVER, MINI_LANG, MINI_YEAR, THEME

NOTHING_WRITTEN = "no PDF was updated (any earlier PDF is still in place).\n"


def test_the_real_booklet_resolves(real_build: Path) -> None:
    booklet = load_booklet(real_build)
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
    for template in sorted((THEME / "layouts").rglob("*.j2")):
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", template.read_text(), flags=re.S)
        text = re.sub(r"<[^>]*>|&\w+;", " ", text)
        assert not re.search(r"[^\W\d_]", text), f"{template.name}: {text.split()}"
    for sheet in sorted((THEME / "styles").glob("*.css")):
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        for value in re.findall(r"content:\s*([^;}]*)", css):
            for string in re.findall(r'"([^"]*)"', value):
                assert not re.search(r"[^\W\d_]", re.sub(r"\\[0-9a-fA-F]+", "", string)), \
                    f"{sheet.name}: content {value}"


def test_page_files_hold_no_words(real_build: Path) -> None:
    """Page files name texts by key: no value in them is a phrase."""
    booklet = load_booklet(real_build)
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


def test_a_language_file_with_another_suffix_is_named(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "content/lang/en.yaml").rename(root / "content/lang/en.yml")
    with pytest.raises(BookletError) as caught:
        load_texts(load_booklet(root), "en")
    assert str(caught.value) == "content/lang/en.yaml: no language file for 'en' (rename en.yml to en.yaml)"


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
        "1 problem in sq-print, sq-proof, sq-screen; written: "
        + ", ".join(str(root / f"build/25-years-together-en-{v}.pdf") for v in ("print", "proof", "screen"))
        + "; no other PDF was updated (any earlier PDF is still in place).\n"), result.stderr
    assert sorted(p.name for p in (root / "build").iterdir()) == [
        f"25-years-together-en-{v}.pdf" for v in ("print", "proof", "screen")]
    assert result.stdout.splitlines()[-3].startswith("en      print     4 pages")
    (root / "content/lang/sq.yaml").write_text((root / "content/lang/en.yaml").read_text())
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "build").iterdir()) == sorted(
        f"25-years-together-{lang}-{v}.pdf" for lang in ("en", "sq") for v in ("print", "proof", "screen"))


# The content folder as people leave it.

def build_errors(root: Path) -> str:
    """What `booklet build` tells the user, which must be lines, never a traceback."""
    result = CliRunner().invoke(main, ["--project", str(root), "build"])
    assert result.exit_code == 1, result.output
    return result.stderr


def pages_error(root: Path) -> str:
    with pytest.raises(BookletError) as caught:
        load_pages(load_booklet(root))
    return str(caught.value)


def test_editor_backups_lock_and_hidden_files_are_ignored(mini: Callable[..., Path]) -> None:
    root = mini({
        "content/pages/.2001.yaml": "not: [valid\n",
        "content/pages/2001.yaml~": "not: [valid\n",
        "content/pages/#2001.yaml#": "not: [valid\n",
        "content/pages/~$2001.yaml": "not: [valid\n",  # Office's lock file
        "content/pages/notes.txt": "a note\n",
    })
    (root / "content/pages/.#2000.yaml").symlink_to("user@host.1234:1700000000")  # Emacs: dangling
    assert [p.name for p in load_pages(load_booklet(root))] == ["010-cover", "2000", "999-blank"]


@pytest.mark.parametrize("suffix", [".yml", ".YAML", ".Yaml"])
def test_a_page_file_with_another_suffix_is_an_error(mini: Callable[..., Path], suffix: str) -> None:
    root = mini({f"content/pages/2001{suffix}": MINI_YEAR.replace("2000", "2001")})
    assert build_errors(root) == (
        f"content/pages/2001{suffix}: page files must end in .yaml, or they are not built "
        "(rename it 2001.yaml)\n1 problem; " + NOTHING_WRITTEN)


def test_two_files_for_one_year_are_one_error_naming_both(mini: Callable[..., Path]) -> None:
    # '2000 copy.yaml' also starts with the number of '2000.yaml': still one error, about the year.
    root = mini({"content/pages/2000 copy.yaml": MINI_YEAR})
    assert build_errors(root) == (
        "content/pages/2000.yaml:3:1: year 2000 is also the year of content/pages/2000 copy.yaml "
        "(keep one file per year)\n1 problem; " + NOTHING_WRITTEN)
    (root / "content/pages/100-again.yaml").write_text(MINI_YEAR)
    assert pages_error(root) == (
        "content/pages/2000 copy.yaml:3:1: year 2000 is also the year of "
        "content/pages/100-again.yaml (keep one file per year)\n"
        "content/pages/2000.yaml:3:1: year 2000 is also the year of content/pages/100-again.yaml "
        "(keep one file per year)")


def test_two_files_with_one_order_number_are_an_error(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/045-map.yaml": MINI_COVER, "content/pages/045-other.yaml": MINI_COVER,
                 "content/pages/2000 copy.yaml": MINI_YEAR.replace("2000", "2001")})
    assert pages_error(root) == (
        "content/pages/045-other.yaml: starts with the same number as content/pages/045-map.yaml, "
        "so which comes first is not clear (give one of them another number)\n"
        "content/pages/2000.yaml: starts with the same number as content/pages/2000 copy.yaml, "
        "so which comes first is not clear (give one of them another number)")


def test_page_files_that_are_not_files(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    (root / "content/pages/2001.yaml").mkdir()
    (root / "content/pages/2002.yaml").symlink_to("2002.yaml")
    outside = tmp_path / "outside.yaml"
    outside.write_text(MINI_YEAR.replace("2000", "2003"))
    (root / "content/pages/2003.yaml").symlink_to(outside)
    assert build_errors(root) == (
        "content/pages/2001.yaml: is a folder, not a file "
        "(move the file inside it out, or rename the folder)\n"
        "content/pages/2002.yaml: cannot be read: a symbolic link that points back at itself\n"
        "content/pages/2003.yaml: is outside the project (copy the file into the project)\n"
        "3 problems; " + NOTHING_WRITTEN)


@pytest.mark.parametrize("blank", [r'""', r'"  "', r'"\u00a0\u202f"', r'"\u200b \u2060"'])
def test_a_blank_text_is_empty(mini: Callable[..., Path], blank: str) -> None:
    root = mini({"content/lang/en.yaml": MINI_LANG.replace("Organisation", blank)})
    assert build_errors(root) == (
        "content/lang/en.yaml:6:1: 'org' is empty (write its text)\n1 problem; " + NOTHING_WRITTEN)


def test_a_language_code_cannot_lead_out_of_the_language_folder(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / "x.yaml").write_text(MINI_LANG)  # would be read as the language '../../x'
    with pytest.raises(BookletError) as caught:
        load_texts(load_booklet(root), "../../x")
    assert str(caught.value) == (
        "content/lang/../../x.yaml: is outside content/lang/ "
        "(a language file is content/lang/<code>.yaml, the code as in booklet.yaml)")


def test_a_language_file_that_links_out_of_the_project(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    outside = tmp_path / "en.yaml"
    (root / "content/lang/en.yaml").rename(outside)
    (root / "content/lang/en.yaml").symlink_to(outside)
    assert build_errors(root) == (
        "content/lang/en.yaml: is outside content/lang/ "
        "(a language file is content/lang/<code>.yaml, the code as in booklet.yaml)\n"
        "1 problem; " + NOTHING_WRITTEN)


def test_yaml_limits_reach_the_user_as_one_line(mini: Callable[..., Path]) -> None:
    root = mini({"content/lang/en.yaml": MINI_LANG + 'spare: "\\u202e"\nlaughs: &a [x]\n'})
    assert build_errors(root) == (
        "content/lang/en.yaml:18:9: booklet files do not use YAML anchors and aliases (&name, *name) "
        "(write the value out in full; a text that starts with * or & needs quotes around it)\n"
        "1 problem; " + NOTHING_WRITTEN)
