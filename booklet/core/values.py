"""Value types of booklet.yaml and the page files that are more than their Python type.

Each checks its value and says what is wrong in words for people who do not
write Python (pydantic's own messages name Python types and bounds).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

_FAMILY = re.compile(r"^\w[\w .-]*$")


def whole(low: int, high: int, what: str = "a whole number") -> Any:
    """The validator of a whole number from low to high, in plain words when it is not."""

    def check(value: int) -> int:
        if low <= value <= high:
            return value
        digits = str(value)
        shown = digits if len(digits) <= 15 else f"{digits[:12]}… ({len(digits)} digits)"
        raise PydanticCustomError("whole_range", "expected {what} from {low} to {high}, got {value}",
                                  {"what": what, "low": low, "high": high, "value": shown})

    return AfterValidator(check)


def _one_line(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "should not be empty", {})
    if len(value) > 200 or any(ord(c) < 32 for c in value):
        raise PydanticCustomError("one_line", "should be one line of at most 200 characters", {})
    return value


def _family(value: str) -> str:
    # The name is written into CSS as "family": quotes, braces or semicolons would end it.
    if not _FAMILY.match(value) or len(value) > 100:
        raise PydanticCustomError(
            "family", "'{value}' is not a font family name: use letters, digits, spaces, '-' and '.'",
            {"value": value[:40]})
    return value


def _css_weight(value: int) -> int:
    if value not in _WEIGHTS:  # the only weights WeasyPrint accepts in @font-face
        raise PydanticCustomError(
            "weight", "expected one of 100, 200, … 900 (400 is regular, 700 bold), got {value}",
            {"value": value})
    return value


def in_order(field: str, start: int, end: int | None, what: str) -> None:
    """A pydantic error at field when a span ends before it starts."""
    if end is not None and end < start:
        raise PydanticCustomError("order", "{what} ends in {end}, before it starts in {start}",
                                  {"at": field, "what": what, "start": start, "end": end})


_WEIGHTS = range(100, 1000, 100)
Line = Annotated[str, AfterValidator(_one_line)]
"""One line of text that is not empty, such as a title or a file name."""
Year = Annotated[int, whole(1900, 2100, "a year")]
Count = Annotated[int, whole(0, 10**12 - 1)]
"""A number printed in a text: Babel writes any size, but a million million is no count of ours
(and hundreds of digits fail inside Babel)."""
Percent = Annotated[int, whole(0, 100, "a percentage")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
FontFamily = Annotated[str, AfterValidator(_family)]
FontWeight = Annotated[int, AfterValidator(_css_weight)]
