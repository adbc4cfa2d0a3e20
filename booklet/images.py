"""Stage 3, images: find every photo a page places, or make its stand-in.

Takes an `Edition`; returns `Images`, a `Placed` image per photo file, each
with the file to embed, its pixel size and its frame in millimetres, and
`resolution_warnings()` for photos below print resolution in their frame.
A photo flagged `standin: true` whose file is not in assets/images/ yet is
drawn here, deterministically, at 300 ppi for its largest frame and cached
under .cache/standins/; a missing or unreadable photo that is not a stand-in
is an error at the page file's line.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFile, ImageFilter, ImageFont, UnidentifiedImageError

from booklet.config import Booklet
from booklet.content import Edition, PageFile
from booklet.errors import BookletError, Location, raise_all
from booklet.schema import Photo

STANDIN_PPI = 300
STANDIN_VERSION = "2"
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Frame:
    """The box a layout places a photo in, as a share of the trimmed page or spread."""

    name: str
    width: float
    """Width in trimmed page widths (2 = a whole spread)."""
    height: float
    """Height in trimmed page heights."""
    bleeds: bool = True
    """Whether the frame runs into the bleed at the page edges."""

    def size_mm(self, booklet: Booklet) -> tuple[float, float]:
        spec = booklet.spec
        extra = 2 * spec.bleed if self.bleeds else 0.0
        return spec.trim.width * self.width + extra, spec.trim.height * self.height + extra


# Which frame each layout puts its photos in.  The styles size the same frames
# from the CSS variables html.py writes out of this table, so the two agree.
FRAMES: dict[tuple[str, str], Frame] = {
    ("cover", "photo"): Frame("cover", 1.0, 0.6),
    ("foreword", "photo"): Frame("page", 1.0, 1.0),
    ("text-page", "photo"): Frame("half", 1.0, 0.5),
    ("section-opener", "photo"): Frame("opener", 1.0, 0.64),
    ("year-spread", "photo"): Frame("band", 2.0, 0.5),
    ("year-spread", "head_of_mission"): Frame("portrait", 0.17, 0.165, bleeds=False),
}


@dataclass(frozen=True)
class Placed:
    """A photo ready to embed."""

    photo: Photo
    path: Path
    pixels: tuple[int, int]
    frame: Frame
    frame_mm: tuple[float, float]
    generated: bool
    """True when path is a generated stand-in, not a file of the project."""
    where: Location
    """The `file:` line of the page file that places it."""

    @property
    def ppi(self) -> float:
        """The lower of the two resolutions the photo has when it fills its frame."""
        return min(self.pixels[0] / (self.frame_mm[0] / MM_PER_INCH),
                   self.pixels[1] / (self.frame_mm[1] / MM_PER_INCH))


Images = dict[str, Placed]
"""Placed photos by their `file:` as written in the page files."""


def photos_in(page_file: PageFile) -> Iterator[tuple[tuple[str, ...], Photo, Frame]]:
    """Every photo of a page with its key path and frame."""
    page = page_file.page
    for field in type(page).model_fields:
        value = getattr(page, field)
        photo = value if isinstance(value, Photo) else getattr(value, "photo", None)
        if isinstance(photo, Photo):
            path = (field,) if photo is value else (field, "photo")
            yield path, photo, FRAMES[(page.layout, field)]


def place_images(edition: Edition) -> Images:
    """Find or draw every photo of the edition, reporting all missing ones at once."""
    booklet = edition.booklet
    images: Images = {}
    errors: list[BookletError] = []
    for page_file in edition.pages:
        for key_path, photo, frame in photos_in(page_file):
            earlier = images.get(photo.file)
            if earlier and _area(earlier.frame_mm) >= _area(frame.size_mm(booklet)):
                continue  # one file in two frames: the larger decides its stand-in
            try:
                images[photo.file] = _place(booklet, page_file, key_path, photo, frame)
            except BookletError as exc:
                errors.append(exc)
    raise_all(errors)
    return images


def resolution_warnings(images: Images) -> list[BookletError]:
    """Photos with fewer than 300 pixels per inch where they are placed."""
    return [
        BookletError(f"photo assets/images/{placed.photo.file} has {placed.ppi:.0f} ppi in its "
                     f"{placed.frame.name} frame ({placed.pixels[0]}×{placed.pixels[1]} px for "
                     f"{placed.frame_mm[0]:.0f}×{placed.frame_mm[1]:.0f} mm); print needs "
                     f"{STANDIN_PPI}", placed.where)
        for placed in images.values() if placed.ppi < STANDIN_PPI - 0.5
    ]


def _area(size: tuple[float, float]) -> float:
    return size[0] * size[1]


def _place(booklet: Booklet, page_file: PageFile, key_path: tuple[str, ...],
           photo: Photo, frame: Frame) -> Placed:
    where = page_file.where(*key_path, "file")
    path = (booklet.images_dir / photo.file).resolve()
    if not path.is_relative_to(booklet.images_dir.resolve()):
        raise BookletError(f"photo '{photo.file}' is outside assets/images/", where)
    frame_mm = frame.size_mm(booklet)
    generated = not path.is_file()
    if generated:
        if not photo.standin:
            raise BookletError(
                f"photo not found: assets/images/{photo.file}", where,
                hint="add the file, or mark the photo 'standin: true' to use a placeholder")
        path = standin(booklet.cache_dir / "standins", photo.file, frame_mm)
    # WeasyPrint tells Pillow to accept truncated files; a photo must be whole.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(path) as image:
            pixels = image.size
            if not generated:
                image.load()  # a truncated file fails here, not as a grey box in the PDF
    except (UnidentifiedImageError, OSError) as exc:
        raise BookletError(f"not a photo that can be read: assets/images/{photo.file} ({exc})",
                           where) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return Placed(photo, path, pixels, frame, frame_mm, generated, where)


def standin(folder: Path, name: str, frame_mm: tuple[float, float]) -> Path:
    """The cached stand-in JPEG for name at frame_mm, drawn if it is not cached yet."""
    size = tuple(math.ceil(mm / MM_PER_INCH * STANDIN_PPI - 1e-6) for mm in frame_mm)
    digest = hashlib.sha256(f"{STANDIN_VERSION}|{name}|{size}".encode()).hexdigest()[:16]
    path = folder / f"{digest}.jpg"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        image = draw_standin(name, (size[0], size[1]))
        fd, partial = tempfile.mkstemp(suffix=".partial", dir=folder)  # builds may run side by side
        with os.fdopen(fd, "wb") as out:
            image.save(out, "JPEG", quality=85, dpi=(STANDIN_PPI, STANDIN_PPI))
        os.replace(partial, path)
    return path


# Muted, print-friendly palettes for the placeholders: (background pair, shapes).
_PALETTES = [
    ((38, 70, 110), (120, 160, 190), (230, 200, 120)),
    ((60, 90, 80), (150, 185, 160), (240, 225, 190)),
    ((90, 70, 100), (180, 160, 190), (235, 210, 170)),
    ((110, 80, 60), (200, 170, 140), (235, 225, 205)),
    ((50, 80, 120), (170, 190, 210), (210, 120, 90)),
]
_FONT = Path(__file__).resolve().parent.parent / "assets" / "fonts" / "NotoSans-Bold.ttf"


def draw_standin(name: str, size: tuple[int, int]) -> Image.Image:
    """An abstract, clearly labelled placeholder photo; the same name gives the same pixels."""
    rng = random.Random(hashlib.sha256(name.encode()).digest())
    dark, light, accent = _PALETTES[rng.randrange(len(_PALETTES))]
    width, height = size
    # A soft colour field: a small grid of random tints, enlarged smoothly.
    grid = Image.new("RGB", (4, 3))
    grid.putdata([_mix(dark, light, rng.random()) for _ in range(12)])
    image = grid.resize(size, Image.Resampling.BICUBIC)
    # A few translucent discs and a diagonal band, drawn small and blurred up.
    small = (max(width // 8, 1), max(height // 8, 1))
    shapes = Image.new("RGBA", small, (0, 0, 0, 0))
    pen = ImageDraw.Draw(shapes)
    for _ in range(rng.randint(3, 6)):
        r = rng.uniform(0.08, 0.35) * min(small)
        x, y = rng.uniform(0, small[0]), rng.uniform(0, small[1])
        tint = accent if rng.random() < 0.3 else light
        pen.ellipse((x - r, y - r, x + r, y + r), fill=(*tint, rng.randint(50, 110)))
    shapes = shapes.filter(ImageFilter.GaussianBlur(2)).resize(size, Image.Resampling.BICUBIC)
    image = Image.alpha_composite(image.convert("RGBA"), shapes)
    _label(image, name)
    return image.convert("RGB")


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def _label(image: Image.Image, name: str) -> None:
    """Write STAND-IN and the file name across the middle, large enough to see in print."""
    width, height = image.size
    big = ImageFont.truetype(str(_FONT), max(int(min(width, height) * 0.07), 12))
    small = ImageFont.truetype(str(_FONT), max(int(min(width, height) * 0.03), 10))
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    lines = [("STAND-IN PHOTO", big), (name, small)]
    boxes = [pen.textbbox((0, 0), text, font=font) for text, font in lines]
    gap = int(small.size * 0.6)
    block_h = sum(b[3] - b[1] for b in boxes) + gap
    block_w = max(b[2] - b[0] for b in boxes)
    pad = int(small.size * 1.2)
    top = (height - block_h) // 2
    # A photo wider than two pages' worth is split at the gutter: label each half.
    centres = [width // 4, 3 * width // 4] if width > 2 * height else [width // 2]
    for centre in centres:
        left = centre - block_w // 2
        pen.rectangle((left - pad, top - pad, left + block_w + pad, top + block_h + pad),
                      fill=(255, 255, 255, 60), outline=(255, 255, 255, 200),
                      width=max(width // 800, 2))
        y = top
        for (text, font), box in zip(lines, boxes, strict=True):
            x = centre - (box[2] - box[0]) // 2 - box[0]
            pen.text((x, y - box[1]), text, font=font, fill=(255, 255, 255, 235))
            y += box[3] - box[1] + gap
    image.alpha_composite(layer)
