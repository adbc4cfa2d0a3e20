"""Bench figures of the editions: built side by side against one after another, and pseudo-translations.

`add_pseudo_editions()` gives a copy of a project languages made by
booklet.fit.pseudo_translate from the English (sq, sr-Latn, sr-Cyrl: the
editions to come); `parallel_editions()` builds them with the English in
print, all at once and then one after another, and returns the ratio
(goal: at most 0.6 on 2 cores).  `fit_report()` lays out a pseudo-translation
30 % longer than the English and returns the overflow findings: the room the
layouts leave for translations.  Run alone (`python bench/editions.py`) it
prints both on a copy of the project with its stand-in photos.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from booklet.build import build_all
from booklet.config import load_booklet
from booklet.fit import GROWTH, pseudo_translate

PSEUDO = {"sq": "sq_AL", "sr-Latn": "sr_Latn_RS", "sr-Cyrl": "sr_Cyrl_RS"}
"""The editions to come; sr-Cyrl here is pseudo-translated too (a derived one needs booklet.translit)."""


def _pseudo(node: Any, growth: float) -> Any:
    if isinstance(node, dict):
        for key in list(node):
            if not str(key).startswith("_"):
                node[key] = _pseudo(node[key], growth)
        return node
    return pseudo_translate(node, growth) if isinstance(node, str) else node


def add_pseudo_editions(root: Path, growth: float) -> list[str]:
    """Write pseudo-translated language files into the project at root and list them in booklet.yaml."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    for code in PSEUDO:
        data = yaml.load((root / "content/lang/en.yaml").read_text(encoding="utf-8"))
        with (root / f"content/lang/{code}.yaml").open("w", encoding="utf-8") as out:
            yaml.dump(_pseudo(data, growth), out)
    config = root / "booklet.yaml"
    listed = "".join(f"\n  {code}: {{locale: {locale}}}" for code, locale in PSEUDO.items())
    text = re.sub(r"(?m)^  (" + "|".join(map(re.escape, PSEUDO)) + r"): .*\n", "", config.read_text())
    config.write_text(re.sub(r"(?m)^  en: \{locale: en_GB\}.*$", "  en: {locale: en_GB}" + listed, text))
    for code in PSEUDO:  # the real translations' review states and settings are not the pseudo ones'
        (root / f"content/lang/{code}.state.yaml").unlink(missing_ok=True)
    return ["en", *PSEUDO]


def parallel_editions(root: Path, out: Path) -> tuple[float, float]:
    """Seconds for the editions in print all at once, and one after another (after a warm-up)."""
    booklet = load_booklet(root)
    langs = list(booklet.spec.languages)
    seconds = []
    for workers in (1, None, 1, None):
        started = time.perf_counter()
        report = build_all(booklet, langs, out, variants=["print"], workers=workers)
        seconds.append(time.perf_counter() - started)
        if not report.ok:
            raise SystemExit(f"the editions bench failed: {[str(e) for e in report.errors()][:3]}")
    return min(seconds[1::2]), min(seconds[0::2])


def fit_report(root: Path) -> list[str]:
    """The overflows of a pseudo-translation GROWTH longer than the English (print, no PDF written)."""
    booklet = load_booklet(root)
    report = build_all(booklet, ["sq"], root / "build", variants=["print"], write=False)
    return [str(d) for d in report.errors()]


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    with tempfile.TemporaryDirectory(prefix="booklet-editions-") as folder:
        for growth, name in ((0.0, "same"), (GROWTH, "longer")):
            root = Path(folder) / name
            root.mkdir()
            shutil.copy(source / "booklet.yaml", root)
            for part in ("content", "layouts", "styles", "assets"):
                shutil.copytree(source / part, root / part)
            add_pseudo_editions(root, growth)
            if growth:
                found = fit_report(root)
                print(f"pseudo-translation +{growth:.0%}: {len(found)} layout problem(s)")
                for line in found[:10]:
                    print(f"  {line}")
            else:
                together, apart = parallel_editions(root, root / "build")
                print(f"parallel-editions: ratio {together / apart:.2f}")
                print(f"  {together:.1f} s all at once, {apart:.1f} s one after another")


if __name__ == "__main__":
    main()
