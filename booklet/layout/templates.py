"""The Jinja2 environment the layouts run in: sandboxed, bounded, and confined to layouts/.

`render()` takes the layouts folders (the project's, then its theme's: a
template is the project's file when it has one, else the theme's), the name of the top template and what the
templates may use; returns the HTML, or raises a `BookletError` at the
template's file:line.  A layout is a designer's file, not a program the build
trusts: it runs in a bounded sandbox (sandbox.py) and sees plain data only
(viewmodel.py), a template that is a symlink out of layouts/ is refused, a
template that includes itself ends with an error naming it, and a runaway
loop stops at `MAX_LOOP_STEPS` or `MAX_OUTPUT_CHARS`.
"""

from __future__ import annotations

import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from booklet.core.errors import BookletError, Location, relative
from booklet.layout.sandbox import MAX_OUTPUT_CHARS, BoundedSandbox
from booklet.project.paths import project_file

MAX_LOOP_STEPS = 1_000_000
"""Items all the range() calls of one edition's templates may produce together."""


class _LayoutLoader(jinja2.FileSystemLoader):
    """Loads templates from the layouts/ folders only, the first that has the file; symlinks
    resolved, and each file held to its own folder."""

    def __init__(self, folders: list[Path], root: Path) -> None:
        super().__init__(folders)
        self.folders, self.root = folders, root

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.folders:
            path = folder / template
            if path.exists() or path.is_symlink():
                project_file(path, folder, relative(path, self.root), within="layouts/",
                             hint="copy the template into layouts/",
                             replace="replace it with a template file")
                break
        return super().get_source(environment, template)  # the first folder that has it: the one checked


class _Budget:
    """range() for templates, counting what every call produces against MAX_LOOP_STEPS."""

    def __init__(self) -> None:
        self.steps = 0

    def range(self, *args: int) -> range:
        numbers = range(*args)
        self.steps += len(numbers)
        if self.steps > MAX_LOOP_STEPS:
            raise jinja2.TemplateRuntimeError(
                f"the layouts loop more than {MAX_LOOP_STEPS:,} times (a loop that never ends?)")
        return numbers


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process's later renders.

    Every render makes a new environment (its own globals and loop budget), and
    compiling the layouts took a sixth of a small booklet's build.  A template is
    compiled once per process and source: Jinja compares the source's checksum
    before it uses what is kept, so an edited layout is compiled again.  Only
    what this process compiled is kept, never a file.
    """

    def __init__(self, size: int = 512) -> None:
        self.kept: OrderedDict[str, bytes] = OrderedDict()
        self.size = size
        self.lock = threading.Lock()

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        # The environment's kind and settings are part of what the code was compiled for.
        key = repr((type(environment).__qualname__, environment.trim_blocks, environment.lstrip_blocks,
                    environment.autoescape, name, filename))
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with self.lock:
            data = self.kept.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        with self.lock:
            self.kept[bucket.key] = data
            self.kept.move_to_end(bucket.key)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


COMPILED = _Compiled()


def render(layouts: list[Path], root: Path, top: str, names: dict[str, Any], values: dict[str, Any]) -> str:
    """Render the template top with names as globals and values as its variables."""
    env = BoundedSandbox(
        loader=_LayoutLoader(layouts, root), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, bytecode_cache=COMPILED)
    env.globals.update(names, range=_Budget().range)
    try:
        return "".join(_bounded(env.get_template(top).generate(**values)))
    except jinja2.TemplateError as exc:
        raise _error(exc, str(getattr(exc, "message", None) or exc), layouts, root) from None
    except RecursionError as exc:
        raise _error(exc, "a layout includes itself, or layouts include each other in a circle",
                     layouts, root) from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:  # 1 / 0, [][1], a call gone wrong
        raise _error(exc, str(exc) or type(exc).__name__, layouts, root) from None


def _bounded(chunks: Iterator[str]) -> Iterator[str]:
    made = 0
    for chunk in chunks:
        made += len(chunk)
        if made > MAX_OUTPUT_CHARS:
            raise jinja2.TemplateRuntimeError(
                f"the layouts make more than {MAX_OUTPUT_CHARS:,} characters of HTML "
                "(a loop that never ends?)")
        yield chunk


def _error(exc: BaseException, message: str, layouts: list[Path], root: Path) -> BookletError:
    """Point at the template line: Jinja gives it for syntax errors, the traceback for the rest."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not line:
        inside = [f for f in traceback.extract_tb(exc.__traceback__)
                  if any(Path(f.filename).resolve().is_relative_to(folder.resolve()) for folder in layouts)]
        if inside:
            name, line = inside[-1].filename, inside[-1].lineno
    shown = relative(Path(name), root) if name else "layouts"
    return BookletError(f"layout error: {message}", Location(shown, line or 0, 1 if line else 0),
                        code="layout")
