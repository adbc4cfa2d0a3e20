"""What the layouts' templates see: plain data, never a live object of the build.

`page_view()` takes a `PageFile`; returns the page as a dict of strings,
numbers, dates, lists and dicts.  `plain()` turns a validated value (pydantic
models, text keys) into such data and refuses anything else, so a template can
reach no Path, Edition or model through an attribute.  `text_functions()` gives
the templates `t`: the formatting functions of `Words`, as bound methods whose
object the sandbox never hands out (it refuses every `_` attribute).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:  # views.py uses plain(), and content.py imports the views through layouts.py
    from booklet.content.edition import PageFile

Plain = str | int | float | bool | dt.date | None | list["Plain"] | dict[str, "Plain"]
"""What a template may receive."""

PAGE_NAMES = ("path", "name")
"""What a page dict has besides its fields (layout and running_head are fields of every page)."""

TEXT_FUNCTIONS = ("inline", "title", "block", "paragraphs", "plain", "number", "date", "years")
"""The functions of html.Words a template calls as t.inline(...) and so on."""


def plain(value: Any) -> Plain:
    """value as plain data: models become dicts of their fields, keys plain strings, tuples lists."""
    if value is None or isinstance(value, (bool, int, float, dt.date)):
        return value
    if isinstance(value, str):
        return str(value)  # a Key or Markup becomes a plain str
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    raise TypeError(f"a {type(value).__name__} is not data a template may receive")


def page_view(page_file: PageFile) -> dict[str, Plain]:
    """One page as a template sees it: path, name, layout and every field of its page file."""
    fields = plain(page_file.page)
    assert isinstance(fields, dict)
    return {"path": page_file.path, "name": page_file.name, **fields}


class TextFunctions(SimpleNamespace):
    """`t` of the templates: t.inline, t.title and the rest of TEXT_FUNCTIONS, and nothing else."""


def text_functions(words: Any) -> TextFunctions:
    """Words' formatting functions, never Words or its edition (a bound method keeps it in __self__)."""
    return TextFunctions(**{name: getattr(words, name) for name in TEXT_FUNCTIONS})
