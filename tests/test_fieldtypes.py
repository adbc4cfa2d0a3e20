"""Field types in data (`types:`), uniqueness declared by a layout, and what installed packages register."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.content.edition import load_pages
from booklet.core.errors import BookletError
from booklet.layout.images import photos_in
from booklet.project.config import load_booklet
from booklet.project.derived import derivations
from booklet.project.fieldtypes import parse_field

QUOTES = {name: textwrap.dedent(text) for name, text in {
    "layouts/quotes/layout.yaml": """\
        about: "Quotations, each with who said it."
        types:
          quote:
            said: text
            by: text?
        fields:
          quotes: "[quote]"
        unique: quotes
        """,
    "layouts/quotes/quotes.html.j2": """\
        {% from "partials/page.html.j2" import page as section with context %}
        {% call section(page, "the quotations " ~ page.name, "quotes") %}
        {% for q in page.quotes %}<blockquote>{{ t.inline(q.said) }}</blockquote>
        {% if q.by %}<p>{{ t.inline(q.by) }}</p>{% endif %}{% endfor %}
        {% endcall %}
        """,
    "content/pages/500-quotes.yaml": "layout: quotes\nquotes:\n  - said: q.one\n    by: q.who\n",
}.items()}


def _problems(root: Path) -> str:
    with pytest.raises(BookletError) as caught:
        booklet = load_booklet(root)
        load_pages(booklet)
    return str(caught.value)


def _files(changes: dict[str, str]) -> dict[str, str]:
    return {name: textwrap.dedent(text) for name, text in {**QUOTES, **changes}.items()}


def test_the_forms_of_a_field_type() -> None:
    assert [parse_field(k) for k in ("text", "[quote]?", "{count}?")] == [
        parse_field("text"), parse_field(" [ quote ] ? "), parse_field("{count}?")]
    shapes = [(w.base, w.shape, w.optional) for w in map(parse_field, ("text", "[quote]?", "{count}"))
              if w is not None]
    assert shapes == [("text", "one", False), ("quote", "list", True), ("count", "named", False)]
    assert parse_field("[text}") is None and parse_field("Text") is None


def test_a_layout_declares_its_own_compound_type(mini: Callable[..., Path]) -> None:
    root = mini(_files({"layouts/quotes/layout.yaml": QUOTES["layouts/quotes/layout.yaml"].replace(
        "unique: quotes\n", "")}))
    quotes = next(p for p in load_pages(load_booklet(root)) if p.page.layout == "quotes")
    [quote] = quotes.page.quotes  # type: ignore[attr-defined]
    assert (quote.said, quote.by) == ("q.one", "q.who")
    page = root / "content/pages/500-quotes.yaml"
    page.write_text("layout: quotes\nquotes:\n  - said: q.one\n    bye: q.x\n")
    assert _problems(root) == ("content/pages/500-quotes.yaml:4:5: unknown field 'bye' (did you mean 'by'?)")


def test_a_compound_type_is_checked_at_its_line(mini: Callable[..., Path]) -> None:
    layout = """\
        about: "Quotations."
        types:
          text:
            a: text
          quote:
            said: txt
            by: "{count}?"
            items: text
        fields:
          quotes: "[quote]"
          when: clock
        unique: [quotes, yeer]
        """
    root = mini(_files({"layouts/quotes/layout.yaml": layout}))
    assert _problems(root).splitlines() == [
        "layouts/quotes/layout.yaml:3:3: type text: there is a field type of that name already "
        "(give the type another name)",
        "layouts/quotes/layout.yaml:6:5: field said: 'txt' is not a field type (did you mean 'text'?) "
        "(one of text, photo, year, date, count, whole, years, term, milestone, head_of_mission, fact, "
        "text_block, signature; write [type] for a list, {type} for named values, type? if it may be "
        "left out)",
        "layouts/quotes/layout.yaml:8:5: field items: the name is taken (templates read quote.items for "
        "something else) (give the field another name)",
        "layouts/quotes/layout.yaml:11:3: field when: 'clock' is not a field type (one of text, photo, year, "
        "date, count, whole, years, term, milestone, head_of_mission, fact, text_block, signature, quote; "
        "write [type] for a list, {type} for named values, type? if it may be left out)",
        "layouts/quotes/layout.yaml:12:10: unique: quotes is [quote], not one value (name a field of one "
        "text, year, date or number)",
        "layouts/quotes/layout.yaml:12:18: unique: no field 'yeer' (name one of the layout's fields:)",
    ]


def test_the_shared_types_are_data_of_the_layouts(mini: Callable[..., Path]) -> None:
    root = mini()
    types = root / "layouts/types.yaml"
    types.write_text(types.read_text().replace("  milestone:\n", "  milestone_:\n"))
    assert _problems(root).splitlines()[0] == (
        "layouts/year-spread/layout.yaml:5:3: field milestones: '[milestone]' is not a field type "
        "(did you mean 'milestone_'?) (one of text, photo, year, date, count, whole, years, term, "
        "milestone_, head_of_mission, fact, text_block, signature; write [type] for a list, {type} for "
        "named values, type? if it may be left out)")
    types.write_text("types:\n  fact:\n    numbers: '{count'\n")
    assert _problems(root) == (  # told once, not again by every layout that uses a type of the file
        "layouts/types.yaml:3:5: field numbers: '{count' is not a field type (one of text, photo, year, "
        "date, count, whole, years, term; write [type] for a list, {type} for named values, type? if it "
        "may be left out)")


def test_uniqueness_is_declared_by_the_layout(mini: Callable[..., Path]) -> None:
    layout = QUOTES["layouts/quotes/layout.yaml"].replace("unique: quotes\n", "unique: [by]\n")
    layout = layout.replace('quotes: "[quote]"', 'quotes: "[quote]"\n  by: text')
    said = "layout: quotes\nby: {}\nquotes: [{{said: q.one}}]\n"
    root = mini(_files({"layouts/quotes/layout.yaml": layout,
                        "content/pages/500-quotes.yaml": said.format("q.who"),
                        "content/pages/600-more.yaml": said.format("q.who"),
                        "content/pages/700-others.yaml": said.format("q.x")}))
    assert _problems(root) == ("content/pages/600-more.yaml:2:1: by q.who is also the by of "
                               "content/pages/500-quotes.yaml (keep one file per by)")
    year = root / "layouts/year-spread/layout.yaml"
    (root / "content/pages/600-more.yaml").unlink()
    (root / "content/pages/2000b.yaml").write_text((root / "content/pages/2000.yaml").read_text())
    assert _problems(root) == ("content/pages/2000b.yaml:3:1: year 2000 is also the year of "
                               "content/pages/2000.yaml (keep one file per year)")
    year.write_text(year.read_text().replace("unique: year", "unique: []"))
    assert _problems(root) == ("content/pages/2000b.yaml: starts with the same number as "
                               "content/pages/2000.yaml, so which comes first is not clear "
                               "(give one of them another number)")


def test_a_unique_field_is_one_value(mini: Callable[..., Path]) -> None:
    root = mini(_files({}))
    assert _problems(root) == ("layouts/quotes/layout.yaml:8:1: unique: quotes is [quote], not one value "
                               "(name a field of one text, year, date or number)")


PLUGIN = '''\
from typing import Annotated

from pydantic import StringConstraints

from booklet.checks.preflight import Check
from booklet.core.codes import Code

Isbn = Annotated[str, StringConstraints(strict=True, pattern=r"^97[89]-[0-9-]{10,13}$")]


def shout(page, words, arrangement):
    return {"loud": words.length(page.said) * 2}


def every_page(pages, edition):
    for index, names in enumerate(pages.pages):
        yield f"page {index + 1} of the {edition} edition was seen", __import__(
            "booklet.core.errors").core.errors.Location("content/pages")


seen = Check("page-seen", every_page, Code("page-seen", "warning", "layout", "A page was laid out."))


def upper(text, keep):
    return text.upper()
'''

ENTRY_POINTS = """\
[booklet.field_types]
isbn = plugged:Isbn

[booklet.views]
shout = plugged:shout

[booklet.checks]
page-seen = plugged:seen

[booklet.derivations]
xx:Latn:Cyrl = plugged:upper
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed theme package: a module and its distribution's entry points, on sys.path."""
    site = tmp_path / "site"
    info = site / "plugged-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: plugged\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    (site / "plugged.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "plugged", raising=False)  # imported by an earlier test
    return site


def test_a_package_registers_field_types_views_checks_and_derivations(
        plugin: Path, mini: Callable[..., Path]) -> None:
    layout = {
        "layouts/loud/layout.yaml": 'about: "One loud text."\nview: shout\nfields:\n  said: text\n'
                                    '  isbn: isbn\n',
        "layouts/loud/loud.html.j2": '{% from "partials/page.html.j2" import page as section with '
                                     'context %}\n{% call section(page, "the loud page") %}<p>'
                                     '{{ t.inline(page.said) }} {{ view.loud }} {{ page.isbn }}</p>'
                                     '{% endcall %}\n',
        "content/pages/999-blank.yaml": "layout: loud\nsaid: m.one.title\nisbn: 978-3-16-148410-0\n",
    }
    root = mini(layout)
    assert derivations()[("xx", "Latn", "Cyrl")] == "plugged:upper"
    result = CliRunner().invoke(main, ["--project", str(root), "check", "--variant", "screen", "--verbose"])
    assert result.exit_code == 0, result.output
    assert "warning: content/pages: page 4 of the en edition was seen [en: screen]" in result.stderr
    listed = CliRunner().invoke(main, ["codes", "page-seen"])
    assert listed.stdout == "page-seen: warning, found in the layout stage\nA page was laid out.\n"
    (root / "content/pages/999-blank.yaml").write_text("layout: loud\nsaid: m.one.title\nisbn: '12'\n")
    assert _problems(root) == ("content/pages/999-blank.yaml:3:1: isbn: should match pattern "
                               "'^97[89]-[0-9-]{10,13}$'")
    (root / "layouts/loud/layout.yaml").write_text('about: "x"\nview: shoot\nfields:\n  said: text\n')
    assert _problems(root).startswith(
        "layouts/loud/layout.yaml:2:1: no view 'shoot' (did you mean 'shout'?) (one of: ")


def test_a_package_that_fails_to_load_is_told_at_the_line_that_uses_it(
        plugin: Path, mini: Callable[..., Path]) -> None:
    (plugin / "plugged.py").write_text("raise ImportError('half installed')\n")
    root = mini({"layouts/loud/layout.yaml": 'about: "x"\nview: shout\n',
                 "layouts/loud/loud.html.j2": ""})
    assert _problems(root) == (
        "layouts/loud/layout.yaml:2:1: the view 'shout' (plugged:shout, from plugged) cannot be loaded: "
        "ImportError: half installed (reinstall the package that provides it, or stop using it)")


def test_a_photo_inside_a_declared_type_gets_its_frame(mini: Callable[..., Path]) -> None:
    layout = textwrap.dedent("""\
        about: "A quotation and a portrait of who said it."
        types:
          quote:
            said: text
            portrait: photo?
        fields:
          quote: quote
        frames:
          face: {width: 0.3, height: 0.3, bleeds: false}
        photos:
          quote.portrait: face
        """)
    page = "layout: quotes\nquote:\n  said: q.one\n  portrait: {file: q.jpg, alt: q.alt, standin: true}\n"
    root = mini(_files({"layouts/quotes/layout.yaml": layout, "content/pages/500-quotes.yaml": page}))
    booklet = load_booklet(root)
    quotes = next(p for p in load_pages(booklet) if p.page.layout == "quotes")
    [(path, photo, frame)] = photos_in(quotes, booklet)
    assert (path, photo.file, frame.name) == (("quote", "portrait"), "q.jpg", "face")
    misspelt = layout.replace("quote.portrait: face", "quote.portrat: face")
    (root / "layouts/quotes/layout.yaml").write_text(misspelt)
    assert _problems(root).splitlines() == [
        "layouts/quotes/layout.yaml:7:3: photo field quote.portrait has no frame (name its frame under "
        "photos: (quote.portrait: one of frames:))",
        "layouts/quotes/layout.yaml:11:3: photos: quote.portrat is no photo field of the layout (did you "
        "mean 'quote.portrait'?) (name a field of type photo)"]
