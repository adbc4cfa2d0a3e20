"""Notes: what booklet did behind the scenes that a user may want to know, shown under --verbose.

`note()` takes one line (a damaged cache entry was ignored and made again, a
cache file could not be kept); it goes to the `booklet.notes` logger, which
nothing shows unless the command line is given `--verbose` (`showing_notes()`
attaches a handler for the length of one command).  A worker of a parallel
build sends its notes back with its progress (parallel.py), so they are shown
in the process that prints.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import click

LOGGER = logging.getLogger("booklet.core.notes")


def note(line: str) -> None:
    """Tell line under --verbose; say nothing otherwise."""
    LOGGER.info(line)


def shown(path: Path) -> str:
    """A cache path as a note names it: from the .cache folder on (.cache/copyfit/en-….json)."""
    parts = path.parts
    at = max((i for i, part in enumerate(parts) if part == ".cache"), default=len(parts) - 1)
    return "/".join(parts[at:])


class _Echo(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"note: {record.getMessage()}", err=True)


@contextlib.contextmanager
def showing_notes(shown: bool) -> Iterator[None]:
    """Notes printed on stderr while the block runs, when shown (booklet build --verbose)."""
    if not shown:
        yield
        return
    handler, level = _Echo(logging.INFO), LOGGER.level
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    try:
        yield
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(level)


def forward_notes(send: logging.Handler) -> None:
    """In a worker process: every note goes to send (a queue back to the process that prints)."""
    LOGGER.addHandler(send)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
