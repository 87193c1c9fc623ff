"""Score bars for the profile screen: one line per genre (or creator, hashtag), its standing in words."""

from __future__ import annotations

from textual.content import Content

from recommender.standing import LESS, MORE, UNSURE, Standing

from ..safe_text import safe

BAR = 6
"""Cells of a full bar: a video of this kind rewarded a whole reward unit more (or less) than most viewers do."""
WORD_STYLES = {MORE: "$success", LESS: "$error", UNSURE: "dim"}
"""How each reading is coloured; "about as much as most" keeps the text colour."""


def cells(text: str, width: int, style: str = "") -> Content:
    """`text` made safe and fitted to exactly `width` terminal cells (CJK counts double)."""
    return safe(text, style).truncate(width, ellipsis=True, pad=True)


def bar_line(name: str, standing: Standing, *, muted: bool = False, width: int = 11) -> Content:
    """`cooking      █████▌   more than most viewers`: the bar shows how far, the words what it means.

    >>> from recommender.standing import Standing
    >>> bar_line("cooking", Standing("genre", "cooking", 0.5, 0.2, 9.0, MORE)).plain.split()
    ['cooking', '███', 'more', 'than', 'most', 'viewers']
    """
    unsure = standing.words == UNSURE
    full, half = divmod(round(min(1.0, abs(standing.score)) * BAR * 2), 2)
    bar = "" if unsure else "█" * int(full) + ("▌" if half else "")
    bar_style = "dim" if muted else ("$error" if standing.score < 0 else "$success")
    return Content.assemble(
        cells(name, width, "strike dim" if muted else "bold"),
        " ",
        (bar.ljust(BAR + 1), bar_style),
        ("muted" if muted else standing.words, "$warning" if muted else WORD_STYLES.get(standing.words, "")),
    )
