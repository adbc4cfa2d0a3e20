"""A copy of the project with full-size camera photos in place of its stand-ins, for the bench.

`camera_copy(root, dest)` copies the project's sources to dest, drops
`standin: true` from its page files (so booklet treats the photos as real) and
writes a camera JPEG at every `file:` they name: 6000 × 4000 px, or 4000 × 6000
for a frame taller than wide, quality 90.  The photos are drawn
deterministically from their names: a gradient, blotches at three scales and a
fine grain, with the colour channels moving together, so they compress about
as a real photo does (some 8 MB each) and no two are the same bytes (booklet
caches prepared photos by content).
"""

from __future__ import annotations

import random
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops

from booklet.content.edition import load_pages, load_texts, make_edition
from booklet.layout.images import photos_in
from booklet.project.config import load_booklet

CAMERA = (6000, 4000)
QUALITY = 90
SOURCES = ("booklet.yaml", "content", "layouts", "styles", "assets")
_STANDIN = re.compile(r"^[ \t]*standin:[ \t]*true[ \t]*(#.*)?\n", re.MULTILINE)


def camera_copy(root: Path, dest: Path) -> int:
    """Copy the project to dest with camera photos and no stand-ins; the number of photos."""
    dest.mkdir(parents=True)
    for name in SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.exists():  # a project of the theme has no layouts/ or styles/ of its own
            shutil.copy2(source, dest / name)
    sizes = _standin_sizes(dest)
    for page in (dest / "content" / "pages").glob("*.yaml"):
        text = _STANDIN.sub("", page.read_text(encoding="utf-8"))
        if "standin" in text:
            raise SystemExit(f"{page.name}: a 'standin' the bench cannot remove")
        page.write_text(text, encoding="utf-8")
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(write_photo, [dest / "assets" / "images" / f for f in sizes], sizes.values()))
    return len(sizes)


def _standin_sizes(project: Path) -> dict[str, tuple[int, int]]:
    """Every stand-in photo the page files name, with the camera size that suits its frame."""
    booklet = load_booklet(project)
    lang = booklet.spec.default_language
    edition = make_edition(booklet, lang, load_pages(booklet), load_texts(booklet, lang))
    sizes = {}
    for page_file in edition.pages:
        for _key, photo, frame in photos_in(page_file, booklet):
            if not photo.standin:
                continue
            width, height = frame.size_mm(booklet)
            sizes[photo.file] = CAMERA if width >= height else (CAMERA[1], CAMERA[0])
    return sizes


def write_photo(path: Path, size: tuple[int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    camera_photo(path.as_posix(), size).save(path, "JPEG", quality=QUALITY)


def camera_photo(seed: str, size: tuple[int, int]) -> Image.Image:
    """An RGB picture that compresses like a photo, the same for the same seed."""
    rng = random.Random(seed)
    gradient = Image.linear_gradient("L").rotate(rng.uniform(0, 360), fillcolor=128)
    luma = gradient.resize(size, Image.Resampling.BILINEAR).point(lambda v: 40 + v * 3 // 4)
    for small, amplitude in (((16, 11), 90), ((160, 110), 60), ((1500, 1000), 40)):
        luma = ImageChops.add(luma, _blotches(rng, size, small, amplitude), offset=-128)
    channels = []
    for _ in range(3):
        tinted = ImageChops.add(luma, _blotches(rng, size, (12, 8), 50), offset=-128)
        channels.append(ImageChops.add(tinted, _grain(rng, size, 14), offset=-128))
    return Image.merge("RGB", channels)


def _noise(rng: random.Random, size: tuple[int, int], amplitude: int) -> Image.Image:
    """Grey noise around 128, ± amplitude."""
    lut = [max(0, min(255, 128 + (v - 128) * amplitude // 128)) for v in range(256)]
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(lut)


def _blotches(rng: random.Random, size: tuple[int, int], small: tuple[int, int],
              amplitude: int) -> Image.Image:
    """Noise drawn at a small size and enlarged smoothly: soft shapes of size / small."""
    return _noise(rng, small, amplitude).resize(size, Image.Resampling.BICUBIC)


def _grain(rng: random.Random, size: tuple[int, int], amplitude: int) -> Image.Image:
    """Pixel-fine noise, one random tile repeated (JPEG codes each 8 × 8 block alone)."""
    tile = _noise(rng, (512, 512), amplitude)
    grain = Image.new("L", size)
    for x in range(0, size[0], 512):
        for y in range(0, size[1], 512):
            grain.paste(tile, (x, y))
    return grain
