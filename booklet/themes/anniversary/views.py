"""The views of the default theme's layouts (registered in booklet's pyproject.toml).

`year` shares a year's milestones among the columns of its arrangement;
`heads` gathers the heads of mission the year pages name.  Both know this
theme's layouts, fields and arrangements by name: the engine does not.
"""

from __future__ import annotations

import re
from typing import Any

from booklet.project.schema import Page
from booklet.project.viewmodel import Plain, plain
from booklet.project.views import Words, balanced


def weight(milestone: Any, words: Words) -> float:
    """A rough measure of the room a milestone ({title: text, body: text?}, layouts/types.yaml)
    takes: its characters, a title counting more."""
    body = words.length(milestone.body) if milestone.body else 0
    return words.length(milestone.title) * 1.6 + body + 80


_COLUMNS = {"band": 4, "colour-split": 1, "text-stack": 1, "framed-tall": 1}
"""Columns of milestones per arrangement of a year; two where not listed."""


INSET_WEIGHT = 900.0
"""The room the inset photo takes at the head of a column, in weight() units (characters)."""
DOCUMENT_WEIGHT = 1400.0
"""The room a framed document takes there (framed-inset): a 3:4 frame on its mount."""


def year(page: Page, words: Words, arrangement: str | None) -> dict[str, Plain]:
    """A year's milestones in the columns of its arrangement, balanced by length.

    With an inset (page-inset) the photo heads the second column, which then
    takes less text: the split is the one whose fuller column is least full.
    """
    milestones: list[Any] = getattr(page, "milestones")  # noqa: B009 (fields are per layout)
    weights = [weight(m, words) for m in milestones]
    if arrangement in ("page-inset", "framed-inset"):
        inset = INSET_WEIGHT if arrangement == "page-inset" else DOCUMENT_WEIGHT
        split = min(range(len(milestones) + 1),
                    key=lambda k: max(sum(weights[:k]), inset + sum(weights[k:])))
        return {"columns": plain([milestones[:split], milestones[split:]]), "column_count": 2}
    columns = _COLUMNS.get(arrangement or "", 2)
    runs = balanced(milestones, weights, columns)
    if arrangement == "band" and len(runs) < 3:
        # Too few for four columns: one on each page, both hanging from line B, so the
        # right-hand page is not a photo over white.
        runs = [runs[0], [], *runs[1:]]
    found: dict[str, Plain] = {"columns": plain(runs), "column_count": columns}
    if arrangement in QUOTED:
        found["quote"] = quote(milestones, words)
    return found


QUOTED = ("colour-quote", "text-quote")
"""The arrangements that set a pull quote from the year's own words in the field its text leaves."""
QUOTE_MIN = 40
"""The fewest characters a pull quote has: a shorter sentence takes the next one with it."""
_SPACES = re.compile(r"[ \t\r\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…]) +(?=\S)")  # not at a no-break space: "1.\u00a0jula"


def quote(milestones: list[Any], words: Words) -> str:
    """The first sentence of the year's longest milestone text of more than one sentence; ''
    when no text has more: a pull quote repeats the page's own words, so it says nothing the
    page does not, and is never the whole of a text (set beside it, it would read twice)."""
    # Folded lines joined at their spaces only: a no-break space is a tie the text already has.
    bodies = [_SPACES.sub(" ", words.plain(m.body)).strip() for m in milestones if m.body]
    texts = [b for b in bodies if len(_SENTENCE_END.split(b)) > 1]
    if not texts:
        return ""
    text = max(texts, key=len)
    said = ""
    for part in _SENTENCE_END.split(text):
        said = f"{said} {part}".strip()
        if len(said) >= QUOTE_MIN and part[-1:] in ".!?…" and not _initial(part):
            break
    if said == text:  # its sentences are short: the quote would be the whole text
        return ""
    return words.tied(said)  # a sentence's end is not its text's: its last words are tied again


def _initial(part: str) -> bool:
    """Whether a part ends in an initial ('J.'), not at a sentence's end."""
    last = part.rsplit(" ", 1)[-1]
    return len(last) == 2 and last[0].isupper()


def heads(page: Page, words: Words, arrangement: str | None) -> dict[str, Plain]:
    """Every head of mission the year pages name, in the order of their terms."""
    found = [p.page.head_of_mission for p in words.edition.pages
             if getattr(p.page, "head_of_mission", None) is not None]
    return {"heads": plain(sorted(found, key=lambda h: h.term.start))}
