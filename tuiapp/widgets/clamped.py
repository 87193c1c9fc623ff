"""A line of the card's text held to its rows (`max-height`), ending in an ellipsis when there is more of it.

CSS `max-height` alone cut a long title, creator or caption at the frame's
edge mid-word, with no sign that anything was left out: the viewer could not
tell a title that ends there from one that goes on.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.visual import Visual
from textual.widgets import Static

TAIL = re.compile(r"(?:\s+#\w+)+\s*$")
"""A caption's closing run of hashtags."""


class Clamped(Static):
    """A Static whose text, wrapped at its width, keeps at most its `max-height` rows (given in cells), the last
    ending in "…" when the text goes on. Its height is laid out as a Static's: the `max-height` holds it.

    With `keep_tags`, a text that ends in hashtags keeps them in sight when it is cut: the words before them give
    way ("day 25 of teaching…" over "#cats #kitten"), as long as the words keep a row (at 80x24 a caption's two
    rows of 20 cells showed none of its tags, the ones `#` opens)."""

    keep_tags = False

    def render(self) -> Visual:
        visual = self.visual
        rows, width = self.styles.max_height, self.content_size.width
        if not isinstance(visual, Content) or rows is None or not rows.is_cells or width < 2:
            return visual
        if "\n" not in visual.plain and visual.cell_length <= width:  # one row: it fits, no need to wrap it
            return visual
        lines = visual.wrap(width)
        if len(lines) <= rows.cells:
            return visual
        tail = TAIL.search(visual.plain) if self.keep_tags else None
        if tail is not None and tail.start() > 0 and rows.cells >= 2:
            tags = visual[visual.plain.index("#", tail.start()) :].rstrip()
            shown = min(len(tags.wrap(width)), int(rows.cells) - 1)  # the words keep a row at least
            words = _cut(visual[: tail.start()], width, int(rows.cells) - shown)
            return Content("\n").join([*words, *_cut(tags, width, shown)])
        return Content("\n").join(_cut(visual, width, int(rows.cells)))


def _cut(text: Content, width: int, rows: int) -> list[Content]:
    """`text` wrapped at `width`, its first `rows` rows, the last ending in "…" when there is more."""
    lines = text.wrap(width)
    if len(lines) <= rows:
        return lines
    kept = lines[:rows]
    last = kept[-1].rstrip()
    kept[-1] = (last if last.cell_length < width else last.truncate(width - 1)) + Content("…")
    return kept
