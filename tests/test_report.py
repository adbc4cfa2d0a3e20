"""A build's results are values: reports that pickle, print one way, and never ride on exceptions."""

import json
import pickle
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from booklet.build import build_all
from booklet.cli import main
from booklet.config import load_booklet
from booklet.errors import BookletError, BookletErrors, Diagnostic, Location
from booklet.report import BuildReport, report_lines


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
    (root / "content/pages/2000.yaml").write_text("layout: year-spread\nyear: 2000\nmilestones: []\n")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"] == [{
        "severity": "error", "code": "input", "message": "milestones: expected at least 1 entry, got 0",
        "hint": "", "file": "content/pages/2000.yaml", "line": 3, "column": 1,
        "text": "content/pages/2000.yaml:3:1: milestones: expected at least 1 entry, got 0"}]
    (root / "booklet.yaml").write_text("title: [\n")
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["problems"][0]["file"] == "booklet.yaml"
