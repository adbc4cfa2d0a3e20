"""Writing texts into a language file, keeping the translator's comments, order and quoting.

`updated_texts()` takes a booklet, a language and new texts by dotted key;
it sets each in content/lang/<code>.yaml through ruamel.yaml's round trip (a
comment, a blank line and the quotes a translator chose stay where they
were; in a text written folded, `>-`, only the lines between its first and
last change are folded again, at the width of its lines, so a diff shows
those lines alone), adds a new key at the end of its group,
and returns the file's path
and new text without writing it: an import checks the text as every
command will read it, then writes it atomically (reviewstate.write_atomically).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from booklet.core.errors import BookletError, Location, raise_all
from booklet.project.config import Booklet
from booklet.project.paths import project_file

if TYPE_CHECKING:
    from ruamel.yaml import YAML

# ruamel.yaml is imported where it is used: importing it adds filters to the process's warnings,
# and importing booklet must leave a host process (a web service, a notebook) as it was.

_NEW_FILE = "# The {code} edition of the booklet: every text, by the key the page files use.\n"


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # a long text stays on its line, as translators wrote it
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


FOLD_WIDTH = 76
"""The longest line of a folded text whose old lines do not say it."""


def _scalar(value: str, old: Any = None) -> Any:
    """The new text as the old one was written: folded (`>-`) stays folded, several lines literal."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if "\n" in value:
        return LiteralScalarString(value)
    if isinstance(old, FoldedScalarString):
        folded = FoldedScalarString(value)
        folded.fold_pos = refolded(str(old), list(getattr(old, "fold_pos", [])), value)
        return folded
    return value


def refolded(old: str, folds: list[int], new: str) -> list[int]:
    """Where to fold new, the next version of the folded text old: the old folds before the first
    change and after the last are kept, and only the lines between are folded again, at the old
    lines' width, so that a diff shows the lines that changed and no others."""
    width = _width(old, folds)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    delta = len(new) - len(old)
    kept_head = [f for f in folds if f + 1 < head]
    kept_tail = [f + delta for f in folds if f > len(old) - tail]
    start = kept_head[-1] + 1 if kept_head else 0
    end = kept_tail[0] if kept_tail else len(new)
    middle = [start + f for f in fold_positions(new[start:end], width)]
    return [*kept_head, *middle, *kept_tail]


def _width(text: str, folds: list[int]) -> int:
    """The longest line a folded text was written in."""
    edges = [-1, *folds, len(text)]
    lines = [b - a - 1 for a, b in zip(edges, edges[1:], strict=False)]
    return max(lines) if len(lines) > 1 else FOLD_WIDTH


def fold_positions(text: str, width: int) -> list[int]:
    """The spaces to fold text at so that no line passes width where a space allows.

    Only a single space between two words is a fold: YAML reads a fold back
    as one space, so a double space or a space at an end must stay on its line.
    """
    folds: list[int] = []
    start = 0
    last = -1
    for index, char in enumerate(text):
        if char == " " and 0 < index < len(text) - 1 and text[index - 1] != " " and text[index + 1] != " ":
            if index - start > width and last > start:
                folds.append(last)
                start = last + 1
            last = index
    if len(text) - start > width and last > start:
        folds.append(last)
    return folds


def updated_texts(booklet: Booklet, lang: str, changes: dict[str, str],
                  where: Mapping[str, Location] | None = None) -> tuple[Path, str]:
    """The language file's path and its text with the changes made, not written.

    A key that cannot be set (its group is a text) is an error at where[key],
    by default the language file.
    """
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    shown = f"content/lang/{lang}.yaml"
    path = project_file(booklet.lang_dir / f"{lang}.yaml", booklet.lang_dir, shown, within="content/lang/")
    yaml = _yaml()
    try:
        data = yaml.load(path.read_text(encoding="utf-8")) if path.exists() else None
    except YAMLError as exc:
        raise BookletError(f"cannot be updated, it is not valid YAML: {exc}", Location(shown),
                           "fix it first (booklet check says where)") from None
    if data is None:
        data = CommentedMap()
        data.yaml_set_start_comment(_NEW_FILE.format(code=lang).strip())
    errors: list[BookletError] = []
    for key, value in changes.items():
        node = data
        for part in key.split(".")[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                if child is not None:
                    errors.append(BookletError(
                        f"'{key}' cannot be written: '{part}' is a text in {shown}, not a group",
                        (where or {}).get(key, Location(shown))))
                    break
                child = node[part] = CommentedMap()
            node = child
        else:
            name = key.split(".")[-1]
            node[name] = _scalar(value, node.get(name))
    raise_all(errors)
    out = io.StringIO()
    yaml.dump(data, out)
    return path, out.getvalue()
