"""The action rail on the card's right: like, comment, share, follow, with counts."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..safe_text import clean


def compact(n: int) -> str:
    """12345 -> '12.3K'."""
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".") + unit
    return str(n)


class ActionRail(Widget):
    """Marks that show what this viewer did on the card."""

    liked: reactive[bool] = reactive(False)
    commented: reactive[bool] = reactive(False)
    shared: reactive[bool] = reactive(False)
    following: reactive[bool] = reactive(False)
    counts: reactive[tuple[int, int, int]] = reactive((0, 0, 0))
    """The audience's likes, comments and shares."""

    def render(self) -> Content:
        """Icon, count and label per action; catalog counts shown literally (never markup)."""
        likes, comments, shares = self.counts
        rows = [
            (
                "♥" if self.liked else "♡",
                f"{compact(likes + self.liked)}",
                "liked" if self.liked else "like",
                "bold $error" if self.liked else "",
            ),
            (
                "✎",
                compact(comments + self.commented),
                "commented" if self.commented else "comment",
                "bold $success" if self.commented else "",
            ),
            (
                "↗",
                compact(shares + self.shared),
                "shared" if self.shared else "share",
                "bold $success" if self.shared else "",
            ),
            (
                "✓" if self.following else "+",
                "",
                "following" if self.following else "follow",
                "bold $accent" if self.following else "",
            ),
        ]
        parts: list[tuple[str, str] | str] = []
        for icon, count, label, style in rows:
            # The counts come from the catalog's rows: made safe like any catalog text.
            parts.append((f"{icon} {clean(count)}".rstrip(" ") + "\n", style or "bold"))
            parts.append((f"{label}\n\n", style or "dim"))
        return Content.assemble(*parts)
