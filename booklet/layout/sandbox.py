"""The sandbox layouts run in: Jinja's immutable sandbox, with every size bounded before it is made.

`BoundedSandbox` is a `jinja2.sandbox.ImmutableSandboxedEnvironment` (no
attribute starting with `_`, no `.append` or `.update` on data) that also
refuses, before computing it, a number over `MAX_NUMBER` (`9 ** (9 ** 9)`
would take hours), a string over `MAX_OUTPUT_CHARS` or a list over
`MAX_ITEMS` made by `*`, `+`, `~`, `%`, a str method (`center`, `ljust`,
`zfill`, `replace`, `format` widths …) or a filter (`center`, `indent`,
`wordwrap`, `format`, `batch`, `slice`, `tojson`, `replace`).  Each refusal is
a `SecurityError`, which templates.py reports at the template's file:line.
"""

from __future__ import annotations

import functools
import json
import math
import re
import string
from collections.abc import Callable, Sequence
from typing import Any

import jinja2.compiler
import jinja2.sandbox
from jinja2.exceptions import SecurityError

MAX_NUMBER = 10**100
"""The largest whole number a template may make: no layout counts beyond it."""
MAX_OUTPUT_CHARS = 50_000_000
"""Characters of HTML one edition may make, and of any one string: the 64-page booklet makes about 0.1 %."""
MAX_ITEMS = 1_000_000
"""Items of a list a template may make by `*` or `+`."""

_MAX_LOG2 = math.log2(MAX_NUMBER)


def _refuse(what: str) -> None:
    raise SecurityError(f"{what}: more than a layout can use (a mistake in the template?)")


def _check_chars(size: int, what: str) -> None:
    if size > MAX_OUTPUT_CHARS:
        _refuse(f"{what} would make a text of {size:,} characters")


def _log2(number: int) -> float:
    return math.log2(abs(number)) if number else 0.0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result is too large, from the sizes of its operands alone."""
    whole = isinstance(left, int) and isinstance(right, int)
    if operator == "**" and whole and right > 0 and abs(left) > 1 and right * _log2(left) > _MAX_LOG2:
        _refuse(f"{left} ** {right} is larger than 10**100")
    if operator == "*":
        if whole and _log2(left) + _log2(right) > _MAX_LOG2 + 1:
            _refuse("a product larger than 10**100")
        sequence, times = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(times, int) and isinstance(sequence, (str, bytes, list, tuple)):
            _check_sequence(len(sequence) * max(times, 0), sequence, "repeating it")
    if operator in "+-" and whole and max(_log2(left), _log2(right)) > _MAX_LOG2:
        _refuse("a sum larger than 10**100")  # x + x, a thousand times over
    if operator == "+" and any(isinstance(left, kind) and isinstance(right, kind)
                               for kind in (str, bytes, list, tuple)):
        _check_sequence(len(left) + len(right), left, "joining them")
    if operator == "%" and isinstance(left, str):
        check_printf(left)


def _check_sequence(size: int, sequence: Any, what: str) -> None:
    if isinstance(sequence, (str, bytes)):
        _check_chars(size, what)
    elif size > MAX_ITEMS:
        _refuse(f"{what} would make a list of {size:,} items")


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
"""A %-format's width and precision, as `"%10.2f" % x` and the format filter read them."""


def _width(number: str) -> int:
    """A width written in a format, its digits counted first (int() refuses 4,300 digits)."""
    return int(number) if len(number) <= 18 else 10**18


def check_printf(fmt: str) -> int:
    """Refuse a %-format whose width or precision would make a text too long; else its length."""
    for match in _PRINTF.finditer(fmt):
        for number in match.groups():
            if number == "*":
                _refuse("a width taken from the values (%*s)")
            if number:
                _check_chars(_width(number), f"the format %{number}")
    return len(fmt)


def check_format(fmt: str) -> None:
    """The same for a str.format() pattern: `{:>1000000000}` is refused, `{:{}}` too."""
    for _, _, spec, _ in string.Formatter().parse(fmt):
        if spec and "{" in spec:
            _refuse("a width taken from the values ({:{}})")
        for number in re.findall(r"\d+", spec or ""):
            _check_chars(_width(number), f"the format {{:{spec}}}")


def _replaced(s: Sequence[Any], old: Sequence[Any], new: Sequence[Any], count: int = -1) -> int:
    times = len(s) + 1 if not old else len(s) // len(old)
    return len(s) + (times if count is None or count < 0 else min(count, times)) * len(new)


def _joined(separator: Sequence[Any], items: Any) -> int:
    if not isinstance(items, (list, tuple)):
        return 0  # an iterator: its items cannot be counted without using them
    return len(separator) * len(items) + sum(len(i) if isinstance(i, (str, bytes)) else 0 for i in items)


_STR_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda s, width, *_: width, "ljust": lambda s, width, *_: width,
    "rjust": lambda s, width, *_: width, "zfill": lambda s, width: width,
    "expandtabs": lambda s, tabsize=8: len(s) * max(tabsize, 1),
    "replace": _replaced, "join": _joined,
}
"""What a str (or bytes) method would make, in characters, from its arguments."""

_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80: width,
    "indent": lambda s, width=4, *_, **__: len(str(s)) + (str(s).count("\n") + 1) * (
        width if isinstance(width, int) else len(str(width))),
    "wordwrap": lambda s, width=79, break_long_words=True, wrapstring=None, *_, **__: len(str(s)) * (
        1 + len(wrapstring or "\n")),
    "format": lambda value, *_, **__: check_printf(str(value)),
    "replace": lambda s, old, new, count=None: _replaced(str(s), str(old), str(new), count),
    "tojson": lambda value, indent=None: len(json.dumps(value, default=str)) * (1 + (indent or 0)),
}
"""What a filter would make, in characters, from its arguments."""

_FILTER_ITEMS: dict[str, Callable[..., int]] = {
    "batch": lambda value, linecount, fill_with=None: 0 if fill_with is None else linecount,
    "slice": lambda value, slices, fill_with=None: slices,
}
"""What a filter would make, in list items, from its arguments."""


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0  # the environment or context Jinja passes

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        try:
            chars = _FILTER_SIZES[name](*args[skip:], **kwargs) if name in _FILTER_SIZES else 0
            items = _FILTER_ITEMS[name](*args[skip:], **kwargs) if name in _FILTER_ITEMS else 0
        except (TypeError, ValueError):
            chars = items = 0  # wrong arguments: the filter itself says so
        _check_chars(chars, f"the filter {name}")
        if isinstance(items, int) and items > MAX_ITEMS:
            _refuse(f"the filter {name} would make {items:,} items")
        return function(*args, **kwargs)

    return bounded


class _BoundedCodeGenerator(jinja2.compiler.CodeGenerator):
    """Compiles `a ~ b` so that the parts' sizes are checked before they are joined."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: jinja2.compiler.Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"{join}(environment.bounded_parts((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write(")))")


class BoundedSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, refusing numbers, texts and lists too large before making them."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"**", "*", "+", "-", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.globals["lipsum"]  # lipsum(10**9) would write for hours; no layout needs filler
        for name in (*_FILTER_SIZES, *_FILTER_ITEMS):
            self.filters[name] = _bounded_filter(name, self.filters[name])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any,  # noqa: N805 (as Jinja names them)
             *args: Any, **kwargs: Any) -> Any:
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, (str, bytes)) and name in _STR_SIZES:
            try:
                size = _STR_SIZES[name](owner, *args, **kwargs)
            except (TypeError, ValueError):
                size = 0  # wrong arguments: the method itself says so
            _check_chars(size, f".{name}()")
        if isinstance(owner, int) and name == "to_bytes" and args and isinstance(args[0], int):
            _check_chars(args[0], ".to_bytes()")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            check_format(value.__self__)
        return wrapped

    def bounded_parts(self, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """The parts of `a ~ b ~ …`, once their joined length is known to be printable."""
        size = sum(len(p) if isinstance(p, str) else len(str(p)) for p in parts)
        _check_chars(size, "joining texts with ~")
        return parts
