"""Stand-in photos: labelled placeholders drawn for frames whose real photo has not arrived.

`standin()` takes the cache folder, the photo's name, its frame in mm and
whether the frame crosses the gutter (a label on each page's half then);
returns the path of a JPEG drawn at 300 ppi for the frame — the same name
and size always give the same pixels — cached, checked cheaply for damage
and drawn again when damaged.  Labels use Pillow's own font, so an installed
booklet needs no file from a checkout.
"""

from __future__ import annotations

import errno
import hashlib
import math
import os
import random
import stat
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from booklet.core.cachefiles import write_entry
from booklet.core.notes import note, shown

STANDIN_PPI = 300
STANDIN_VERSION = "4"
MM_PER_INCH = 25.4


def standin_size(frame_mm: tuple[float, float]) -> tuple[int, int]:
    """The pixels of a stand-in for a frame: 300 ppi."""
    width, height = (math.ceil(mm / MM_PER_INCH * STANDIN_PPI - 1e-6) for mm in frame_mm)
    return width, height


def standin(folder: Path, name: str, frame_mm: tuple[float, float], spread: bool = False) -> Path:
    """The cached stand-in JPEG for name at frame_mm in folder (a cache folder, made by
    cachefiles.cache_folder), drawn if it is not cached whole yet; spread: the frame crosses
    the gutter, and each page's half is labelled."""
    size = standin_size(frame_mm)
    digest = hashlib.sha256(f"{STANDIN_VERSION}|{name}|{size}|{spread}".encode()).hexdigest()[:16]
    path = folder / f"{digest}.jpg"
    if not whole_jpeg(path, size):
        image = draw_standin(name, size, spread)
        write_entry(path, lambda out: image.save(out, "JPEG", quality=85, dpi=(STANDIN_PPI, STANDIN_PPI)),
                    told=True)
    return path


def whole_jpeg(path: Path, size: tuple[int, int]) -> bool:
    """Whether path is a regular file holding a whole JPEG of size (a crashed or full disk
    can leave less; a link, a pipe or a device in the cache is never read).

    For our own cached files (stand-ins, prepared photos), written atomically:
    a look at the header and at the JPEG's end-of-image marker finds the
    damage a disk can do, without decoding the photo at every build
    (decoding all 26 stand-ins took 0.2 s, a tenth of the build).
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        return False
    except OSError as exc:  # a link (ELOOP) or a file we may not read
        why = "a link" if exc.errno == errno.ELOOP else exc.strerror
        note(f"{shown(path)} was ignored ({why}): made again")
        return False
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        note(f"{shown(path)} was ignored (not a file): made again")
        return False
    with os.fdopen(handle, "rb") as file:
        try:
            file.seek(-2, os.SEEK_END)
            if file.read(2) != b"\xff\xd9":
                return False
            file.seek(0)
            with Image.open(file) as image:
                return image.format == "JPEG" and image.size == size
        except OSError:  # empty (the seek fails), or not a picture
            return False


# Muted, print-friendly palettes for the placeholders: (background pair, shapes).
_PALETTES = [
    ((38, 70, 110), (120, 160, 190), (230, 200, 120)),
    ((60, 90, 80), (150, 185, 160), (240, 225, 190)),
    ((90, 70, 100), (180, 160, 190), (235, 210, 170)),
    ((110, 80, 60), (200, 170, 140), (235, 225, 205)),
    ((50, 80, 120), (170, 190, 210), (210, 120, 90)),
]


def draw_standin(name: str, size: tuple[int, int], spread: bool = False) -> Image.Image:
    """An abstract, clearly labelled placeholder photo; the same name gives the same pixels.
    A spread's (crossing the gutter) has a label on each page's half."""
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
    _label(image, name, spread)
    return image.convert("RGB")


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def _label(image: Image.Image, name: str, spread: bool) -> None:
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
    # A photo across the gutter is seen a page at a time: label each half.  (A wide frame on
    # one page, a band over a text page, showed two labels side by side.)
    centres = [width // 4, 3 * width // 4] if spread else [width // 2]
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
