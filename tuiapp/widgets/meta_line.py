"""The card's creator line: "@name · 6d ago · 1.2K views", broken between its parts, never inside one."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.visual import Visual
from textual.widgets import Static

DOT = Content(" · ")


class MetaLine(Static):
    """Parts joined by " · " that wrap to a new row between parts only; a part that finds no row left under the
    widget's `max-height` is left out with its dot. Wrapped at spaces, the line read "@anaxkeys · 6d ago ·" on the
    short card's one row, or "39d" without its "ago", and "0" over "views" at 100x40. The first part (the @name) is
    cut with an ellipsis only when it alone is wider than a row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.parts: list[Content] = []

    def show_parts(self, parts: list[Content]) -> Content:
        """Keep `parts` (the empty ones left out); return the whole line, as `update` takes it."""
        self.parts = [p for p in parts if p.cell_length]
        return DOT.join(self.parts)

    def render(self) -> Visual:
        width = self.content_size.width
        if not self.parts or width < 2:
            return self.visual
        return Content("\n").join(self._lines(width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The rows `render` gives at `width` (a Static counts its text's rows wrapped at spaces)."""
        if not self.parts or width < 2:
            return super().get_content_height(container, viewport, width)
        return len(self._lines(width))

    def _lines(self, width: int) -> list[Content]:
        rows = self.styles.max_height
        limit = int(rows.cells) if rows is not None and rows.is_cells else len(self.parts)
        lines: list[Content] = []
        for part in self.parts:
            if lines and lines[-1].cell_length + DOT.cell_length + part.cell_length <= width:
                lines[-1] = lines[-1] + DOT + part
            elif len(lines) < limit:
                lines.append(part if part.cell_length <= width else part.truncate(width - 1) + Content("…"))
            else:
                break
        return lines
