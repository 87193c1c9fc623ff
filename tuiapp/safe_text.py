"""Catalog text made safe to put on a terminal: data, never markup or escapes.

Textual's `Content` already treats text literally; this module also makes
invisible or cursor-moving characters visible or harmless, so a caption
cannot change the terminal, reorder the line, or break the card's layout.
"""

from __future__ import annotations

import unicodedata

_REMOVE = {
    *range(0x200B, 0x2010),  # zero-width space/joiners, LRM/RLM marks
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2060, 0x2070),  # word joiner, invisible operators, bidi isolates
    0x061C, 0xFEFF, 0x00AD,  # Arabic letter mark, BOM, soft hyphen
    *range(0xFE00, 0xFE10),  # variation selectors: terminals disagree on the width they give
    *range(0xE0000, 0xE0080),  # tag characters
}
_SPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029}
MAX_COMBINING = 2
"""Combining marks kept on one letter: enough for any language, not enough for 'zalgo' text."""


def clean(text: str) -> str:
    """Make `text` one safe line.

    Line breaks and tabs become spaces; other control characters (ESC, BEL,
    the C1 range) become visible symbols (ESC shows as ␛); bidi overrides,
    zero-width characters and variation selectors are dropped.

    >>> clean("\\x1b[31mred\\x1b[0m\\r\\nnext\\u202eevil")
    '␛[31mred␛[0m  nextevil'
    """
    out: list[str] = []
    marks = 0
    for ch in text:
        code = ord(ch)
        if code in _SPACE:
            out.append(" ")
            marks = 0
        elif code < 0x20:
            out.append(chr(0x2400 + code))
            marks = 0
        elif code == 0x7F:
            out.append("␡")
        elif 0x80 <= code < 0xA0:
            out.append("\ufffd")
        elif code in _REMOVE:
            continue
        elif unicodedata.combining(ch):
            marks += 1
            if marks <= MAX_COMBINING and out:
                out.append(ch)
        else:
            out.append(ch)
            marks = 0
    return "".join(out)


def trim(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, ending in an ellipsis when cut.

    >>> trim("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"
