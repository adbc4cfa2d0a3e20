"""Quotation marks in an edition's style, whatever the text was typed with.

`normalise_quotes()` takes a text and the edition's opening and closing marks;
it returns the text with every quotation set in them, and the styles of those
it found typed otherwise (“…” in an Albanian text that sets «…»), so the
typography pass can warn at the text's file:line.  Straight quotes ("…") are
the keyboard's and become the edition's without a word; a typed style that is
not the edition's is a translator's slip or another house's habit, worth
knowing about.  An apostrophe between letters becomes ’.
"""

from __future__ import annotations

import re

# One pass, left to right, so a mark two styles share (“ opens in English and closes in Serbian)
# is read as the quotation it belongs to.
_QUOTED = re.compile(
    r'"(?P<straight>[^"\n]*)"'
    r"|(?P<low>„)(?P<low_text>[^„“”\n]*)(?P<low_close>[“”])"
    r"|(?P<high>“)(?P<high_text>[^“”„\n]*)”"
    r"|(?P<guillemet>«)(?P<guillemet_text>[^«»\n]*)»"
    r"|(?P<reversed>»)(?P<reversed_text>[^«»\n]*)«")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def normalise_quotes(text: str, quotes: tuple[str, str]) -> tuple[str, list[str]]:
    """The text in the edition's quotation marks, and each other style it was typed with (“…”)."""
    opening, closing = quotes
    others: list[str] = []

    def put(match: re.Match[str]) -> str:
        if match.group("straight") is not None:
            return f"{opening}{match.group('straight')}{closing}"
        for style in ("low", "high", "guillemet", "reversed"):
            if match.group(style):
                typed_close = {"low": match.group("low_close"), "high": "”", "guillemet": "»",
                               "reversed": "«"}[style]
                if (match.group(style), typed_close) != (opening, closing):
                    others.append(f"{match.group(style)}…{typed_close}")
                return f"{opening}{match.group(f'{style}_text')}{closing}"
        return match.group()  # unreachable: one of the groups matched

    text = _QUOTED.sub(put, text)
    return _APOSTROPHE.sub("’", text), list(dict.fromkeys(others))
