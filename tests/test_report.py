"""A build's results are values: reports that pickle, print one way, and never ride on exceptions."""

import json
import pickle
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from booklet.cli import main
from booklet.core.errors import BookletError, BookletErrors, Diagnostic, Location
from booklet.core.report import BuildReport, EditionReport, report_lines
from booklet.pipeline.build import build_all
from booklet.project.config import load_booklet


def test_errors_pickle_for_worker_processes() -> None:
    errors = BookletErrors([BookletError("second", Location("b.yaml", 2, 1), hint="fix it"),
                            BookletError("first", Location("a.yaml", 1, 1), code="overflow")])
    again = pickle.loads(pickle.dumps(errors))
    assert str(again) == str(errors) == "a.yaml:1:1: first\nb.yaml:2:1: second (fix it)"
    assert again.diagnostics() == errors.diagnostics() == [
        Diagnostic("error", "overflow", "first", Location("a.yaml", 1, 1)),
        Diagnostic("error", "input", "second", Location("b.yaml", 2, 1), "fix it")]


def test_build_all_returns_a_report_per_edition(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini()
    report = build_all(load_booklet(root), ["en"], tmp_path, variants=["print"])
    assert report.ok and report.problems == []
    [edition] = report.editions
    assert (edition.label, edition.written, edition.pages, edition.rejected) == ("en-print", True, 4, None)
    assert edition.target == tmp_path / "25-years-together-en-print.pdf"
    assert edition.standins == ["cover.jpg"]
    assert [d.code for d in edition.warnings] == ["standin"]
    assert pickle.loads(pickle.dumps(report)) == report


def test_a_problem_is_a_value_in_the_report(mini: Callable[..., Path], tmp_path: Path) -> None:
    root = mini({"content/pages/2000.yaml": "layout: year-spread\nyeer: 2000\n"})
    report = build_all(load_booklet(root), ["en"], tmp_path)
    assert not report.ok and report.editions == []
    assert [str(p) for p in report.problems] == [
        "content/pages/2000.yaml:1:1: missing field 'milestones'",
        "content/pages/2000.yaml:2:1: unknown field 'yeer' (did you mean 'year'?)"]
    assert report_lines(BuildReport(problems=report.problems[:1]), tmp_path) == [
        ("error", "content/pages/2000.yaml:1:1: missing field 'milestones'"),
        ("note", "1 problem; no PDF was updated (any earlier PDF is still in place).")]


def test_json_for_scripts(mini: Callable[..., Path]) -> None:
    root = mini()
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print", "--json"])
    assert result.exit_code == 0 and result.stderr == ""
    report = json.loads(result.stdout)
    [edition] = report["editions"]
    assert report["ok"] and (edition["variant"], edition["written"], edition["pages"]) == ("print", True, 4)
    assert [d["code"] for d in edition["diagnostics"]] == ["standin"]
    assert edition["diagnostics"][0]["data"] == {"count": 1, "items": ["cover.jpg"]}
    (root / "content/pages/2000.yaml").write_text("layout: year-spread\nyear: 2000\nmilestones: []\n")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"] == [{
        "severity": "error", "code": "input", "message": "milestones: expected at least 1 entry, got 0",
        "hint": "", "file": "content/pages/2000.yaml", "line": 3, "column": 1, "subject": "", "data": {},
        "text": "content/pages/2000.yaml:3:1: milestones: expected at least 1 entry, got 0"}]
    (root / "booklet.yaml").write_text("title: [\n")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["problems"][0]["file"] == "booklet.yaml"


def test_one_warning_per_cause_and_every_finding_in_json(mini: Callable[..., Path]) -> None:
    root = mini()
    Image.new("RGB", (2126, 1713), (200, 100, 50)).save(root / "assets/images/cover.jpg")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "-v", "print", "-v", "proof",
                                       "--json"])
    report = json.loads(result.stdout)
    found = [(e["variant"], d["code"], d["subject"]) for e in report["editions"] for d in e["diagnostics"]
             if "ppi" in d["message"]]  # the source's check and the PDF's, in each variant: all kept
    assert found == [(variant, "low-resolution", "assets/images/cover.jpg")
                     for variant in ("print", "print", "proof", "proof")]
    [merged] = [w for w in report["warnings"] if w["code"] == "low-resolution"]
    assert (merged["editions"], merged["line"]) == (["en-print", "en-proof"], 5)
    assert merged["text"].endswith("300 is wanted (a photo of 2552×2056 px) [en: print, proof]")


def test_stand_ins_are_one_line_with_a_count(mini: Callable[..., Path], tmp_path: Path) -> None:
    report = build_all(load_booklet(mini()), ["en"], tmp_path / "out", variants=["print", "proof"])
    lines = [line for kind, line in report_lines(report, tmp_path) if kind == "warning"]
    assert "warning: assets/images: the print PDF still has 1 stand-in photo (`booklet photos` lists them) " \
        "(put the real photos there and delete 'standin: true') [en: print]" in lines
    verbose = [line for kind, line in report_lines(report, tmp_path, verbose=True) if kind == "warning"]
    assert "warning: assets/images: the print PDF still has 1 stand-in photo: cover.jpg " \
        "(put the real photos there and delete 'standin: true') [en: print]" in verbose
    assert len(verbose) == 1 and len(lines) == 1  # four pages: no page count to warn of


def test_a_cause_is_one_line_per_edition_unless_the_editions_say_the_same(tmp_path: Path) -> None:
    photo = "assets/images/cover.jpg"

    def source(ppi: int) -> Diagnostic:
        return Diagnostic("warning", "low-resolution", f"photo {photo} has {ppi} ppi", Location(
            "content/pages/010-cover.yaml", 5, 9), subject=photo)

    def read_back(lang: str, variant: str) -> Diagnostic:
        return Diagnostic("warning", "low-resolution", f"page 1: photo {photo} is placed at 250 ppi",
                          Location(f"build/x-{lang}-{variant}.pdf"), subject=photo)

    css = Diagnostic("warning", "css", "a style the renderer ignores", Location("styles/base.css", 3, 1))
    editions = [EditionReport("en", v, tmp_path / f"en-{v}.pdf", written=True,
                              diagnostics=[source(250), read_back("en", v), css]) for v in ("print", "proof")]
    editions += [EditionReport("sq", "print", tmp_path / "sq-print.pdf", written=True,
                               diagnostics=[source(220), css])]  # another frame in sq: another ppi
    lines = [line for kind, line in report_lines(BuildReport(editions), tmp_path) if kind == "warning"]
    assert lines == [
        f"warning: content/pages/010-cover.yaml:5:9: photo {photo} has 250 ppi [en: print, proof]",
        "warning: styles/base.css:3:1: a style the renderer ignores [en: print, proof; sq: print]",
        f"warning: content/pages/010-cover.yaml:5:9: photo {photo} has 220 ppi [sq: print]"]
    verbose = [line for kind, line in report_lines(BuildReport(editions), tmp_path, verbose=True)
               if kind == "warning"]
    assert len(verbose) == 8 and verbose[1] == (
        f"warning: build/x-en-print.pdf: page 1: photo {photo} is placed at 250 ppi [en: print]")
