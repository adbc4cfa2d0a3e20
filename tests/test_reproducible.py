"""Reproducible on any machine: the same sources in two folders, with other file times, give one PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result

from booklet.cli import main
from tests.test_caches import make_project

VARIANTS = ("print", "proof", "screen")


def build(root: Path, *variants: str) -> Result:
    chosen = [option for v in variants for option in ("--variant", v)]
    result = CliRunner().invoke(main, ["--project", str(root), "build", *chosen])
    assert result.exit_code == 0, result.output
    return result


def pdf(root: Path, variant: str) -> Path:
    return root / "build" / f"25-years-together-en-{variant}.pdf"


def retimed(root: Path, seconds: int) -> None:
    """Give every file and folder of root the time given (a clone made at another moment)."""
    for top, folders, files in os.walk(root):
        for name in [*folders, *files]:
            os.utime(Path(top) / name, (seconds, seconds), follow_symlinks=False)


def dated(path: Path) -> str:
    with pikepdf.open(path) as opened:
        xmp = opened.open_metadata()
        assert xmp.get("xmp:CreateDate") == xmp.get("xmp:ModifyDate")
        return str(opened.docinfo["/CreationDate"])


def unpacked(path: Path) -> bytes:
    """The PDF with every stream decompressed, to search for text that must not be in it."""
    with pikepdf.open(path) as opened:
        out = path.with_suffix(".qdf")
        opened.save(out, qdf=True, stream_decode_level=pikepdf.StreamDecodeLevel.generalized)
    return out.read_bytes()


@pytest.fixture
def two_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The mini project in two folders of different depth and name, their files of different times."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    one = make_project(tmp_path / "one")
    other = tmp_path / "somewhere else" / "déjà"
    shutil.copytree(one, other)
    retimed(one, 1_600_000_000)
    retimed(other, 1_700_000_000)
    return one, other


def test_two_copies_in_other_folders_build_the_same_bytes(two_copies: tuple[Path, Path]) -> None:
    one, other = two_copies
    build(one, *VARIANTS)
    build(other, *VARIANTS)
    for variant in VARIANTS:
        assert pdf(one, variant).read_bytes() == pdf(other, variant).read_bytes(), variant
        assert dated(pdf(one, variant)) == "D:20000101000000+00'00"  # no git, no SOURCE_DATE_EPOCH
        text = unpacked(pdf(other, variant))
        for where in (str(other), other.as_uri(), "somewhere", "tmp/"):
            assert where.encode() not in text, (variant, where)


def _git(root: Path, *args: str, when: str = "") -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
                       GIT_COMMITTER_EMAIL="t@example.org", HOME=str(root.parent), GIT_CONFIG_NOSYSTEM="1")
    if when:
        environment.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=root, env=environment, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_checkout_carries_its_last_commits_date(two_copies: tuple[Path, Path], tmp_path: Path) -> None:
    one, _ = two_copies
    _git(one, "init", "-q")
    _git(one, "add", ".")
    _git(one, "commit", "-q", "-m", "the booklet", when="2024-07-01T09:30:00+02:00")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", str(one), str(clone))
    retimed(clone, 1_650_000_000)
    build(one, "screen")
    build(clone, "screen")
    assert pdf(one, "screen").read_bytes() == pdf(clone, "screen").read_bytes()
    assert dated(pdf(clone, "screen")) == "D:20240701073000+00'00"


def test_source_date_epoch_sets_the_date(two_copies: tuple[Path, Path],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    one, _ = two_copies
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(one, "screen", "proof")
    assert dated(pdf(one, "screen")) == "D:20231114221320+00'00"
    assert dated(pdf(one, "proof")) == "D:20231114221320+00'00"


@pytest.mark.parametrize("given", ["yesterday", "-5", "1.5", "99999999999999"])
def test_a_source_date_epoch_that_is_no_date_is_an_error(two_copies: tuple[Path, Path],
                                                         monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    one, _ = two_copies
    monkeypatch.setenv("SOURCE_DATE_EPOCH", given)
    result = CliRunner().invoke(main, ["--project", str(one), "build", "--variant", "screen"])
    assert result.exit_code == 1
    assert f"SOURCE_DATE_EPOCH is '{given}', not a date booklet can use (give the seconds since 1 January " \
           "1970 (UTC) as a whole number" in result.stderr
    assert "internal error" not in result.output and not pdf(one, "screen").exists()
