"""The frames and arrangements a layout offers (layout.yaml `frames:` and `arrangements:`).

A frame is the box a layout places a photo in; an arrangement one way of laying
a page file out (copyfit.py measures each and the planner chooses).  layouts.py
reads them from a layout's folder; this module says what they are and which
page files may take them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal

from pydantic import Field

from booklet.core.errors import BookletError, did_you_mean
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


class NextSpec(Strict):
    needs: list[str] = []
    refuses: list[str] = []


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
    joins: Literal["next"] | None = None
    """`next`: it lays out the next page file too, on its own pages (two thin years on one page);
    offered only when the next page file has the same layout and suits `next:` and `either:`."""
    next: NextSpec | None = None
    """What the next page file must have and must not have (needs, refuses: as for this one)."""
    either: list[str] = []
    """Fields exactly one of the two page files has (`either: [photo]`: one photo between them);
    the template prints the one there is."""


JOINED = "joined"
"""A plan's word for a page file that the page file before it lays out in a joining arrangement:
it has no pages of its own (no arrangement may have this name)."""


def joining_problems(name: str, spec: ArrangementSpec, fields: Iterable[str], doc: Any,
                     at: tuple[str | int, ...]) -> list[BookletError]:
    """What is wrong with an arrangement's joining keys (joins:, next:, either:), told at their line."""
    errors = []
    if name == JOINED:
        errors.append(BookletError(f"an arrangement cannot be named '{JOINED}': a plan says so of a "
                                   "page file another's joining arrangement lays out", doc.where(at),
                                   "give it another name"))
    if spec.joins is None:
        for key in ("next", "either"):
            if getattr(spec, key):
                errors.append(BookletError(f"{key}: is only for an arrangement that joins the next page "
                                           "file", doc.where((*at, key)), "add joins: next, or leave it out"))
        return errors
    known = set(fields)
    named: list[tuple[tuple[str | int, ...], str]] = [(("either", i), f) for i, f in enumerate(spec.either)]
    if spec.next:
        named += [(("next", key, i), f) for key in ("needs", "refuses")
                  for i, f in enumerate(getattr(spec.next, key))]
    for where, f in named:
        if f not in known:
            errors.append(BookletError(f"no field '{f}'{did_you_mean(f, known)}", doc.where((*at, *where)),
                                       "name one of the layout's fields"))
    return errors


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
    joins: bool = False
    """It lays out the next page file too (layout.yaml `joins: next`)."""
    next_needs: tuple[str, ...] = ()
    next_refuses: tuple[str, ...] = ()
    either: tuple[str, ...] = ()

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

    def unjoinable(self, page: Page, following: Page) -> str | None:
        """Why a joining arrangement cannot lay out page and the page file following it together
        (None: it can): page as unsuited() says, the next by `next:`, both by `either:`."""
        why = self.unsuited(page)
        if why:
            return why
        if following.layout != page.layout:
            return f"the next page file has another layout ({following.layout})"
        if getattr(following, "arrangement", None):
            return "the next page file pins its own arrangement"
        dropped = [f for f in self.next_refuses if getattr(following, f, None)]
        if dropped:
            return f"it does not print the next page file's {', '.join(dropped)}"
        missing = [f for f in self.next_needs if not getattr(following, f, None)]
        if missing:
            return f"it needs the next page file to have {', '.join(missing)}"
        both = [f for f in self.either if bool(getattr(page, f, None)) == bool(getattr(following, f, None))]
        if both:
            return f"it prints one {', '.join(both)} of the two page files, and they have " + \
                ("two" if getattr(page, both[0], None) else "none")
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
