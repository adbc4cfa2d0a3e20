"""What installed packages add to booklet, by name: field types, views, checks and derivations.

A theme or plugin package names its Python in its pyproject.toml, as mkdocs
themes and plugins do, and booklet reads the entry points of every installed
distribution with importlib.metadata:

    [project.entry-points."booklet.views"]
    timeline = "mytheme.views:timeline"        # a layout.yaml then says `view: timeline`

`registered()` takes a kind of GROUPS; it returns the entry points of that
kind by name, unloaded.  `load_entry()` imports one when a project uses it,
a plugin that fails to import being an error at the line that names it, not
a traceback.  booklet's own default theme registers itself the same way
(booklet's pyproject.toml), so the engine's code names none of a theme's views.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points
from typing import Any

from booklet.core.errors import BookletError, Location

GROUPS: dict[str, str] = {
    "field type": "booklet.field_types",
    "view": "booklet.views",
    "check": "booklet.checks",
    "derivation": "booklet.derivations",
}
"""Each kind of thing a package may add, and the entry-point group it is declared under.

field type: a type pydantic validates (a layout.yaml's `fields:` names it); view: a function
(page, words, arrangement) → dict of plain data (views.py); check: a preflight.Check with its
own code; derivation: "LANG:FROM:TO" (scripts, e.g. sr:Latn:Cyrl) → a function (text, keep) → text.
"""


def registered(kind: str) -> dict[str, EntryPoint]:
    """The entry points of kind, by name; where two packages register one name, the first found."""
    found: dict[str, EntryPoint] = {}
    for entry in entry_points(group=GROUPS[kind]):
        found.setdefault(entry.name, entry)
    return found


def load_entry(kind: str, entry: EntryPoint, where: Location | None = None) -> Any:
    """What an entry point names, imported; a BookletError at where if its package fails to load."""
    try:
        return entry.load()
    except Exception as exc:  # a plugin's bug or a half-installed package: the plugin's problem
        package = entry.dist.name if entry.dist else "its package"
        raise BookletError(f"the {kind} '{entry.name}' ({entry.value}, from {package}) cannot be "
                           f"loaded: {type(exc).__name__}: {exc}", where,
                           "reinstall the package that provides it, or stop using it") from None
