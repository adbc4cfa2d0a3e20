import io
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest
from PIL import ExifTags, Image, ImageCms
from weasyprint import HTML

from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.core.errors import BookletError
from booklet.layout.images import Placed, place_images
from booklet.project import inputs
from booklet.project.config import load_booklet
from booklet.render import photoprep
from booklet.render.photoprep import Target, prepare, visible
from tests.conftest import MINI_COVER

PROFILE = Path(__file__).parent / "fixtures" / "FOGRA39L-test.icc"
PRINT = Target("cmyk", PROFILE)
SCREEN = Target("rgb", None, max_ppi=150)
RED, BLUE = (200, 30, 40), (30, 90, 200)


def place(mini: Callable[..., Path], image: Image.Image | None, name: str = "cover.jpg",
          frame_mm: tuple[float, float] | None = None, **save: Any) -> Placed:
    """The cover photo of a mini project: image saved as assets/images/name, or a stand-in."""
    root = mini({"content/pages/010-cover.yaml": MINI_COVER.replace("cover.jpg", name)})
    if image is not None:
        image.save(root / "assets" / "images" / name, **save)
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    placed = place_images(edition)[name]
    return replace(placed, frame_mm=frame_mm) if frame_mm else placed


def two_colours(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Red on the left half, blue on the right."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image.convert(mode)


def prepared(placed: Placed, target: Target, cache: Path) -> Placed:
    return prepare({"photo": placed}, target, cache)["photo"]


def test_photos_for_print_are_cmyk_jpegs_with_no_metadata(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((3000, 2400)))
    result = prepared(placed, PRINT, tmp_path / ".cache")
    assert result.path.parent == tmp_path / ".cache" / "photos"
    with Image.open(result.path) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "CMYK", result.pixels)
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert image.info["dpi"] == (round(result.ppi), round(result.ppi))
        cyan, magenta, yellow, _black = image.getpixel((10, 10))  # type: ignore[misc]
        assert magenta > 200 and yellow > 150 and cyan < 20


def test_photos_for_screen_are_srgb(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((3000, 2400)))
    result = prepared(placed, SCREEN, tmp_path)
    with Image.open(result.path) as image:
        assert image.mode == "RGB"
        assert round(result.ppi) == 150
        assert all(abs(a - b) <= 3 for a, b in zip(image.getpixel((5, 5)), RED, strict=True))  # type: ignore[arg-type]


def test_a_turned_photo_is_written_upright_with_no_orientation(mini: Callable[..., Path],
                                                              tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # turn 90° clockwise to show
    placed = place(mini, two_colours((2400, 3000)), exif=exif.tobytes())
    assert placed.pixels == (3000, 2400)
    result = prepared(placed, SCREEN, tmp_path)
    with Image.open(result.path) as image:
        assert image.size == result.pixels and image.width > image.height
        assert not image.getexif()
        middle = image.width // 2
        top, bottom = image.getpixel((middle, 5)), image.getpixel((middle, image.height - 5))
    assert top[0] > 150 and bottom[2] > 150  # type: ignore[index]  # red (left) turned to the top


def test_a_photo_above_the_resolution_is_scaled_down_to_it(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((6000, 4000)), frame_mm=(100.0, 100 * 4000 / 6000))
    result = prepared(placed, PRINT, tmp_path)
    assert result.pixels == (1772, 1182)
    assert 450 <= result.ppi < 451
    with Image.open(result.path) as image:
        assert image.size == (1772, 1182) and image.info["dpi"] == (450, 450)


def test_a_photo_below_the_resolution_is_never_scaled_up(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((800, 600)))
    assert placed.ppi < 150
    assert prepared(placed, PRINT, tmp_path).pixels == (745, 600)  # cut to the frame's shape only


def test_only_what_the_frame_shows_is_kept_around_the_focus(mini: Callable[..., Path],
                                                           tmp_path: Path) -> None:
    wide = two_colours((3000, 1000))  # red left half, blue right half
    placed = place(mini, wide, frame_mm=(100.0, 100.0))
    assert visible(placed) == (1000, 0, 2000, 1000)  # the focus is the middle by default
    left = replace(placed, photo=placed.photo.model_copy(update={"focus": [0, 50]}))
    assert visible(left) == (0, 0, 1000, 1000)
    with Image.open(prepared(left, SCREEN, tmp_path).path) as image:
        assert image.size == (591, 591)  # 150 ppi in 100 mm
        red = image.getpixel((image.width // 2, image.height // 2))
    assert red[0] > 150 > red[2]  # type: ignore[index]


@pytest.mark.parametrize(("mode", "flat"), [("RGBA", "RGB"), ("LA", "L"), ("P", "RGB")])
def test_transparency_is_laid_on_white_paper(mini: Callable[..., Path], tmp_path: Path, mode: str,
                                             flat: str) -> None:
    image = Image.new("RGBA", (900, 700), (0, 0, 0, 0))
    image.paste((*RED, 255), (0, 0, 450, 700))
    source = image.convert(mode) if mode != "P" else image.convert("P", palette=Image.Palette.ADAPTIVE)
    if mode == "P":  # a palette with one transparent entry, as GIFs and small PNGs have
        source.info["transparency"] = source.getpixel((800, 10))
    placed = place(mini, source, name="logo.png", **({"transparency": source.info["transparency"]}
                                                     if mode == "P" else {}))
    result = prepared(placed, SCREEN, tmp_path)
    with Image.open(result.path) as out:
        assert out.mode == flat
        paper = out.getpixel((out.width - 5, 5))
    assert paper == 255 or paper == (255, 255, 255)


def test_grey_photos_stay_grey_for_print(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, Image.new("L", (900, 700), 128))
    with Image.open(prepared(placed, PRINT, tmp_path).path) as image:
        assert image.mode == "L"


def test_a_cmyk_jpeg_at_its_size_keeps_its_pixels_and_loses_its_metadata(
        mini: Callable[..., Path], tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "InDesign"
    cmyk = Image.new("CMYK", (800, 600), (10, 80, 70, 5))
    placed = place(mini, cmyk, frame_mm=(216.0, 162.0), quality=90, exif=exif.tobytes(),
                   icc_profile=PROFILE.read_bytes())
    result = prepared(placed, PRINT, tmp_path)
    source, written = placed.path.read_bytes(), result.path.read_bytes()
    assert source.endswith(written[written.index(b"\xff\xda"):])  # the image data, byte for byte
    assert len(written) < len(source) - 100_000  # without the profile
    with Image.open(result.path) as image, Image.open(placed.path) as original:
        assert image.mode == "CMYK" and not image.getexif() and "icc_profile" not in image.info
        assert image.tobytes() == original.tobytes()


def test_a_cmyk_photo_for_screen_is_read_through_its_embedded_profile(
        mini: Callable[..., Path], tmp_path: Path) -> None:
    cmyk = Image.new("CMYK", (800, 600), (0, 0, 0, 0))
    placed = place(mini, cmyk, icc_profile=PROFILE.read_bytes())
    with Image.open(prepared(placed, SCREEN, tmp_path).path) as image:
        assert image.mode == "RGB" and min(image.getpixel((5, 5))) > 235  # type: ignore[arg-type]


def test_standins_are_prepared_like_photos(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, None)
    assert placed.generated
    with Image.open(prepared(placed, PRINT, tmp_path).path) as image:
        assert image.mode == "CMYK" and image.size == placed.pixels  # 300 ppi: not scaled


def test_a_second_build_opens_no_photo(mini: Callable[..., Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    placed = place(mini, two_colours((3000, 2400)))
    os.utime(placed.path, (time.time() - 60,) * 2)  # a hash is kept once the file's time has ticked
    first = prepared(placed, PRINT, tmp_path)

    def fail(*args: object) -> None:
        raise AssertionError("photo work on a cache hit")

    monkeypatch.setattr(photoprep, "_convert", fail)
    monkeypatch.setattr(inputs, "_sha256", fail)  # the photo's hash is known by its size and time
    assert prepared(placed, PRINT, tmp_path) == first


def test_a_changed_target_or_photo_is_prepared_again(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((3000, 2400)))
    first = prepared(placed, PRINT, tmp_path).path
    assert prepared(placed, replace(PRINT, intent="relative"), tmp_path).path != first
    assert prepared(placed, replace(PRINT, quality=90), tmp_path).path != first
    two_colours((3000, 2400)).rotate(180).save(placed.path)
    assert prepared(placed, PRINT, tmp_path).path != first


@pytest.mark.parametrize("damage", [b"", b"\xff\xd8\xff", "cut"])
def test_a_damaged_cache_entry_is_made_again(mini: Callable[..., Path], tmp_path: Path,
                                             damage: bytes | str) -> None:
    placed = place(mini, two_colours((3000, 2400)))
    path = prepared(placed, PRINT, tmp_path).path
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2] if damage == "cut" else damage)  # type: ignore[arg-type]
    assert prepared(placed, PRINT, tmp_path).path.read_bytes() == whole


def test_reruns_write_the_same_bytes(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((6000, 4000)), frame_mm=(100.0, 66.7))
    one = prepared(placed, PRINT, tmp_path / "one").path.read_bytes()
    two = prepared(placed, PRINT, tmp_path / "two").path.read_bytes()
    assert one == two


def test_an_unwritable_cache_is_one_line_naming_it(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((600, 400)))
    (tmp_path / ".cache").write_text("not a folder")
    with pytest.raises(BookletError) as caught:
        prepare({"a": placed, "b": replace(placed, frame_mm=(50.0, 40.0))}, PRINT, tmp_path / ".cache")
    message = str(caught.value)
    assert message.startswith(".cache/photos: prepared photos cannot be saved here: ")
    assert "\n" not in message


def test_a_cmyk_photo_embedded_by_weasyprint_shows_its_colours(mini: Callable[..., Path],
                                                               tmp_path: Path) -> None:
    placed = place(mini, two_colours((600, 300)))
    result = prepared(placed, PRINT, tmp_path)
    html = (f'<style>@page {{ size: 100mm 50mm; margin: 0 }} img {{ width: 100mm; height: 50mm; '
            f'display: block }}</style><img src="{result.path.as_uri()}">')
    pdf = HTML(string=html).write_pdf()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        (xobject,) = document.pages[0].get_images().values()
        assert xobject.ColorSpace == "/DeviceCMYK" and xobject.Filter == "/DCTDecode"
    page = pypdfium2.PdfDocument(pdf)[0]
    bitmap = page.render(scale=1).to_pil().convert("RGB")
    width, height = bitmap.size
    for (x, expected) in ((width // 4, RED), (3 * width // 4, BLUE)):
        shown = bitmap.getpixel((x, height // 2))
        assert all(abs(a - b) < 30 for a, b in zip(shown, expected, strict=True)), (shown, expected)


def test_cmyk_needs_a_profile(mini: Callable[..., Path], tmp_path: Path) -> None:
    placed = place(mini, two_colours((600, 400)))
    with pytest.raises(BookletError, match="output ICC profile"):
        prepared(placed, Target("cmyk", None), tmp_path)
    assert ImageCms.getProfileName(ImageCms.ImageCmsProfile(str(PROFILE))).startswith("FOGRA39L")


def test_a_photo_of_its_frames_shape_to_the_pixel_is_kept_whole(mini: Callable[..., Path]) -> None:
    placed = place(mini, None)  # a stand-in, drawn for its frame and rounded up to whole pixels
    page = replace(placed, pixels=(2552, 3378), frame_mm=(216.0, 286.0))  # the foreword's full page
    assert visible(page) == (0, 0, 2552, 3378)  # not 2551 wide, which would print at 299.9 ppi
