"""Stage 4, render — photo preparation: every placed photo made once per variant, as it prints.

Takes `Images` (from `place_images`) and a `Target` (colour, output profile,
rendering intent, highest resolution, JPEG quality); returns `Images` whose
`path` is a prepared JPEG under .cache/photos/ and whose `pixels` are its size.
WeasyPrint converts no colours and re-encodes at quality 75 any JPEG it has to
turn, so each file it gets is already upright, EXIF-free, in the final colour
space and no larger than the variant needs.  A prepared file is cached by
what it is made from (`_key`: the photo's content hash, never its path or
time); an unchanged build opens no photo at all.  A cached file is used only
if it is a regular file holding a whole JPEG of the size wanted (a link, a
truncated file or a file of another size is made again).
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageOps

from booklet.core.cachefiles import cache_folder, write_entry
from booklet.core.errors import BookletError, Location, raise_all
from booklet.layout.images import MM_PER_INCH, Images, Placed, open_photo
from booklet.layout.standins import whole_jpeg
from booklet.project.inputs import FileDigests
from booklet.project.variants import Colour, Intent

PREP_VERSION = "2"
"""Change it when the preparation changes what it writes: every cached photo is made again."""

_INTENTS = {
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "saturation": ImageCms.Intent.SATURATION,
    "absolute": ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
}
_PAPER = "white"
"""What shows through a transparent photo: white paper (PDF/X-1a allows no transparency)."""
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
"""What a photo without an embedded profile is taken to be, and what screens get."""
_METADATA = {0xE1, 0xE2, 0xED}
"""JPEG segments dropped from a photo kept as it is: APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC)."""


@dataclass(frozen=True)
class Target:
    """What the photos of one variant are prepared for."""

    colour: Colour
    profile: Path | None
    """The CMYK output ICC profile: required for 'cmyk'; for 'rgb', the profile
    assumed for CMYK photos that carry none."""
    intent: Intent = "perceptual"
    max_ppi: int = 450
    """Photos with more pixels than this in their frame are scaled down to it; never up."""
    quality: int = 95
    """JPEG quality of what is written."""


def prepare(images: Images, target: Target, cache_dir: Path) -> Images:
    """Every placed photo converted for the target: copies of each `Placed` whose `path` is
    the prepared file (in cache_dir/photos/) and whose `pixels` its size.

    Raises BookletError at Placed.where (every photo's problem at once)."""
    profile = _profile_bytes(target)
    try:
        folder = cache_folder(cache_dir, "photos")
    except OSError as exc:
        raise _unwritable(cache_dir / "photos", exc) from None
    index = FileDigests(cache_dir.parent, cache_dir)  # the photos' hashes, kept by project path
    prepared: Images = {}
    errors: list[BookletError] = []
    for name, placed in images.items():
        try:
            prepared[name] = _prepare_one(placed, target, profile, folder, index)
        except BookletError as exc:
            errors.append(exc)
    index.save()
    raise_all(list({str(e): e for e in errors}.values()))  # an unwritable cache, said once
    return prepared


Box = tuple[int, int, int, int]


def visible(placed: Placed) -> Box:
    """The part of the photo its frame shows (left, top, right, bottom in upright pixels).

    The styles fill frames as CSS `object-fit: cover` with the photo's focus
    as `object-position`; what falls outside is never printed, so it is cut
    off here rather than embedded — half of a landscape photo in a year's
    band.  A prepared photo has its frame's shape, so the styles' cover then
    takes it whole.
    """
    (width, height), (frame_w, frame_h) = placed.pixels, placed.frame_mm
    focus_x, focus_y = (f / 100 for f in placed.photo.focus)
    shown_w = min(width, max(1, round(height * frame_w / frame_h)))
    shown_h = min(height, max(1, round(width * frame_h / frame_w)))
    if width - shown_w <= 1 and height - shown_h <= 1:  # its frame's shape, to the pixel (a stand-in)
        return 0, 0, width, height
    if shown_w < width:  # wider than its frame: the sides go
        left = round((width - shown_w) * focus_x)
        return left, 0, left + shown_w, height
    top = round((height - shown_h) * focus_y)
    return 0, top, width, top + shown_h


def target_size(placed: Placed, max_ppi: int) -> tuple[int, int]:
    """The pixels a photo is written with: its visible part, scaled down to max_ppi in its
    frame, never up."""
    left, top, right, bottom = visible(placed)
    width, height = right - left, bottom - top
    ppi = min(width / (placed.frame_mm[0] / MM_PER_INCH), height / (placed.frame_mm[1] / MM_PER_INCH))
    scale = max_ppi / ppi
    if scale >= 1:
        return width, height
    return (max(1, math.ceil(width * scale - 1e-6)), max(1, math.ceil(height * scale - 1e-6)))


def _prepare_one(placed: Placed, target: Target, profile: bytes | None, folder: Path,
                 index: FileDigests) -> Placed:
    size = target_size(placed, target.max_ppi)
    source_hash = index.digest(placed.path)
    if source_hash in ("missing", "unreadable"):  # gone or locked since it was placed
        raise BookletError(f"photo {_shown(placed)} cannot be read", placed.where,
                           hint="make sure the file is there and you may read it")
    path = folder / f"{_key(source_hash, profile, target, size, visible(placed))}.jpg"
    if not whole_jpeg(path, size):
        _write(path, _convert(placed, target, profile, size))
    return replace(placed, path=path, pixels=size)


def _key(source_hash: str, profile: bytes | None, target: Target, size: tuple[int, int],
         box: Box) -> str:
    """What a prepared photo is made from, as its file name."""
    profile_hash = hashlib.sha256(profile).hexdigest() if profile else "-"
    parts = [PREP_VERSION, source_hash, profile_hash, target.intent, target.colour,
             f"{size[0]}x{size[1]}", str(target.quality), ",".join(map(str, box))]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _profile_bytes(target: Target) -> bytes | None:
    if target.profile is None:
        if target.colour == "cmyk":
            raise BookletError("CMYK photos need an output ICC profile, and none is set")
        return None
    try:
        data = target.profile.read_bytes()
        ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError) as exc:
        raise BookletError(f"the output profile {target.profile.name} cannot be used: {exc}",
                           hint="give an ICC profile file, e.g. the printer's CMYK profile") from None
    return data


# ---- the cache ---------------------------------------------------------------------------------

def _write(path: Path, data: bytes) -> None:
    try:
        write_entry(path, data, told=True)
    except OSError as exc:
        raise _unwritable(path.parent, exc) from None


def _unwritable(folder: Path, exc: OSError) -> BookletError:
    return BookletError(f"prepared photos cannot be saved here: {_reason(exc)}",
                        Location(f"{folder.parent.name}/{folder.name}"),
                        hint=f"make sure {folder.parent.name} is a folder you may write to, "
                             "or delete it so that booklet makes it again")


# ---- the conversion ----------------------------------------------------------------------------

def _convert(placed: Placed, target: Target, profile: bytes | None, size: tuple[int, int]) -> bytes:
    """The prepared JPEG of a photo, as bytes; its problems said at the page file's line."""
    try:
        with open_photo(placed.path) as image:
            box = visible(placed)
            kept = _kept_as_is(image, placed.path, target, size) if box == (0, 0, *placed.pixels) else None
            if kept is not None:
                return kept
            return _encode(_converted(image, target, profile, size, box), placed, target)
    except ImageCms.PyCMSError as exc:
        raise BookletError(f"photo {_shown(placed)} cannot be converted to {target.colour.upper()}: "
                           f"{exc}", placed.where,
                           hint="save it again in sRGB, or with its colour profile embedded") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise BookletError(f"photo {_shown(placed)} cannot be prepared: {exc}", placed.where) from None


def _kept_as_is(image: Image.Image, path: Path, target: Target, size: tuple[int, int]) -> bytes | None:
    """A designer's CMYK JPEG, upright and at its size already: its pixels as they are,
    only its metadata dropped (EXIF would make WeasyPrint re-encode it at quality 75)."""
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    if (target.colour, image.format, image.mode, orientation, image.size) != (
            "cmyk", "JPEG", "CMYK", 1, size):
        return None
    return b"".join(_segments_without_metadata(path.read_bytes()))


def _segments_without_metadata(data: bytes) -> Iterator[bytes]:
    """A JPEG's bytes minus its _METADATA segments, up to and with the image data untouched."""
    yield data[:2]  # SOI
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the image data follows, kept whole
            break
        end = at + 2 + int.from_bytes(data[at + 2:at + 4], "big")
        if marker not in _METADATA:
            yield data[at:end]
        at = end
    yield data[at:]


def _converted(image: Image.Image, target: Target, profile: bytes | None,
               size: tuple[int, int], box: Box) -> Image.Image:
    """The photo upright, flat, cut to what its frame shows, scaled and in the target's colours."""
    embedded = image.info.get("icc_profile")
    turned = image.getexif().get(ExifTags.Base.Orientation, 1) in {5, 6, 7, 8}
    whole = image.size[::-1] if turned else image.size  # upright
    scale = size[0] / max(1, box[2] - box[0])
    wanted = (math.ceil(whole[0] * scale * 2), math.ceil(whole[1] * scale * 2))
    image.draft(None, wanted[::-1] if turned else wanted)  # decode no larger than needed
    upright = ImageOps.exif_transpose(image)
    shrink = upright.size[0] / whole[0]
    left, top, right, bottom = (round(edge * shrink) for edge in box)
    # resize(box=) cuts and scales in one step, and without crop()'s check against Pillow's
    # process-wide pixel limit, which booklet leaves as it is (images.MAX_PIXELS is its own).
    cut = (left, top, right, bottom)
    same = (right - left, bottom - top) == size
    flat = _flattened(upright).resize(size, Image.Resampling.NEAREST if same else Image.Resampling.LANCZOS,
                                      box=cut)
    return _coloured(flat, embedded if isinstance(embedded, bytes) else None, target, profile)


def _flattened(image: Image.Image) -> Image.Image:
    """The photo in L, RGB or CMYK, anything transparent laid on white paper."""
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        image = image.convert("I").point(lambda value: value * (1 / 256))
        return image.convert("L")
    if image.mode == "P" or "transparency" in image.info:
        image = image.convert("LA" if image.mode in ("1", "L") else "RGBA")
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        base = "L" if image.mode in ("LA", "La") else "RGB"
        paper = Image.new(base, image.size, _PAPER)
        paper.paste(image.convert(base), mask=image.getchannel("A"))
        return paper
    if image.mode in ("L", "RGB", "CMYK"):
        return image
    return image.convert("L" if image.mode == "1" else "RGB")


def _coloured(image: Image.Image, embedded: bytes | None, target: Target,
              profile: bytes | None) -> Image.Image:
    """The photo in the target's colour space; grey stays grey (see the report: black ink only)."""
    if image.mode == "L" or (image.mode == "CMYK" and target.colour == "cmyk"):
        return image
    mode = "CMYK" if target.colour == "cmyk" else "RGB"
    if (image.mode, mode, embedded) == ("RGB", "RGB", None):
        return image  # sRGB already, as a photo without a profile is taken to be
    source = _open_profile(embedded) if embedded else None
    if source is None and image.mode == "CMYK":
        if profile is None:
            raise ImageCms.PyCMSError("the photo is CMYK, carries no colour profile, and no CMYK "
                                      "profile is set to read it with")
        source = _open_profile(profile)
    if source is None:
        source = _SRGB
    out = _open_profile(profile) if mode == "CMYK" and profile else _SRGB
    transform = ImageCms.buildTransform(source, out, image.mode, mode,
                                        renderingIntent=_INTENTS[target.intent],
                                        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    converted = ImageCms.applyTransform(image, transform)
    assert converted is not None  # None only with inPlace=True
    return converted


def _open_profile(data: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(data))


def _encode(image: Image.Image, placed: Placed, target: Target) -> bytes:
    """JPEG at the target's quality, full-resolution chroma, its ppi in the frame, no metadata.

    No ICC profile is embedded: WeasyPrint 70 writes /DeviceCMYK, /DeviceRGB or
    /DeviceGray by the mode alone, so a profile would be bytes nobody reads."""
    ppi = round(min(image.width / (placed.frame_mm[0] / MM_PER_INCH),
                    image.height / (placed.frame_mm[1] / MM_PER_INCH)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=target.quality, subsampling=0, dpi=(ppi, ppi))
    return out.getvalue()


def _shown(placed: Placed) -> str:
    return "(stand-in) " + placed.photo.file if placed.generated else f"assets/images/{placed.photo.file}"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
