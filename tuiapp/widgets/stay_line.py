"""The stay line: the share of cards the viewer stayed on, per 10 swipes, as a one-line sparkline."""

from __future__ import annotations

from textual.content import Content

TICKS = "▁▂▃▄▅▆▇█"
"""From none stayed on to all of them."""


def stay_text(shares: list[float]) -> Content:
    """`▂▅▇█  80% of the last 10`: oldest first; a note while fewer than 10 cards are done.

    >>> stay_text([0.0, 0.5, 1.0]).plain
    '▁▅█  100% of the last 10 cards'
    """
    if not shares:
        return Content.styled("Shown after 10 cards.", "dim")
    line = "".join(TICKS[min(len(TICKS) - 1, round(s * (len(TICKS) - 1)))] for s in shares)
    return Content.assemble((line, "$accent"), f"  {shares[-1]:.0%} of the last 10 cards")
