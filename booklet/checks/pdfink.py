"""The total ink (C+M+Y+K) of a CMYK image in a written PDF.

`image_ink()` takes an image XObject and the resolution it is placed at;
returns its highest total area coverage, 0–4 (1 = 100 %), or None when it is
not a CMYK image.  Decoding every pixel of 26 photos takes over a second, so a
JPEG is decoded at the reduced scale libjpeg offers (1/2, 1/4, 1/8) as long as
one decoded pixel covers no more than `INK_AREA_MM` of the printed page: the
coverage is then the average over blocks of that size, which is what a press
can hold anyway — a peak smaller than that is not a problem a printer rejects.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import MutableMapping
from typing import Any

from pikepdf import Array, Name, PdfImage, Stream
from PIL import Image, ImageChops, ImageMath

from booklet.checks.pdfwalk import family

InkCache = MutableMapping[str, "float | None"]
"""Highest ink by image bytes and decoding scale."""
INK_AREA_MM = 0.7
"""The largest square whose average ink counts as one value (8 × 8 px at 300 ppi)."""
MM_PER_INCH = 25.4


def reduction(ppi: float) -> int:
    """The coarsest JPEG decoding scale (1, 2, 4 or 8) whose pixels stay within INK_AREA_MM."""
    for scale in (8, 4, 2):
        if scale * MM_PER_INCH / ppi <= INK_AREA_MM:
            return scale
    return 1


def _inverted(image: Stream) -> bool:
    decode = image.get("/Decode")
    return isinstance(decode, Array) and len(decode) >= 2 and float(decode[0]) > float(decode[1])


def decoded(image: Stream, ppi: float) -> Image.Image:
    """The image's CMYK values as a PDF reader sees them (at a reduced scale for a JPEG)."""
    picture = PdfImage(image).as_pil_image()
    is_jpeg = image.get("/Filter") == Name.DCTDecode
    if is_jpeg:
        scale = reduction(ppi)
        picture.draft("CMYK", (picture.width // scale, picture.height // scale))
    picture.load()
    # Pillow already undoes the inversion of a JPEG with an Adobe marker, which is what a
    # /Decode [1 0 …] asks for; any other combination of the two still needs undoing.
    adobe = is_jpeg and "adobe" in picture.info
    if _inverted(image) != adobe:
        picture = ImageChops.invert(picture)
    return picture


def image_ink(image: Stream, ppi: float, cache: InkCache | None = None) -> float | None:
    """The highest C+M+Y+K of the image, 0–4, or None for an image that is not CMYK.

    With a cache (kept by the caller: across the variants of a build, or on disk
    across builds), an image with the same bytes is decoded only once.
    """
    if image.get("/ImageMask", False) or family(image.get("/ColorSpace")) != "cmyk":
        return None
    if cache is None:
        return _ink(image, ppi)
    key = f"{hashlib.sha256(image.read_raw_bytes()).hexdigest()}:{_inverted(image)}:{reduction(ppi)}"
    if key in cache:
        return cache[key]
    ink = _ink(image, ppi)
    if ink is not None:  # a CMYK image that does not decode as CMYK is rare: decoded each time
        cache[key] = ink
    return ink


_INK_KEY = re.compile(r"[0-9a-f]{64}:(True|False):[1248]")


def valid_ink(key: str, value: Any) -> bool:
    """An entry of .cache/ink.json as image_ink() keeps it: a key it makes, and an ink of 0–4."""
    return (bool(_INK_KEY.fullmatch(key)) and isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and 0 <= value <= 4)


def _ink(image: Stream, ppi: float) -> float | None:
    picture = decoded(image, ppi)
    if picture.mode != "CMYK":
        return None
    c, m, y, k = picture.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    highest = total.getextrema()[1]
    return float(highest) / 255
