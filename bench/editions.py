"""Bench figures of the editions: built side by side against one after another, and a longer translation.

`parallel_editions()` builds every edition of a project in print, all at
once and then one after another, and returns the seconds of both (the
figure is their ratio; goal: at most 0.6 on 2 cores).  `fit_report()` lays
every edition out with its texts made 30 % longer by a pseudo-translation
(as `booklet check --longer 30` does) and returns the layout problems: the
room the layouts leave for translations.  Run alone (`python
bench/editions.py [PROJECT]`) it prints both on a copy of the project.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from booklet.layout.overflow import GROWTH
from booklet.pipeline.build import build_all
from booklet.project.config import load_booklet

ROUNDS = 3
"""Each side's best of this many rounds, alternating: a shared machine's noise costs both alike."""


def parallel_editions(root: Path, out: Path) -> tuple[float, float]:
    """Seconds for the editions in print all at once, and one after another (the best of ROUNDS each)."""
    booklet = load_booklet(root)
    langs = list(booklet.spec.languages)
    build_all(booklet, langs, out, variants=["print"])  # warm: photos prepared, copyfit planned
    together, apart = [], []
    for _ in range(ROUNDS):
        for workers, seconds in ((None, together), (1, apart)):
            started = time.perf_counter()
            report = build_all(booklet, langs, out, variants=["print"], workers=workers)
            seconds.append(time.perf_counter() - started)
            if not report.ok:
                raise SystemExit(f"the editions bench failed: {[str(e) for e in report.errors()][:3]}")
    return min(together), min(apart)


def fit_report(root: Path) -> list[str]:
    """The layout problems of every edition with its texts GROWTH longer (print, no PDF written)."""
    booklet = load_booklet(root)
    report = build_all(booklet, list(booklet.spec.languages), root / "build", variants=["print"],
                       write=False, longer=GROWTH)
    return [str(d) for d in report.errors()]


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    with tempfile.TemporaryDirectory(prefix="booklet-editions-") as folder:
        root = Path(folder)
        shutil.copy(source / "booklet.yaml", root)
        for part in ("content", "layouts", "styles", "assets"):  # the theme's are read from booklet
            if (source / part).is_dir():
                shutil.copytree(source / part, root / part)
        found = fit_report(root)
        print(f"longer-translation: {len(found)} layout problem(s) with every text +{GROWTH:.0%}")
        for line in found[:10]:
            print(f"  {line}")
        together, apart = parallel_editions(root, root / "build")
        print(f"parallel-editions: ratio {together / apart:.2f}")
        print(f"  {together:.1f} s all at once, {apart:.1f} s one after another")


if __name__ == "__main__":
    main()
