"""The spread planner: colour runs, the gutter, the reference plan — by rule, then on a mini project."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from bench.spreads import longest, measure
from booklet.cli import main
from booklet.content.ties import tie
from booklet.content.typography import rules_for
from booklet.fitting.planner import Reference, plan_spreads
from booklet.fitting.trial import Fit, Look
from booklet.project.layouts import load_layouts
from booklet.themes.anniversary import views

WHITE = Look(colour=False, flat=0.2, photo_to=None, hang=0.06)
NAVY = Look(colour=True, flat=0.2, photo_to=None, hang=0.06)
PHOTO = Look(colour=False, flat=0.2, photo_to=0.44, hang=0.5, edge_to=0.44)


def _year(name: str, **arrangements: tuple[float, tuple[Look, ...]]) -> list[Fit]:
    return [Fit(name, arrangement, ("",) * len(looks), False, blank, looks)
            for arrangement, (blank, looks) in arrangements.items()]


def test_no_third_colour_page_in_a_row_when_white_costs_a_little_more() -> None:
    years = [_year(f"{n}.yaml", colour=(0.10, (NAVY,)), white=(0.15, (WHITE,))) for n in range(6)]
    planned = plan_spreads([*years, _year("end.yaml", last=(0.0, (WHITE, WHITE)))])
    colours = [f.arrangement == "colour" for f in planned.chosen]
    assert max(sum(colours[i:i + 3]) for i in range(len(colours) - 2)) <= 2
    assert any(colours)  # the cheaper colour page is still taken where the rule allows it
    assert not any("colour-run" in c for c in planned.costs)
    assert all(s.why for s in planned.spreads[:-1])  # each says why it won (here: ties, in order)


def test_two_photos_do_not_meet_at_the_spine() -> None:
    left = _year("a.yaml", photo=(0.10, (PHOTO,)))
    right = _year("b.yaml", photo=(0.10, (PHOTO,)), plain=(0.2, (WHITE,)))
    planned = plan_spreads([_year("cover.yaml", c=(0.0, (WHITE,))), left, right,
                            _year("end.yaml", e=(0.0, (WHITE,)))])
    assert [f.arrangement for f in planned.chosen] == ["c", "photo", "plain", "e"]
    assert "spine" in planned.spreads[1].why[-1]


def test_an_edition_keeps_the_reference_plan_unless_its_text_runs_over() -> None:
    def edition(overflow: bool) -> list[list[Fit]]:
        first = [Fit("1.yaml", "one", ("",), overflow, 0.0, (WHITE,)),
                 Fit("1.yaml", "two", ("left", "right"), False, 0.3, (WHITE, WHITE))]
        return [_year("0.yaml", c=(0.0, (WHITE,))), first,
                [Fit("2.yaml", "short", ("",), False, 0.2, (WHITE,)),
                 Fit("2.yaml", "spread", ("", ""), False, 0.0, (WHITE, WHITE))]]
    english = plan_spreads(edition(False))
    plan = {f.page_file: f.arrangement for f in english.chosen}
    reference = Reference("en", plan, dict(zip(plan, english.starts, strict=True)))
    assert plan_spreads(edition(False), reference).chosen == english.chosen
    forced = plan_spreads(edition(True), reference)
    assert {f.page_file: f.arrangement for f in forced.chosen}["1.yaml"] == "two"
    assert forced.departures[0] == "1: two instead of en's one (its text runs over in it)"
    assert [f.arrangement for f in forced.chosen] == ["c", "two", "short"]
    # sr-Cyrl takes sr-Latn's plan whatever it costs
    strict = Reference("sr-Latn", {**plan, "2.yaml": "short"}, {}, strict=True)
    taken = {f.page_file: f.arrangement for f in plan_spreads(edition(False), strict).chosen}
    assert taken["2.yaml"] == "short"


def _thin(year: int) -> str:
    return f"""\
        layout: year-spread
        running_head: running
        year: {year}
        milestones:
          - title: m.one.title
            body: m.one.body
        """


def test_a_mini_booklet_alternates_colour_and_keeps_every_year_on_its_page(mini: Callable[..., Path]) -> None:
    """Six thin years without a photo: never three colour pages in a row, and in every edition
    (sq, sr-Latn, sr-Cyrl planned after English) each year's foot on the same page as in English."""
    root = mini({**{f"content/pages/{y}.yaml": _thin(y) for y in range(2001, 2007)}}, translated=True)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "-v", "print", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    editions = {e["lang"]: e for e in report["editions"]}
    assert all(e["spreads"] for e in editions.values())
    assert editions["sr-Cyrl"]["arrangements"] == editions["sr-Latn"]["arrangements"]
    looks = {lang: measure(Path(e["target"])) for lang, e in editions.items()}
    for lang, pages in looks.items():
        assert longest(pages) <= 2, lang
        assert [p.year for p in pages] == [p.year for p in looks["en"]], lang
        assert len(pages) % 4 == 0


def test_a_photo_is_offered_only_the_frames_its_kind_suits(mini: Callable[..., Path]) -> None:
    """A document keeps its proportions (framed); a landscape may take a band; no kind, any frame."""
    root = mini()
    year = load_layouts(root)["year-spread"]

    def offered(**photo: str) -> list[str]:
        page = year.model.model_validate({
            "layout": "year-spread", "running_head": "running", "year": 2000,
            "milestones": [{"title": "m.one.title"}],
            "photo": {"file": "x.jpg", "alt": "photos.cover", **photo}})
        return [a.name for a in year.candidates(page)]

    assert offered(kind="document") == ["framed", "framed-inset", "framed-tall"]
    assert "band" in offered(kind="landscape") and "framed" not in offered(kind="landscape")
    assert "page" in offered(kind="group") and "photo-page" not in offered(kind="group")
    assert len(offered()) == 7


def test_a_pull_quote_wins_where_it_fills_an_empty_field_and_only_there() -> None:
    """An arrangement's own cost (layout.yaml `cost:`, Fit.extra) against the empty stretches it
    fills (Look.empty): the quote is taken on the page it fills, not on one already full."""
    empty = Look(colour=True, flat=0.3, photo_to=None, hang=0.06, empty=0.6)
    filled = Look(colour=True, flat=0.3, photo_to=None, hang=0.06, empty=0.3)
    full = Look(colour=True, flat=0.1, photo_to=None, hang=0.06, empty=0.0)

    def year(name: str, split: Look, quoted: Look) -> list[Fit]:
        return [Fit(name, "colour-split", ("",), False, 0.0, (split,)),
                Fit(name, "colour-quote", ("",), False, 0.0, (quoted,), extra=0.1)]

    options = [_year("cover.yaml", c=(0.0, (WHITE,))), year("thin.yaml", empty, filled),
               _year("white.yaml", w=(0.1, (WHITE,))), year("full.yaml", full, full)]
    planned = plan_spreads(options)
    assert [f.arrangement for f in planned.chosen] == ["c", "colour-quote", "w", "colour-split"]
    assert planned.costs[1]["arrangement"] == 0.1 and planned.costs[1]["empty"] == 0.3
    said = planned.spreads[1].as_json()
    assert said["costs"]["arrangement"] == 0.1  # --json says what the quote cost ...
    assert "colour-quote over colour-split: empty +0.30, arrangement -0.10" in said["why"][0]  # ... and why
    assert "full colour-split over colour-quote: arrangement +0.10" in planned.spreads[2].why[0]
    assert plan_spreads(options).chosen == planned.chosen  # deterministic


class _Words:
    def plain(self, key: str) -> str:
        return key

    def tied(self, words: str) -> str:
        return tie(words, rules_for("en"))


class _Milestone:
    def __init__(self, body: str | None) -> None:
        self.body = body


def test_the_pull_quote_is_the_first_sentence_of_the_longest_text_of_more_than_one() -> None:
    said = views.quote([_Milestone("A long single sentence that says a great deal about the year."),
                        _Milestone("Short one. Then J. Smith came, and more followed after him. End.")],
                       _Words())  # type: ignore[arg-type]
    # 40 characters at least; its last words tied as a paragraph's are (not left alone on a line)
    assert said == "Short one. Then J. Smith came, and more followed after\u00a0him."
    # A text of one sentence, or of short ones that only together reach 40 characters, is never
    # quoted: it would be read twice on one page.
    assert views.quote([_Milestone("One sentence only, and it is the year's longest text.")],
                       _Words()) == ""  # type: ignore[arg-type]
    assert views.quote([_Milestone("Short one. Then a second. And a third.")], _Words()) == ""  # type: ignore[arg-type]
    assert views.quote([_Milestone(None)], _Words()) == ""  # type: ignore[arg-type]


def test_the_theme_offers_quotes_at_a_cost_to_years_without_a_photo(mini: Callable[..., Path]) -> None:
    year = load_layouts(mini())["year-spread"]
    page = year.model.model_validate({"layout": "year-spread", "running_head": "running", "year": 2000,
                                      "milestones": [{"title": "m.one.title", "body": "m.one.body"}]})
    offered = {a.name: a.cost for a in year.candidates(page)}
    assert offered["colour-quote"] == offered["text-quote"] == 0.1 and offered["colour-split"] == 0.0
