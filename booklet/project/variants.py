"""The variants of an edition, as data: what each output is made for and how.

`VARIANTS` holds the built-in print, proof and screen variants; `variants()`
takes a project's booklet.yaml settings and returns them with the project's
adjustments (`variants:` in booklet.yaml) laid over the defaults, in order.
Every stage that treats variants differently reads a field of `Variant`:
images (colour, photo resolution), html and pdf (bleed, PDF standard,
tagging, extra styles), preflight (which checks, how strictly: `errors`
names the layout checks that stop this variant though they only warn in
others — the page count and the sides, for print).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal

Colour = Literal["cmyk", "rgb"]
Intent = Literal["perceptual", "relative", "saturation", "absolute"]


@dataclass(frozen=True)
class Variant:
    """One kind of output of an edition: build/<slug>-<lang>-<name>.pdf."""

    name: str
    purpose: str
    """What it is for, in a few words, for the build summary and the docs."""
    pdf_standard: str | None
    """WeasyPrint's pdf_variant: 'pdf/x-4', 'pdf/x-1a', 'pdf/ua-1'…, or None for plain PDF."""
    colour: Colour
    """'cmyk': every colour and photo through the output profile; 'rgb': for screens."""
    photo_ppi: int
    """Photos with more pixels than this in their frame are scaled down to it (never up)."""
    min_ppi: int
    """A photo below this in its frame stops the variant."""
    warn_ppi: int
    """A photo below this in its frame is a warning."""
    bleed: bool
    """Whether pages carry the bleed (and TrimBox/BleedBox); screen pages are trimmed."""
    marks: bool
    """Crop and registration marks and a slug line outside the bleed, on a larger sheet."""
    tagged: bool
    """A tagged PDF: structure, alt texts, language (PDF/UA)."""
    ink_limit: int | None
    """Highest total area coverage (%) the written PDF may reach, or None."""
    stylesheets: tuple[str, ...] = ()
    """Extra stylesheets (in styles/) on top of the shared ones."""
    errors: tuple[str, ...] = ()
    """Layout checks (preflight.LAYOUT_CHECKS) that stop this variant, whatever their own severity:
    a printer cannot fold a page count that is not a multiple of four, nor a spread split."""


VARIANTS: dict[str, Variant] = {v.name: v for v in (
    Variant("print", "the printer", "pdf/x-4", "cmyk", photo_ppi=450, min_ppi=200, warn_ppi=300,
            bleed=True, marks=False, tagged=False, ink_limit=300, errors=("page-count", "page-side")),
    # The proof's registration marks print on all four plates (400 %) by design: its
    # ink check is off, the print PDF's (the same pages) is on.
    Variant("proof", "the designer's check", "pdf/x-4", "cmyk", photo_ppi=450, min_ppi=200,
            warn_ppi=300, bleed=True, marks=True, tagged=False, ink_limit=None),
    Variant("screen", "the website", "pdf/ua-1", "rgb", photo_ppi=150, min_ppi=72, warn_ppi=100,
            bleed=False, marks=False, tagged=True, ink_limit=None),
)}

ADJUSTABLE = tuple(f.name for f in fields(Variant) if f.name not in ("name", "errors"))
"""The fields a project may set for a variant in booklet.yaml."""


def adjusted(base: Variant, changes: dict[str, Any]) -> Variant:
    """A variant with some fields changed (already validated by the schema)."""
    return replace(base, **changes)
