"""Caches are untrusted input: a damaged or planted entry is ignored and made again, through the CLI.

One small project with a real photo is built once, with its own cache; each
test copies it, damages one entry of its .cache/, builds again, and compares
what it gets with the first build: the same PDF, byte for byte (builds are
reproducible), the entry made again, and anything outside the project as it
was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from booklet.cli import main
from tests.conftest import ENGLISH_ONLY, MINI_BLANK, MINI_COVER, MINI_LANG, MINI_YEAR, THEME

PDF = "build/25-years-together-en-print.pdf"


def make_project(root: Path) -> Path:
    """The tests' mini project (a cover and a year), its cover a real photo, with a cache of its own."""
    (root / "assets").mkdir(parents=True)
    (root / "booklet.yaml").write_text(ENGLISH_ONLY, encoding="utf-8")
    for folder in ("layouts", "styles"):
        shutil.copytree(THEME / folder, root / folder)
    for folder in ("fonts", "profiles"):
        shutil.copytree(THEME / "assets" / folder, root / "assets" / folder)
    (root / "assets/images").mkdir()
    Image.new("RGB", (2600, 2100), (90, 110, 130)).save(root / "assets/images/cover.jpg")
    for name, text in {"content/lang/en.yaml": MINI_LANG, "content/pages/2000.yaml": MINI_YEAR,
                       "content/pages/010-cover.yaml": MINI_COVER.replace(", standin: true", ""),
                       "content/pages/999-blank.yaml": MINI_BLANK}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def build(root: Path, *options: str) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "print", "--force",
                                     *options])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built once, with a whole cache."""
    root = make_project(tmp_path_factory.mktemp("built") / "project")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = build(root)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built project, its cache and its files' times included."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


def plan(root: Path) -> Path:
    """The copyfit's cached measures of the year page (the trial is kept per page file)."""
    (found,) = (p for p in (root / ".cache/copyfit").glob("en-*.json")
                if "2000.yaml" in p.read_text(encoding="utf-8", errors="replace") or p.is_dir())
    return found


def rebuilt_the_same(root: Path, built: Path) -> Result:
    """Build root again (--verbose); it must succeed and write the PDF the whole cache gave."""
    result = build(root, "--verbose")
    assert result.exit_code == 0, result.output
    assert (root / PDF).read_bytes() == (built / PDF).read_bytes()
    return result


def _entries(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


PLAN_DAMAGE: dict[str, Callable[[str], str]] = {
    "a page that does not exist": lambda text: text.replace("pages/2000.yaml", "pages/2099.yaml"),
    "an arrangement that does not exist": lambda text: text.replace('"typographic"', '"sideways"'),
    "a measure of the wrong type": lambda text: text.replace('"overflow": false', '"overflow": "no"'),
    "sides of the wrong type": lambda text: text.replace('["left", "right"]', '"left right"'),
    "a list of the wrong things": lambda _text: '[1, "two", null]',
    "not JSON": lambda _text: "{this is not JSON",
    "a truncated file": lambda text: text[: len(text) // 2],
    "an empty file": lambda _text: "",
}


@pytest.mark.parametrize("damage", PLAN_DAMAGE, ids=list(PLAN_DAMAGE))
def test_a_damaged_copyfit_plan_is_made_again(project: Path, built: Path, damage: str) -> None:
    entry = plan(project)
    whole = entry.read_text(encoding="utf-8")
    damaged = PLAN_DAMAGE[damage](whole)
    assert damaged != whole
    entry.write_text(damaged, encoding="utf-8")
    result = rebuilt_the_same(project, built)
    assert f"note: .cache/copyfit/{entry.name} was ignored" in result.stderr
    assert entry.read_text(encoding="utf-8") == whole


def test_notes_are_told_only_under_verbose(project: Path) -> None:
    entry = plan(project)
    entry.write_text("{this is not JSON", encoding="utf-8")
    result = build(project)
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output
    assert _entries(entry)  # made again all the same


def _photo_hash(root: Path) -> str:
    return hashlib.sha256((root / "assets/images/cover.jpg").read_bytes()).hexdigest()


@pytest.mark.parametrize("wrong", ["wide", [2600], ["2600", "2100"], [0, 2100], [2600.5, 2100], True,
                                   {"width": 2600}, [100000, 100000]])
def test_a_photo_size_of_the_wrong_type_is_measured_again(project: Path, built: Path, wrong: object) -> None:
    sizes = project / ".cache/photos/sizes.json"
    assert _entries(sizes) == {_photo_hash(project): [2600, 2100]}  # by content, not by path or time
    sizes.write_text(json.dumps({_photo_hash(project): wrong, "not a hash": [1, 1]}), encoding="utf-8")
    result = rebuilt_the_same(project, built)
    assert "note: 2 of the entries of .cache/photos/sizes.json were ignored" in result.stderr
    assert _entries(sizes) == {_photo_hash(project): [2600, 2100]}


@pytest.mark.parametrize("wrong", ["a lot", [1.5], None, True, -0.5, 7.5, {"ink": 1}])
def test_an_ink_of_the_wrong_type_is_measured_again(project: Path, built: Path, wrong: object) -> None:
    memo = project / ".cache/ink.json"
    (key, ink), = _entries(memo).items()  # type: ignore[union-attr]
    assert isinstance(ink, float) and 0 < ink < 3
    memo.write_text(json.dumps({key: wrong, "elsewhere": 1.0}), encoding="utf-8")
    result = rebuilt_the_same(project, built)
    assert "note: 2 of the entries of .cache/ink.json were ignored" in result.stderr
    assert _entries(memo) == {key: ink}


def test_a_damaged_record_of_what_was_built_builds_again(project: Path, built: Path) -> None:
    (record,) = (project / ".cache/built").glob("*.json")
    entries = _entries(record)
    assert isinstance(entries, dict)
    entries[Path(PDF).name]["pages"] = "three"
    record.write_text(json.dumps(entries), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "build", "--variant", "print", "--verbose"])
    assert result.exit_code == 0, result.output
    assert "the record of what was built" in result.stderr and "up to date" not in result.stdout
    assert (project / PDF).read_bytes() == (built / PDF).read_bytes()
    assert _entries(record)[Path(PDF).name]["pages"] == 4  # type: ignore[index]


def _standin_size_jpeg(path: Path) -> None:
    Image.new("RGB", (10, 10), (255, 0, 0)).save(path, "JPEG")


ENTRIES: dict[str, Callable[[Path], Path]] = {
    "ink.json": lambda root: root / ".cache/ink.json",
    "digests.json": lambda root: root / ".cache/digests.json",
    "photos/sizes.json": lambda root: root / ".cache/photos/sizes.json",
    "the copyfit plan": plan,
    "the record of what was built": lambda root: next((root / ".cache/built").glob("*.json")),
    "a prepared photo": lambda root: next((root / ".cache/photos").glob("*.jpg")),
}


@pytest.mark.parametrize("entry", ENTRIES, ids=list(ENTRIES))
def test_a_cache_file_that_links_outside_is_neither_read_nor_written_through(
        project: Path, built: Path, tmp_path: Path, entry: str) -> None:
    path = ENTRIES[entry](project)
    outside = tmp_path / "outside" / path.name
    outside.parent.mkdir()
    outside.write_bytes(path.read_bytes())  # what booklet would believe, if it followed the link
    before = outside.read_bytes(), outside.stat().st_mtime_ns
    path.unlink()
    path.symlink_to(outside)
    result = rebuilt_the_same(project, built)
    assert "a link" in result.stderr
    assert (outside.read_bytes(), outside.stat().st_mtime_ns) == before
    assert not path.is_symlink() and path.is_file()  # made again in its place


def test_a_cache_folder_that_links_outside_is_replaced_by_a_folder(project: Path, built: Path,
                                                                   tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(project / ".cache/photos", outside)
    before = sorted((p.name, p.read_bytes()) for p in outside.iterdir())
    shutil.rmtree(project / ".cache/photos")
    (project / ".cache/photos").symlink_to(outside, target_is_directory=True)
    result = rebuilt_the_same(project, built)
    assert "note: .cache/photos was a link, not a folder: replaced by a folder" in result.stderr
    assert sorted((p.name, p.read_bytes()) for p in outside.iterdir()) == before
    assert not (project / ".cache/photos").is_symlink() and (project / ".cache/photos/sizes.json").is_file()


def test_a_cache_that_links_to_a_folder_not_booklets_is_not_used(project: Path, built: Path,
                                                                  tmp_path: Path) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "ink.json").write_text("my own file", encoding="utf-8")
    shutil.rmtree(project / ".cache")
    (project / ".cache").symlink_to(outside, target_is_directory=True)
    result = rebuilt_the_same(project, built)
    assert "not booklet's cache" in result.stderr
    assert [p.name for p in outside.iterdir()] == ["ink.json"]
    assert (outside / "ink.json").read_text(encoding="utf-8") == "my own file"
    assert not (project / ".cache").is_symlink() and (project / ".cache/CACHEDIR.TAG").is_file()


def test_a_standin_that_links_outside_is_drawn_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    cover = root / "content/pages/010-cover.yaml"
    cover.write_text(textwrap.dedent(MINI_COVER), encoding="utf-8")  # the stand-in, this time
    (root / "assets/images/cover.jpg").unlink()
    first = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen"])
    assert first.exit_code == 0, first.output
    (standin,) = (root / ".cache/standins").iterdir()
    outside = tmp_path / "picture.jpg"
    with Image.open(standin) as image:  # a photo of the stand-in's size: believed, if it were read
        Image.new("RGB", image.size, (255, 0, 0)).save(outside, "JPEG")
    before = outside.read_bytes()
    standin.unlink()
    standin.symlink_to(outside)
    result = CliRunner().invoke(main, ["--project", str(root), "build", "--variant", "screen", "--force",
                                       "--verbose"])
    assert result.exit_code == 0, result.output
    assert f"note: .cache/standins/{standin.name} was ignored (a link): made again" in result.stderr
    assert outside.read_bytes() == before
    assert not standin.is_symlink()
    with Image.open(standin) as image:
        assert image.getpixel((5, 5)) != (255, 0, 0)


def test_a_folder_where_a_cache_file_belongs_is_replaced(project: Path, built: Path) -> None:
    prepared = next((project / ".cache/photos").glob("*.jpg"))
    prepared.unlink()
    (prepared / "inside").mkdir(parents=True)
    plan(project).unlink()
    (project / plan(built).relative_to(built)).mkdir()
    result = rebuilt_the_same(project, built)
    assert f"note: .cache/photos/{prepared.name} was a folder: replaced by the file" in result.stderr
    assert prepared.is_file() and (project / plan(built).relative_to(built)).is_file()


def test_a_pipe_in_the_cache_is_not_waited_on(project: Path, built: Path) -> None:
    entries = (project / ".cache/ink.json", plan(project))
    for path in entries:
        path.unlink()
        os.mkfifo(path)  # reading it would wait for a writer for ever
    result = rebuilt_the_same(project, built)
    assert "note: .cache/ink.json was ignored: a pipe" in result.stderr
    assert all(path.is_file() for path in entries)
