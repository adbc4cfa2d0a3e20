"""The PDF/UA checks of the written PDF: tagging, alt texts, heading levels and the title a reader hears.

Each function takes the `Written` PDF of pdfcheck.py and yields the
problems it finds, for the `PDF_CHECKS` table there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pikepdf import Array, Dictionary, Name

if TYPE_CHECKING:
    from booklet.checks.pdfcheck import Written

MAX_ELEMENTS = 1_000_000
"""A structure tree larger than this is not walked further (a damaged or looping tree)."""


def tagged(doc: Written) -> Iterator[str]:
    root = doc.pdf.Root
    if not bool(root.get("/MarkInfo", Dictionary()).get("/Marked", False)):
        yield "the PDF is not marked as tagged (/MarkInfo /Marked true)"
    if "/StructTreeRoot" not in root:
        yield "the PDF has no structure tree: a screen reader cannot tell headings, text and photos apart"
    if not str(root.get("/Lang", "")).strip():
        yield "the PDF does not say its language (/Lang)"


def _role(element: Dictionary, roles: Any) -> str:
    role = element.get("/S")
    for _ in range(10):  # a role map may chain, and may loop
        mapped = roles.get(str(role)) if roles is not None else None
        if not isinstance(mapped, Name):
            break
        role = mapped
    return str(role)


def alt_texts(doc: Written) -> Iterator[str]:
    root = doc.pdf.Root.get("/StructTreeRoot")
    images = sum(1 for page in doc.scan.pages for _ in page.placements)
    if not isinstance(root, Dictionary):
        if images:
            yield f"{images} photos cannot have alt texts: the PDF has no structure tree"
        return
    roles = root.get("/RoleMap")
    figures = [e for e in _in_reading_order(root) if _role(e, roles) == "/Figure"]
    missing = sum(1 for f in figures if not str(f.get("/Alt", "")).strip())
    if missing:
        yield f"{missing} of {len(figures)} figures have no alt text (/Alt)"
    if images and not figures:
        yield f"{images} photos are drawn but the structure tree has no Figure for them"


def document_title(doc: Written) -> Iterator[str]:
    preferences = doc.pdf.Root.get("/ViewerPreferences", Dictionary())
    if not bool(preferences.get("/DisplayDocTitle", False)):
        yield "a viewer shows the file name, not the title (/ViewerPreferences /DisplayDocTitle true)"
    title = doc.pdf.trailer.get("/Info", Dictionary()).get("/Title")
    if not str(title or "").strip():
        yield "the PDF has no title (/Title in its Info)"


_HEADING = re.compile(r"/H([1-6])")


def _in_reading_order(root: Any) -> Iterator[Dictionary]:
    """The structure elements under root depth first, in the order a screen reader reads them,
    each once (at most MAX_ELEMENTS: a structure tree may loop)."""
    seen: set[tuple[int, int]] = set()
    todo = [root.get("/K")]
    while todo and len(seen) < MAX_ELEMENTS:
        kid = todo.pop()
        if isinstance(kid, Array):
            todo.extend(reversed(list(kid)))
        elif isinstance(kid, Dictionary) and "/S" in kid:
            key = kid.objgen
            if key != (0, 0) and key in seen:
                continue
            seen.add(key)
            yield kid
            todo.append(kid.get("/K"))


def _page_of(element: Dictionary, numbers: dict[tuple[int, int], int]) -> int | None:
    """The page number an element is drawn on: its own /Pg, or its first marked content's."""
    kids = element.get("/K")
    for holder in [element, *(kids if isinstance(kids, Array) else [kids])]:
        page = holder.get("/Pg") if isinstance(holder, Dictionary) else None
        if page is not None and page.objgen in numbers:
            return numbers[page.objgen]
    return None


def heading_skips(doc: Written) -> Iterator[tuple[int, str]]:
    """Each heading whose level is more than one below the heading before it (H1 then H3)."""
    root = doc.pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return  # `tagged` says so
    roles = root.get("/RoleMap")
    numbers = {page.obj.objgen: n for n, page in enumerate(doc.pdf.pages, start=1)}
    before = 0
    for element in _in_reading_order(root):
        level = _HEADING.fullmatch(_role(element, roles))
        if level is None:
            continue
        if int(level[1]) > before + 1:
            after = f"follows a heading of level {before}" if before else "is the first heading"
            yield (_page_of(element, numbers) or 0,
                   f"a heading of level {level[1]} {after}: a screen reader's outline skips a level")
        before = int(level[1])
