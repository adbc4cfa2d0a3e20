"""A translation held against its English: what must stay the same for the page to work.

`check_translation()` takes the English texts and a translation's texts (by
key); it returns a `BookletError` at the translation's line for every text
that is blank or whose placeholders, emphasis, list items or paragraphs do
not match.  The rules are the `TEXT_RULES` table: a name and a function of
(English, translation) that says what is wrong in a translator's words, or
None; `text_rule_problems()` runs them on one text.  The build, `booklet
i18n import` (at the PO file's line) and `booklet i18n status --check` all
hold translations to this one table.
`unprinted_values()` holds every edition, English too, to the numbers and
dates its page files give the texts (`numbers: {cases: 25735}`): each must
be printed by one of those texts, or it would vanish from the page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from booklet.core.errors import BookletError, Data, Location
from booklet.core.textcheck import is_blank
from booklet.project.schema import Key

if TYPE_CHECKING:  # content.py checks the numbers with this module when it joins pages and texts
    from booklet.content.edition import PageFile, Text

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+\S", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def placeholders(text: str) -> list[str]:
    """The {name}s of a text, each once, in order."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def _shown(names: list[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in names)


def placeholder_rule(english: str, translated: str) -> str | None:
    ours, theirs = placeholders(english), placeholders(translated)
    dropped = [n for n in ours if n not in theirs]
    added = [n for n in theirs if n not in ours]
    if len(dropped) == 1 and len(added) == 1:
        return (f"{{{added[0]}}} should be {{{dropped[0]}}} as in the English: booklet puts the value "
                "in its place by that name, so keep it exactly as written")
    if dropped:
        return (f"{_shown(dropped)} of the English is missing: booklet writes the number or date there, "
                "so copy it into the translation unchanged")
    if added:
        return (f"{_shown(added)} is not in the English, so booklet has nothing to put there: "
                f"the English has {_shown(ours) or 'no placeholders'}")
    return None


def _without_list_markers(text: str) -> str:
    return re.sub(r"^(\s*)[*+-]\s", r"\1", text, flags=re.MULTILINE).replace("\\*", "")


def emphasis_rule(english: str, translated: str) -> str | None:
    text = _without_list_markers(translated)
    bold = text.count("**")
    if bold % 2:
        return ("a ** that starts bold text is not closed (or a closing one has no start): "
                "put ** on both sides of the bold words")
    if text.replace("**", "").count("*") % 2:
        return ("a * that starts italic text is not closed (or a closing one has no start): "
                "put * on both sides of the italic words")
    return None


def list_rule(english: str, translated: str) -> str | None:
    ours, theirs = len(_LIST_ITEM.findall(english)), len(_LIST_ITEM.findall(translated))
    if ours == theirs:
        return None
    return (f"the English has {ours} list item{'s' if ours != 1 else ''}, this has {theirs}: "
            "start each item on its own line as the English does (1. 2. 3.)")


def _paragraphs(text: str) -> int:
    return len([p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()])


def paragraph_rule(english: str, translated: str) -> str | None:
    ours, theirs = _paragraphs(english), _paragraphs(translated)
    if ours == theirs or (ours == 1 and "\n" not in english):
        return None  # a one-line English text may be set in any number of lines
    return (f"the English has {ours} paragraph{'s' if ours != 1 else ''}, this has {theirs}: "
            "leave an empty line between paragraphs, as the English does")


def blank_rule(english: str, translated: str) -> str | None:
    if not is_blank(translated):
        return None
    return "the text is empty (only spaces or invisible characters): write its text"


@dataclass(frozen=True)
class TextRule:
    name: str
    """What the rule is about; the code of the problem it finds."""
    run: Callable[[str, str], str | None]


TEXT_RULES: list[TextRule] = [
    TextRule("blank", blank_rule),
    TextRule("placeholder", placeholder_rule),
    TextRule("emphasis", emphasis_rule),
    TextRule("list-items", list_rule),
    TextRule("paragraphs", paragraph_rule),
]


def text_rule_problems(key: str, english: str, translated: str, where: Location,
                       only: tuple[str, ...] = ()) -> list[BookletError]:
    """Every rule of TEXT_RULES (or only those named) on one translated text, each problem at where."""
    problems = []
    for rule in TEXT_RULES:
        if only and rule.name not in only:
            continue
        message = rule.run(english, translated)
        if message:
            problems.append(BookletError(f"'{key}': {message}", where, code=rule.name, data=Data(key=key)))
            if rule.name == "blank":
                break  # an empty text has nothing more to check
    return problems


def check_translation(english: Mapping[str, Text], translated: Mapping[str, Text]) -> list[BookletError]:
    """Every rule of TEXT_RULES on every translated text that has an English one."""
    errors = []
    for key, text in translated.items():
        source = english.get(key)
        if source is None or text.fallback:
            continue
        errors += text_rule_problems(key, source.value, text.value, text.where)
    return errors


def unprinted_values(page_file: PageFile, texts: Mapping[str, Text]) -> list[BookletError]:
    """Numbers and dates a page file gives a group of texts that none of those texts prints.

    A group is any part of a page with a mapping of values (a fact's
    `numbers:`); its texts are that part's text fields.  The error is at the
    group's first text, in the edition's language file.
    """
    errors = []
    for path, group, values in _value_groups(page_file.page, ()):
        keys = [k for k in (getattr(group, n) for n in type(group).model_fields) if isinstance(k, Key)]
        have = [texts[k] for k in keys if k in texts]
        if not have:
            continue  # a missing text is told as such
        printed = {name for text in have for name in placeholders(text.value)}
        for field, name, value in values:
            if name in printed:
                continue
            given = page_file.where(*path, field, name)
            kind = "date" if isinstance(value, dt.date) else "number"
            errors.append(BookletError(
                f"'{have[0].key}': {given.path}:{given.line} gives {{{name}}} ({value}) to "
                f"{', '.join(keys)}, and none of them prints it, so it would be left out of the page",
                have[0].where, f"write {{{name}}} where the {kind} goes", code="placeholder",
                data=Data(key=have[0].key)))
    return errors


def values_given(page_file: PageFile) -> Iterator[tuple[list[str], str, Any, Location]]:
    """(the group's text keys, placeholder name, value, where the page file gives it) for every
    number and date a page file gives its texts: what a placeholder of those texts prints."""
    for path, group, values in _value_groups(page_file.page, ()):
        keys = [str(k) for k in (getattr(group, n) for n in type(group).model_fields) if isinstance(k, Key)]
        for field, name, value in values:
            yield keys, name, value, page_file.where(*path, field, name)


def _value_groups(value: Any, path: tuple[Any, ...]) -> Iterator[
        tuple[tuple[Any, ...], BaseModel, list[tuple[str, str, Any]]]]:
    """(key path, model, [(field, name, value)]) of every model in a page that gives its texts values."""
    if isinstance(value, BaseModel):
        given = [(field, name, v) for field in type(value).model_fields
                 if isinstance(mapping := getattr(value, field), dict)
                 for name, v in mapping.items()
                 if isinstance(v, (int, dt.date)) and not isinstance(v, bool)]
        if given:
            yield path, value, given
        for field in type(value).model_fields:
            yield from _value_groups(getattr(value, field), (*path, field))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _value_groups(item, (*path, i))
