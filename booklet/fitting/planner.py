"""The spread planner: the arrangement of every page file, judged spread by spread.

`plan_spreads()` takes, per page file in order, the arrangements it may take
(their trial measures, `Fit`s with a `Look` per page) and an optional
`Reference` (the plan of the edition planned first); it returns the plan
whose sum of costs is least, with every cost it paid, said per spread.  The
cost of a plan weighs, besides each arrangement's blank paper and overflow
(`Fit.cost`):

* a page with a stretch of one flat colour or paper over a third of it (`flat`), and
  every empty stretch of a page, together (`empty`: a colour field left empty under its
  text counts as blank paper does);
* what an arrangement costs by its layout's word (`arrangement`: a pull quote repeats words);
* facing pages of two page files: two photos bleeding to the spine (`spine`),
  the bottom edges of their photos or tints at other depths (`step`), text
  hanging from other lines (`hang`);
* a third colour page in a row (`colour-run`), the same arrangement twice (`repeat`);
* a page file arranged otherwise than in the reference (`reference`) or
  starting on another page (`parity`); a page on the wrong side (`side`).

A dynamic programme over the page files; its state is what the next choice's
cost depends on: the pages so far, the look of the last page (the left half
of an open spread), the colour pages in a row, the last arrangement, and
whether it joins the next page file (`joins: next`, Fit.joins): then the next
is JOINED — no pages of its own, on its joining one's page — and never else.
Deterministic: the earlier arrangement wins a tie.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from booklet.fitting.trial import Fit, Look
from booklet.project.arrangements import JOINED

FLAT_LIMIT = 1 / 3
"""No page may show a stretch of one flat colour (or paper) taller than this share of it."""
WRONG_SIDE = 100.0
PAGES_MULTIPLE = 4

WEIGHTS = {
    "flat": 1.0,        # a flat stretch over the limit (plus 3 × the excess)
    "empty": 1.0,       # × the page's empty stretches together (trial.Look.empty), as blank paper
    "spine": 0.8,       # two photos of two page files bleeding to the spine
    "step": 0.4,        # ... whose bottom edges step at the gutter
    "hang": 0.3,        # facing pages whose text hangs from other lines
    "colour-run": 3.0,  # every colour page after the second in a row
    "repeat": 0.1,      # a page file arranged as the one before it
    "reference": 1.0,   # an arrangement other than the reference plan's (where its text fits)
    "parity": 2.0,      # a page file starting on another page than in the reference
}
"""What each rule costs; a blank page over the limit costs 1 + blank, an overflow 10; an empty
stretch of a page costs its share, as blank paper does."""
OVERFLOW = 1000.0
"""Text that runs over: no spread, run or reference is worth it."""
HANG_TOLERANCE = 0.02
"""Hang lines closer than this share of the page (about 5.6 mm on A4) agree."""
COLOUR_RUN = 2
"""Colour pages allowed in a row."""


@dataclass(frozen=True)
class Reference:
    """The plan another edition follows: English's, or sr-Latn's for sr-Cyrl (strict)."""

    lang: str
    plan: dict[str, str | None]
    starts: dict[str, int]
    """Per page file, the page (1-based) it starts on."""
    strict: bool = False
    """Take the reference's arrangement always (an edition made from the other's words)."""


@dataclass(frozen=True)
class _State:
    pages: int
    last: Look | None
    run: int
    arrangement: str | None
    joining: bool = False
    """The last page file's arrangement lays out the next one too: it must be JOINED."""


@dataclass
class Spread:
    """One spread of the plan (page 1 alone), what it cost and why it won."""

    pages: tuple[int, ...]
    parts: list[tuple[str, str | None]]
    costs: dict[str, float] = field(default_factory=dict)
    why: list[str] = field(default_factory=list)

    def said(self) -> str:
        shown = "–".join(str(p) for p in (self.pages[0], self.pages[-1]) if p) if len(self.pages) > 1 \
            else str(self.pages[0])
        named: list[list[str]] = []  # per part: its page files' names, its arrangement
        for f, a in self.parts:
            if a == JOINED and named:
                named[-1][:-1] += [Path(f).stem]  # '2003 + 2004 shared'
            elif a:
                named.append([Path(f).stem, a])
        parts = " + ".join(" + ".join(n[:-1]) + f" {n[-1]}" for n in named)
        return f"pp. {shown}: {parts}" + (f" ({'; '.join(self.why)})" if self.why else "")

    def as_json(self) -> dict[str, object]:
        return {"pages": list(self.pages), "page_files": [{"page_file": f, "arrangement": a}
                                                          for f, a in self.parts],
                "costs": {k: round(v, 3) for k, v in self.costs.items() if v},
                "why": self.why}


@dataclass
class Planned:
    chosen: list[Fit]
    starts: list[int]
    costs: list[dict[str, float]]
    """Per page file, what its choice cost, by rule."""
    spreads: list[Spread]
    departures: list[str]
    """Where and why the plan leaves the reference's."""


def plan_spreads(options: Sequence[Sequence[Fit]], reference: Reference | None = None) -> Planned:
    """The least costly plan over options (per page file in order, its fits, best first on a tie)."""
    offered = [_offered(fits, reference) for fits in options]
    forward = _forward(offered, reference)
    ends = {s: b for s, b in forward[-1].items() if not s.joining}
    whole = {s: b for s, b in ends.items() if s.pages % PAGES_MULTIPLE == 0} or ends
    chosen = min(sorted(whole.items(), key=lambda i: _order(i[0])), key=lambda i: i[1][0])[1][1]
    return _explained(chosen, offered, reference, forward, _backward(offered, reference, forward))


_Best = dict[_State, tuple[float, list[Fit]]]
"""Per state, the least cost of reaching it (or of finishing from it) and the fits that do."""


def _forward(offered: list[list[Fit]], reference: Reference | None) -> list[_Best]:
    """Per page file (and after the last), the best plan up to it for every state it can start in."""
    best: _Best = {_State(0, None, 0, None): (0.0, [])}
    steps = [best]
    for candidates in offered:
        following: _Best = {}
        for state in sorted(best, key=_order):
            cost, chosen = best[state]
            for fit in candidates:
                stepped = _step(state, fit, reference)
                if stepped is None:
                    continue
                after, terms = stepped
                total = cost + sum(terms.values())
                if after not in following or total < following[after][0] - 1e-9:
                    following[after] = (total, [*chosen, fit])
        best = following
        steps.append(best)
    return steps


def _backward(offered: list[list[Fit]], reference: Reference | None, forward: list[_Best]) -> list[_Best]:
    """Per page file, the best way to finish the booklet from every state forward reached there."""
    whole = any(s.pages % PAGES_MULTIPLE == 0 for s in forward[-1])
    last: _Best = {s: (WRONG_SIDE if whole and s.pages % PAGES_MULTIPLE else 0.0, []) for s in forward[-1]
                   if not s.joining}
    steps = [last]
    for index in range(len(offered) - 1, -1, -1):
        here: _Best = {}
        for state in forward[index]:
            for fit in offered[index]:
                stepped = _step(state, fit, reference)
                if stepped is None or stepped[0] not in last:
                    continue
                after, terms = stepped
                total = sum(terms.values()) + last[after][0]
                if state not in here or total < here[state][0] - 1e-9:
                    here[state] = (total, [fit, *last[after][1]])
        last = here
        steps.append(last)
    return steps[::-1]


def _order(state: _State) -> tuple[int, int, str, bool]:
    return state.pages, state.run, state.arrangement or "", state.joining


def _offered(fits: Sequence[Fit], reference: Reference | None) -> list[Fit]:
    """The fits a page file may take: under a strict reference, the reference's own when it has it
    and its text fits (the reference was planned on what fits in both: it does, but in a
    pseudo-translation, or with a stale cache, it may not)."""
    if reference and reference.strict and fits:
        wanted = reference.plan.get(fits[0].page_file)
        same = [f for f in fits if f.arrangement == wanted and not f.overflow]
        if same and wanted != JOINED:  # a joined one follows from the one before it
            return same
    return list(fits)


def _step(state: _State, fit: Fit, reference: Reference | None) -> tuple[_State, dict[str, float]] | None:
    """The state after fit and what fit costs after state, by rule; None where fit cannot follow
    state: a page file is JOINED exactly when the one before it chose to join it."""
    if state.joining != (fit.arrangement == JOINED):
        return None
    if fit.arrangement == JOINED:  # on the pages of the one before: it changes nothing but this
        terms: dict[str, float] = {}
        if reference and not reference.strict and fit.page_file in reference.starts:
            if reference.plan.get(fit.page_file) != JOINED:
                _add(terms, "reference", WEIGHTS["reference"])
            if reference.starts[fit.page_file] != state.pages:
                _add(terms, "parity", WEIGHTS["parity"])
        return replace(state, joining=False), terms
    terms = {"fit": fit.cost if fit.arrangement else 0.0}
    if fit.overflow and fit.arrangement:
        terms["overflow"] = OVERFLOW  # above every other rule: a plan runs over only where all do
    if fit.extra and fit.arrangement:
        terms["arrangement"] = fit.extra
    pages, last, run = state.pages, state.last, state.run
    for offset, side in enumerate(fit.sides):
        number = pages + offset + 1
        if side and side != ("left" if number % 2 == 0 else "right"):
            terms["side"] = terms.get("side", 0.0) + WRONG_SIDE
    looks: Iterable[Look | None] = fit.looks or [None] * len(fit.sides)
    for offset, look in enumerate(looks):
        number = pages + offset + 1
        if look is None:
            run, last = 0, None
            continue
        if look.flat > FLAT_LIMIT + 1e-9:
            _add(terms, "flat", WEIGHTS["flat"] + 3 * (look.flat - FLAT_LIMIT))
        if look.empty:
            _add(terms, "empty", WEIGHTS["empty"] * look.empty)
        run = run + 1 if look.colour else 0
        if run > COLOUR_RUN:
            _add(terms, "colour-run", WEIGHTS["colour-run"])
        if offset == 0 and number % 2 == 1 and number > 1 and last is not None:
            _gutter(last, look, terms)
        last = look
    if fit.arrangement and fit.arrangement == state.arrangement:
        _add(terms, "repeat", WEIGHTS["repeat"])
    if reference and not reference.strict and fit.page_file in reference.starts:
        if fit.arrangement != reference.plan.get(fit.page_file):
            _add(terms, "reference", WEIGHTS["reference"])
        if reference.starts[fit.page_file] != pages + 1:
            _add(terms, "parity", WEIGHTS["parity"])
    return _State(pages + len(fit.sides), last, run, fit.arrangement, bool(fit.joins)), terms


def _gutter(left: Look, right: Look, terms: dict[str, float]) -> None:
    """What facing pages of two page files cost: photos meeting at the spine, other hang lines."""
    if left.photo_to is not None and right.photo_to is not None:
        _add(terms, "spine", WEIGHTS["spine"])
    if left.edge_to is not None and right.edge_to is not None \
            and abs(left.edge_to - right.edge_to) > HANG_TOLERANCE:
        _add(terms, "step", WEIGHTS["step"])  # a photo's or a tint's bottom edge steps at the gutter
    if left.hang is not None and right.hang is not None and abs(left.hang - right.hang) > HANG_TOLERANCE:
        _add(terms, "hang", WEIGHTS["hang"])


def _add(terms: dict[str, float], name: str, value: float) -> None:
    terms[name] = terms.get(name, 0.0) + value


def evaluate(chosen: Sequence[Fit], reference: Reference | None = None
             ) -> tuple[list[int], list[dict[str, float]]]:
    """Per fit of a plan, the page it starts on and what it costs, by rule."""
    state = _State(0, None, 0, None)
    starts, costs = [], []
    for fit in chosen:
        starts.append(state.pages if fit.arrangement == JOINED else state.pages + 1)
        stepped = _step(state, fit, reference)
        if stepped is None:
            raise ValueError(f"{fit.page_file} cannot be {fit.arrangement} there")
        state, terms = stepped
        costs.append(terms)
    if state.pages % PAGES_MULTIPLE:
        costs[-1]["pages"] = WRONG_SIDE  # a plan of another page count: only when none is whole
    return starts, costs


def _explained(chosen: list[Fit], offered: list[list[Fit]], reference: Reference | None,
               forward: list[_Best], backward: list[_Best]) -> Planned:
    """The plan with its costs per page file and spread, and why each choice beat the next best:
    the best whole plan that takes another arrangement there, and the rules that make it dearer."""
    starts, costs = evaluate(chosen, reference)
    why: dict[int, str] = {}
    for index, candidates in enumerate(offered):
        rivals: list[tuple[float, int, list[Fit]]] = []
        for rank, other in enumerate(candidates):
            if other.arrangement == chosen[index].arrangement:
                continue
            found = _best_with(other, index, reference, forward, backward)
            if found:
                rivals.append((found[0], rank, found[1]))
        if rivals:
            _, _, plan = min(rivals, key=lambda r: (r[0], r[1]))
            _, other_costs = evaluate(plan, reference)
            why[index] = (f"{Path(chosen[index].page_file).stem} {chosen[index].arrangement} over "
                          f"{plan[index].arrangement}: {_difference(costs, other_costs)}")
    spreads: dict[int, Spread] = {}
    for index, fit in enumerate(chosen):
        # A joined page file is told on the (last) page of the one that joins it.
        first = starts[index]
        for page in [first] if fit.arrangement == JOINED else range(first, first + len(fit.sides)):
            key = page // 2
            spread = spreads.setdefault(key, Spread((page,) if page == 1 else (2 * key, 2 * key + 1), []))
            if (fit.page_file, fit.arrangement) not in spread.parts:
                spread.parts.append((fit.page_file, fit.arrangement))
                for name, value in costs[index].items():
                    _add(spread.costs, name, value)
                if index in why:
                    spread.why.append(why[index])
    departures = []
    if reference and not reference.strict:
        for index, fit in enumerate(chosen):
            if fit.page_file in reference.plan and fit.arrangement != reference.plan[fit.page_file]:
                departures.append(f"{Path(fit.page_file).stem}: {fit.arrangement} instead of "
                                  f"{reference.lang}'s {reference.plan[fit.page_file]} ("
                                  f"{_departure(fit, offered[index], reference, chosen, index)})")
    return Planned(chosen, starts, costs, [spreads[k] for k in sorted(spreads)], departures)


def _best_with(fit: Fit, index: int, reference: Reference | None, forward: list[_Best],
               backward: list[_Best]) -> tuple[float, list[Fit]] | None:
    """The least costly whole plan that arranges page file `index` as fit."""
    found: tuple[float, list[Fit]] | None = None
    for state in sorted(forward[index], key=_order):
        before, chosen = forward[index][state]
        stepped = _step(state, fit, reference)
        if stepped is None or stepped[0] not in backward[index + 1]:
            continue
        after, terms = stepped
        rest, tail = backward[index + 1][after]
        total = before + sum(terms.values()) + rest
        if found is None or total < found[0] - 1e-9:
            found = (total, [*chosen, fit, *tail])
    return found


def _departure(fit: Fit, candidates: list[Fit], reference: Reference, chosen: list[Fit], index: int) -> str:
    """Why an edition leaves the reference's arrangement of a page file."""
    theirs = next((f for f in candidates if f.arrangement == reference.plan.get(fit.page_file)), None)
    if theirs is None:
        return "not an arrangement this page may take here"
    if theirs.overflow:
        return "its text runs over in it"
    if theirs.arrangement == JOINED:
        return f"{Path(chosen[index - 1].page_file).stem} does not join it here"
    _, mine = evaluate(chosen, reference)
    try:
        _, other = evaluate([*chosen[:index], theirs, *chosen[index + 1:]], reference)
    except ValueError:  # a pair apart here, or apart in the reference
        return "the two page files are arranged apart here" if theirs.joins else \
            "the page file before it joins it here"
    return _difference(mine, other)


def _difference(mine: list[dict[str, float]], other: list[dict[str, float]]) -> str:
    """The rules that make the other plan dearer (and cheaper), largest first, e.g. 'colour-run +3.0'."""
    names = sorted({n for c in [*mine, *other] for n in c})
    delta = {n: sum(c.get(n, 0.0) for c in other) - sum(c.get(n, 0.0) for c in mine) for n in names}
    said = [f"{n} {d:+.2f}" for n, d in sorted(delta.items(), key=lambda i: -abs(i[1])) if abs(d) > 1e-6]
    return ", ".join(said[:3]) or "a tie, the earlier arrangement"
