"""Read a written PDF back: what each page draws, in which colours, and at what size.

`scan()` takes an open `pikepdf.Pdf`; returns a `Scan`: per page the RGB
colours and objects, the transparency, the images with their placed size, the
highest vector ink and the fonts, gathered from the page's content stream and,
recursively, its Form XObjects, patterns, soft masks and annotation
appearances.  Each stream is parsed once; each shared object (an image, a
form, a font) is described once, on the first page that uses it, so a cause
is reported once.  pdfcheck.py turns a `Scan` into findings.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Key = tuple[int, int]

OPERATORS = "q Q cm Do rg RG k K cs CS sc scn SC SCN gs sh BI ID EI"
"""The only operators the walk needs; qpdf skips the rest (text, paths) before Python sees them."""

_DEVICE = {"/DeviceRGB": "rgb", "/RGB": "rgb", "/CalRGB": "rgb", "/DeviceCMYK": "cmyk",
           "/CMYK": "cmyk", "/DeviceGray": "gray", "/G": "gray", "/CalGray": "gray",
           "/Lab": "lab", "/Pattern": "pattern", "/Separation": "spot", "/DeviceN": "spot"}
_ICC = {1: "gray", 3: "rgb", 4: "cmyk"}


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m applied first, then n (PDF's row-vector convention: m × n)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def key_of(obj: Any) -> Key | None:
    """The object's number and generation, or None for a direct object (which cannot be shared)."""
    objgen: Key = obj.objgen
    return objgen if objgen != (0, 0) else None


def family(space: Any, resources: Any = None) -> str:
    """'rgb', 'cmyk', 'gray', 'lab', 'spot', 'pattern' or 'other': what a colour space amounts to."""
    if isinstance(space, Name):
        name = str(space)
        if name in _DEVICE:
            return _DEVICE[name]
        named = resources.get("/ColorSpace", {}).get(name) if resources is not None else None
        return family(named) if named is not None else "other"
    if isinstance(space, Array) and len(space) > 0:
        kind = str(space[0])
        if kind == "/ICCBased":
            return _ICC.get(int(space[1].get("/N", 0)), "other")
        if kind in ("/Indexed", "/I") or (kind == "/Pattern" and len(space) > 1):
            return family(space[1], resources)
        return _DEVICE.get(kind, "other")
    return "other"


@dataclass
class Placement:
    """An image drawn on a page, and the size it is drawn at."""

    name: str
    key: Key | None
    width_px: int
    height_px: int
    width_in: float
    height_in: float

    @property
    def ppi(self) -> float:
        """The effective resolution: the lower of the two directions."""
        if self.width_in <= 0 or self.height_in <= 0:
            return math.inf
        return min(self.width_px / self.width_in, self.height_px / self.height_in)


@dataclass
class PageScan:
    """What one page draws (objects shared with earlier pages are described there)."""

    number: int
    rgb_colours: set[tuple[float | str, ...]] = field(default_factory=set)
    rgb_objects: list[str] = field(default_factory=list)
    transparency: list[str] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    ink: float = 0.0
    """The highest C+M+Y+K of a vector colour, 0–4."""


@dataclass
class Scan:
    pages: list[PageScan]
    images: dict[Key, Stream]
    """Every image XObject drawn, by object number."""
    fonts: dict[Key, tuple[Dictionary, list[int]]]
    """Every font used, with the pages that use it."""


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: str = "gray"
    stroke: str = "gray"

    def copy(self) -> _State:
        return _State(self.ctm, self.fill, self.stroke)


class _Walker:
    """Walks the streams of one document, remembering what it has described."""

    def __init__(self) -> None:
        self.parsed: dict[Key, list[Any]] = {}
        self.described: set[Key] = set()
        self.images: dict[Key, Stream] = {}
        self.fonts: dict[Key, tuple[Dictionary, list[int]]] = {}
        self.page = PageScan(0)
        self.active: set[Key] = set()

    def first_time(self, obj: Any) -> bool:
        """True once per shared object (always for a direct one)."""
        key = key_of(obj)
        if key is None:
            return True
        if key in self.described:
            return False
        self.described.add(key)
        return True

    def instructions(self, stream: Any) -> list[Any]:
        key = key_of(stream) if isinstance(stream, Stream) else None
        if key is None:
            return list(pikepdf.parse_content_stream(stream, OPERATORS))
        if key not in self.parsed:
            self.parsed[key] = list(pikepdf.parse_content_stream(stream, OPERATORS))
        return self.parsed[key]

    def note_fonts(self, resources: Any) -> None:
        for font in resources.get("/Font", {}).values():
            key = key_of(font)
            if key is not None:
                pages = self.fonts.setdefault(key, (font, []))[1]
                if not pages or pages[-1] != self.page.number:
                    pages.append(self.page.number)

    def walk(self, stream: Any, resources: Any, state: _State) -> None:
        """Interpret one content stream (a page's or a form's) with its resources."""
        key = key_of(stream) if isinstance(stream, Stream) else None
        if key is not None and key in self.active:
            return  # a form that draws itself
        if key is not None:
            self.active.add(key)
        resources = resources if resources is not None else Dictionary()
        self.note_fonts(resources)
        stack: list[_State] = []
        try:
            for instruction in self.instructions(stream):
                state = self.step(instruction, resources, state, stack)
        finally:
            if key is not None:
                self.active.discard(key)

    def step(self, instruction: Any, resources: Any, state: _State, stack: list[_State]) -> _State:
        op = str(instruction.operator)
        operands = list(instruction.operands) if op != "INLINE IMAGE" else []
        if op == "q":
            stack.append(state.copy())
        elif op == "Q":
            return stack.pop() if stack else state
        elif op == "cm" and len(operands) == 6:
            state.ctm = multiply(tuple(float(v) for v in operands), state.ctm)  # type: ignore[arg-type]
        elif op == "INLINE IMAGE":
            self.inline_image(instruction.iimage, resources, state)
        elif op == "Do" and operands:
            self.xobject(str(operands[0]), resources, state)
        else:
            self.paint(op, operands, resources, state)
        return state

    def paint(self, op: str, operands: list[Any], resources: Any, state: _State) -> None:
        """Colour operators, graphics states and shadings."""
        numbers = [float(v) for v in operands if isinstance(v, int | float | Decimal)]
        if op in ("rg", "RG"):
            self.page.rgb_colours.add(tuple(round(v, 3) for v in numbers))
        elif op in ("k", "K"):
            self.page.ink = max(self.page.ink, sum(numbers))
        elif op in ("cs", "CS") and operands:
            space = family(operands[0], resources)
            state.fill, state.stroke = (space, state.stroke) if op == "cs" else (state.fill, space)
            if space == "rgb":
                self.page.rgb_colours.add(("initial",))
        elif op in ("sc", "scn", "SC", "SCN"):
            self.set_colour(op, numbers, operands, resources, state)
        elif op == "gs" and operands:
            self.graphics_state(str(operands[0]), resources, state)
        elif op == "sh" and operands:
            shading = resources.get("/Shading", {}).get(str(operands[0]))
            if shading is not None:
                self.shading(shading, str(operands[0]), resources)

    def set_colour(self, op: str, numbers: list[float], operands: list[Any], resources: Any,
                   state: _State) -> None:
        space = state.fill if op in ("sc", "scn") else state.stroke
        if space == "rgb":
            self.page.rgb_colours.add(tuple(round(v, 3) for v in numbers))
        elif space == "cmyk" and len(numbers) == 4:
            self.page.ink = max(self.page.ink, sum(numbers))
        elif space == "pattern" and operands and isinstance(operands[-1], Name):
            pattern = resources.get("/Pattern", {}).get(str(operands[-1]))
            if pattern is not None:
                self.pattern(pattern, str(operands[-1]), state)

    def pattern(self, pattern: Any, name: str, state: _State) -> None:
        if int(pattern.get("/PatternType", 0)) == 2:
            self.shading(pattern.get("/Shading", Dictionary()), name, None)
        elif isinstance(pattern, Stream):
            matrix = _matrix(pattern.get("/Matrix"))
            self.walk(pattern, pattern.get("/Resources"), _State(matrix))

    def shading(self, shading: Any, name: str, resources: Any) -> None:
        if self.first_time(shading) and family(shading.get("/ColorSpace"), resources) == "rgb":
            self.page.rgb_objects.append(f"RGB gradient ({name})")

    def graphics_state(self, name: str, resources: Any, state: _State) -> None:
        gs = resources.get("/ExtGState", {}).get(name)
        if gs is None or not self.first_time(gs):
            return
        for entry in ("/CA", "/ca"):
            if float(gs.get(entry, 1)) < 1:
                self.page.transparency.append(f"opacity {float(gs[entry]):g} ({name})")
        blend = gs.get("/BM")
        blend = blend[0] if isinstance(blend, Array) and len(blend) else blend
        if blend is not None and str(blend) not in ("/Normal", "/Compatible"):
            self.page.transparency.append(f"blend mode {str(blend)[1:]} ({name})")
        mask = gs.get("/SMask")
        if isinstance(mask, Dictionary):
            self.page.transparency.append(f"soft mask ({name})")
            group = mask.get("/G")
            if isinstance(group, Stream):
                self.form(group, f"soft mask of {name}", state)

    def xobject(self, name: str, resources: Any, state: _State) -> None:
        xobject = resources.get("/XObject", {}).get(name)
        if not isinstance(xobject, Stream):
            return
        subtype = str(xobject.get("/Subtype"))
        if subtype == "/Image":
            self.image(xobject, name, state)
        elif subtype == "/Form":
            self.form(xobject, f"drawing {name}", state)

    def image(self, image: Stream, name: str, state: _State) -> None:
        a, b, c, d, _, _ = state.ctm
        key = key_of(image)
        self.page.placements.append(Placement(
            name, key, int(image.get("/Width", 0)), int(image.get("/Height", 0)),
            math.hypot(a, b) / 72, math.hypot(c, d) / 72))
        if key is not None:
            self.images[key] = image
        if not self.first_time(image):
            return
        if not image.get("/ImageMask", False) and family(image.get("/ColorSpace")) == "rgb":
            self.page.rgb_objects.append(f"RGB photo ({_size(image)})")
        if image.get("/SMask") is not None:
            self.page.transparency.append(f"soft mask on image {name}")

    def inline_image(self, image: Any, resources: Any, state: _State) -> None:
        space = image.obj.get("/CS", image.obj.get("/ColorSpace"))
        if space is not None and family(space, resources) == "rgb":
            self.page.rgb_objects.append("RGB inline image")

    def form(self, form: Stream, name: str, state: _State) -> None:
        if self.first_time(form):
            self.group(form.get("/Group"), name)
        inner = _State(multiply(_matrix(form.get("/Matrix")), state.ctm), state.fill, state.stroke)
        self.walk(form, form.get("/Resources"), inner)

    def group(self, group: Any, name: str) -> None:
        if not isinstance(group, Dictionary) or str(group.get("/S")) != "/Transparency":
            return
        self.page.transparency.append(f"transparency group ({name})")
        if family(group.get("/CS")) == "rgb":
            self.page.rgb_objects.append(f"RGB transparency group ({name})")

    def annotations(self, page: Any) -> Iterator[Stream]:
        for annotation in page.get("/Annots", Array()):
            appearance = annotation.get("/AP", Dictionary()).get("/N")
            if isinstance(appearance, Stream):
                yield appearance
            elif isinstance(appearance, Dictionary):
                yield from (s for s in appearance.values() if isinstance(s, Stream))

    def scan_page(self, page: pikepdf.Page, number: int) -> PageScan:
        self.page = PageScan(number)
        self.group(page.obj.get("/Group"), "the page")
        self.walk(page, page.obj.get("/Resources"), _State())
        for appearance in self.annotations(page.obj):
            self.form(appearance, "an annotation", _State())
        return self.page


def _size(image: Stream) -> str:
    return f"{int(image.get('/Width', 0))} × {int(image.get('/Height', 0))} px"


def _matrix(value: Any) -> Matrix:
    if isinstance(value, Array) and len(value) == 6:
        return tuple(float(v) for v in value)  # type: ignore[return-value]
    return IDENTITY


def scan(pdf: pikepdf.Pdf) -> Scan:
    """Walk every page of the document once."""
    walker = _Walker()
    pages = [walker.scan_page(page, number) for number, page in enumerate(pdf.pages, start=1)]
    return Scan(pages, walker.images, walker.fonts)
