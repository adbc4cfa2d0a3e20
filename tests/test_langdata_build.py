"""Typography per language through a build: the mini project's Serbian editions, laid out and read back."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from booklet.pipeline.build import build_all
from booklet.project.config import load_booklet
from tests.conftest import MINI_LANG, MINI_SR_LATN

FACTS = """\
layout: facts
running_head: running
heading: f.heading
facts:
  - figure: f.x.figure
    text: f.x.text
    numbers: {mechanisms: 32}
    detail: f.x.detail
"""

BODY = ("Misija OEBS-a radi sa UNHCR-om od 1. jula 1999. u Prištini/Prishtinë i Peći/Pejë, "
        "a “Follow Us” je inicijativa i deo programa o ljudskim pravima i zajednicama.")


ENGLISH = ("The OSCE Mission works with UNHCR since 1 July 1999 in Prishtinë/Priština, and "
           "“Follow Us” is an initiative and part of a programme on human rights.")
ENGLISH_FACTS = """\
f:
  heading: Facts
  x:
    figure: "{mechanisms}"
    text: mechanisms
    detail: "The {mechanisms} {mechanisms|one:mechanism|other:mechanisms} cover Kosovo."
"""
SERBIAN_FACTS = """\
f:
  heading: Činjenice
  x:
    figure: "{mechanisms}"
    text: mehanizama
    detail: >-
      {mechanisms|one:Ovaj|few:Ova|other:Ovih} {mechanisms}
      {mechanisms|one:mehanizam|few:mehanizma|other:mehanizama}
      {mechanisms|one:obuhvata|few:obuhvataju|other:obuhvata} Kosovo.
"""


@pytest.fixture
def serbian(mini: Callable[..., Path], cyrillic: None) -> Path:
    english = MINI_LANG.replace("A short description.", repr(ENGLISH)) + ENGLISH_FACTS
    serbian = MINI_SR_LATN.replace("Kratak opis.", repr(BODY)).replace(
        "labels:", "_edition:\n  foreign: {en: [Follow Us]}\nlabels:", 1) + SERBIAN_FACTS
    return mini({"content/lang/en.yaml": english, "content/lang/sr-Latn.yaml": serbian,
                 "content/pages/900-facts.yaml": FACTS}, translated=True)


def test_the_serbian_editions_are_set_by_their_language_data(serbian: Path) -> None:
    report = build_all(load_booklet(serbian), ["sr-Latn", "sr-Cyrl"], serbian / "build",
                       variants=["screen"], workers=1)  # sr-Cyrl's stand-in lives in this process
    assert report.ok, report.errors()
    warned = {(e.lang, d.code): str(d) for e in report.editions for d in e.warnings}
    # The English quotes typed into the Serbian text: set as Serbian's, and told at the text's line.
    written = (serbian / "content/lang/sr-Latn.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(written, 1) if text.startswith("    body:"))
    assert warned[("sr-Latn", "quotes")] == (
        f"content/lang/sr-Latn.yaml:{line}:5: 'm.one.body' is typed with “…”, set as „…“ in the sr-Latn "
        "edition (type straight quotes or „…“, or set `quotes:` under `_edition:`)")
    assert not any(code in ("broken-tie", "one-word-last-line") for _lang, code in warned)
    latin = _text(serbian / "build/25-years-together-sr-Latn-screen.pdf")
    cyrillic = _text(serbian / "build/25-years-together-sr-Cyrl-screen.pdf")
    assert "OEBS\u2011a" in latin and "UNHCR\u2011om" in latin  # case endings keep their hyphen
    assert "1.\u00a0jula\u00a01999." in latin  # a date on one line
    assert "i\u00a0Peći" in latin and "u\u00a0Prištini" in latin  # one-letter words tied
    assert "„Follow Us“" in latin
    assert "ОЕБС\u2011а" in cyrillic and "„Follow Us“" in cyrillic  # the foreign phrase stays Latin
    # The plural form chose Serbian's "few" for 32, in both scripts.
    assert "Ova 32 mehanizma obuhvataju" in latin
    assert "Ова 32 механизма обухватају" in cyrillic


def _text(pdf: Path) -> str:
    document = pdfium.PdfDocument(pdf)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return re.sub(r"[\r\n]+", " ", text)
