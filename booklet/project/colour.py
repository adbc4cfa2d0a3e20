"""Colours through the output profile: the CMYK tokens in, what they print as out.

`load_profile()` takes an ICC file and returns it checked as a CMYK output
profile (cached).  `cmyk_to_rgb()` takes a CMYK colour and returns the sRGB it
prints as through that profile; `rgb_to_cmyk()` the other way, for
suggestions.  `screen_css()` takes a stylesheet and returns it with every
`device-cmyk()` written as that sRGB, for the screen variant, everything else
byte for byte.  `rgb_colours()` takes a stylesheet and returns an error at
every colour in it that is not CMYK and so cannot go to the printer.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tinycss2
import tinycss2.color5
from PIL import Image, ImageCms

from booklet.core.errors import BookletError, Location, relative
from booklet.project.paths import special_kind
from booklet.project.theme import DEFAULT_THEME, load_theme, locate
from booklet.project.variants import Intent

DEFAULT_PROFILE = Path("assets/profiles/FOGRA39L-booklet.icc")
"""The CMYK output profile shipped with booklet, relative to the project."""

Profile = ImageCms.ImageCmsProfile
CMYK = tuple[float, float, float, float]
RGB = tuple[int, int, int]

_INTENTS: dict[str, ImageCms.Intent] = {
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "saturation": ImageCms.Intent.SATURATION,
    "absolute": ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

NOT_COLOURS = frozenset({"transparent", "currentcolor"})
"""Colour keywords that carry no RGB of their own."""
SYSTEM_COLOURS = frozenset({
    "accentcolor", "accentcolortext", "activetext", "buttonborder", "buttonface", "buttontext",
    "canvas", "canvastext", "field", "fieldtext", "graytext", "highlight", "highlighttext",
    "linktext", "mark", "marktext", "selecteditem", "selecteditemtext", "visitedtext"})
COLOUR_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color"})
"""Functions that write a colour in an RGB or device-independent space."""
COLOUR_PROPERTIES = frozenset({
    "color", "background", "border", "border-top", "border-right", "border-bottom", "border-left",
    "border-block", "border-block-start", "border-block-end", "border-inline",
    "border-inline-start", "border-inline-end", "outline", "column-rule", "text-decoration",
    "text-emphasis", "box-shadow", "text-shadow", "fill", "stroke"})
"""Properties besides *-color that may name a colour (in others, such as font-family, Gold is a name)."""


def load_profile(path: Path, root: Path | None = None) -> Profile:
    """The ICC profile at path, checked to be a CMYK output profile (read once per version).

    Errors name the file relative to root, when given.
    """
    shown = relative(path, root) if root else path.as_posix()
    try:
        stat = path.stat()
    except OSError:
        raise BookletError(f"there is no colour profile {shown}", hint="check the name and the "
                           "folder it is in", code="profile") from None
    kind = special_kind(path)  # a pipe would block the read below for ever
    if kind:
        raise BookletError(f"{shown} is {kind}, not a colour profile",
                           hint="use the .icc file your printer supplies", code="profile")
    return _load(path.resolve(), stat.st_mtime_ns, stat.st_size, shown)


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime: int, size: int, shown: str) -> Profile:
    """The checked profile; mtime and size are only the cache key."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(path.read_bytes()))
    except (OSError, ImageCms.PyCMSError):
        raise BookletError(f"{shown} is not an ICC colour profile",
                           hint="use the .icc file your printer supplies", code="profile") from None
    space, kind = profile.profile.xcolor_space.strip(), profile.profile.device_class
    if space != "CMYK" or kind != "prtr":
        raise BookletError(f"{shown} is not a CMYK printing profile (it is {space}, for a "
                           f"{_CLASSES.get(kind, kind)})",
                           hint="use the CMYK output profile your printer supplies", code="profile")
    return profile


_CLASSES = {"mntr": "screen", "scnr": "scanner", "spac": "colour space", "link": "device link",
            "abst": "special effect", "nmcl": "named-colour list", "prtr": "printer"}


@functools.lru_cache(maxsize=32)
def _transform(source: Profile, target: Profile, modes: tuple[str, str],
               intent: Intent) -> ImageCms.ImageCmsTransform:
    """A colour transform, built once: black-point compensation on, as layout programs do."""
    return ImageCms.buildTransform(source, target, modes[0], modes[1], _INTENTS[intent],
                                   ImageCms.Flags.BLACKPOINTCOMPENSATION)


def cmyk_to_rgb(cmyk: CMYK, profile: Profile, intent: Intent = "relative") -> RGB:
    """The sRGB a CMYK colour (each 0–1) prints as through the profile."""
    ink = tuple(round(max(0.0, min(1.0, part)) * 255) for part in cmyk)
    pixel = Image.new("CMYK", (1, 1), ink)
    r, g, b = _apply(pixel, _transform(profile, _SRGB, ("CMYK", "RGB"), intent))
    return r, g, b


def rgb_to_cmyk(rgb: RGB, profile: Profile, intent: Intent = "relative") -> CMYK:
    """The CMYK (each 0–1, two decimals) that prints closest to an sRGB colour."""
    pixel = Image.new("RGB", (1, 1), rgb)
    c, m, y, k = (round(part / 255, 2) for part in
                  _apply(pixel, _transform(_SRGB, profile, ("RGB", "CMYK"), intent)))
    return c, m, y, k


def _apply(pixel: Image.Image, transform: ImageCms.ImageCmsTransform) -> tuple[int, ...]:
    value = ImageCms.applyTransform(pixel, transform)
    assert value is not None  # only None when converting in place
    colour = value.getpixel((0, 0))
    assert isinstance(colour, tuple)
    return tuple(int(part) for part in colour)


def number(value: float) -> str:
    """A number as CSS writes it shortest: 0.1, 0, 1."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


# --- the screen variant: device-cmyk() written as the RGB it prints as ---------------------

def screen_css(text: str, profile: Profile, intent: Intent = "relative", *,
               sheet: str = "stylesheet") -> str:
    """The stylesheet with every device-cmyk() replaced by the rgb() it prints as."""
    read, where = _as_tinycss2_reads(text)
    starts = [0] + [index + 1 for index, char in enumerate(read) if char == "\n"]
    pieces, done = [], 0
    for node in _functions(tinycss2.parse_stylesheet(text), "device-cmyk"):
        start = starts[node.source_line - 1] + node.source_column - 1
        written = node.serialize()
        if read[start:start + len(written)] != written and read[start:] != written[:-1]:
            raise _unconvertible(node, sheet)  # an escape in its name, say: never silently CMYK
        end = min(start + len(written), len(read))
        pieces += [text[done:where[start]], _as_rgb(node, profile, intent, sheet)]
        done = where[end]
    return "".join(pieces) + text[done:]


def _as_tinycss2_reads(text: str) -> tuple[str, list[int]]:
    """The text as tinycss2 reads it (line breaks made \\n, NUL made U+FFFD), and where each of
    its characters, and its end, is in text."""
    chars, where, index = [], [], 0
    while index < len(text):
        char = text[index]
        where.append(index)
        chars.append("\n" if char in "\r\f" else "\ufffd" if char == "\0" else char)
        index += 2 if text[index:index + 2] == "\r\n" else 1
    return "".join(chars), where + [len(text)]


def _unconvertible(node: Any, sheet: str) -> BookletError:
    return BookletError(f"{node.serialize()} cannot be converted to RGB for the screen",
                        Location(sheet, node.source_line, node.source_column),
                        "write it as device-cmyk(c m y k) with four numbers or percentages",
                        code="css-colour")


def _as_rgb(node: Any, profile: Profile, intent: Intent, sheet: str) -> str:
    """rgb(r g b) or rgb(r g b / a) for a device-cmyk() function."""
    colour = tinycss2.color5.parse_color(node)
    if not isinstance(colour, tinycss2.color5.Color) or colour.space != "device-cmyk":
        raise _unconvertible(node, sheet)  # var(), calc(), three numbers…
    c, m, y, k = colour.coordinates
    r, g, b = cmyk_to_rgb((c, m, y, k), profile, intent)
    alpha = "" if colour.alpha == 1 else f" / {number(colour.alpha)}"
    return f"rgb({r} {g} {b}{alpha})"


def _functions(nodes: list[Any] | None, name: str) -> Iterator[Any]:
    """Every function called name in parsed CSS, in the order written (none inside another)."""
    for node in nodes or ():
        if getattr(node, "type", "") == "function" and node.lower_name == name:
            yield node
            continue
        for part in ("prelude", "content", "arguments"):
            yield from _functions(getattr(node, part, None), name)


# --- the print variants: every colour that is not CMYK ------------------------------------

def rgb_colours(text: str, sheet: Path, root: Path,
                profile: Profile | None = None) -> list[BookletError]:
    """Every colour of the stylesheet's declarations that is not CMYK, as an error at its line.

    The hint suggests the nearest CMYK through profile (by default the project's
    assets/profiles/FOGRA39L-booklet.icc, else the default theme's, read only when there is
    something to suggest).
    """
    shown = relative(sheet, root)
    errors = []
    for token in _declared_colours(tinycss2.parse_stylesheet(text, True, True)):
        if profile is None:
            profile = load_profile(locate(DEFAULT_PROFILE.as_posix(), root, load_theme(DEFAULT_THEME)), root)
        written = token.serialize()
        errors.append(BookletError(f"an RGB colour ({written}) cannot go to the printer",
                                   Location(shown, token.source_line, token.source_column),
                                   _suggestion(token, profile), code="rgb-colour"))
    return errors


def _declared_colours(nodes: list[Any]) -> Iterator[Any]:
    """The colours that are not CMYK in the declarations of rules and at-rules, nested too."""
    for node in nodes:
        if node.type == "declaration":
            named = node.name.startswith("--") or node.lower_name.endswith("-color") \
                or node.lower_name in COLOUR_PROPERTIES
            yield from _not_cmyk(node.value, named)
        elif node.type in ("qualified-rule", "at-rule") and node.content is not None:
            yield from _declared_colours(tinycss2.parse_blocks_contents(node.content, True, True))


def _not_cmyk(tokens: list[Any], named: bool) -> Iterator[Any]:
    """The tokens of a value that are colours but not CMYK; url()s and strings are not looked in."""
    for token in tokens:
        if token.type == "function":
            if token.lower_name in COLOUR_FUNCTIONS:
                yield token
            elif token.lower_name not in ("url", "device-cmyk"):
                yield from _not_cmyk(token.arguments, named)
        elif token.type in ("() block", "[] block"):
            yield from _not_cmyk(token.content, named)
        elif _is_colour_word(token, named):
            yield token


def _is_colour_word(token: Any, named: bool) -> bool:
    """A hex colour, or (where a value may name one) a colour name."""
    if token.type == "hash":
        return tinycss2.color5.parse_color(token) is not None
    if token.type != "ident" or not named or token.lower_value in NOT_COLOURS:
        return False
    return token.lower_value in SYSTEM_COLOURS or tinycss2.color5.parse_color(token) is not None


def _suggestion(token: Any, profile: Profile) -> str:
    """What to write instead: the nearest CMYK through the profile, when it can be worked out."""
    colour = tinycss2.color5.parse_color(token)
    try:
        red, green, blue = colour.to("srgb").coordinates
    except (AttributeError, NotImplementedError):  # var() inside, lab(), a system colour
        return "write it as device-cmyk(c m y k), measured through the output profile"
    rgb = tuple(round(max(0.0, min(1.0, part)) * 255) for part in (red, green, blue))
    cmyk = " ".join(number(part) for part in rgb_to_cmyk(rgb, profile))
    alpha = "" if colour.alpha == 1 else f" / {number(colour.alpha)}"
    return f"write it as device-cmyk({cmyk}{alpha}), its nearest CMYK through the output profile"
