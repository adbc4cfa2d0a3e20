"""The pdf stage on the real project: what WeasyPrint lays out matches what images.py planned."""

from pathlib import Path
from typing import Any

from booklet.build import SHARED_STYLES
from booklet.config import load_booklet
from booklet.content import load_pages, load_texts, make_edition
from booklet.html import render_html
from booklet.images import STANDIN_PPI, place_images
from booklet.pdf import lay_out

CSS_PX_PER_INCH = 96


def test_every_photo_prints_at_print_resolution_in_its_frame(project: Path) -> None:
    """The FRAMES table sizes the stand-ins; the CSS sizes the boxes. They must agree."""
    booklet = load_booklet(project)
    edition = make_edition(booklet, "en", load_pages(booklet), load_texts(booklet, "en"))
    images = place_images(edition)
    document = render_html(edition, images, project / "layouts")
    rendered, _, problems = lay_out(document, project, [project / "styles" / n for n in SHARED_STYLES],
                                    [booklet.cache_dir])
    assert problems == []
    by_uri = {placed.path.as_uri(): placed for placed in images.values()}
    seen = []
    for page in rendered.pages:
        for box in _images(page._page_box):
            placed = by_uri[box.element.get("src")]
            width_px, height_px = placed.pixels
            # object-fit: cover scales the photo until it covers the whole box.
            scale = max(box.width / width_px, box.height / height_px)
            ppi = CSS_PX_PER_INCH / scale
            seen.append(placed.photo.file)
            assert ppi >= STANDIN_PPI - 1, (placed.photo.file, round(ppi))
    assert sorted(set(seen)) == sorted(images)


def _images(box: Any) -> list[Any]:
    found = []
    if getattr(box, "element_tag", None) == "img":
        found.append(box)
    for child in getattr(box, "children", []):
        found.extend(_images(child))
    return found
