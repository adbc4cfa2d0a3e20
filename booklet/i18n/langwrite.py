"""Writing texts into a language file, keeping the translator's comments, order and quoting.

`updated_texts()` takes a booklet, a language and new texts by dotted key;
it sets each in content/lang/<code>.yaml through ruamel.yaml's round trip (a
comment, a blank line and the quotes a translator chose stay where they
were), adds a new key at the end of its group, and returns the file's path
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


def _scalar(value: str) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(value) if "\n" in value else value


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
            node[key.split(".")[-1]] = _scalar(value)
    raise_all(errors)
    out = io.StringIO()
    yaml.dump(data, out)
    return path, out.getvalue()
