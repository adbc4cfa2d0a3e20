"""Where each text is used: the page files and fields that name its key, and the pages it prints on.

`text_uses()` takes the page files; it returns every key's `Use`s (page file,
line, field, layout) without laying anything out.  The printed pages of each
page file come from the edition pipeline (pipeline/edition.py, `printed_pages()`);
`pages_shown()` says them as a reader does.
"""

from __future__ import annotations

from dataclasses import dataclass

from booklet.content.edition import PageFile
from booklet.project.schema import keys_in


@dataclass(frozen=True)
class Use:
    """One place a page file names a text."""

    page_file: str
    line: int
    field: str
    """The field of the page file, as a reader says it: blocks 2 › heading."""
    layout: str


def _field(key_path: tuple[object, ...]) -> str:
    """('blocks', 1, 'heading') → 'blocks 2 › heading'."""
    parts: list[str] = []
    for step in key_path:
        if isinstance(step, int) and parts:
            parts[-1] += f" {step + 1}"
        else:
            parts.append(str(step))
    return " › ".join(parts)


def text_uses(pages: list[PageFile]) -> dict[str, list[Use]]:
    """Every key the pages use, in page order, with each place it is used."""
    uses: dict[str, list[Use]] = {}
    for page_file in pages:
        for key_path, key in keys_in(page_file.page):
            where = page_file.where(*key_path)
            uses.setdefault(str(key), []).append(
                Use(page_file.path, where.line, _field(key_path), page_file.page.layout))
    return uses


def pages_shown(numbers: tuple[int, ...]) -> str:
    """Printed pages as a reader says them: 'page 5', 'pages 12–13'."""
    if not numbers:
        return "no printed page"
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]}–{numbers[-1]}"
    return "pages " + ", ".join(map(str, numbers))
