"""Typography per language: quotes, no-break spaces, hyphenation, dates, year ranges, /Lang."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import babel
import pypdf
import pytest
import weasyprint
from conftest import FONTS

from booklet.content.typography import NBSP, SOFT_HYPHEN, format_date, hyphenation_breaks, rules_for, set_text
from booklet.pipeline.build import build_all
from booklet.project.config import load_booklet
from booklet.project.editionsettings import EditionSettings
from booklet.render.pdf import font_configuration

FONT = FONTS / "NotoSerif-Regular.ttf"


@pytest.mark.parametrize(("lang", "written", "set_as"), [
    ("en", 'Decision no. 305, the "Mission"', f"Decision no.{NBSP}305, the{NBSP}“Mission”"),
    ("sq", 'Vendimi nr. {decision} i "Misionit", 10 %',  # CLDR's Albanian quotes; "i" tied
     f"Vendimi nr.{NBSP}{{decision}} i{NBSP}«Misionit»,{NBSP}10{NBSP}%"),
    ("sr-Latn", 'Odluka br. 305 o “Misiji”, 25 km', f"Odluka br.{NBSP}305 o{NBSP}„Misiji“,{NBSP}25{NBSP}km"),
    ("sr-Cyrl", 'Одлука бр. 305 о "Мисији"', f"Одлука бр.{NBSP}305 о{NBSP}„Мисији“"),  # "о „Мисији“" ends it
    ("en", "Kosovo's {start}", "Kosovo’s {start}"),
])
def test_quotes_and_no_break_spaces(lang: str, written: str, set_as: str) -> None:
    assert set_text(written, rules_for(lang), {}) == set_as


def test_hyphenation_exceptions_become_soft_hyphens() -> None:
    breaks = hyphenation_breaks(EditionSettings(hyphenation=["in-sti-tu-ci-o-ne-ve"]))
    assert set_text("Institucioneve dhe institucioneve.", rules_for("sq"), breaks) == (
        f"In{SOFT_HYPHEN}sti{SOFT_HYPHEN}tu{SOFT_HYPHEN}ci{SOFT_HYPHEN}o{SOFT_HYPHEN}ne{SOFT_HYPHEN}ve dhe "
        f"in{SOFT_HYPHEN}sti{SOFT_HYPHEN}tu{SOFT_HYPHEN}ci{SOFT_HYPHEN}o{SOFT_HYPHEN}ne{SOFT_HYPHEN}ve.")


@pytest.mark.parametrize(("lang", "locale", "date"), [
    ("en", "en_GB", "1 July 1999"),
    ("sq", "sq_AL", "1 korrik 1999"),
    ("sr-Latn", "sr_Latn_RS", "1. jula 1999."),  # the genitive, which CLDR does not give
    ("sr-Cyrl", "sr_Cyrl_RS", "1. јула 1999."),
])
def test_dates_as_running_text_writes_them(lang: str, locale: str, date: str) -> None:
    written = format_date(dt.date(1999, 7, 1), babel.Locale.parse(locale), lang, EditionSettings())
    assert written == date.replace(" ", NBSP)  # a date is never broken across lines


def test_a_language_file_may_set_months_and_pattern() -> None:
    months = [f"m{n}" for n in range(1, 13)]
    settings = EditionSettings(months=months, date="d MMMM y")
    written = format_date(dt.date(1999, 7, 1), babel.Locale.parse("sq"), "sq", settings)
    assert written == f"1{NBSP}m7{NBSP}1999"


def _line_ends(lang: str, text: str) -> list[str]:
    """The last word of each line of text set narrow, hyphens on, in the bundled face."""
    html = (f'<html lang="{lang}"><style>@font-face {{ font-family: T; src: url("{FONT.as_uri()}"); }}'
            "p { font: 11pt T; width: 28mm; hyphens: auto; text-align: justify; }</style>"
            f"<p>{text}</p></html>")
    with font_configuration() as fonts:
        document = weasyprint.HTML(string=html).render(font_config=fonts)
    ends: list[str] = []

    def walk(box: object) -> None:
        if type(box).__name__ == "LineBox":
            texts = [c.text for c in _texts(box)]
            ends.append(texts[-1].split()[-1] if texts and texts[-1].split() else "")
            return
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    return ends


def _texts(box: object) -> list[object]:
    if type(box).__name__ == "TextBox":
        return [box]
    return [t for child in getattr(box, "children", []) for t in _texts(child)]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "democratisation institutionalisation representatives"),
    ("sq", "demokratizimin institucioneve përfaqësuesit"),
    ("sr-Latn", "demokratizacija institucionalizacija predstavnika"),
    ("sr-Cyrl", "демократизација институционализација представника"),
])
def test_each_edition_hyphenates(lang: str, text: str) -> None:
    assert any(end.endswith("\u2010") for end in _line_ends(lang, text))


def test_an_exception_decides_where_a_word_breaks() -> None:
    assert _line_ends("sq", "aaaaaa institucioneve") == ["institu\u2010", "cioneve"]  # the dictionary's
    breaks = hyphenation_breaks(EditionSettings(hyphenation=["in-stitucioneve"]))
    ends = _line_ends("sq", set_text("aaaaaa institucioneve", rules_for("sq"), breaks))
    assert [e.replace(SOFT_HYPHEN, "") for e in ends] == ["in\u2010", "stitucioneve"]


def test_every_edition_tells_its_language(mini: Callable[..., Path], cyrillic: None) -> None:
    root = mini(translated=True)
    report = build_all(load_booklet(root), ["en", "sq", "sr-Latn", "sr-Cyrl"], root / "build",
                       variants=["screen"], workers=1)  # sr-Cyrl's stand-in lives in this process
    assert report.ok, report.errors()
    for lang in ("en", "sq", "sr-Latn", "sr-Cyrl"):
        reader = pypdf.PdfReader(root / "build" / f"25-years-together-{lang}-screen.pdf")
        assert reader.trailer["/Root"]["/Lang"] == lang


@pytest.mark.parametrize(("written", "bad_end"), [
    ("aaaaaaa bbbbbb Peći/Pejë", "Peći/"),      # a line may break after a slash…
    ("aaaaaaaaaaaaaaaa UNHCR-om", "UNHCR-"),    # …and after a hyphen
])
def test_weasyprint_keeps_what_the_ties_join(written: str, bad_end: str) -> None:
    """The word joiner and the non-breaking hyphen as WeasyPrint 70 lays them out, in a narrow column."""
    assert bad_end in _line_ends("sr-Latn", written)  # untied, the line breaks there
    tied = set_text(written, rules_for("sr-Latn"), {})
    assert not [end for end in _line_ends("sr-Latn", tied) if end.endswith(("/", "-", "\u2011"))]
