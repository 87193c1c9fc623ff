"""The video card: one video, laid out like the apps people know."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from recommender.feed import Card

from ..safe_text import safe, safe_line
from .action_rail import ActionRail, compact
from .playback_bar import PlaybackBar

CAPTION_LIMIT = 300
"""Characters of a caption shown on the card; the rest is cut with an ellipsis."""
TITLE_LIMIT = 120
"""Characters of a title shown on the card."""
NAME_LIMIT = 60
"""Characters of a genre shown on the card."""
REASON_LIMIT = 160
"""Characters of the why-line (it names genres, creators, hashtags and sounds from the catalog)."""


def age_text(uploaded_at: float, now: float) -> str:
    seconds = max(0.0, now - uploaded_at)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit} ago"
    return "just now"


class VideoCard(Vertical):
    """Creator, the picture, caption with hashtags, sound, genre, why, playback bar and the rail."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="card-body"):
            with Vertical(id="card-main"):
                yield Static(id="creator", markup=False)
                yield Static(id="picture", markup=False)
                yield Static(id="caption", markup=False)
                yield Static(id="sound", markup=False)
                yield Static(id="genre", markup=False)
                yield Static(id="why", markup=False)
            yield ActionRail(id="rail")
        yield PlaybackBar(id="playback")

    def show(self, card: Card, now: float) -> None:
        """Render a new video: everything from the catalog (the reason too) as safe, literal Content."""
        v = card.video
        self.query_one("#creator", Static).update(
            safe_line(
                safe("@" + str(v.creator), "bold", limit=41),
                "  ·  ",
                age_text(v.uploaded_at, now),
                "  ·  ",
                f"{compact(v.views)} views",
                ("  [mature]" if v.mature else "", "$warning"),
            )
        )
        self.query_one("#picture", Static).update(
            Content("\n\n").join(
                [safe(v.title, "bold", limit=TITLE_LIMIT), safe(f"▶ {v.genre}", "italic", limit=NAME_LIMIT)]
            )
        )
        caption = safe(v.caption, limit=CAPTION_LIMIT).highlight_regex(r"#\w+", style="bold $accent")
        self.query_one("#caption", Static).update(caption)
        self.query_one("#sound", Static).update(safe_line(("♫ ", "bold"), safe(v.sound, limit=80)))
        self.query_one("#genre", Static).update(
            safe_line(
                ("genre ", "dim"),
                safe(v.genre, "bold", limit=NAME_LIMIT),
                ("   length ", "dim"),
                f"{v.duration_s:.0f}s",
            )
        )
        self.query_one("#why", Static).update(
            safe_line(("why this video: ", "dim"), safe(card.reason, limit=REASON_LIMIT))
        )
        rail = self.query_one(ActionRail)
        rail.counts = (v.likes, v.comments, v.shares)
        self.query_one(PlaybackBar).duration = v.duration_s
        self.tick(card)

    def tick(self, card: Card) -> None:
        """Update what moves: the playback bar and the rail's marks."""
        bar = self.query_one(PlaybackBar)
        bar.position, bar.loops, bar.paused = card.position_s, card.loops, card.paused
        rail = self.query_one(ActionRail)
        rail.liked, rail.commented, rail.shared, rail.following = (
            card.liked,
            card.commented,
            card.shared,
            card.following,
        )
