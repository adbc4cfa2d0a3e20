"""Python logic a layout's template may call, registered by name.

A layout names its view in layout.yaml (`view: year`); the template then has
`view`, what the function returned for that page: plain data (viewmodel.py),
as everything a template receives.  Views do what a template
should not: arithmetic over the texts.  They never decide sizes — the styles
do, from the type scale — and never decide whether text fits: the layout is
measured after rendering (copyfit.py, preflight.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from booklet.project.schema import Milestone, Page
from booklet.project.viewmodel import Plain, plain


class Words(Protocol):
    """What a view may ask of the edition's texts (html.Words)."""

    @property
    def edition(self) -> Any: ...

    def length(self, key: str) -> int: ...


View = Callable[[Page, Words, "str | None"], dict[str, Plain]]


def weight(milestone: Milestone, words: Words) -> float:
    """A rough measure of the room a milestone takes: its characters, a title counting more."""
    body = words.length(milestone.body) if milestone.body else 0
    return words.length(milestone.title) * 1.6 + body + 80


def balanced(items: Sequence[Any], weights: Sequence[float], parts: int) -> list[list[Any]]:
    """items in order, cut into at most `parts` runs whose largest total weight is least.

    Columns of milestones balanced by length: CSS columns would balance them
    too, but cost WeasyPrint seconds per spread.
    """
    n = len(items)
    parts = max(1, min(parts, n))
    prefix = [0.0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    # best[k][i]: the least largest run cutting items[:i] into k runs; cut[k][i]: where the last starts
    best = [[float("inf")] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                load = max(best[k - 1][j], prefix[i] - prefix[j])
                if load < best[k][i]:
                    best[k][i], cut[k][i] = load, j
    runs: list[list[Any]] = []
    i = n
    for k in range(parts, 0, -1):
        j = cut[k][i]
        runs.insert(0, list(items[j:i]))
        i = j
    return [r for r in runs if r]


_COLUMNS = {"band": 4}
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
    milestones: list[Milestone] = getattr(page, "milestones")  # noqa: B009 (fields are per layout)
    weights = [weight(m, words) for m in milestones]
    if arrangement in ("page-inset", "framed-inset"):
        inset = INSET_WEIGHT if arrangement == "page-inset" else DOCUMENT_WEIGHT
        split = min(range(len(milestones) + 1),
                    key=lambda k: max(sum(weights[:k]), inset + sum(weights[k:])))
        return {"columns": plain([milestones[:split], milestones[split:]]), "column_count": 2}
    columns = _COLUMNS.get(arrangement or "", 2)
    return {"columns": plain(balanced(milestones, weights, columns)), "column_count": columns}


def heads(page: Page, words: Words, arrangement: str | None) -> dict[str, Plain]:
    """Every head of mission the year pages name, in the order of their terms."""
    found = [p.page.head_of_mission for p in words.edition.pages
             if getattr(p.page, "head_of_mission", None) is not None]
    return {"heads": plain(sorted(found, key=lambda h: h.term.start))}


VIEWS: dict[str, View] = {"year": year, "heads": heads}
