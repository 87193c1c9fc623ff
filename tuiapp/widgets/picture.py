"""The card's moving picture: a video's motif drawn in half-block cells through the Line API.

Each cell is "▀" with the top pixel as its colour and the bottom pixel as its
background, so a cell row holds two pixel rows. A frame is a pure function of
the video and its position (`motifs.frame`); the widget only decides *which*
frame the position means at the current motion setting, and redraws when that
changes, never in between.

On a swipe the new picture slides in over the old one inside the widget
(`slide`): each step serves the rows it already has at another height, so the
screen is repainted there but never laid out again, and the card's text over
the picture is readable from the first frame.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Literal

from rich.color import Color, ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.filter import ANSIToTruecolor, LineFilter
from textual.strip import Strip
from textual.widget import Widget

from recommender.video import Video

from . import motifs

Motion = Literal["full", "low", "off"]
MOTION_FPS: dict[str, int] = {"full": 15, "low": 5, "off": 0}
"""Frames a second for each `--motion`; "off" is one still frame, the video's first (t = 0)."""
CALM_FPS = 1
"""Under NO_COLOR the picture changes once a second ..."""
CALM_SLOW = 0.25
"""... and its motif moves at a quarter of its speed: a calm texture, never a flicker."""
SHADES = " ░▒▓"
"""The calm pattern's cells, from darkest to lightest level."""
SLIDE_SECONDS = 0.15
"""How long the next picture takes to slide in."""
WARM_AFTER = 1.0
"""Seconds after start-up that the picture begins making every genre's cells (`Picture._warm`) ..."""
WARM_STEP = 0.1
"""... one genre each this many seconds."""
HALF = "▀"
"""The top pixel is the glyph's colour, the bottom pixel its background."""

ColourMode = Literal["truecolor", "256", "calm"]


class Cells:
    """How one palette is drawn in one colour mode: the segment for a run of equal cells, made on first use.

    A cell is a pair of levels, `key = top * LEVELS + bottom`. Made once per
    genre and kept across cards and frames (at most 16 genres x 2 modes): its
    styles and segments are shared by every frame, so a frame creates almost
    no objects. In 256 colours, pairs that look the same get one key, so
    their cells merge into one run.
    """

    MAX_SEGMENTS = 50_000
    """Segments kept (one per key and run length seen); past this the cache starts afresh."""

    def __init__(self, colours: list[Color]) -> None:
        self.colours = colours
        level = [colours.index(c) for c in colours]  # each level as the first level of its colour
        first: dict[tuple[int, int], int] = {}
        self.canon = [
            first.setdefault((level[key // motifs.LEVELS], level[key % motifs.LEVELS]), key)
            for key in range(motifs.LEVELS**2)
        ]
        """For each key, the first key that looks the same (itself in true colour)."""
        self.styles: dict[int, Style] = {}
        self._segments: dict[int, Segment] = {}

    def segment(self, key: int, run: int) -> Segment:
        """`run` cells of `key`: "▀" in the top pixel's colour on the bottom pixel's colour."""
        index = key << 16 | run  # runs are shorter than 65,536 cells
        segment = self._segments.get(index)
        if segment is None:
            if len(self._segments) >= self.MAX_SEGMENTS:
                self._segments.clear()
            style = self.styles.get(key)
            if style is None:
                top, bottom = divmod(key, motifs.LEVELS)
                style = self.styles[key] = Style.from_color(self.colours[top], self.colours[bottom])
            segment = self._segments[index] = Segment(HALF * run, style)
        return segment


_CELLS: dict[tuple[str, str], Cells] = {}
"""Cells by (genre, colour mode)."""


def cells_for(genre: str, mode: str) -> Cells:
    """The (cached) cells for a genre's palette in "truecolor" or "256" mode."""
    key = (motifs.known_genre(genre), mode)
    cells = _CELLS.get(key)
    if cells is None:
        colours = [Color.from_rgb(*rgb) for rgb in motifs.palette(genre)]
        if mode == "256":
            colours = [colour.downgrade(ColorSystem.EIGHT_BIT) for colour in colours]
        cells = _CELLS[key] = Cells(colours)
    return cells


def half_block_row(top: list[int], bottom: list[int], cells: Cells) -> list[Segment]:
    """One cell row from two pixel rows: each run of cells that look the same is one segment."""
    levels, canon, segment = motifs.LEVELS, cells.canon, cells.segment
    keys = [canon[a * levels + b] for a, b in zip(top, bottom, strict=True)]
    segments: list[Segment] = []
    run, previous = 0, keys[0] if keys else 0
    for key in keys:
        if key != previous:
            segments.append(segment(previous, run))
            previous, run = key, 0
        run += 1
    if run:
        segments.append(segment(previous, run))
    return segments


def shade_row(levels: list[int], style: Style) -> list[Segment]:
    """One cell row of the calm pattern: a shade character per cell, no colour of its own."""
    scale = len(SHADES)
    text = "".join(SHADES[level * scale // motifs.LEVELS] for level in levels)
    return [Segment(text, style)] if text else []


def colour_mode_of(app: App) -> ColourMode:
    """How an app's terminal shows colour: "calm" under NO_COLOR (or none at all), else true or 256 colours."""
    system = app.console.color_system
    if app.no_color or system is None:
        return "calm"
    return "truecolor" if system == "truecolor" else "256"


class Picture(Widget):
    """A video's moving picture; the card calls `show(video)` once and `seek(position)` on each tick."""

    DEFAULT_CSS = """
    Picture {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.video: Video | None = None
        self.position = 0.0
        """Seconds into the video, as last given to `seek`."""
        self._motion: Motion = "full"
        self._colour_mode: ColourMode = "calm" if "NO_COLOR" in os.environ else "truecolor"
        """Read from the app on mount; until then from the environment."""
        self._frame = 0
        """The frame the position means at the current motion and colour mode."""
        self._key: tuple[object, ...] | None = None
        self._strips: list[Strip] = []
        self.frames_drawn = 0
        """How many frames of a video were built for the screen (a benchmark's and a test's counter)."""
        self._on_drawn: Callable[[], None] | None = None
        self._shift = 0
        """Rows the picture is drawn below (above, if negative) its place while it slides in."""
        self._slide = 0.0
        self._leaving: list[Strip] = []
        """The picture that was on screen when the slide began, moving out on the other side."""
        self._unwarmed: list[str] = []
        """Genres whose cells are yet to be made (`_warm`)."""

    # -- what the card calls -----------------------------------------------------------

    def show(self, video: Video) -> None:
        """Play a new video from its start: the next `render_line` draws its first frame."""
        self.video, self.position = video, 0.0
        self._frame = self._frame_at(0.0)
        self._key = None
        self.refresh()

    def slide(self, down: bool = False) -> None:
        """Before `show`: the next picture slides in from below (from above when `down`) in `SLIDE_SECONDS`.

        The picture on screen moves out on the other side. Only this widget is
        repainted on each step; nothing is laid out again.
        """
        height = self.content_size.height
        if not height:
            return
        self._leaving = self._strips if self._key is not None and len(self._strips) == height else []
        self._slide = 0.0
        self.slide_offset = float(-height if down else height)
        self.animate("slide_offset", 0.0, duration=SLIDE_SECONDS, easing="out_cubic")

    @property
    def slide_offset(self) -> float:
        """Rows from its place, while sliding in (0: in place)."""
        return self._slide

    @slide_offset.setter
    def slide_offset(self, rows: float) -> None:
        self._slide = rows
        shift = round(rows)
        if shift != self._shift:
            self._shift = shift
            if not shift:
                self._leaving = []
            self.refresh()

    def when_drawn(self, callback: Callable[[], None]) -> None:
        """Call `callback` once, when the current video's picture is next drawn for the terminal."""
        self._on_drawn = callback

    def seek(self, position_s: float) -> None:
        """Move to `position_s` seconds; repaint only if that is another frame (and only if on screen).

        Pausing (the same position), ticks within one frame and a hidden card
        cost a comparison; a hidden card is drawn afresh when it shows again.
        """
        self.position = position_s
        frame = self._frame_at(position_s)
        if frame != self._frame:
            self._frame = frame
            if self.is_on_screen:
                self.refresh()

    @property
    def motion(self) -> Motion:
        """ "full" (15 frames a second), "low" (5) or "off" (a still: the video's first frame)."""
        return self._motion

    @motion.setter
    def motion(self, motion: Motion) -> None:
        if motion not in MOTION_FPS:
            raise ValueError(f"motion is one of {', '.join(MOTION_FPS)}, not {motion!r}")
        self._motion = motion
        self._frame = self._frame_at(self.position)
        self.refresh()

    @property
    def fps(self) -> int:
        """Frames a second at the current motion and colour mode (0: a still frame)."""
        if self._motion == "off":
            return 0
        return CALM_FPS if self.colour_mode == "calm" else MOTION_FPS[self._motion]

    @property
    def colour_mode(self) -> ColourMode:
        """ "truecolor", "256" (also for 16-colour terminals) or "calm" (NO_COLOR, or no colour at all)."""
        return self._colour_mode

    def on_mount(self) -> None:
        self._colour_mode = colour_mode_of(self.app)
        self._frame = self._frame_at(self.position)
        self._unwarmed = sorted(motifs.GENRES)
        self.set_timer(WARM_AFTER, self._warm)

    def _warm(self) -> None:
        """One genre's cells made while the viewer looks at a card, one genre a step (a few ms each), so that
        the first card of each genre is not the one that pays for its colours' styles and segments."""
        width, height = self.content_size
        if not self._unwarmed or self.colour_mode == "calm" or not width or not height:
            return
        genre = self._unwarmed.pop()
        cells = cells_for(genre, self.colour_mode)
        pixels = motifs.FAMILIES[motifs.family_of(genre)](0).draw(0.0, width, height * 2)  # not kept in `motif`'s cache
        for i in range(height):
            half_block_row(pixels[2 * i], pixels[2 * i + 1], cells)
        self.set_timer(WARM_STEP, self._warm)

    def on_show(self) -> None:
        """Shown again (the window grew back, a screen closed): draw the frame the position means now."""
        self.refresh()

    def _frame_at(self, position_s: float) -> int:
        """The frame number `position_s` falls in, looping with the video's duration."""
        fps = self.fps
        if fps == 0 or self.video is None:
            return 0
        duration = self.video.duration_s
        if duration > 0:
            position_s %= duration
        return int(position_s * fps)

    # -- the Line API --------------------------------------------------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        """The app's filters but the ANSI-to-true-colour one, a no-op on the picture's colours.

        The picture's colours are exact RGB or 256-colour cube and grey indices
        chosen for the terminal, never theme ANSI colours, so converting them is
        a round trip that cost a fifth of the picture's time. NO_COLOR's
        monochrome filter and dimming still apply.
        """
        return [f for f in super().get_line_filters() if not isinstance(f, ANSIToTruecolor)]

    def render_line(self, y: int) -> Strip:
        """Line `y` of the current frame, built once per frame and size, then served from the cache."""
        width, height = self.content_size
        mode = self.colour_mode
        key = (self.video, self._frame, width, height, mode, self._motion)
        if key != self._key:
            self._strips = self._build(width, height, mode)
            self._key = key
            self.frames_drawn += bool(self._strips)
        if self._on_drawn is not None and self._strips:
            callback, self._on_drawn = self._on_drawn, None
            callback()
        shift = self._shift
        if 0 <= y - shift < len(self._strips):
            return self._strips[y - shift]
        if shift:  # the row is left to the picture sliding out
            y += height - shift if shift > 0 else -height - shift
            if 0 <= y < len(self._leaving):
                return self._leaving[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def _build(self, width: int, height: int, mode: ColourMode) -> list[Strip]:
        """All cell rows of the current frame."""
        if self.video is None or width <= 0 or height <= 0:
            return []
        video, fps = self.video, self.fps
        seed, genre = motifs.seed_of(video.id), video.genre
        t = self._frame / fps if fps else 0.0
        if mode == "calm":
            base = self.visual_style.rich_style
            rows = motifs.frame(seed, genre, t * CALM_SLOW, width, height)
            return [Strip(shade_row(row, base), width) for row in rows]
        cells = cells_for(genre, mode)
        pixels = motifs.frame(seed, genre, t, width, height * 2)
        return [Strip(half_block_row(pixels[2 * i], pixels[2 * i + 1], cells), width) for i in range(height)]
