"""Benchmark: booklet's print build against other ways to the same PDF, side by side.

Run with `make bench`.  Everything runs on a copy of the project in a temporary
folder, its stand-ins replaced by camera photos (photos.py: 6000 × 4000 px
JPEGs), removed at the end.  The sides alternate round by round in this
process, so the ratios (not the seconds) are the numbers to compare over time.
Each figure prints as `NAME: ratio X`, the other side's median ÷ booklet's:

* overhead: booklet's warm print build ÷ plain WeasyPrint rendering and writing
  the HTML and CSS booklet made for print (its prepared photos, pdf/x-4, the
  same @color-profile): what booklet's checks and steps cost.
* print-vs-weasyprint: WeasyPrint driven by hand to a print PDF (the original
  photos, dpi=300, optimize_images, jpeg_quality=90, pdf/x-4) ÷ booklet's.
* print-vs-ghostscript: an RGB render with the original photos, then
  Ghostscript's PDF/X-3 conversion to CMYK through the same output profile
  ÷ booklet's.
* parallel-editions: the four editions (editions.py) in print, all at once
  ÷ one after another (goal ≤ 0.6 on 2 cores).
* longer-translation: the layout problems of every edition with its texts
  made 30 % longer (a count, not a ratio; 0 is the goal).

Then loop.py's figures on a plain copy: no-op-build (a build with nothing
changed ÷ one after a one-word edit), edit-to-pdf (a save to the preview's
new PDF, and that ÷ a cold build) and edit-rebuild (a build after an edit no
cached trial has seen ÷ a cold build).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from editions import fit_report, parallel_editions
from loop import run_loop
from photos import CAMERA, QUALITY, camera_copy

from booklet.layout.html import Document, profile_css
from booklet.pipeline.build import build_all
from booklet.pipeline.edition import EditionPipeline
from booklet.project.config import Booklet, load_booklet
from booklet.render.pdf import font_configuration
from booklet.render.photoprep import Target, prepare

ROUNDS = 3
GS_ROUNDS = 1
"""Ghostscript's side takes about a minute a round: it runs in the first round only."""
JPEG_QUALITY = 90
"""What a user asks of WeasyPrint's re-encoding for print (its default, 75, is too low)."""


@dataclass
class Side:
    """One way to a print PDF, and its times."""

    name: str
    run: Callable[[Path], None]
    rounds: int = ROUNDS
    seconds: list[float] | None = None

    def median(self) -> float:
        return statistics.median(self.seconds or [float("nan")])


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="booklet-bench-") as folder:
        work = Path(folder)
        count = camera_copy(root, work / "project")
        print(f"{count} camera photos ({CAMERA[0]} × {CAMERA[1]} px, JPEG quality {QUALITY}) "
              f"made in {time.perf_counter() - started:.0f} s")
        run_all(load_booklet(work / "project"), work)
    run_loop(root)  # the designer's loop (loop.py), on the booklet as it is
    print(f"bench: {time.perf_counter() - started:.0f} s in all")


def run_all(booklet: Booklet, work: Path) -> None:
    lang = booklet.spec.default_language
    out = work / "build"
    cold = timed(lambda: build(booklet, lang, out, ["print"]))
    build(booklet, lang, out, ["proof", "screen"])  # for their sizes
    prepared, original = documents(booklet, lang)
    steps = Steps()
    ours = Side("booklet", lambda _: build(booklet, lang, out, ["print"], steps))
    others = [Side("overhead", lambda o: plain(booklet, prepared, o / "plain.pdf", "pdf/x-4")),
              Side("print-vs-weasyprint", lambda o: by_hand(booklet, original, o / "hand.pdf")),
              Side("print-vs-ghostscript", lambda o: ghostscript(booklet, original, o),
                   rounds=GS_ROUNDS if has_ghostscript() else 0)]
    alternate([ours, *others], work / "sides")
    report(ours, others, cold)
    print("warm print build, by step (last round): " + steps.shown())
    for variant in booklet.variants:
        size = (out / f"{booklet.spec.slug}-{lang}-{variant}.pdf").stat().st_size
        print(f"size {variant}: {size / 1e6:.1f} MB")
    together, apart = parallel_editions(booklet.root, work / "editions")
    print(f"parallel-editions: ratio {together / apart:.2f}")
    print(f"  {together:.1f} s for {len(booklet.spec.languages)} editions at once, "
          f"{apart:.1f} s one after another")
    problems = fit_report(booklet.root)
    print(f"longer-translation: {len(problems)} layout problem(s) with every text 30 % longer")


class Steps:
    """The seconds of each step of a build, from its progress messages."""

    def __init__(self) -> None:
        self.times: list[tuple[str, float]] = []

    def __call__(self, _label: str, step: str) -> None:
        if step == "placing photos":
            self.times = []
        self.times.append((step, time.perf_counter()))

    def end(self) -> None:
        self.times.append(("end", time.perf_counter()))

    def shown(self) -> str:
        pairs = zip(self.times, self.times[1:], strict=False)
        return ", ".join(f"{step} {after - at:.1f} s" for (step, at), (_, after) in pairs)


def build(booklet: Booklet, lang: str, out: Path, variants: list[str] | None,
          steps: Steps | None = None) -> None:
    """booklet's own build, as `booklet build --lang` runs it; stops the bench if it fails."""
    result = build_all(booklet, [lang], out, steps or (lambda _label, _step: None),
                       variants=variants)
    if steps:
        steps.end()
    failed = [e for e in result.editions if not e.written] or result.problems
    if failed:
        raise SystemExit(f"the bench's booklet build failed: {failed}")


def documents(booklet: Booklet, lang: str) -> tuple[Document, Document]:
    """The print HTML and CSS booklet makes (its prepared photos) and the same with the originals,
    from the pipeline every command goes through (pipeline/edition.py)."""
    variant = booklet.variants["print"]
    cp = booklet.spec.colour_profile
    target = Target(variant.colour, booklet.profile, cp.intent if cp else "perceptual",
                    max_ppi=variant.photo_ppi)
    with EditionPipeline(booklet, lang, [variant]) as pipeline:
        return (pipeline.document(variant, prepare(pipeline.images, target, booklet.cache_dir)),
                pipeline.document(variant))


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def alternate(sides: list[Side], out: Path) -> None:
    """Run every side once a round, in turn, for as many rounds as each wants."""
    out.mkdir()
    for side in sides:
        side.seconds = []
    for round_ in range(max(s.rounds for s in sides)):
        for side in sides:
            if round_ < side.rounds:
                assert side.seconds is not None
                side.seconds.append(timed(lambda s=side: s.run(out)))


# ---- the other sides ---------------------------------------------------------------------------

def plain(booklet: Booklet, document: Document, target: Path, pdf_variant: str | None,
          css: str | None = None, **options: Any) -> None:
    """Plain WeasyPrint: the HTML and CSS rendered and written, nothing else."""
    root = booklet.root
    profiles: dict[str, Any] = {}
    with font_configuration() as fonts:  # only the bundled faces, as in booklet
        styles = [weasyprint.CSS(string=document.css if css is None else css,
                                 base_url=root.as_uri() + "/", font_config=fonts,
                                 color_profiles=profiles),
                  *(weasyprint.CSS(filename=str(sheet), font_config=fonts, color_profiles=profiles)
                    for sheet in booklet.stylesheets(set(booklet.layouts), booklet.variants["print"]))]
        html = weasyprint.HTML(string=document.html, base_url=root.as_uri() + "/")
        html.write_pdf(target, stylesheets=styles, font_config=fonts, color_profiles=profiles,
                       pdf_variant=pdf_variant, **options)


def by_hand(booklet: Booklet, original: Document, target: Path) -> None:
    """WeasyPrint as a user drives it to a print PDF: it scales and re-encodes the photos itself."""
    plain(booklet, original, target, "pdf/x-4", dpi=300, optimize_images=True,
          jpeg_quality=JPEG_QUALITY)


GS_OPTIONS = ("-dPDFX", "-dBATCH", "-dNOPAUSE", "-dNOOUTERSAVE", "-dQUIET", "-sDEVICE=pdfwrite",
              "-dPDFSETTINGS=/prepress", "-sColorConversionStrategy=CMYK",
              "-sProcessColorModel=DeviceCMYK")


def ghostscript(booklet: Booklet, original: Document, out: Path) -> None:
    """The usual recipe: an RGB render with the original photos, then Ghostscript to PDF/X, CMYK."""
    assert booklet.profile is not None
    rgb = out / "rgb.pdf"
    plain(booklet, original, rgb, None, css=original.css.removesuffix(profile_css(booklet.profile)))
    prefix = out / "PDFX_def.ps"
    prefix.write_text(pdfx_def(booklet.profile), encoding="ascii")
    subprocess.run(["gs", *GS_OPTIONS, f"-sOutputICCProfile={booklet.profile}",
                    f"--permit-file-read={booklet.profile}", f"-sOutputFile={out / 'gs.pdf'}",
                    str(prefix), str(rgb)], check=True)


def pdfx_def(profile: Path) -> str:
    """Ghostscript's PDFX_def.ps (its lib/ folder), customised as its comments ask."""
    return f"""%!
[ /GTS_PDFXVersion (PDF/X-3:2002) /Title (25 Years Together) /Trapped /False /DOCINFO pdfmark
/ICCProfile ({profile}) def
[/_objdef {{icc_PDFX}} /type /stream /OBJ pdfmark
[{{icc_PDFX}} << /N 4 >> /PUT pdfmark
[{{icc_PDFX}} ICCProfile (r) file /PUT pdfmark
[/_objdef {{OutputIntent_PDFX}} /type /dict /OBJ pdfmark
[{{OutputIntent_PDFX}} << /Type /OutputIntent /S /GTS_PDFX /OutputCondition (FOGRA39)
  /Info (FOGRA39L booklet) /OutputConditionIdentifier (FOGRA39)
  /RegistryName (http://www.color.org) /DestOutputProfile {{icc_PDFX}} >> /PUT pdfmark
[{{Catalog}} <</OutputIntents [ {{OutputIntent_PDFX}} ]>> /PUT pdfmark
"""


def has_ghostscript() -> bool:
    try:
        subprocess.run(["gs", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


# ---- the figures -------------------------------------------------------------------------------

def report(ours: Side, others: list[Side], cold: float) -> None:
    warm = ours.median()
    assert ours.seconds is not None
    print(f"booklet warm print build: median {warm:.2f} s of {len(ours.seconds)}")
    for side in others:
        if not side.seconds:
            print(f"{side.name}: skipped (no Ghostscript: install Debian's ghostscript)")
            continue
        theirs = side.median()
        ratio = warm / theirs if side.name == "overhead" else theirs / warm
        print(f"{side.name}: ratio {ratio:.2f}")
        print(f"  other side: median {theirs:.2f} s of {len(side.seconds)}")
    print(f"cold print build: {cold:.2f} s, ratio {cold / warm:.2f} to the warm one")


if __name__ == "__main__":
    main()
