"""Python logic a layout's template may call: what a view is, and what it may use.

A theme registers its views by name (registry.py, entry points under
"booklet.views"); a layout names one in layout.yaml (`view: timeline`), and
its template then has `view`, what the function returned for that page:
plain data (viewmodel.py), as everything a template receives.  Views do what
a template should not: arithmetic over the texts (`balanced()` shares items
among columns by their length).  They never decide sizes — the styles do,
from the type scale — and never decide whether text fits: the layout is
measured after rendering (copyfit.py, preflight.py).  The engine has no
view of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from booklet.project.schema import Page
from booklet.project.viewmodel import Plain


class Words(Protocol):
    """What a view may ask of the edition's texts (html.Words)."""

    @property
    def edition(self) -> Any: ...

    def length(self, key: str) -> int: ...

    def plain(self, key: str) -> str: ...

    def tied(self, words: str) -> str: ...


View = Callable[[Page, Words, "str | None"], dict[str, Plain]]


def balanced(items: Sequence[Any], weights: Sequence[float], parts: int) -> list[list[Any]]:
    """items in order, cut into at most `parts` runs whose largest total weight is least.

    Columns of entries balanced by length: CSS columns would balance them
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
