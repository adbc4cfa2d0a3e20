"""Stage 3, images: find every photo a page places, or make its stand-in.

Takes an `Edition`; returns `Images`, a `Placed` image per photo file, each
with the file to embed, its pixel size and its frame in millimetres, and
`resolution_warnings()` for photos below print resolution in their frame.
A photo flagged `standin: true` whose file is not in assets/images/ yet is
drawn here, deterministically, at 300 ppi for its largest frame and cached
under .cache/standins/; a missing or unreadable photo that is not a stand-in
is an error at the page file's line.  Every photo is read whole (a truncated
or damaged file is an error, not a grey box in the PDF), no larger than
`MAX_PIXELS`, and measured as it prints: after its EXIF rotation, which
WeasyPrint applies (CSS `image-orientation: from-image`, its default).
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from PIL import ExifTags, Image, ImageDraw, ImageFile, ImageFilter, ImageFont

from booklet.config import Booklet
from booklet.content import Edition, PageFile
from booklet.errors import BookletError, Location, closest, raise_all
from booklet.paths import contained
from booklet.schema import Photo

STANDIN_PPI = 300
STANDIN_VERSION = "3"
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
    raise_all(list({str(e): e for e in errors}.values()))  # one cache problem, said once
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
    shown = f"assets/images/{photo.file}"
    path = contained(booklet.images_dir / photo.file, booklet.images_dir, f"photo {shown}", where,
                     within="assets/images/", hint="copy the photo into assets/images/")
    frame_mm = frame.size_mm(booklet)
    if path.is_dir():
        raise BookletError(f"photo {shown} is a folder, not a photo", where,
                           hint="name a photo file inside it")
    if path.is_file():
        return Placed(photo, path, _measure(path, shown, where, frame_mm), frame, frame_mm,
                      False, where)
    if not photo.standin:
        near = _near_name(booklet.images_dir, photo.file)
        raise BookletError(f"photo not found: {shown}", where, hint=f"did you mean '{near}'?" if near
                           else "add the file, or mark the photo 'standin: true' to use a placeholder")
    folder = booklet.cache_dir / "standins"
    try:
        path = standin(folder, photo.file, frame_mm)
    except OSError as exc:
        raise BookletError(f"stand-in photos cannot be saved here: {_reason(exc)}",
                           Location(folder.relative_to(booklet.root).as_posix()),
                           hint="make sure .cache is a folder you may write to, or delete it "
                                "so that booklet makes it again") from None
    return Placed(photo, path, standin_size(frame_mm), frame, frame_mm, True, where)


def _measure(path: Path, shown: str, where: Location, frame_mm: tuple[float, float]) -> tuple[int, int]:
    """photo_size(), its problems said for a user at the page file's line."""
    try:
        return photo_size(path)
    except TooLarge as exc:
        width, height = exc.pixels
        goal = standin_size(frame_mm)
        raise BookletError(
            f"photo {shown} has {width * height / 1e6:.0f} megapixels ({width}×{height} px); "
            f"booklet places photos of up to {MAX_PIXELS // 1_000_000}", where,
            hint=f"scale it down: {goal[0]}×{goal[1]} px is {STANDIN_PPI} ppi in its frame") from None
    except Unreadable as exc:
        raise BookletError(f"not a photo that can be read: {shown}", where, hint=exc.why) from None


def _near_name(images_dir: Path, file: str) -> str | None:
    """The photo file under images_dir that file most likely means, capitals aside."""
    names = {}
    for folder, _dirs, files in os.walk(images_dir):  # does not follow links, so cannot loop
        for name in files:
            relative = (Path(folder) / name).relative_to(images_dir).as_posix()
            names[relative.casefold()] = relative
    match = closest(file.casefold(), names)
    return names[match] if match else None


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# Pillow's own decompression-bomb check is one setting for the whole process:
# it warns above MAX_IMAGE_PIXELS and refuses above twice that, also when
# WeasyPrint opens a photo booklet has accepted.  It is set once, here, to
# booklet's documented limit (a policy, never changed per build), so a photo
# that passes photo_size() never makes Pillow warn later; photo_size() refuses
# larger ones itself, reading the size from the header before Pillow checks it.
MAX_PIXELS = 250_000_000
"""The largest photo booklet places: 250 megapixels (a 108 MP camera photo is well inside)."""
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_TURNED = {5, 6, 7, 8}
"""EXIF orientations that turn the photo a quarter: it prints with width and height swapped."""
_TRUNCATED = "image file is truncated: it ends before the picture does; copy it again from the original"
_DAMAGED = "the file is damaged; copy it again from the original"
_UNKNOWN = "the file is not a picture, or not in a format booklet knows; save it as JPEG or PNG"


class TooLarge(Exception):
    """A photo with more pixels than MAX_PIXELS."""

    def __init__(self, pixels: tuple[int, int]) -> None:
        super().__init__(pixels)
        self.pixels = pixels


class Unreadable(Exception):
    """A file that is not a whole photo; why says so in a user's words."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


_PILLOW_ERRORS = (OSError, SyntaxError, ValueError, IndexError, TypeError, EOFError, struct.error)
"""What Pillow raises for a damaged file, depending on the format and where the damage is."""


def photo_size(path: Path) -> tuple[int, int]:
    """The pixels of a photo as it prints (EXIF rotation applied), having read it whole.

    Raises TooLarge or Unreadable.  Pillow's own truncation check obeys the
    process-wide ImageFile.LOAD_TRUNCATED_IMAGES, which WeasyPrint turns on at
    import; this one belongs to one read (`_Source`) and touches no global.
    """
    if path.stat().st_size == 0:
        raise Unreadable("the file is empty; copy it again from the original")
    try:
        with path.open("rb") as file:
            source = _Source(file)
            with _header(source) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise TooLarge(image.size)
                # A JPEG decoded at an eighth of its size still reads every byte.
                image.draft(None, (max(width // 8, 1), max(height // 8, 1)))
                source.ran_dry = False
                image.load()
                turned = image.getexif().get(ExifTags.Base.Orientation, 1) in _TURNED
        if source.ran_dry:
            raise Unreadable(_TRUNCATED)
        with path.open("rb") as file, _header(_Source(file)) as image:
            image.verify()  # PNG: the checksum of every chunk
    except _PILLOW_ERRORS:
        raise Unreadable(_DAMAGED) from None
    return (height, width) if turned else (width, height)


class _Source:
    """A photo file read for Pillow that notes when the decoder wants bytes past its end."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.ran_dry = False

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        if size and not data:
            self.ran_dry = True
        return data

    def readline(self, size: int = -1) -> bytes:  # some formats' headers are lines
        return self.file.readline(size)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()


def _header(source: _Source) -> ImageFile.ImageFile:
    """The photo opened as Image.open() opens it, minus Pillow's size check (it warns first)."""
    Image.init()
    fp = cast(IO[bytes], source)
    prefix = source.read(16)
    for format_id in Image.ID:
        factory, accept = Image.OPEN[format_id]
        try:
            accepted = not accept or accept(prefix)
            if accepted and not isinstance(accepted, str):
                source.seek(0)
                return factory(fp, "")
        except (SyntaxError, IndexError, TypeError, struct.error):
            pass  # as in Image.open(): another format may know it
    raise Unreadable(_UNKNOWN)


def standin_size(frame_mm: tuple[float, float]) -> tuple[int, int]:
    """The pixels of a stand-in for a frame: 300 ppi."""
    width, height = (math.ceil(mm / MM_PER_INCH * STANDIN_PPI - 1e-6) for mm in frame_mm)
    return width, height


def standin(folder: Path, name: str, frame_mm: tuple[float, float]) -> Path:
    """The cached stand-in JPEG for name at frame_mm, drawn if it is not cached whole yet."""
    size = standin_size(frame_mm)
    digest = hashlib.sha256(f"{STANDIN_VERSION}|{name}|{size}".encode()).hexdigest()[:16]
    path = folder / f"{digest}.jpg"
    if not _is_cached(path, size):
        folder.mkdir(parents=True, exist_ok=True)
        _save_atomically(draw_standin(name, size), path)
    return path


def _is_cached(path: Path, size: tuple[int, int]) -> bool:
    """Whether path holds a whole stand-in of size (a crashed or full disk can leave less).

    Our own files, written atomically: a look at the header and at the JPEG's
    end-of-image marker finds the damage a disk can do, without decoding the
    photo at every build (decoding all 26 took 0.2 s, a tenth of the build).
    """
    try:
        with path.open("rb") as file:
            file.seek(-2, os.SEEK_END)
            if file.read(2) != b"\xff\xd9":
                return False
        with Image.open(path) as image:
            return image.format == "JPEG" and image.size == size
    except OSError:  # missing, empty (the seek fails), or not a picture
        return False


def _save_atomically(image: Image.Image, path: Path) -> None:
    """Write a JPEG to a temporary file beside path, then rename it: builds may run side by side."""
    fd, partial = tempfile.mkstemp(suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            image.save(out, "JPEG", quality=85, dpi=(STANDIN_PPI, STANDIN_PPI))
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


# Muted, print-friendly palettes for the placeholders: (background pair, shapes).
_PALETTES = [
    ((38, 70, 110), (120, 160, 190), (230, 200, 120)),
    ((60, 90, 80), (150, 185, 160), (240, 225, 190)),
    ((90, 70, 100), (180, 160, 190), (235, 210, 170)),
    ((110, 80, 60), (200, 170, 140), (235, 225, 205)),
    ((50, 80, 120), (170, 190, 210), (210, 120, 90)),
]


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
    big_size, small_size = max(int(min(width, height) * 0.07), 12), max(int(min(width, height) * 0.03), 10)
    # Pillow's own face (Aileron), so a stand-in needs no font file: a wheel ships no assets/.
    big, small = ImageFont.load_default(big_size), ImageFont.load_default(small_size)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    lines = [("STAND-IN PHOTO", big), (name, small)]
    boxes = [pen.textbbox((0, 0), text, font=font) for text, font in lines]
    gap = int(small_size * 0.6)
    block_h = sum(b[3] - b[1] for b in boxes) + gap
    block_w = max(b[2] - b[0] for b in boxes)
    pad = int(small_size * 1.2)
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
