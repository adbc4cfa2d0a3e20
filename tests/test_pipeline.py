"""The edition pipeline: every command takes an edition through the same steps, planned per
group of variants that lay out alike."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.fitting import copyfit
from booklet.pipeline import edition as pipeline_module
from booklet.pipeline.build import build_all
from booklet.pipeline.edition import EditionPipeline, variant_groups
from booklet.project.config import load_booklet

LARGE = {
    "styles/large.css": ".milestone-title, .milestone-body { font-size: 15pt; line-height: 21pt; }\n",
}
"""A variant of its own: the print PDF with large type, for readers who need it."""


def _with_large_variant(root: Path) -> Path:
    config = root / "booklet.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "\nvariants:\n  large: {based_on: print, stylesheets: [large.css]}\n",
                      encoding="utf-8")
    return root


@pytest.mark.usefixtures("cyrillic")
def test_photos_and_check_work_for_a_derived_edition(mini: Callable[..., Path]) -> None:
    root = mini(translated=True)
    (root / ".cache").unlink()  # its own cache: the pages are planned by this test's check

    def run(*args: str) -> Any:
        return CliRunner().invoke(main, ["--project", str(root), *args])

    photos = run("photos", "--lang", "sr-Cyrl")
    assert photos.exit_code == 0, photos.output
    assert photos.stdout.splitlines()[1] == ("not planned yet  cover  216 × 174  2552 × 2056  "
                                             "stand-in: cover.jpg")
    checked = run("check", "--lang", "sr-Cyrl")
    assert checked.exit_code == 0, checked.output
    assert "Checked sr-Cyrl (print, screen)" in checked.output
    photos = run("photos", "--lang", "sr-Cyrl")  # planned now, by the check's trial of sr-Cyrl
    assert photos.exit_code == 0, photos.output
    assert photos.stdout.splitlines()[1].split() == ["1", "cover", "216", "×", "174", "2552", "×", "2056",
                                                     "stand-in:", "cover.jpg"]
    # The derived edition is made from its source, in Cyrillic, by the pipeline every command uses.
    pipeline = EditionPipeline(load_booklet(root), "sr-Cyrl")
    assert pipeline.texts["cover"].value == "Године заједно"


def test_variants_are_grouped_by_what_their_pages_lay_out_from(mini: Callable[..., Path]) -> None:
    booklet = load_booklet(_with_large_variant(mini(LARGE)))
    groups = variant_groups(booklet.variants.values())
    assert [[v.name for v in group] for group in groups] == [["print", "proof"], ["screen"], ["large"]]
    with pytest.raises(ValueError, match="must lay out alike"):
        EditionPipeline(booklet, "en", [booklet.variants["print"], booklet.variants["large"]])


def test_a_variant_with_its_own_stylesheet_is_planned_with_it(mini: Callable[..., Path],
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    root = _with_large_variant(mini(LARGE))
    (root / ".cache").unlink()  # its own cache: every trial is laid out here
    booklet = load_booklet(root)
    plans: list[tuple[str, ...]] = []
    trials: list[list[str]] = []
    real_copyfit, real_measure = pipeline_module.copyfit, copyfit._measure

    def counted_copyfit(edition: Any, variant: Any) -> Any:
        plans.append((edition.lang, variant.name))
        return real_copyfit(edition, variant)

    def counted_measure(edition: Any, document: Any, sheets: list[Path]) -> Any:
        trials.append([sheet.name for sheet in sheets])
        return real_measure(edition, document, sheets)

    monkeypatch.setattr(pipeline_module, "copyfit", counted_copyfit)
    monkeypatch.setattr(copyfit, "_measure", counted_measure)
    report = build_all(booklet, ["en"], tmp_path / "out", variants=["print", "proof", "large"], workers=1)
    assert [e.variant for e in report.editions] == ["print", "proof", "large"]
    assert all(e.written for e in report.editions), [e.diagnostics for e in report.editions]
    # One plan per group: print and proof share theirs; the large variant is planned with large.css.
    assert plans == [("en", "print"), ("en", "large")]
    assert len(trials) == 2 and "large.css" not in trials[0] and "large.css" in trials[1]

    print_fit = EditionPipeline(booklet, "en", [booklet.variants["print"]]).choices
    large_fit = EditionPipeline(booklet, "en", [booklet.variants["large"]]).choices
    assert len(trials) == 2  # both plans come from the trials kept: nothing laid out again
    assert [c.page_file for c in print_fit] == [c.page_file for c in large_fit] == ["content/pages/2000.yaml"]
    # The large type fills more of the spread: the plan measured it with its own stylesheet.
    assert large_fit[0].blank < print_fit[0].blank


def test_i18n_where_and_the_build_agree_on_the_pages(mini: Callable[..., Path]) -> None:
    root = mini()
    booklet = load_booklet(root)
    with EditionPipeline(booklet, "en") as pipeline:
        printed = pipeline.printed_pages()
        laid = pipeline.laid_out(booklet.variants["print"])
        assert pipeline.laid_out(booklet.variants["print"]) is laid  # made once, kept
        assert pipeline.edition is pipeline.edition and len(laid.rendered.pages) == 4
    assert printed == {"content/pages/010-cover.yaml": (1,), "content/pages/2000.yaml": (2, 3),
                       "content/pages/999-blank.yaml": (4,)}
    result = CliRunner().invoke(main, ["--project", str(root), "i18n", "where", "m.one.title"])
    assert result.exit_code == 0, result.output
    assert "(pages 2–3)" in result.stdout
