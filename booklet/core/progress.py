"""How a build shows that it is working: a bar in a terminal, a line a step elsewhere, or nothing.

`progress_for()` takes the command's choices and how many PDFs may be made;
returns a `Progress` callable (build.py: told edition-variant label and step).
In a terminal the steps move one bar, drawn only once a build really starts
(a build with nothing to do draws none); in a log or a pipe each step is a
line, as scripts and tests read them; with --quiet or --json, nothing.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from typing import Any

import click

STEPS_PER_PDF = 5
"""photos, layouts, layout, checks, writing: about what each edition-variant reports."""


class StepLines:
    """One line a step on stderr: `  en-print: laying out pages…`."""

    def __call__(self, label: str, step: str) -> None:
        click.echo(f"  {label}: {step}…", err=True)

    def close(self) -> None:
        pass


class StepBar:
    """One bar for the whole build, its label the step under way."""

    def __init__(self, pdfs: int) -> None:
        self.length = max(1, pdfs * STEPS_PER_PDF)
        self.bar: AbstractContextManager[Any] | None = None
        self.shown: Any = None
        self.done = 0

    def __call__(self, label: str, step: str) -> None:
        if self.shown is None:
            self.bar = click.progressbar(length=self.length, file=sys.stderr, width=30,
                                         label=f"{label}: {step}", show_eta=False)
            self.shown = self.bar.__enter__()
        self.shown.label = f"{label}: {step:<22}"
        if self.done < self.length - 1:
            self.done += 1
            self.shown.update(1)
        else:
            self.shown.render_progress()

    def close(self) -> None:
        if self.bar is not None:
            self.shown.update(self.length - self.done)
            self.bar.__exit__(None, None, None)
            self.bar = self.shown = None


class Silent:
    def __call__(self, label: str, step: str) -> None:
        pass

    def close(self) -> None:
        pass


def progress_for(quiet: bool, pdfs: int) -> StepLines | StepBar | Silent:
    """What shows a build's progress: nothing when quiet, a bar in a terminal, lines elsewhere."""
    if quiet:
        return Silent()
    if sys.stderr.isatty():
        return StepBar(pdfs)
    return StepLines()

