"""Serbian Latin to Serbian Cyrillic, so the sr-Cyrl edition is derived from sr-Latn, never typed twice.

Takes a text (or a nested mapping of texts) and returns it in Cyrillic.  Serbian's two alphabets
map letter for letter, but three Cyrillic letters are written as two Latin ones (lj → љ, nj → њ,
dž → џ), except where a prefix meets a root (in|jekcija, nad|živeti): those few words are a table.

A booklet text is more than Serbian words, and what is not Serbian must come out as it went in:
`{placeholders}` (the tool fills them), Markdown, URLs, e-mail addresses and @handles, and foreign
words.  A word is foreign when it holds a Latin letter Serbian does not have (q, w, x, y, ë, ç, é…)
or a pair no Serbian word has (gj, ll, rr: the Albanian Gjilan, Vushtrri, Korrupsioni).  Roman
numerals of two letters or more stay Latin, as Serbian Cyrillic prints them (XXI век); the one
letter I is the word "i".  An all-caps MI or VI would stay Latin too, which is one more reason
texts are written in sentence case and the styles set capitals.  Anything else that must stay
Latin — an international acronym, a multi-word Albanian place name such as "Hoçë e Madhe", a
quoted slogan — is kept by name: `keep` lists exact words or phrases.  The list is the project's
(`keep:` under `_edition:` in its sr-Cyrl language file), since which names a booklet keeps is its own.

Acronyms are decided by that list alone, not by their case: Serbian acronyms are Serbian words
(OEBS → ОЕБС, CIK → ЦИК, EU → ЕУ, and the UN agencies: UNHCR → УНХЦР, UNESCO → УНЕСКО), while
those an international body goes by everywhere stay as written when the project lists them
(KFOR, EULEX…).  Text is NFC-normalised first, so a č typed as c + caron is č.  A plural
form's words are Serbian: only its name and tags stay.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж", strict=True))
_LETTERS |= {latin.upper(): cyrillic.upper() for latin, cyrillic in _LETTERS.items()}
_LETTERS |= {"ǆ": "џ", "ǅ": "Џ", "Ǆ": "Џ", "ǉ": "љ", "ǈ": "Љ", "Ǉ": "Љ", "ǌ": "њ", "ǋ": "Њ", "Ǌ": "Њ"}
_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}

# Words whose n+j, l+j or d+ž are two letters: a prefix ends where the root begins.  Each entry is
# a word's start, "|" where the two letters part; it covers the word's every form (injekcijom).
_SPLIT_STARTS = (
    "in|jek", "kon|jug", "kon|junk", "kon|jekt", "van|jez", "van|jug",
    "nad|živ", "nad|žnj", "od|žal", "od|živ", "pod|žanr", "pod|žup", "pod|želu", "pred|žet",
)
_SPLITS = {start.replace("|", ""): start.index("|") for start in _SPLIT_STARTS}
_SPLIT_LENGTHS = sorted({len(start) for start in _SPLITS}, reverse=True)

# Foreign words with a Cyrillic spelling of their own, not letter for letter (hoc is "hok").
_SPELLED = {"ad hoc": "ад хок", "Ad hoc": "Ад хок", "UNESCO": "УНЕСКО"}

_FOREIGN_PAIR = re.compile(r"gj|ll|rr", re.IGNORECASE)
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_WORD = re.compile(r"[^\W\d_]+")
_END = r"(?=[.,;:!?)\]»“”’'\"]*(?:\s|$))"  # a URL's last character is not the sentence's full stop
_UNTOUCHED = re.compile("|".join((
    r"\{[^{}\s|]*\}",                                             # {placeholder}
    r"\{[a-z_][a-z0-9_]*\||(?<=[{|])(?:zero|one|two|few|many|other):",  # a plural form's name, tags
    r"`[^`\n]*`",                                                 # Markdown code
    r"\]\([^)\s]*\)",                                             # a Markdown link's target
    r"</?[A-Za-z][^<>\n]*>|&#?\w+;",                              # HTML tags and entities
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",                              # e-mail address
    r"(?<![\w@.])@\w+",                                           # @handle
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+?" + _END,                 # URL with a scheme or www.
    r"(?<![\w@.-])(?=[\w-]*[A-Za-z])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,}(?:/\S*?)?" + _END,
)))


def to_cyrillic(text: str, keep: Iterable[str] = ()) -> str:
    """The Serbian Cyrillic of a Serbian Latin text; what is not Serbian is left as it was.

    Cyrillic in the text stays as it is, so the function may run twice over the same text.
    """
    text = unicodedata.normalize("NFC", text)
    kept = _kept_pattern(frozenset(keep))
    out: list[str] = []
    done = 0
    for match in _protected(text, kept):
        out.append(_words(text[done:match.start()]))
        out.append(_SPELLED.get(match.group(), match.group()))
        done = match.end()
    out.append(_words(text[done:]))
    return "".join(out)


def transliterate_texts(texts: Mapping[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    """A language file's mapping with every text in Cyrillic; keys, nesting and non-texts unchanged."""
    keep = tuple(keep)

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return to_cyrillic(value, keep)
        if isinstance(value, Mapping):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    return {key: convert(value) for key, value in texts.items()}


def _protected(text: str, kept: re.Pattern[str]) -> list[re.Match[str]]:
    """Spans left as they are, in order and not overlapping: markup and URLs first, then kept words."""
    spans = list(_UNTOUCHED.finditer(text))
    for match in kept.finditer(text):
        if not any(s.start() < match.end() and match.start() < s.end() for s in spans):
            spans.append(match)
    return sorted(spans, key=lambda match: match.start())


@functools.lru_cache(maxsize=32)
def _kept_pattern(keep: frozenset[str]) -> re.Pattern[str]:
    """Kept words and phrases, exactly as written and only as whole words; longest first."""
    names = sorted((name for name in keep | set(_SPELLED) if name.strip()), key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, names)) + r")(?![^\W\d_])")


def _words(text: str) -> str:
    return _WORD.sub(lambda match: _word(match.group()), text)


def _word(word: str) -> str:
    if _is_foreign(word) or (len(word) > 1 and _ROMAN.fullmatch(word)):
        return word
    lower = word.lower()
    for length in _SPLIT_LENGTHS:
        if lower[:length] in _SPLITS:
            cut = _SPLITS[lower[:length]]
            return _letters(word[:cut]) + _letters(word[cut:])
    return _letters(word)


def _is_foreign(word: str) -> bool:
    """A Latin letter Serbian does not have, or a pair no Serbian word has."""
    return bool(_FOREIGN_PAIR.search(word)) or any(
        char not in _LETTERS and unicodedata.name(char, "").startswith("LATIN") for char in word)


def _letters(word: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i:i + 2]
        if pair.lower() in _DIGRAPHS:
            single = _DIGRAPHS[pair.lower()]
            out.append(single.upper() if pair[0].isupper() else single)
            i += 2
        else:
            out.append(_LETTERS.get(word[i], word[i]))
            i += 1
    return "".join(out)
