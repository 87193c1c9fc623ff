"""Changing a line of text in place: the screen is laid out again only when the line's height on screen changes.

`Static.update` lays the whole screen out again (every widget arranged, every
region compared) on the chance that the new text is taller or shorter. On a
swipe the card's lines change but mostly keep their heights, so that layout is
wasted; here it happens only when the height the widget takes on screen
differs: its wrapped height at its width, held within its `max-height` and
`min-height`, and never for a widget of a fixed height (the why-line is one
row whatever its reason's length: it used to lay the screen out on one swipe
in six, and repaint all of it).
"""

from __future__ import annotations

from textual.content import Content
from textual.css.scalar import Scalar
from textual.geometry import Size
from textual.visual import VisualType
from textual.widgets import Static

_NOWHERE = Size(0, 0)
"""`get_content_height` of a widget that is not a container does not look at its container or viewport."""


def put(widget: Static, content: VisualType) -> None:
    """Show `content` in `widget`; lay the screen out only if that changes the widget's height on screen."""
    if same(widget.content, content):
        return
    width = widget.content_size.width
    styles = widget.styles
    fitted = styles.width is not None and styles.width.is_auto
    if not width or not widget.display or fitted:  # not laid out yet, hidden, or as wide as its text
        widget.update(content)
        return
    if _cells(styles.height) is not None:  # a fixed height: the text is cropped or padded, nothing moves
        widget.update(content, layout=False)
        return
    before = shown_height(widget, widget.get_content_height(_NOWHERE, _NOWHERE, width))
    widget.update(content, layout=False)
    if shown_height(widget, widget.get_content_height(_NOWHERE, _NOWHERE, width)) != before:
        widget.refresh(layout=True)


def shown_height(widget: Static, lines: int) -> int:
    """The rows `widget` takes with `lines` of wrapped text: its padding and border added, within its
    `min-height` and `max-height` when these are given in cells (other units are left alone: any change of
    `lines` counts)."""
    styles = widget.styles
    gutter = styles.gutter.height
    border_box = styles.box_sizing == "border-box"
    rows = lines + gutter if border_box else lines
    top, bottom = _cells(styles.max_height), _cells(styles.min_height)
    if top is not None:
        rows = min(rows, top)
    if bottom is not None:
        rows = max(rows, bottom)
    return rows if border_box else rows + gutter


def _cells(scalar: Scalar | None) -> int | None:
    """A height given in cells, as a number; None for auto, a share, a percentage, or none given."""
    return scalar.cells if scalar is not None else None


def same(shown: VisualType, new: VisualType) -> bool:
    """The same text with the same styles (`Content ==` compares the text alone)."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.is_same(new)
    return type(shown) is type(new) is str and shown == new
