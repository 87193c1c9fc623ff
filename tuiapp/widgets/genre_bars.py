"""Score bars for the profile screen: one line per genre (or creator, hashtag)."""

from __future__ import annotations

from textual.content import Content

from ..safe_text import safe

BAR = 16
"""Cells of a full bar (a score of +1 or -1)."""


def cells(text: str, width: int, style: str = "") -> Content:
    """`text` made safe and fitted to exactly `width` terminal cells (CJK counts double)."""
    return safe(text, style).truncate(width, ellipsis=True, pad=True)


def bar_line(name: str, score: float, *, muted: bool = False, width: int = 14) -> Content:
    """`cooking        ██████▌           +0.42`; negative scores in the error colour.

    >>> bar_line("cooking", 0.5).plain.split()[0]
    'cooking'
    """
    full, half = divmod(round(abs(score) * BAR * 2), 2)
    bar = "█" * int(full) + ("▌" if half else "")
    return Content.assemble(
        cells(name, width, "strike dim" if muted else "bold"),
        " ",
        (bar.ljust(BAR + 1), "dim" if muted else ("$error" if score < 0 else "$success")),
        f"{score:+.2f}",
        (" muted" if muted else "", "$warning"),
    )
