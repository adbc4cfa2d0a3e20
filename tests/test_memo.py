"""What one build learnt about the photos is kept for the next, in another process (memo.py)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.core.memo import Memo
from booklet.layout.images import place_images
from booklet.project.config import load_booklet
from tests.test_images import real_cover


def _pixels(root: Path) -> tuple[int, int]:
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    return place_images(edition)["cover.jpg"].pixels


def _entries(memo: Path, photo: Path) -> dict[str, list[int]]:
    """The entries of the photo's content (sizes.json is keyed by a photo's sha256)."""
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    return {k: v for k, v in json.loads(memo.read_text()).items() if k == digest}


def test_a_photo_is_read_once_for_later_builds_and_again_when_it_changes(mini: Callable[..., Path]) -> None:
    root = real_cover(mini)
    photo = root / "assets/images/cover.jpg"
    Image.new("RGB", (3000, 2000), (90, 110, 130)).save(photo)
    assert _pixels(root) == (3000, 2000)
    memo = root / ".cache/photos/sizes.json"
    (key, size), = _entries(memo, photo).items()
    assert size == [3000, 2000]
    kept = json.loads(memo.read_text())
    kept[key] = [1234, 567]  # not what the file holds: seen only if the build believes the memo
    memo.write_text(json.dumps(kept))
    assert _pixels(root) == (1234, 567)
    Image.new("RGB", (2000, 1000), (90, 110, 130)).save(photo)
    os.utime(photo, ns=(10**18, 10**18))  # a new version of the file: read again
    assert _pixels(root) == (2000, 1000)


def test_the_ink_of_a_photo_is_measured_once_for_later_builds(mini: Callable[..., Path]) -> None:
    root = real_cover(mini)
    (root / ".cache").unlink()  # its own cache, not the run's shared one
    Image.new("RGB", (2600, 2100), (90, 110, 130)).save(root / "assets/images/cover.jpg")
    build = ["--project", str(root), "build", "--variant", "print"]
    assert CliRunner().invoke(main, build).exit_code == 0
    memo = root / ".cache/ink.json"
    inks = json.loads(memo.read_text())
    assert len(inks) == 1 and 0 < next(iter(inks.values())) < 3.0
    memo.write_text(json.dumps(dict.fromkeys(inks, 3.9)))  # as if it were over the limit
    result = CliRunner().invoke(main, [*build, "--force"])
    assert result.exit_code == 1 and "reaches 390% ink" in result.output, result.output


def _any(_key: str, _value: object) -> bool:
    return True


def test_builds_side_by_side_each_add_what_they_learnt(tmp_path: Path) -> None:
    first, second = Memo(tmp_path, "m.json", _any), Memo(tmp_path, "m.json", _any)
    first["a"], second["b"] = 1, 2
    first.save()
    second.save()
    assert Memo(tmp_path, "m.json", _any) == {"a": 1, "b": 2}
    (tmp_path / "m.json").write_text("{damaged")
    assert Memo(tmp_path, "m.json", _any) == {}


def test_entries_a_memo_does_not_believe_are_dropped_from_its_file(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text(json.dumps({"good": 1, "bad": "one"}))
    memo = Memo(tmp_path, "m.json", lambda _key, value: isinstance(value, int))
    assert memo == {"good": 1}
    memo.save()  # nothing learnt, but the bad entry goes
    assert json.loads((tmp_path / "m.json").read_text()) == {"good": 1}


def test_a_memo_never_reads_or_writes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"a": 1}))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache/m.json").symlink_to(outside)
    memo = Memo(tmp_path / "cache", "m.json", _any)
    assert memo == {}
    memo["b"] = 2
    memo.save()
    assert json.loads(outside.read_text()) == {"a": 1}
    assert not (tmp_path / "cache/m.json").is_symlink()
    assert json.loads((tmp_path / "cache/m.json").read_text()) == {"b": 2}
