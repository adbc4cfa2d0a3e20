"""Two thin years sharing one page: joining arrangements (layout.yaml `joins: next`), offered,
planned, rendered and cached — by rule, then on the mini project through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import MINI_LANG

from booklet.cli import main
from booklet.fitting import copyfit
from booklet.fitting.planner import Reference, plan_spreads
from booklet.fitting.trial import Fit, Look
from booklet.layout.textboxes import text_pages
from booklet.pipeline.edition import EditionPipeline
from booklet.project.arrangements import JOINED
from booklet.project.config import load_booklet
from booklet.project.layouts import joins_of, load_layouts

WHITE = Look(colour=False, flat=0.2, photo_to=None, hang=0.06)
THIN = Look(colour=False, flat=0.6, photo_to=None, hang=0.06, empty=0.6)
SHARED = Look(colour=False, flat=0.15, photo_to=None, hang=0.06, empty=0.15)


def _one(name: str, arrangement: str, look: Look, blank: float = 0.0, overflow: bool = False,
         joins: str = "") -> Fit:
    return Fit(name, arrangement, ("",), overflow, blank, (look,), joins=joins)


def test_the_planner_pairs_two_thin_page_files_and_not_a_thick_one() -> None:
    """A joining fit covers its page file and the next (JOINED: no pages of its own); a page file
    is JOINED only after one that joins it; the plan stays a multiple of four pages."""
    cover = [_one("cover.yaml", "c", WHITE)]
    a = [_one("2003.yaml", "alone", THIN, 0.5), _one("2003.yaml", "shared", SHARED, 0.1, joins="2004.yaml")]
    b = [_one("2004.yaml", "alone", THIN, 0.5), Fit("2004.yaml", JOINED, (), False, 0.0),
         _one("2004.yaml", "shared", SHARED, 0.1, overflow=True, joins="2005.yaml")]  # 2004 + thick 2005
    c = [_one("2005.yaml", "alone", WHITE, 0.05), Fit("2005.yaml", JOINED, (), False, 0.0)]
    end = [_one("end.yaml", "e", WHITE)]
    planned = plan_spreads([cover, a, b, c, end])
    assert [f.arrangement for f in planned.chosen] == ["c", "shared", JOINED, "alone", "e"]
    assert planned.starts == [1, 2, 2, 3, 4]  # the joined one is on its joining one's page
    assert planned.spreads[1].said().startswith("pp. 2–3: 2003 + 2004 shared + 2005 alone (")
    assert {"page_file": "2004.yaml", "arrangement": JOINED} in planned.spreads[1].as_json()["page_files"]
    assert plan_spreads([cover, a, b, c, end]).chosen == planned.chosen  # deterministic
    # Here a pair would make 7 pages: the multiple of four wins over the emptier pages.
    unpaired = plan_spreads([cover, a, b, [_one("2005.yaml", "alone", WHITE, 0.05)], *[end] * 4])
    assert JOINED not in [f.arrangement for f in unpaired.chosen]
    assert sum(len(f.sides) for f in unpaired.chosen) % 4 == 0


def _page(year: int, photo: bool = False, hom: bool = False, milestones: int = 1) -> dict[str, object]:
    page: dict[str, object] = {"layout": "year-spread", "running_head": "running", "year": year,
                               "milestones": [{"title": "m.one.title", "body": "m.one.body"}] * milestones}
    if photo:
        page["photo"] = {"file": f"{year}.jpg", "alt": "photos.cover", "kind": "landscape", "standin": True}
    if hom:
        page["head_of_mission"] = {"name": "org", "country": "org", "term": {"start": 1999, "end": year}}
    return page


def test_a_pair_is_refused_when_both_have_a_photo_or_the_first_a_head_of_mission(
        mini: Callable[..., Path]) -> None:
    year = load_layouts(mini())["year-spread"]

    def offered(first: dict[str, object], second: dict[str, object]) -> list[str]:
        pages = [("a.yaml", year.model.model_validate(first)), ("b.yaml", year.model.model_validate(second))]
        return [a.name for a in joins_of({"year-spread": year}, pages).get("a.yaml", ("", []))[1]]

    assert offered(_page(2003), _page(2004)) == ["shared"]
    assert offered(_page(2003), _page(2004, photo=True)) == ["shared-photo"]
    assert offered(_page(2003, photo=True), _page(2004)) == ["shared-photo"]
    assert offered(_page(2003, photo=True), _page(2004, photo=True)) == []  # one photo at most
    assert offered(_page(2003, hom=True), _page(2004)) == []  # A's head of mission: no
    assert offered(_page(2003), _page(2004, hom=True)) == ["shared"]  # B's closes the page
    pinned = {**_page(2004), "arrangement": "text-top"}
    assert offered(_page(2003), pinned) == []  # the next pins its own
    # A joining arrangement is never a page's own candidate
    assert "shared" not in [a.name for a in year.candidates(year.model.model_validate(_page(2003)))]


def test_joining_keys_are_checked_at_their_line(mini: Callable[..., Path]) -> None:
    root = mini()
    spec = root / "layouts/year-spread/layout.yaml"
    text = spec.read_text()
    old = "shared-photo: {pages: 1, joins: next, refuses: [head_of_mission], either: [photo]}"
    assert old in text
    spec.write_text(text.replace(old, old.replace("either: [photo]", "either: [phot]")
                                 .replace("joins: next, ", "")))
    line = next(n for n, written in enumerate(spec.read_text().splitlines(), 1) if "[phot]" in written)
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 1
    column = spec.read_text().splitlines()[line - 1].index("either") + 1
    assert result.stderr.splitlines()[0] == (
        f"layouts/year-spread/layout.yaml:{line}:{column}: either: is only for an arrangement that joins "
        "the next page file (add joins: next, or leave it out)")
    spec.write_text(text.replace(old, old.replace("either: [photo]", "either: [phot]")))
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 1
    assert f"layouts/year-spread/layout.yaml:{line}:" in result.stderr.splitlines()[0]
    assert "no field 'phot' (did you mean 'photo'?)" in result.stderr


LONG = " ".join(["A longer description of what the mission did that year, and why."] * 6)
THIN_YEARS = {
    "content/lang/en.yaml": MINI_LANG + f"long: {LONG}\n",
    # a thick year, a page of its own: it takes no other year
    "content/pages/2000.yaml": json.dumps({**_page(2000), "milestones": [
        {"title": "m.one.title", "body": "long"}] * 5}),
    "content/pages/2001.yaml": json.dumps(_page(2001)),
    "content/pages/2002.yaml": json.dumps({**_page(2002), "milestones": [{"title": "m.two.title",
                                                                           "body": "m.one.body"}]}),
}


def test_two_thin_years_share_a_page_through_the_cli(mini: Callable[..., Path]) -> None:
    """The build's JSON says the pair; the joined year's texts anchor to the joining page, and
    its page files name both; the booklet stays a multiple of four pages."""
    root = mini(THIN_YEARS)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "-v", "print", "--json"])
    assert result.exit_code == 0, result.output
    edition = json.loads(result.output)["editions"][0]
    assert edition["arrangements"]["content/pages/2002.yaml"] == JOINED
    assert edition["arrangements"]["content/pages/2001.yaml"] == "shared"
    assert edition["arrangements"]["content/pages/2000.yaml"] != "shared"  # thick: alone
    assert any("2001 + 2002 shared" in s for s in edition["spreads"]), edition["spreads"]
    variant = edition["variants"][0] if "variants" in edition else edition
    pages = variant["pages"]
    assert pages % 4 == 0
    booklet = load_booklet(root)
    with EditionPipeline(booklet, "en") as pipeline:
        printed = pipeline.printed_pages()
        page_map = pipeline.laid_out(booklet.variants["print"]).page_map
    assert printed["content/pages/2002.yaml"] == printed["content/pages/2001.yaml"]
    shared = printed["content/pages/2001.yaml"][0]
    files = [f for s in page_map.pages[shared - 1] for f in page_map.sections[s].page_files]
    assert files == ["content/pages/2001.yaml", "content/pages/2002.yaml"]
    # 2002's own text (m.two.title) is anchored on the shared page, as the preview reads it
    area_bottom = (booklet.spec.trim.height - booklet.spec.margins.bottom) * 96 / 25.4
    texts = text_pages(page_map.boxes, area_bottom)
    assert "m.two.title" in texts[shared - 1].boxes
    assert [n + 1 for n, t in enumerate(texts) if "m.two.title" in t.boxes] == [shared]


def test_a_change_to_the_joined_text_measures_the_pair_again(mini: Callable[..., Path]) -> None:
    """The measure of 2001's shared page is kept by what its sections print, 2002's words
    among them: a change to 2002's text is a new entry for 2001, and a kept entry that lacks
    the joining arrangement is not believed."""
    root = mini(THIN_YEARS)
    runner = CliRunner()
    assert runner.invoke(main, ["--project", str(root), "build", "-v", "print"]).exit_code == 0

    def entries() -> dict[str, Path]:
        booklet = load_booklet(root)
        with EditionPipeline(booklet, "en") as pipeline:
            edition = pipeline.edition
            trial = copyfit._trial(edition, booklet.variants["print"])
            assert trial is not None
            return copyfit._parts(trial[0], trial[2]).entries

    before = entries()
    assert all(p.is_file() for p in before.values())
    lang = root / "content/lang/en.yaml"
    lang.write_text(lang.read_text().replace("title: Second milestone", "title: Second milestone, longer"))
    after = entries()
    assert after["content/pages/2001.yaml"] != before["content/pages/2001.yaml"]  # the pair: again
    assert after["content/pages/2000.yaml"] == before["content/pages/2000.yaml"]  # the rest: kept
    # A kept measure of 2001 without its shared page is not a trial of 2001 as it is now.
    booklet = load_booklet(root)
    with EditionPipeline(booklet, "en") as pipeline:
        edition = pipeline.edition
    kept = json.loads(before["content/pages/2001.yaml"].read_text())
    assert any(k["arrangement"] == "shared" for k in kept)
    lacking = [k for k in kept if k["arrangement"] != "shared"]
    before["content/pages/2001.yaml"].write_text(json.dumps(lacking))
    assert copyfit._cached(edition, "content/pages/2001.yaml", before["content/pages/2001.yaml"]) is None


def test_a_pinned_join_the_next_cannot_take_is_an_error(mini: Callable[..., Path]) -> None:
    pinned = json.dumps({**_page(2001), "arrangement": "shared"})
    root = mini({"content/pages/2001.yaml": pinned,
                 "content/pages/2002.yaml": json.dumps(_page(2002, photo=True))})
    result = CliRunner().invoke(main, ["--project", str(root), "check"])
    assert result.exit_code == 1
    column = pinned.index('"arrangement"') + 1  # told at the pin
    assert (f"content/pages/2001.yaml:1:{column}: arrangement 'shared' lays out the next page file too, and "
            "cannot here: it does not print the next page file's photo") in result.stderr, result.stderr


def test_other_editions_keep_english_pairs_where_their_text_fits() -> None:
    """sq keeps English's pair where it fits and leaves it, saying why, where it runs over;
    sr-Cyrl takes sr-Latn's pair whatever it costs."""
    def edition(overflow: bool) -> list[list[Fit]]:
        return [[_one("cover.yaml", "c", WHITE)],
                [_one("2003.yaml", "alone", WHITE, 0.05),
                 _one("2003.yaml", "shared", SHARED, 0.1, overflow=overflow, joins="2004.yaml")],
                [_one("2004.yaml", "alone", WHITE, 0.05), Fit("2004.yaml", JOINED, (), False, 0.0)],
                [Fit("2005.yaml", "spread", ("", ""), False, 0.0, (WHITE, WHITE)),
                 _one("2005.yaml", "alone", WHITE, 0.3)]]  # 4 pages paired (its spread) or not
    english = plan_spreads(edition(False))
    plan = {f.page_file: f.arrangement for f in english.chosen}
    assert plan["2004.yaml"] == JOINED
    reference = Reference("en", plan, dict(zip(plan, english.starts, strict=True)))
    assert plan_spreads(edition(False), reference).chosen == english.chosen
    apart = plan_spreads(edition(True), reference)
    assert [f.arrangement for f in apart.chosen][1:3] == ["alone", "alone"]
    assert apart.departures[0] == "2003: alone instead of en's shared (its text runs over in it)"
    assert apart.departures[1] == "2004: alone instead of en's joined (2003 does not join it here)"
    strict = Reference("sr-Latn", plan, {}, strict=True)
    assert [f.arrangement for f in plan_spreads(edition(False), strict).chosen][1:3] == ["shared", JOINED]
