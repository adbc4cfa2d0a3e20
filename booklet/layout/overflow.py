"""Does a translation fit: an overflow said in a translator's words, and a pseudo-translation to try.

`explain_overflow()` takes the layout findings, the `PageMap` and the
edition; it returns the findings with each overflow told as a translator
needs it: the texts of the language file on that page (longest first) and
how much to cut — the lines and characters that ran onto the next page.
`pseudo_translate()` makes a text about 30 % longer than the English, with
accented letters, and its placeholders, Markdown, web addresses and handles
kept (no translator touches those), so that layouts can be tried with the
room a translation takes before the translations exist.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from booklet.content.edition import Edition, Texts
from booklet.core.errors import Diagnostic
from booklet.layout.pagemap import PageMap, Section, normalise
from booklet.project.schema import keys_in

GROWTH = 0.3
"""Albanian and Serbian run 20–30 % longer than English: the pseudo-translation takes the most."""
MOST_NAMED = 4

_ACCENTS = str.maketrans("aceinorsuyzACEINORSUYZ", "åçëïñöŕšüÿžÅÇËÏÑÖŔŠÜŸŽ")
_KEPT = re.compile(r"(\{[a-z_][a-z0-9_]*\}|\*+|https?://\S+|^\s*(?:\d+\.|[-*+])\s|\n"
                   r"|@\w+|\b(?:[a-z0-9-]+\.)+(?:org|int|com|net|eu)\b(?:/\S*)?)", re.MULTILINE)
"""Not translated, so not grown: placeholders, Markdown, line breaks, web addresses and handles."""


def pseudo_translate(english: str, growth: float = GROWTH) -> str:
    """English made about growth longer, accented, placeholders, lists and emphasis as they were."""
    parts = _KEPT.split(english)
    words = sum(len(p.split()) for i, p in enumerate(parts) if i % 2 == 0)
    extra = math.ceil(len(english) * growth)
    out, added = [], 0
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
            continue
        grown = []
        for word in re.split(r"(\s+)", part):
            if word.strip() and added < extra:
                pad = max(1, round(extra / max(words, 1)))
                grown.append(word.translate(_ACCENTS) + "~" * min(pad, extra - added))
                added += min(pad, extra - added)
            else:
                grown.append(word.translate(_ACCENTS))
        out.append("".join(grown))
    return "".join(out)


def lengthened(texts: Texts, growth: float = GROWTH) -> Texts:
    """Every text of a language file pseudo-translated growth longer (for booklet check --longer)."""
    return replace(texts, by_key={key: replace(text, value=pseudo_translate(text.value, growth))
                                  for key, text in texts.by_key.items()}, growth=growth)


def explain_overflow(findings: list[Diagnostic], pages: PageMap, edition: Edition) -> list[Diagnostic]:
    """The findings, each overflow with the texts to shorten and by how much (see the module).

    An overflow names its section in its data (preflight.overflow): the message is for people.
    """
    result = []
    for finding in findings:
        section = pages.sections.get(finding.data.section) if finding.code == "overflow" else None
        result.append(_explained(finding, section, edition) if section else finding)
    return result


def _explained(finding: Diagnostic, section: Section, edition: Edition) -> Diagnostic:
    extra_pages = section.printed_on[1:]
    lines = sum(section.lines_on.get(p, 0) for p in extra_pages)
    chars = sum(section.chars_on.get(p, 0) for p in extra_pages)
    keys = _keys_on(section, edition)
    named = ", ".join(f"{key} ({length} characters)" for key, length in keys[:MOST_NAMED])
    more = f" and {len(keys) - MOST_NAMED} more" if len(keys) > MOST_NAMED else ""
    cut = (f"{lines} line{'s' if lines != 1 else ''} (about {chars} characters) too many"
           if lines else "its text runs over")
    message = (f"{finding.message}: {cut}. Texts on this page in "
               f"{_files(keys, edition)}, longest first: {named or 'none'}{more}")
    return replace(finding, message=message, data=replace(finding.data, keys=tuple(k for k, _ in keys)),
                   hint=f"shorten them by about {chars} characters together, or ask for a change of layout"
                   if chars else "shorten the text or change the layout")


def _files(keys: list[tuple[str, int]], edition: Edition) -> str:
    """Where the texts named are fixed: the language file they were read from, which for a derived
    edition (sr-Cyrl) is its source's, or its own file for the texts it writes itself."""
    files = list(dict.fromkeys(edition.texts.by_key[k].where.path for k, _ in keys)) or [edition.texts.path]
    made = [f for f in files if f != edition.texts.path]
    said = " and ".join(files)
    return f"{said} (the {edition.lang} edition is made from it)" if made and len(files) == 1 else said


def _keys_on(section: Section, edition: Edition) -> list[tuple[str, int]]:
    """The keys of the page file whose text is on this section's page, longest first."""
    page_file = next((p for p in edition.pages if p.path == section.page_file), None)
    if page_file is None:
        return []
    laid_out = normalise(section.source_text)
    found: dict[str, int] = {}
    for _path, key in keys_in(page_file.page):
        text = edition.texts.by_key.get(key)
        sample = normalise(re.sub(r"\{[^}]*\}|[*_#]", "", text.value))[:40] if text else ""
        if text and sample and sample in laid_out:
            found[str(key)] = len(text.value)
    return sorted(found.items(), key=lambda item: -item[1])
