from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from booklet.config import load_booklet
from booklet.content import load_pages, load_texts, make_edition
from booklet.errors import BookletError
from booklet.images import FRAMES, draw_standin, place_images, standin


def test_standins_are_drawn_at_print_resolution_for_their_frame(mini: Callable[..., Path]) -> None:
    root = mini()
    booklet = load_booklet(root)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    placed = place_images(edition)["cover.jpg"]
    assert placed.generated and placed.photo.standin
    assert placed.frame is FRAMES[("cover", "photo")]
    assert placed.frame_mm == (216.0, 174.0)  # 60 % of the page, with bleed
    assert placed.ppi >= 300
    with Image.open(placed.path) as image:
        assert image.size == placed.pixels == (2552, 2056)
        assert image.mode == "RGB"


def test_standins_are_deterministic(tmp_path: Path) -> None:
    first = draw_standin("years/1999.jpg", (300, 200)).tobytes()
    assert draw_standin("years/1999.jpg", (300, 200)).tobytes() == first
    assert draw_standin("years/2000.jpg", (300, 200)).tobytes() != first
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
