"""The video card: one video, laid out like the apps people know."""

from __future__ import annotations

import re
from typing import TypeVar, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from recommender.cards import Card

from ..safe_text import safe, safe_line
from .action_rail import ActionRail, compact
from .clamped import Clamped
from .in_place import put
from .meta_line import MetaLine
from .picture import Picture
from .playback_bar import PlaybackBar

CAPTION_LIMIT = 300
"""Characters of a caption shown on the card; the rest is cut with an ellipsis."""
TITLE_LIMIT = 120
"""Characters of a title shown on the card."""
NAME_LIMIT = 60
"""Characters of a genre shown on the card."""
REASON_LIMIT = 160
"""Characters of the why-line (it names genres, creators, hashtags and sounds from the catalog)."""


W = TypeVar("W", bound=Widget)


def age_text(uploaded_at: float, now: float) -> str:
    seconds = max(0.0, now - uploaded_at)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit} ago"
    return "just now"


FRAME_RATIO = 9 / 16 * 2
"""Columns per row of a 9:16 portrait frame: a terminal cell is about twice as tall as it is wide."""
COMMENT_LIMIT = 60
"""Characters of one of the viewer's comments shown on the card."""
BELOW_FRAME = 2
"""Rows beside the frame: why this video above it, the playback bar under it."""
WHY_COLUMNS = 56
"""Columns the why-line gets at least, when the window has them: its label and a reason of 40 characters."""
MIN_FRAME_WIDTH = 30
"""Columns the frame keeps when 9:16 would be narrower (an 80x24 window gave 21): the text over it gets 20
columns beside the rail, room for a creator's whole @name, where it used to be broken mid-name."""
SHORT_FRAME = 26
"""A frame shorter than this (a terminal under about 30 rows) gives its text fewer rows: the caption 2, the creator
and sound lines 1, the rail no gaps. At 80x24 the genre line and the rail's follow were cut off the frame."""


HASHTAG = re.compile(r"#(\w+)")
"""A hashtag in a caption."""


def click(action: str) -> Style:
    """A style that runs one of the feed screen's actions when clicked (the action never holds catalog text)."""
    return Style.from_meta({"@click": f"screen.{action}"})


def card_tags(caption: str, hashtags: tuple[str, ...]) -> list[str]:
    """The hashtags a card can open: the video's own, then any others its caption names.

    >>> card_tags("so good #noodles #new", ("noodles", "food"))
    ['noodles', 'food', 'new']
    """
    tags = list(dict.fromkeys(hashtags))
    for found in HASHTAG.findall(caption):
        if found not in tags:
            tags.append(found)
    return tags


def shown_caption(caption: str, hashtags: tuple[str, ...]) -> str:
    """The caption as the card shows it: the video's own hashtags that the caption does not name follow it, so
    every tag `#` opens is on the card (an imported caption need not repeat its hashtags, as the shipped ones do).

    >>> shown_caption("slurping noodles #late", ("noodles", "late", "food"))
    'slurping noodles #late #noodles #food'
    >>> shown_caption("", ("a",)), shown_caption("just this", ()), shown_caption("so #Good", ("good",))
    ('#a', 'just this', 'so #Good')
    """
    named = {tag.casefold() for tag in HASHTAG.findall(caption)}  # "#Pasta" in a caption names "pasta"
    missing = [f"#{h}" for h in dict.fromkeys(hashtags) if h.casefold() not in named]
    return " ".join([caption.rstrip(), *missing]).strip() if missing else caption


def linked_caption(caption: Content, tags: list[str]) -> Content:
    """The caption with each hashtag highlighted and opening its page when clicked."""
    for m in HASHTAG.finditer(caption.plain):
        if m.group(1) in tags:
            opens = click(f"page('hashtag', {tags.index(m.group(1))})")
            caption = caption.stylize("bold $accent", m.start(), m.end()).stylize(opens, m.start(), m.end())
    return caption


class VideoCard(Vertical):
    """A tall 9:16 frame with the moving picture; creator, caption and sound over its lower edge, the rail
    at its right edge; why this video above it, the playback bar under it."""

    tags: list[str] = []
    """The hashtags of the card on screen, in the order `page('hashtag', n)` opens them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._found: dict[str, Widget] = {}

    def _part(self, selector: str, kind: type[W]) -> W:
        """One of the card's parts, found once: a swipe changes a dozen of them, and a tick looks at three, 15
        times a second (each `query_one` walks the card's widgets)."""
        found = self._found.get(selector)
        if found is None:
            found = self._found[selector] = self.query_one(selector, kind)
        return cast(W, found)

    def line(self, name: str) -> Static:
        """The line of text with this id (creator, title, caption, comments, sound, genre, why)."""
        return self._part(f"#{name}", Static)

    @property
    def picture(self) -> Picture:
        return self._part("#picture", Picture)

    @property
    def playback(self) -> PlaybackBar:
        return self._part("#playback", PlaybackBar)

    @property
    def rail(self) -> ActionRail:
        return self._part("#rail", ActionRail)

    def compose(self) -> ComposeResult:
        yield Static(id="why", markup=False)
        with Vertical(id="frame"):
            yield Picture(id="picture")
            with Horizontal(id="overlay"):
                with Vertical(id="info"):
                    yield MetaLine(id="creator")  # its @name whole: the age and views go on past it, whole
                    yield Clamped(id="title", markup=False)
                    caption = Clamped(id="caption", markup=False)
                    caption.keep_tags = True  # cut, it keeps its hashtags in sight: the words give way
                    yield caption
                    yield Static(id="comments", markup=False)
                    yield Clamped(id="sound", markup=False)
                    yield Clamped(id="genre", markup=False)
                yield ActionRail(id="rail")
            yield Static(id="burst", markup=False)
        yield PlaybackBar(id="playback")

    def on_resize(self) -> None:
        """Keep the frame portrait: as tall as the card allows, 9:16 in pixels (but `MIN_FRAME_WIDTH` wide at
        least), centred. The why-line above it starts where the frame does (further left when that leaves it
        under `WHY_COLUMNS`) and runs to the card's right edge: as narrow as the frame, most reasons did not
        fit its one row."""
        height = max(1, self.size.height - BELOW_FRAME)
        self.set_class(height < SHORT_FRAME, "-short")  # the text's rows shrink: every line of it on screen
        width = max(1, min(self.size.width, max(MIN_FRAME_WIDTH, round(height * FRAME_RATIO))))
        left = (self.size.width - width) // 2  # centred by hand: the why-line is wider, so `align` cannot
        for widget in (self.query_one("#frame"), self.playback):
            widget.styles.width = width
            widget.styles.margin = (0, 0, 0, left)
        why = self.query_one("#why")
        why_left = max(0, min(left, self.size.width - WHY_COLUMNS))
        why.styles.width = max(1, self.size.width - why_left)
        why.styles.margin = (0, 0, 0, why_left)

    def slide_in(self, down: bool = False) -> None:
        """Before `show`: the next card's picture slides in from below (from above when going back) in about
        150 ms, the last one's moving out; its text is over it from the first frame."""
        self.picture.slide(down)

    def burst(self) -> None:
        """A short heart burst over the frame (a like)."""
        frame, heart = self.query_one("#frame"), self.query_one("#burst", Static)
        heart.styles.offset = (max(0, frame.size.width // 2 - 3), max(0, frame.size.height // 2 - 2))
        heart.update("♥")
        heart.add_class("-on")
        self.set_timer(0.15, lambda: heart.update("♥ ♥\n ♥ "))
        self.set_timer(0.6, lambda: heart.remove_class("-on"))

    def show(self, card: Card, now: float) -> None:
        """Render a new video: everything from the catalog (the reason too) as safe, literal Content."""
        v = card.video
        meta = self.query_one("#creator", MetaLine)
        put(
            meta,
            meta.show_parts(
                [
                    safe("@" + str(v.creator), "bold", limit=41).stylize(click("page('creator')")),
                    Content.styled("mature" if v.mature else "", "$warning"),
                    Content(age_text(v.uploaded_at, now)),
                    Content(f"{compact(v.views)} views"),
                ]
            ),
        )
        self.picture.show(v)
        put(self.line("title"), safe(v.title, "bold", limit=TITLE_LIMIT))
        self.tags = card_tags(v.caption, v.hashtags)
        caption = linked_caption(safe(shown_caption(v.caption, v.hashtags), limit=CAPTION_LIMIT), self.tags)
        self.line("caption").display = bool(caption.plain.strip())  # an empty one (a post without) took a blank row
        put(self.line("caption"), caption)
        put(
            self.line("sound"),
            safe_line(("♫ ", "bold"), safe(v.sound, limit=80)).stylize(click("page('sound')")),
        )
        put(
            self.line("genre"),
            safe_line(safe(v.genre, "bold", limit=NAME_LIMIT), (f" · {round(v.duration_s)}s", "dim")),
        )
        why = safe_line(("why this video: ", "dim"), safe(card.reason, limit=REASON_LIMIT))
        put(self.line("why"), why)
        rail = self.rail
        rail.counts = (v.likes, v.comments, v.shares)
        self.playback.duration = v.duration_s
        self.tick(card)

    def show_comments(self, comments: list[str]) -> None:
        """The viewer's own comments on this video (the newest two), under the caption; nothing when none."""
        line = self.line("comments")
        line.display = bool(comments)
        put(
            line,
            Content("\n").join(
                safe_line(("✎ you: ", "dim"), safe(text, "italic", limit=COMMENT_LIMIT)) for text in comments[-2:]
            ),
        )

    def tick(self, card: Card) -> None:
        """Update what moves: the picture, the playback bar and the rail's marks."""
        self.picture.seek(card.position_s)
        bar = self.playback
        bar.position, bar.loops, bar.paused = card.position_s, card.loops, card.paused
        rail = self.rail
        rail.liked, rail.commented, rail.shared, rail.following, rail.saved, rail.followable = (
            card.liked,
            card.commented,
            card.shared,
            card.following,
            card.saved,
            card.followable,
        )
