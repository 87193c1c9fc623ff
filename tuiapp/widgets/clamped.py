"""A line of the card's text held to its rows (`max-height`), ending in an ellipsis when there is more of it.

CSS `max-height` alone cut a long title, creator or caption at the frame's
edge mid-word, with no sign that anything was left out: the viewer could not
tell a title that ends there from one that goes on.
"""

from __future__ import annotations

from textual.content import Content
from textual.visual import Visual
from textual.widgets import Static


class Clamped(Static):
    """A Static whose text, wrapped at its width, keeps at most its `max-height` rows (given in cells), the last
    ending in "…" when the text goes on. Its height is laid out as a Static's: the `max-height` holds it."""

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
        kept = lines[: int(rows.cells)]
        last = kept[-1].rstrip()
        kept[-1] = (last if last.cell_length < width else last.truncate(width - 1)) + Content("…")
        return Content("\n").join(kept)
