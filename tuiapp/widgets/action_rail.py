"""The action rail at the frame's right edge: like, comment, share, save, follow, with counts; each is clickable."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from ..safe_text import safe_line
from .in_place import put

UNITS = (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3))
"""Thousands, millions, billions, trillions (QA: a trillion views read "1000B")."""


def compact(n: int) -> str:
    """12345 -> '12.3K'.

    >>> compact(12345), compact(999), compact(2_500_000), compact(10**12)
    ('12.3K', '999', '2.5M', '1T')
    """
    for unit, size in UNITS:
        if n >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".") + unit
    return str(n)


def rail_count(n: int) -> str:
    """`compact`, at most four cells: the rail's icon and count share a row of six, and "♡ 10.4K" broke in two there
    (pushing the follow off a short card, and putting the like's count where a click opened the comment box).

    Rounded as `compact` rounds, so the rail and a page's "41K likes" agree (cut off, 40,954 read 40K on the rail).

    >>> rail_count(12345), rail_count(9876), rail_count(999), rail_count(254_600), rail_count(40_954)
    ('12K', '9.9K', '999', '255K', '41K')
    >>> rail_count(999_600), rail_count(9_960), rail_count(40_500), rail_count(10**12), rail_count(999_700_000_000)
    ('1M', '10K', '41K', '1T', '1T')
    """
    for bigger, (unit, size) in zip(("", *(u for u, _ in UNITS[:-1])), UNITS, strict=True):  # the unit above
        if n >= size:
            if n < 10 * size:
                return compact(n)
            shown = int(n / size + 0.5)  # halves up, as a page's 40.5K reads 41K here (`round` gave 40K: to even)
            return f"{shown}{unit}" if shown < 1000 or not bigger else f"1{bigger}"
    return str(n)


class RailButton(Static):
    """One action of the rail: an icon over a count; a click does what its key does."""

    @dataclass
    class Pressed(Message):
        """The viewer clicked a rail button; `action` is the feed's action name (like, comment ...)."""

        action: str

    def __init__(self, action: str) -> None:
        super().__init__(id=f"rail-{action}", markup=False)
        self.action = action

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Pressed(self.action))


class ActionRail(Vertical):
    """Marks that show what this viewer did on the card, over the audience's counts."""

    # The rail draws nothing itself: its buttons repaint when their text changes (`_paint`), so a new value does
    # not repaint the rail as well (each of the rail's repaints cost a tenth of the screen update after a swipe).
    liked: reactive[bool] = reactive(False, repaint=False)
    commented: reactive[bool] = reactive(False, repaint=False)
    shared: reactive[bool] = reactive(False, repaint=False)
    following: reactive[bool] = reactive(False, repaint=False)
    saved: reactive[bool] = reactive(False, repaint=False)
    followable: reactive[bool] = reactive(True, repaint=False)
    """Off on the viewer's own video: "+ follow" there only said "@you is you" (QA)."""
    counts: reactive[tuple[int, int, int]] = reactive((0, 0, 0), repaint=False)
    """The audience's likes, comments and shares."""

    def compose(self) -> ComposeResult:
        for action in ("like", "comment", "share", "save", "follow"):
            yield RailButton(action)

    def watch_liked(self) -> None:
        self._paint()

    watch_commented = watch_shared = watch_following = watch_saved = watch_counts = watch_followable = watch_liked

    def _paint(self, mounting: bool = False) -> None:
        if not (mounting or self.is_mounted):  # a value set before the buttons exist: `on_mount` paints it
            return
        likes, comments, shares = self.counts
        rows = {
            "like": ("♥" if self.liked else "♡", rail_count(likes + self.liked), "bold $error" if self.liked else ""),
            "comment": ("✎", rail_count(comments + self.commented), "bold $success" if self.commented else ""),
            "share": ("↗", rail_count(shares + self.shared), "bold $success" if self.shared else ""),
            "save": ("★" if self.saved else "☆", "save", "bold $warning" * self.saved),  # the star says it is on
            "follow": ("✓" if self.following else "+", "follow", "bold $accent" if self.following else ""),
        }
        for button in self.query(RailButton):
            icon, count, style = rows[button.action]
            put(button, safe_line((icon, style or "bold"), "\n", (count, style or "")))
            button.set_class(bool(style), "-on")
            if button.action == "follow":
                button.display = self.followable

    def on_mount(self) -> None:
        # `is_mounted` is still False here: without `mounting`, a first card whose values were the defaults (a new
        # post: no likes, comments or shares) showed an empty rail until one of them changed.
        self._paint(mounting=True)

    def text(self) -> str:
        """What the rail shows, as plain text (for tests and screen readers)."""
        return " ".join(str(button.visual) for button in self.query(RailButton))
