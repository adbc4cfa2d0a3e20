"""Benchmark: booklet's whole build against plain WeasyPrint on the same document.

Run with `make bench`.  Both sides run in this process, alternating, on the
same machine, so the ratio (not the seconds) is the number to compare over
time.  Plain WeasyPrint gets the HTML and CSS booklet generated, and renders
and writes them with nothing else: no content loading, checks or atomic write.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from booklet.build import SHARED_STYLES, build_all
from booklet.config import load_booklet
from booklet.content import load_pages, load_texts, make_edition
from booklet.html import render_html
from booklet.images import place_images

ROUNDS = 3


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    booklet = load_booklet(root)
    lang = booklet.spec.default_language
    pages = load_pages(booklet)
    edition = make_edition(booklet, lang, pages, load_texts(booklet, lang))
    document = render_html(edition, place_images(edition), root / "layouts")  # warms the stand-ins
    ours, plain = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(ROUNDS):
            started = time.perf_counter()
            build_all(booklet, [lang], Path(out))
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            fonts = FontConfiguration()  # so the bundled @font-face faces are used, as in booklet
            styles = [weasyprint.CSS(string=document.css, base_url=root.as_uri() + "/", font_config=fonts),
                      *(weasyprint.CSS(filename=str(root / "styles" / n), font_config=fonts)
                        for n in SHARED_STYLES)]
            weasyprint.HTML(string=document.html, base_url=root.as_uri() + "/").write_pdf(
                Path(out) / "plain.pdf", stylesheets=styles, font_config=fonts)
            plain.append(time.perf_counter() - started)
    a, b = statistics.median(ours), statistics.median(plain)
    print(f"booklet build ({lang}, {len(pages)} page files): median {a:.2f} s of {ROUNDS}")
    print(f"plain WeasyPrint, same HTML and CSS:        median {b:.2f} s of {ROUNDS}")
    print(f"ratio booklet / plain: {a / b:.2f}")


if __name__ == "__main__":
    main()
