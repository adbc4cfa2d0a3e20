"""The frames and arrangements a layout offers (layout.yaml `frames:` and `arrangements:`).

A frame is the box a layout places a photo in; an arrangement one way of laying
a page file out (copyfit.py measures each and the planner chooses).  layouts.py
reads them from a layout's folder; this module says what they are and which
page files may take them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Any

from pydantic import Field

from booklet.core.errors import BookletError
from booklet.core.values import Slug
from booklet.project.schema import Page, PhotoKind, Strict


class FrameSpec(Strict):
    width: Annotated[float, Field(gt=0, le=2)]
    """In trimmed page widths: 2 is a whole spread."""
    height: Annotated[float, Field(gt=0, le=1)]
    """In trimmed page heights."""
    bleeds: bool = True
    kinds: list[PhotoKind] | None = None
    """The kinds of photo (Photo.kind) the frame suits; None: any."""


class ArrangementSpec(Strict):
    pages: Annotated[int, Field(ge=1, le=4)]
    """How many pages it makes; its template says the side each must fall on (a spread: left, right)."""
    needs: list[str] = []
    """Fields the page must have for this arrangement to be tried (e.g. photo)."""
    refuses: list[str] = []
    """Fields the page must not have."""
    frames: dict[str, Slug] = {}
    """Photo field → frame, where it differs from `photos:`."""
    cost: Annotated[float, Field(ge=0, le=10)] = 0.0
    """What choosing it costs besides what the trial measures (the planner's `arrangement` rule):
    a pull quote that repeats words of its page, say, so that it wins only where it fills a field."""


@dataclass(frozen=True)
class Frame:
    """The box a layout places a photo in, as a share of the trimmed page or spread."""

    name: str
    width: float
    """In trimmed page widths (2 = a whole spread)."""
    height: float
    """In trimmed page heights."""
    bleeds: bool = True
    """Whether the frame runs into the bleed at the page edges."""
    kinds: tuple[str, ...] | None = None
    """The kinds of photo it suits (None: any): a document's frame keeps its proportions."""

    def size_mm(self, booklet: Any) -> tuple[float, float]:
        """Width and height in mm for a `Booklet`, bleed included where the frame bleeds."""
        spec = booklet.spec
        extra = 2 * spec.bleed if self.bleeds else 0.0
        return spec.trim.width * self.width + extra, spec.trim.height * self.height + extra


@dataclass(frozen=True)
class Arrangement:
    name: str
    pages: int
    needs: tuple[str, ...] = ()
    refuses: tuple[str, ...] = ()
    frames: dict[str, str] = field(default_factory=dict)
    cost: float = 0.0

    def suits(self, page: Page) -> bool:
        return self.unsuited(page) is None

    def unsuited(self, page: Page) -> str | None:
        """Why the page cannot take this arrangement (a field it would leave out, or one it needs)."""
        dropped = [f for f in self.refuses if getattr(page, f, None)]
        if dropped:
            return f"it does not print the page's {', '.join(dropped)}, which would be left out"
        missing = [f for f in self.needs if not getattr(page, f, None)]
        if missing:
            return f"it needs {', '.join(missing)}, which the page does not have"
        return None


def frame_clashes(layouts: Iterable[Any]) -> list[BookletError]:
    """Frames are named in the styles (--frame-NAME-width): one name, one size."""
    seen: dict[str, tuple[Frame, str]] = {}
    errors = []
    for layout in layouts:
        for frame in layout.frames.values():
            first = seen.setdefault(frame.name, (frame, layout.name))
            if replace(first[0], kinds=None) != replace(frame, kinds=None):  # kinds are each layout's
                errors.append(BookletError(
                    f"frame '{frame.name}' is also defined by layouts/{first[1]}, with another size",
                    layout.where, "give it another name, or the same size"))
    return errors


def all_frames(layouts: Mapping[str, Any]) -> list[Frame]:
    """Every frame once, by name."""
    return list({f.name: f for layout in layouts.values() for f in layout.frames.values()}.values())
