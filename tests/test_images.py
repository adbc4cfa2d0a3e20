import os
import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import ExifTags, Image, ImageFile, ImageFont

from booklet.checks.preflight import resolution_problems
from booklet.cli import main
from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.core.errors import BookletError
from booklet.layout.images import (
    Unreadable,
    photo_size,
    place_images,
)
from booklet.layout.standins import draw_standin, standin
from booklet.project.config import load_booklet
from booklet.project.variants import VARIANTS
from tests.conftest import MINI_COVER


def test_standins_are_drawn_at_print_resolution_for_their_frame(mini: Callable[..., Path]) -> None:
    root = mini()
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    placed = place_images(edition)["cover.jpg"]
    assert placed.generated and placed.photo.standin
    assert placed.frame is booklet.layouts["cover"].frame("photo")
    assert placed.frame_mm == (216.0, 174.0)  # 60 % of the page, with bleed
    assert placed.ppi >= 300
    with Image.open(placed.path) as image:
        assert image.size == placed.pixels == (2552, 2056)
        assert image.mode == "RGB"


def test_standins_are_deterministic(tmp_path: Path) -> None:
    first = draw_standin("years/1999.jpg", (300, 200)).tobytes()
    assert draw_standin("years/1999.jpg", (300, 200)).tobytes() == first
    assert draw_standin("years/2000.jpg", (300, 200)).tobytes() != first
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    a = standin(tmp_path / "one", "x.jpg", (50.0, 40.0))
    b = standin(tmp_path / "two", "x.jpg", (50.0, 40.0))
    assert a.read_bytes() == b.read_bytes()


def test_a_real_photo_replaces_the_standin(mini: Callable[..., Path]) -> None:
    root = mini()
    Image.new("RGB", (3000, 4000), (10, 20, 30)).save(root / "assets/images/cover.jpg")
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    placed = place_images(edition)["cover.jpg"]
    assert not placed.generated
    assert placed.path == (root / "assets/images/cover.jpg").resolve()
    assert placed.pixels == (3000, 4000)


def test_a_missing_photo_is_an_error_at_its_page_file(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/010-cover.yaml": """\
        layout: cover
        anniversary: 25
        title: cover
        organisation: org
        photo:
          file: cover.jpg
          alt: photos.cover
        """})
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    with pytest.raises(BookletError) as caught:
        place_images(edition)
    assert str(caught.value) == (
        "content/pages/010-cover.yaml:6:3: photo not found: assets/images/cover.jpg "
        "(add the file, or mark the photo 'standin: true' to use a placeholder)")


# --- reading photos: whole, not too large, measured as they print ------------------------------

def build(root: Path) -> Result:
    return CliRunner().invoke(main, ["--project", str(root), "build"])


def cover_error(message: str) -> str:
    return f"  en: placing photos…\ncontent/pages/010-cover.yaml:5:9: {message}\n" \
           "1 problem; no PDF was updated (any earlier PDF is still in place).\n"


def real_cover(mini: Callable[..., Path]) -> Path:
    """A mini project whose cover photo must be a real file."""
    return mini({"content/pages/010-cover.yaml": MINI_COVER.replace(", standin: true", "")})


def noise(size: tuple[int, int]) -> Image.Image:
    rng = random.Random(1)
    return Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_truncated_photo_is_caught_without_touching_pillows_switch(
        mini: Callable[..., Path], kind: str) -> None:
    root = real_cover(mini)
    photo = root / "assets/images/cover.jpg"
    noise((400, 300)).save(photo, kind)
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint's, for the whole process
    assert photo_size(photo) == (400, 300)  # a whole file passes
    photo.write_bytes(photo.read_bytes()[:-30])
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == cover_error(
        "not a photo that can be read: assets/images/cover.jpg (image file is truncated: it ends "
        "before the picture does; copy it again from the original)")
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as it was: another build may be loading now


def test_a_damaged_or_empty_photo_is_an_error(tmp_path: Path) -> None:
    photo = tmp_path / "damaged.png"
    noise((400, 300)).save(photo)
    data = bytearray(photo.read_bytes())
    data[len(data) // 2:len(data) // 2 + 100] = bytes(100)
    photo.write_bytes(bytes(data))
    with pytest.raises(Unreadable, match="the file is damaged"):
        photo_size(photo)
    photo.write_bytes(b"")
    with pytest.raises(Unreadable, match="the file is empty"):
        photo_size(photo)
    photo.write_text("not a picture", encoding="utf-8")
    with pytest.raises(Unreadable, match="not a picture"):
        photo_size(photo)


def png_header(width: int, height: int) -> bytes:
    """A valid PNG that says it has width×height pixels: a decompression bomb, a few bytes long."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_refused_from_its_header(mini: Callable[..., Path]) -> None:
    root = real_cover(mini)
    (root / "assets/images/cover.jpg").write_bytes(png_header(30000, 30000))
    result = build(root)  # warnings are errors in the tests: Pillow must not even warn
    assert result.exit_code == 1
    assert result.stderr == cover_error(
        "photo assets/images/cover.jpg has 900 megapixels (30000×30000 px); booklet places photos "
        "of up to 250 (scale it down: 2552×2056 px is 300 ppi in its frame)")


def test_a_108_megapixel_photo_builds_without_a_warning(mini: Callable[..., Path]) -> None:
    root = real_cover(mini)
    Image.new("RGB", (12000, 9000), (90, 110, 130)).save(root / "assets/images/cover.jpg", quality=80)
    assert 12000 * 9000 > 89_478_485  # over Pillow's default limit, which would warn
    assert photo_size(root / "assets/images/cover.jpg") == (12000, 9000)
    result = build(root)  # WeasyPrint opens it with Pillow too; a warning would fail the test
    assert result.exit_code == 0, result.output
    assert "warning: content/pages/010-cover" not in result.stderr


def test_resolution_is_measured_after_the_exif_rotation(mini: Callable[..., Path]) -> None:
    root = real_cover(mini)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored landscape, shown turned a quarter: portrait
    Image.new("RGB", (3000, 2000), (90, 110, 130)).save(root / "assets/images/cover.jpg", exif=exif)
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    placed = place_images(edition)["cover.jpg"]
    assert placed.pixels == (2000, 3000)
    assert [str(w) for w in resolution_problems({"cover.jpg": placed}, VARIANTS["print"])] == [
        "content/pages/010-cover.yaml:5:9: photo assets/images/cover.jpg has 235 ppi in its cover "
        "frame (2000×3000 px for 216×174 mm); 300 is wanted (a photo of 2552×2056 px)"]


# --- paths -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("make", "message"), [
    (lambda images: (images / "cover.jpg").symlink_to(images / "cover.jpg"),
     "photo assets/images/cover.jpg cannot be read: a symbolic link that points back at itself"),
    (lambda images: (images / "cover.jpg").symlink_to(images.parent / "fonts" / "OFL.txt"),
     "photo assets/images/cover.jpg is outside assets/images/ (copy the photo into assets/images/)"),
    (lambda images: (images / "cover.jpg").mkdir(),
     "photo assets/images/cover.jpg is a folder, not a photo (name a photo file inside it)"),
    (lambda images: (images / "Cover.JPG").write_bytes(b""),
     "photo not found: assets/images/cover.jpg (did you mean 'Cover.JPG'?)"),
])
def test_a_photo_path_that_leads_nowhere_is_an_error_at_its_line(
        mini: Callable[..., Path], make: Callable[[Path], object], message: str) -> None:
    root = real_cover(mini)
    make(root / "assets/images")
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == cover_error(message)


# --- stand-ins and their cache -----------------------------------------------------------------

def _labels(image: Image.Image) -> int:
    """How many label boxes a stand-in shows: white runs along the row with the most white."""
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    row = max(range(height), key=lambda y: sum(min(pixels[x, y]) > 215 for x in range(width)))
    white = [min(pixels[x, row]) > 215 for x in range(width)]
    return sum(1 for x in range(width) if white[x] and (x == 0 or not white[x - 1]))


def test_a_standin_is_labelled_once_a_page(tmp_path: Path) -> None:
    """A band across the gutter is seen a page at a time: a label on each half.  A frame as wide
    on one page (a band over a text page) shows one: it showed two side by side."""
    assert _labels(draw_standin("years/2001.jpg", (1200, 360))) == 1
    assert _labels(draw_standin("years/2001.jpg", (1200, 360), spread=True)) == 2
    assert standin(tmp_path, "x.jpg", (200.0, 60.0)) != standin(tmp_path, "x.jpg", (200.0, 60.0), True)


def test_standins_need_no_font_file(monkeypatch: pytest.MonkeyPatch) -> None:
    truetype = ImageFont.truetype

    def no_files(font: object, *args: object, **kwargs: object) -> ImageFont.FreeTypeFont:
        assert not isinstance(font, str | Path), "a wheel ships no font files"
        return truetype(font, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ImageFont, "truetype", no_files)
    assert draw_standin("years/1999.jpg", (600, 400)).size == (600, 400)


@pytest.mark.parametrize("damage", [lambda data: b"", lambda data: data[: len(data) // 2]])
def test_a_damaged_cached_standin_is_drawn_again(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    path = standin(tmp_path, "x.jpg", (50.0, 40.0))
    whole = path.read_bytes()
    path.write_bytes(damage(whole))
    assert standin(tmp_path, "x.jpg", (50.0, 40.0)) == path
    assert path.read_bytes() == whole


def test_a_cache_that_is_not_a_folder_is_a_user_error(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / ".cache").unlink()
    (root / ".cache").write_text("", encoding="utf-8")
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr == (
        "  en: placing photos…\n.cache/standins: stand-in photos cannot be saved here: not a "
        "directory (make sure .cache is a folder you may write to, or delete it so that booklet makes "
        "it again)\n1 problem; no PDF was updated (any earlier PDF is still in place).\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_cache_is_a_user_error(mini: Callable[..., Path]) -> None:
    root = mini()
    (root / ".cache").unlink()
    (root / ".cache").mkdir(mode=0o555)
    result = build(root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1].startswith(
        ".cache/standins: stand-in photos cannot be saved here: permission denied")


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", disk_full)
    with pytest.raises(OSError, match="No space"):
        standin(tmp_path, "x.jpg", (50.0, 40.0))
    assert list(tmp_path.iterdir()) == []
