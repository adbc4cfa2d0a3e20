"""Where a line may not break: the ties the typography pass puts into a text before layout.

`tie()` takes one text (inline Markdown with {placeholders}) and the edition's
`LanguageData`; it returns the text with each of these rules applied, in this
order, outside placeholders, URLs, e-mail addresses, code and HTML:

- a case ending after an acronym or a number keeps its hyphen unbroken
  (OEBS-a, UNHCR-om, OSBE-së, 1990-ih): U+2011, the non-breaking hyphen;
- a date stays on one line: no-break spaces between its day, month and year
  (1. jula 1999., on 1 July 1999, July 1999) for the language's month names;
- a one-letter word the language lists (Serbian i, u, o, s; Albanian e, i, a)
  does not end a line: a no-break space after it;
- a place-name pair does not break after its slash (Prishtinë/Priština), nor
  a range of years at its dash (1999–2024): U+2060, the word joiner, which
  WeasyPrint 70 (through Pango's line breaking) honours;
- a paragraph of running text does not end in one word alone on its line:
  when its last word is short, the space before it becomes a no-break space
  (how short is the language's data, `LanguageData.last_words`; the pair is
  measured from the first word's last hyphen, where the line may still break:
  "non-majority communities." pulls only "majority" down).

The hyphenation pass (pyphen, at layout) still breaks long words; a tied pair
may break inside its first word, which leaves two words on the last line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from booklet.content.langdata import LanguageData, LastWords

NBSP = "\u00a0"
NB_HYPHEN = "\u2011"
WORD_JOINER = "\u2060"
FEWEST_WORDS = 4
"""A text shorter than this is a label or a title a layout breaks as it must: its words stay free."""

# Spans no rule may touch: {placeholder}, `code`, a link's target, HTML, e-mail, URLs.
_UNTOUCHED = re.compile("|".join((
    r"\{[^{}\n]*\}",
    r"`[^`\n]*`",
    r"\]\([^)\s]*\)",
    r"</?[A-Za-z][^<>\n]*>|&#?\w+;",
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+",
    r"(?<![\w@.-])(?=[\w-]*[A-Za-z])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?",
)))
_CASE_ENDING = re.compile(r"(?<![\w-])([^\W_]+)-([^\W\d_]{1,4})(?![\w-])")
_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")
_RANGE = re.compile(r"(?<=\d)([–—-])(?=\d)")
_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s")
_LAST_PAIR = re.compile(r"([^ \n]+) ([^ \n]+) *$")  # words a no-break space joins count as one
_LINKED = re.compile(r"://|www\.|\]\(|@|<|`")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
"""A hyphen between letters: a line may break after it (one a case ending keeps is U+2011)."""


def tie(text: str, data: LanguageData) -> str:
    """The text with the ties of the module docstring."""
    rules: list[Callable[[str], str]] = [
        _case_endings, _date_tier(data.month_names), _one_letter_tier(data.ties), _joins]
    for rule in rules:
        text = _outside_untouched(text, rule)
    return _last_words(text, data.last_words)


def _outside_untouched(text: str, rule: Callable[[str], str]) -> str:
    out: list[str] = []
    done = 0
    for match in _UNTOUCHED.finditer(text):
        out += [rule(text[done:match.start()]), match.group()]
        done = match.end()
    out.append(rule(text[done:]))
    return "".join(out)


def _case_endings(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        stem, ending = match.group(1), match.group(2)
        acronym = len(stem) >= 2 and stem.isupper() and stem.isalpha()
        if (acronym or stem.isdigit()) and ending.islower():
            return f"{stem}{NB_HYPHEN}{ending}"
        return match.group()

    return _CASE_ENDING.sub(join, text)


def _date_tier(months: tuple[str, ...]) -> Callable[[str], str]:
    if not months:
        return lambda text: text
    names = sorted({m for name in months for m in (name, name.lower(), name.capitalize())}, key=len,
                   reverse=True)
    month = "(?:" + "|".join(map(re.escape, names)) + ")"
    day, year = r"\d{1,2}\.?", r"\d{3,4}\b"
    dates = re.compile(rf"(?<![\w.]){day} {month}(?: {year})?(?!\w)|(?<!\w){month} (?:{day},? )?{year}")
    return lambda text: dates.sub(lambda m: m.group().replace(" ", NBSP), text)


def _one_letter_tier(words: tuple[str, ...]) -> Callable[[str], str]:
    if not words:
        return lambda text: text
    cased = {w for word in words for w in (word.lower(), word.upper())}
    alone = "|".join(map(re.escape, sorted(cased)))
    pattern = re.compile(r"(?<![\w.'’\u2011-])(" + alone + r") (?=[\w*_„“«\"(])")
    return lambda text: pattern.sub(rf"\1{NBSP}", text)


def _joins(text: str) -> str:
    text = _SLASH.sub("/" + WORD_JOINER, text)
    return _RANGE.sub(rf"{WORD_JOINER}\1{WORD_JOINER}", text)


def pulled_down(first: str, last: str) -> int:
    """How many characters tying `first` to `last` moves onto the last line: from first's last hyphen."""
    return len(_HYPHEN.split(first)[-1]) + 1 + len(last)


def _last_words(text: str, limits: LastWords) -> str:
    """The last two words of each paragraph and list item tied when the last is short."""
    if len(text.split()) < FEWEST_WORDS:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if following.strip() and not _LIST_ITEM.match(following) and not line.endswith("  "):
            continue  # the paragraph goes on on the next line
        lines[number] = _tie_last(line, limits)
    return "\n".join(lines)


def _tie_last(line: str, limits: LastWords) -> str:
    match = _LAST_PAIR.search(line)
    if match is None or _LINKED.search(match.group()):
        return line
    word = match.group(2)
    if len(word.split(NBSP, 1)[0]) == 1 and NBSP in word:
        return line  # a one-letter word is tied to its last ("i Beograda"): two words end it already
    letters = sum(1 for char in word if char.isalnum())
    if letters > limits.letters or pulled_down(match.group(1), word) > limits.pair:
        return line
    return line[:match.start()] + f"{match.group(1)}{NBSP}{word}" + line[match.end(2):]
