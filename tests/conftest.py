"""Throwaway booklet projects for the tests, made from this repository's own files.

The tests see no font of the machine, as no build does: booklet.pdf points
fontconfig at a configuration with no font folders (booklet/render/fonts.conf), so
line breaks are the same on every machine (`fc-match serif` differs between
them), and test documents declare the bundled face they are set in.
"""

from __future__ import annotations

import fcntl
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from booklet.core.cachefiles import mark_as_cache

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "booklet" / "themes" / "anniversary"
"""The default theme, whose files the repository's own project (25 Years Together) uses."""
FONTS = THEME / "assets" / "fonts"


@pytest.fixture(scope="session")
def standin_cache(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """One stand-in cache for every test project, so each photo is drawn once per run.

    Under pytest-xdist the workers share it (every cache file is written atomically, and
    the memos merge what concurrent writers add), so a photo is drawn once, not once a worker.
    Tagged as booklet's cache: a project's .cache may be a link only to such a folder.
    """
    if worker_id == "master":
        folder = tmp_path_factory.mktemp("cache")
    else:
        folder = tmp_path_factory.getbasetemp().parent / "shared-cache"
        folder.mkdir(exist_ok=True)
    mark_as_cache(folder)
    return folder


def _link_cache(root: Path, cache: Path) -> None:
    (root / ".cache").symlink_to(cache, target_is_directory=True)


def copy_project(root: Path, cache: Path) -> Path:
    """Copy the real booklet project (25 Years Together) into root: its own files, the design
    being the default theme's."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "booklet.yaml", root)
    for folder in ("content", "layouts", "styles", "assets"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, root / folder)
    _link_cache(root, cache)
    return root


@pytest.fixture
def project(tmp_path: Path, standin_cache: Path) -> Path:
    """A copy of the real booklet project (25 Years Together) that a test may change."""
    return copy_project(tmp_path / "project", standin_cache)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of the real booklet's build runs on one xdist worker (`--dist loadgroup`, the
    Makefile's): the build is made once, and no other worker sits waiting for its lock while
    there are small tests to run."""
    for item in items:
        if "real_build" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("real-booklet"))


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory, standin_cache: Path, worker_id: str) -> Path:
    """The real booklet's English edition, built once per run in every variant into its build/.

    Under pytest-xdist the workers share it: the first to need it builds it while holding a
    lock, the others wait and read the same project.  Read it, never change it: a test that
    changes the project takes `project`.
    """
    from click.testing import CliRunner

    from booklet.cli import main

    base = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        base = base.parent
    folder, done = base / "real", base / "real" / "built"
    root = folder / "project"
    folder.mkdir(exist_ok=True)
    with (folder / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                shutil.rmtree(root, ignore_errors=True)  # what a failed attempt left
                copy_project(root, standin_cache)
                result = CliRunner().invoke(main, ["--project", str(root), "build", "--lang", "en"])
                assert result.exit_code == 0, result.output
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return root


MINI_LANG = """\
labels:
  head_of_mission: Head of Mission
  since: "since {start}"
  document_title: Mini booklet
  photo_credit: "Photo: {credit}"
org: Organisation
cover: Years Together
photos:
  cover: A cover photo.
running: Milestones
m:
  one:
    title: First milestone
    body: A short description.
  two:
    title: Second milestone
"""

MINI_COVER = """\
layout: cover
anniversary: 25
title: cover
organisation: org
photo: {file: cover.jpg, alt: photos.cover, standin: true}
"""

MINI_YEAR = """\
layout: year-spread
running_head: running
year: 2000
milestones:
  - title: m.one.title
    body: m.one.body
  - title: m.two.title
arrangement: typographic
"""

MINI_BLANK = "layout: blank\n"
"""The fourth page: a print PDF's page count must be a multiple of four."""


ENGLISH_ONLY = re.sub(r"(?m)^  (sq|sr-Latn|sr-Cyrl): .*\n", "",
                      (REPO / "booklet.yaml").read_text(encoding="utf-8"))
"""The project's booklet.yaml with English alone, as test projects have it: its lines keep
the numbers the tests' messages quote."""

MINI_LANGUAGES = """\
  en: {locale: en_GB}
  sq: {locale: sq_AL}
  sr-Latn: {locale: sr_Latn_RS}
  sr-Cyrl: {locale: sr_Cyrl_RS, from: sr-Latn}"""
"""The editions to come, as the mini project's booklet.yaml lists them when asked to."""

MINI_SQ = """\
labels:
  head_of_mission: Shefi i Misionit
  since: "që nga {start}"
  document_title: Broshura e vogël
  photo_credit: "Foto: {credit}"
org: Organizata
cover: Vite së bashku
photos:
  cover: Një foto e kopertinës.
running: Arritjet
m:
  one:
    title: Arritja e parë
    body: Një përshkrim i shkurtër.
  two:
    title: Arritja e dytë
"""

MINI_SR_LATN = """\
labels:
  head_of_mission: Šef Misije
  since: "od {start}"
  document_title: Mala brošura
  photo_credit: "Foto: {credit}"
org: Organizacija
cover: Godine zajedno
photos:
  cover: Fotografija korica.
running: Dostignuća
m:
  one:
    title: Prvo dostignuće
    body: Kratak opis.
  two:
    title: Drugo dostignuće
"""


@pytest.fixture
def mini(tmp_path: Path, standin_cache: Path) -> Callable[..., Path]:
    """Make a small project: a cover, one year spread and a blank page, with files replaced as given.

    With translated=True booklet.yaml lists sq, sr-Latn and sr-Cyrl (made from
    sr-Latn) too, and content/lang/ has the sq and sr-Latn files.
    """

    def make(files: dict[str, str] | None = None, translated: bool = False) -> Path:
        root = tmp_path / "mini"
        root.mkdir()
        (root / "booklet.yaml").write_text(ENGLISH_ONLY)  # the others come with translated
        # The theme's design copied in, as the project's own files: a test changes them there.
        for folder in ("layouts", "styles"):
            shutil.copytree(THEME / folder, root / folder)
        for folder in ("fonts", "profiles"):
            shutil.copytree(THEME / "assets" / folder, root / "assets" / folder)
        (root / "assets" / "images").mkdir()
        if translated:
            config = root / "booklet.yaml"
            config.write_text(config.read_text().replace("  en: {locale: en_GB}", MINI_LANGUAGES))
        contents = {
            **({"content/lang/sq.yaml": MINI_SQ, "content/lang/sr-Latn.yaml": MINI_SR_LATN}
               if translated else {}),
            "content/lang/en.yaml": MINI_LANG,
            "content/pages/010-cover.yaml": MINI_COVER,
            "content/pages/2000.yaml": MINI_YEAR,
            "content/pages/999-blank.yaml": MINI_BLANK,
            **(files or {}),
        }
        for name, text in contents.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        _link_cache(root, standin_cache)
        return root

    return make


def three_pages(make: Callable[..., Path]) -> Callable[..., Path]:
    """The mini project without its blank page, for the tests of the screen variant alone: a page
    count that is not a multiple of four only warns there, and they count on the cover and a spread."""

    def made(*args: object, **kwargs: object) -> Path:
        root = make(*args, **kwargs)
        (root / "content/pages/999-blank.yaml").unlink()
        return root

    return made


@pytest.fixture
def cyrillic() -> None:
    """sr-Cyrl made by booklet's own transliteration (booklet.content.translit), imported here so
    that a test which needs it fails at once if it cannot be (a stand-in once replaced it here, and
    left its simpler function behind for later tests in the same worker)."""
    import booklet.content.translit  # noqa: F401


def with_german(root: Path) -> Path:
    """The project in English and German (booklet.yaml lists de; de.yaml is English's words)."""
    config = root / "booklet.yaml"
    text = config.read_text(encoding="utf-8")
    assert "\n  en: {locale: en_GB}" in text
    both = "\n  en: {locale: en_GB}\n  de: {locale: de_DE}"
    config.write_text(text.replace("\n  en: {locale: en_GB}", both), encoding="utf-8")
    (root / "content/lang/de.yaml").write_text((root / "content/lang/en.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    return root
