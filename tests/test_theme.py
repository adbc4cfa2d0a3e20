"""The default theme: a project uses its files, replaces or adds layouts with folders of its own,
and every message names a theme file by its theme path; the theme is a second root, so a project
file that leads into it (or anywhere out of the project) is still refused."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.core.errors import BookletError
from booklet.layout.html import render_html
from booklet.project.config import load_booklet
from booklet.project.inputs import FileDigests, input_files, inputs_digest
from booklet.project.theme import Theme
from booklet.render.pdf import read_stylesheet
from tests.conftest import THEME

COVER = THEME / "layouts" / "cover"


def new_project(folder: Path, cache: Path) -> Path:
    made = CliRunner().invoke(main, ["new", str(folder)])
    assert made.exit_code == 0, made.output
    (folder / ".cache").symlink_to(cache, target_is_directory=True)
    return folder


def test_a_new_project_uses_the_theme(tmp_path: Path, standin_cache: Path) -> None:
    booklet = load_booklet(new_project(tmp_path / "x", standin_cache))
    assert booklet.theme is not None and booklet.theme.name == "anniversary"
    assert booklet.layouts["cover"].where.path == "theme anniversary: layouts/cover/layout.yaml"
    assert booklet.file("assets/fonts/NotoSans-Bold.ttf") == THEME / "assets/fonts/NotoSans-Bold.ttf"
    assert booklet.stylesheets({"cover"}, booklet.variants["print"])[0] == THEME / "styles/tokens.css"


def test_a_layout_folder_of_the_project_replaces_the_theme_s(tmp_path: Path, standin_cache: Path) -> None:
    root = new_project(tmp_path / "x", standin_cache)
    shutil.copytree(COVER, root / "layouts/cover")
    template = root / "layouts/cover/cover.html.j2"
    template.write_text(template.read_text().replace('class="cover-number"', 'class="cover-number mine"'))
    (root / "styles").mkdir()
    (root / "styles/tokens.css").write_text((THEME / "styles/tokens.css").read_text())
    booklet = load_booklet(root)
    assert booklet.layouts["cover"].where.path == "layouts/cover/layout.yaml"
    assert booklet.layouts["foreword"].where.path == "theme anniversary: layouts/foreword/layout.yaml"
    assert booklet.layouts["cover"].stylesheets == (root / "layouts/cover/cover.css",)
    assert booklet.stylesheets({"cover"}, booklet.variants["print"])[:2] == [
        root / "styles/tokens.css", THEME / "styles/base.css"]  # the project's first, then the theme's
    html = render_html(make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en")), None).html
    assert 'class="cover-number mine"' in html


def test_a_layout_the_project_adds(tmp_path: Path, standin_cache: Path) -> None:
    root = new_project(tmp_path / "x", standin_cache)
    (root / "layouts/quote-page").mkdir(parents=True)
    (root / "layouts/quote-page/layout.yaml").write_text('about: "A quotation."\nfields:\n  quote: text\n')
    (root / "layouts/quote-page/quote-page.html.j2").write_text(
        '{% from "partials/page.html.j2" import page as section with context %}\n'
        '{% call section(page, "the quotation", "quote-page") %}<blockquote class="big-quote">'
        "{{ t.block(page.quote) }}</blockquote>{% endcall %}\n")
    booklet = load_booklet(root)
    assert {"quote-page", "cover", "year-spread"} <= set(booklet.layouts)


def test_a_theme_file_is_named_by_its_theme_path(tmp_path: Path, standin_cache: Path) -> None:
    root = new_project(tmp_path / "x", standin_cache)
    lang = root / "content/lang/en.yaml"
    lang.write_text(lang.read_text().replace("  photo_credit: \"Photo: {credit}\"\n", ""))
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "print"])
    assert result.exit_code == 1
    assert "theme anniversary: layouts/document.yaml:" in result.stderr, result.stderr
    assert str(THEME) not in result.output + result.stderr


@pytest.mark.parametrize("link", ["layouts/cover/cover.html.j2", "styles/base.css",
                                  "assets/fonts/NotoSerif-Bold.ttf"])
def test_a_project_file_that_leads_into_the_theme_is_refused(tmp_path: Path, standin_cache: Path,
                                                             link: str) -> None:
    root = new_project(tmp_path / "x", standin_cache)
    if link.startswith("layouts/"):
        shutil.copytree(COVER, root / "layouts/cover")
        (root / link).unlink()
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(THEME / link)
    with pytest.raises(BookletError) as caught:
        booklet = load_booklet(root)  # the shared stylesheets are checked where they are read
        read_stylesheet(booklet.stylesheets(set(), booklet.variants["print"])[1], root, [root],
                        booklet.theme_root)
    message = str(caught.value)  # named by the project's link, refused as leaving its folder
    assert message.startswith(("booklet.yaml:", link)) and "is outside" in message, message
    assert "theme anniversary" not in message


def test_a_theme_that_is_not_installed_is_an_error_at_its_line(tmp_path: Path, standin_cache: Path) -> None:
    root = new_project(tmp_path / "x", standin_cache)
    config = root / "booklet.yaml"
    config.write_text(config.read_text().replace("theme: anniversary", "theme: plain"))
    with pytest.raises(BookletError) as caught:
        load_booklet(root)
    assert str(caught.value).startswith("booklet.yaml:")
    assert "no theme 'plain'" in str(caught.value)


def test_the_up_to_date_digest_covers_the_theme_s_files(tmp_path: Path, standin_cache: Path) -> None:
    booklet = load_booklet(new_project(tmp_path / "x", standin_cache))
    assert THEME / "styles/tokens.css" in input_files(booklet, "en")
    assert THEME / "layouts/cover/cover.html.j2" in input_files(booklet, "en")
    # The same theme in a folder of the test's own, so that one of its files can change.
    copy = tmp_path / "theme"
    shutil.copytree(THEME, copy)
    moved = dataclasses.replace(booklet, theme=Theme("anniversary", copy))
    variant = booklet.variants["print"]
    before = inputs_digest(moved, "en", variant, FileDigests())
    assert inputs_digest(moved, "en", variant, FileDigests()) == before
    sheet = copy / "layouts/cover/cover.css"
    sheet.write_text(sheet.read_text() + "\n.cover-title { letter-spacing: 0.01em; }\n")
    assert inputs_digest(moved, "en", variant, FileDigests()) != before
