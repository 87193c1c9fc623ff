"""Changing a line of text in place: the screen is laid out again only when the text's height changes.

`Static.update` lays the whole screen out again (every widget arranged, every
region compared) on the chance that the new text is taller or shorter. On a
swipe the card's lines change but mostly keep their heights, so that layout is
wasted; here it happens only when the wrapped height at the widget's width
differs, and not at all when the text is the same.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.visual import VisualType
from textual.widgets import Static

_NOWHERE = Size(0, 0)
"""`get_content_height` of a widget that is not a container does not look at its container or viewport."""


def put(widget: Static, content: VisualType) -> None:
    """Show `content` in `widget`; lay the screen out only if that changes the widget's height."""
    if same(widget.content, content):
        return
    width = widget.content_size.width
    fitted = widget.styles.width is not None and widget.styles.width.is_auto
    if not width or not widget.display or fitted:  # not laid out yet, hidden, or as wide as its text
        widget.update(content)
        return
    before = widget.get_content_height(_NOWHERE, _NOWHERE, width)
    widget.update(content, layout=False)
    if widget.get_content_height(_NOWHERE, _NOWHERE, width) != before:
        widget.refresh(layout=True)


def same(shown: VisualType, new: VisualType) -> bool:
    """The same text with the same styles (`Content ==` compares the text alone)."""
    if isinstance(shown, Content) and isinstance(new, Content):
        return shown.is_same(new)
    return type(shown) is type(new) is str and shown == new
