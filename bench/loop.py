"""Benchmark of the designer's loop: a build with nothing changed, and a save to a new PDF.

Run with `make bench` (after the press figures) or alone: `python bench/loop.py`.
Everything runs on a copy of the project in a temporary folder.  Figures:

* no-op-build: `booklet build` in a new process when nothing changed ÷ the same
  command after a one-word edit of the language file (every variant rebuilt).
  The goal is at most 0.30.
* edit-to-pdf: in a running preview (`booklet serve`, its default variant),
  the seconds from saving a one-word edit to the new PDF in build/ — watcher,
  build and all — and that ÷ a cold build of the same variant (a new process,
  no .cache/, --force).
* edit-rebuild: `booklet build` of one edition and variant in a new process
  after an edit of one milestone title to words no earlier build has seen
  (so no cached trial of that page file fits) ÷ a cold build of the same.
  The copyfit re-lays only the page file the edit changed.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from booklet.preview.commands import PREVIEW_VARIANT
from booklet.preview.state import Preview

ROUNDS = 3
WORDS = ("Together", "Jointly")
"""The one word the edits swap, back and forth, in the cover title."""


def booklet_command(root: Path, *args: str) -> float:
    """Seconds of one `booklet` run in a new process; stops the bench if it fails."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "booklet.cli", "--project", str(root), *args],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"booklet {' '.join(args)} failed:\n{done.stderr}")
    return seconds


def edit(root: Path, round_: int) -> None:
    lang = root / "content/lang/en.yaml"
    old, new = WORDS if round_ % 2 == 0 else WORDS[::-1]
    text = lang.read_text(encoding="utf-8")
    assert old in text, f"the bench edits the word {old!r} of en.yaml"
    lang.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy(source: Path, folder: Path) -> Path:
    root = folder / "project"
    root.mkdir()
    shutil.copy(source / "booklet.yaml", root)
    for part in ("content", "layouts", "styles", "assets"):  # the theme's are read from booklet
        if (source / part).is_dir():
            shutil.copytree(source / part, root / part)
    return root


FRESH = ("first", "initial", "earliest", "primary", "opening")
"""Words the edit-rebuild figure puts, one after another, into a 2001 milestone title."""
ANCHOR = "Supports the establishment of the {} municipal return"


def edit_rebuild_figure(root: Path) -> None:
    args = ("build", "--lang", "en", "--variant", PREVIEW_VARIANT)
    booklet_command(root, *args)
    lang = root / "content/lang/en.yaml"
    seconds = []
    for old, new in zip(FRESH[:ROUNDS], FRESH[1:ROUNDS + 1], strict=True):
        text = lang.read_text(encoding="utf-8")
        assert ANCHOR.format(old) in text, f"the bench edits {ANCHOR.format(old)!r} of en.yaml"
        lang.write_text(text.replace(ANCHOR.format(old), ANCHOR.format(new)), encoding="utf-8")
        seconds.append(booklet_command(root, *args))
    shutil.rmtree(root / ".cache", ignore_errors=True)
    cold = booklet_command(root, *args, "--force")
    warm = statistics.median(seconds)
    print(f"edit-rebuild: ratio {warm / cold:.2f}")
    print(f"  {warm:.2f} s after an edit no trial has seen (median of {ROUNDS}), "
          f"{cold:.2f} s cold ({PREVIEW_VARIANT}, one edition, new processes)")


def no_op_figure(root: Path) -> None:
    booklet_command(root, "build")  # stand-ins and prepared photos cached, PDFs in place
    edits, no_ops = [], []
    for round_ in range(ROUNDS):
        edit(root, round_)
        edits.append(booklet_command(root, "build"))
        no_ops.append(booklet_command(root, "build"))
    edited, idle = statistics.median(edits), statistics.median(no_ops)
    print(f"no-op-build: ratio {idle / edited:.2f}")
    print(f"  no-op build {idle:.2f} s, build after a one-word edit {edited:.2f} s "
          f"(medians of {ROUNDS}, every variant, new processes)")


def edit_to_pdf_figure(root: Path) -> None:
    preview = Preview(root, ["en"], [PREVIEW_VARIANT], root / "build")
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    time.sleep(1.0)  # the watcher is listening
    seconds = []
    try:
        for round_ in range(ROUNDS):
            shown = preview.shown[("en", PREVIEW_VARIANT)].generation
            started = time.perf_counter()
            edit(root, round_ + 1)
            while preview.shown[("en", PREVIEW_VARIANT)].generation == shown:
                time.sleep(0.01)
            seconds.append(time.perf_counter() - started)
            time.sleep(0.5)
    finally:
        stop.set()
        preview.close()
    shutil.rmtree(root / ".cache", ignore_errors=True)
    cold = booklet_command(root, "build", "--force", "--variant", PREVIEW_VARIANT)
    warm = statistics.median(seconds)
    print(f"edit-to-pdf: {warm:.2f} s, ratio {warm / cold:.2f} to a cold build "
          f"({cold:.2f} s, {PREVIEW_VARIANT})")


def run_loop(source: Path) -> None:
    """Both figures, on a fresh copy of the project at source."""
    with tempfile.TemporaryDirectory(prefix="booklet-loop-") as folder:
        root = copy(source, Path(folder))
        no_op_figure(root)
        edit_to_pdf_figure(root)
        edit_rebuild_figure(root)


def main() -> None:
    run_loop(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())


if __name__ == "__main__":
    main()
