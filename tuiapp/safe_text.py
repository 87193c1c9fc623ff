"""Catalog text made safe to put on a terminal: data, never markup or escapes.

Textual's `Content` already treats text literally, but it passes ESC, the C1
range, NUL and bidi controls straight through to the terminal; this module
makes invisible or cursor-moving characters visible or harmless, so a caption
cannot change the terminal, reorder the line, or break the card's layout.

Every widget that shows catalog-derived text (a title, a genre, a reason that
names a creator, a count read from the database) builds it with `safe` or
`safe_line`, never with markup and never as a raw string.
"""

from __future__ import annotations

import unicodedata

from textual.content import Content

_REMOVE = {
    *range(0x200B, 0x2010),  # zero-width space/joiners, LRM/RLM marks
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2060, 0x2070),  # word joiner, invisible operators, bidi isolates
    0x061C,
    0xFEFF,
    0x00AD,  # Arabic letter mark, BOM, soft hyphen
    *range(0xFE00, 0xFE10),  # variation selectors: terminals disagree on the width they give
    *range(0xE0000, 0xE0080),  # tag characters
}
_SPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029}
MAX_COMBINING = 2
"""Combining marks kept on one letter: enough for any language, not enough for 'zalgo' text."""
_MARKS = ("Mn", "Me")
"""Nonspacing and enclosing marks (whatever their combining class: U+20DD and Thai's vowels are class 0): each sits
on the letter before it, and a stack of them draws over the lines around."""


def clean(text: str) -> str:
    """Make `text` one safe line.

    Line breaks and tabs become spaces; other control characters (ESC, BEL,
    the C1 range) become visible symbols (ESC shows as ␛); bidi overrides,
    zero-width characters and variation selectors are dropped; private-use
    characters and noncharacters show as �.

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
        elif code >= 0x300 and (kind := unicodedata.category(ch)) in _MARKS:
            marks += 1
            if marks <= MAX_COMBINING and out:
                out.append(ch)
        elif code >= 0x300 and kind == "Cf":  # any other format character (U+FFF9, U+1D173): it shows nothing
            continue
        elif code >= 0xE000 and (kind == "Co" or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF):
            out.append("\ufffd")  # private use and noncharacters: a terminal gives them no cell, the layout one
            marks = 0
        else:
            out.append(ch)
            marks = 0
    return "".join(out)


_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def typed(text: str) -> str:
    """What a text field keeps of typed, pasted or pre-filled `text`: a field is drawn as it holds its value, so it
    holds no control character (ESC would reach the terminal: a held post's title, put back in the form to edit,
    set the window's title and wrote to the clipboard), no bidi control, no lone surrogate; a line break or tab is a
    space. Unlike `clean`, a joiner and marks stay: they are what was typed (an emoji sequence, an accent).

    >>> typed("a\x1b]2;x\x07b\tc\u202ed\u200d")
    'a]2;xb cd\u200d'
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if code in _SPACE:
            out.append(" ")
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI or 0xD800 <= code <= 0xDFFF:
            continue
        else:
            out.append(ch)
    return "".join(out)


def trim(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, ending in an ellipsis when cut.

    >>> trim("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def safe(text: object, style: str = "", *, limit: int | None = None) -> Content:
    """Catalog-derived `text` as one literal line of Content: cleaned, cut to `limit` characters, styled.

    Never markup: brackets stay brackets.

    >>> safe("[b]x\\x1b[2J\\u202e", "bold").plain
    '[b]x␛[2J'
    """
    line = clean(str(text))
    if limit is not None:
        line = trim(line, limit)
    return Content.styled(line, style)


def safe_lines(text: str) -> Content:
    """`text` of several lines as literal Content: each line cleaned (`clean`), the line breaks kept.

    A question that names a video or a file (a title, a path) is catalog- or user-derived text like any other.

    >>> safe_lines("Remove \u201cx\\x1b[2J\u202e\u201d?\\nIt cannot be undone.").plain.split("\\n")
    ['Remove \u201cx\u241b[2J\u201d?', 'It cannot be undone.']
    """
    return Content("\n".join(clean(line) for line in text.split("\n")))


def safe_line(*parts: str | tuple[object, str] | Content) -> Content:
    """One line assembled from parts, every text part made safe (`clean`), never markup.

    A `str` or `(text, style)` part is cleaned, so catalog text and counts read
    from the database can go in as they are. A `Content` part is kept as
    built: make it with `safe` (to cut it to a length) or it is layout.

    >>> safe_line(("@", "bold"), "\\x1b]0;pwned\\x07", safe("g\\u2066", limit=5)).plain
    '@␛]0;pwned␇g'
    """
    return Content.assemble(
        *(
            part
            if isinstance(part, Content)
            else (clean(str(part[0])), part[1])
            if isinstance(part, tuple)
            else clean(str(part))
            for part in parts
        )
    )
