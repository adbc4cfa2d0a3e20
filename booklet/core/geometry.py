"""Page geometry in booklet.yaml: lengths, the limits they must keep, the type area they leave.

`length()` makes the validator of one length field (text such as '3mm' into
millimetres, within limits); `type_area_problem()` says, in words, why the
margins leave too little room for text, or None.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)$")
_MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}

# The limits, in millimetres, and why:
TRIM_MM = (50.0, 600.0)
"""A trimmed page side.  50 mm is below A8 (52 × 74 mm), the smallest booklet
anyone prints; 600 mm is above A2 (420 × 594 mm) and what a B1 press sheet
holds as a spread.  Beyond it a full-page stand-in photo at 300 ppi passes
the 89 million pixels at which Pillow refuses an image as a decompression
bomb (a 2100 × 2800 mm page ran out of memory drawing one)."""
BLEED_MM = (0.0, 20.0)
"""0 for screen-only output; printers ask for 3 to 5 mm, large formats 10 mm."""
MARGIN_MM = (0.0, TRIM_MM[1])
"""A single margin; whether the margins leave room for text is the type area's check."""
TYPE_AREA_MM = 40.0
"""The least room for text each way: a column of about 20 characters at 10 pt."""
TYPE_AREA_SHARE = 1 / 3
"""The least share of the page the type area takes each way.  Margins eating
two thirds of a page are a slip (cm for mm, a bigger format's margins), and
every page would run over — 59 overflow errors that never name booklet.yaml."""


def millimetres(value: object) -> float:
    """'3mm', '0.5 cm', '1in', '12pt' in millimetres; a pydantic error for anything else."""
    match = _LENGTH.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError(
            "length", "'{value}' is not a length: write a number and a unit, such as 3mm",
            {"value": value})
    return float(match.group(1)) * _MM_PER[match.group(2)]


def length(low: float, high: float, what: str) -> Any:
    """The validator of a length from low to high mm; what says, in a hint, what such a length is."""

    def check(value: object) -> float:
        mm = millimetres(value)
        if low <= mm <= high:
            return mm
        shown = str(value).strip()
        shown = shown if len(shown) <= 20 else f"{shown[:12]}… ({len(shown)} characters)"
        raise PydanticCustomError(
            "length_range", "{value} is too {how} ({what} is {low} to {high} mm)",
            {"value": shown, "how": "small" if mm < low else "large", "what": what,
             "low": _mm(low), "high": _mm(high)})

    return BeforeValidator(check)


def type_area_problem(width: float, height: float, top: float, bottom: float,
                      inner: float, outer: float) -> str | None:
    """Why margins leave too little room for text on a width × height mm page, or None."""
    area = (width - inner - outer, height - top - bottom)
    needed = (max(TYPE_AREA_MM, width * TYPE_AREA_SHARE), max(TYPE_AREA_MM, height * TYPE_AREA_SHARE))
    if area[0] >= needed[0] and area[1] >= needed[1]:
        return None
    return (f"they leave a type area of {_mm(area[0])} × {_mm(area[1])} mm on the "
            f"{_mm(width)} × {_mm(height)} mm page; at least {_mm(needed[0])} × {_mm(needed[1])} mm "
            f"is needed (make the margins smaller: together they may take at most two thirds "
            f"of the page each way)")


def _mm(value: float) -> str:
    """A length as a designer writes it: 210, 3.2, −12 (a true minus sign)."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace("-", "−") if text != "-0" else "0"
