"""The playback bar: where the video is, how long it runs, how often it looped."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


def clock_text(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def length_text(duration: float) -> str:
    """A video's length as the bar, the card and the pages show it: rounded to the second, so a 15.6 s video
    is 0:16 (and "16s") everywhere, while the position counts whole seconds up to it."""
    return clock_text(round(duration))


class PlaybackBar(Widget):
    """A one-line bar: ▶ ━━━━━━──── 0:12 / 0:45  ⟳ 2.

    The card sets the position 15 times a second, but the bar is repainted only when what it shows
    changes (a cell of progress, a second of the clock, a loop, a pause): the screen is not updated
    for nothing, and a key pressed meanwhile does not wait behind that update.
    """

    position: reactive[float] = reactive(0.0, repaint=False)
    """Seconds into the video."""
    duration: reactive[float] = reactive(1.0, repaint=False)
    loops: reactive[int] = reactive(0, repaint=False)
    paused: reactive[bool] = reactive(False, repaint=False)

    _shown: tuple[object, ...] | None = None
    """What the bar last showed (`_look`)."""

    def _look(self) -> tuple[str, str, int, int]:
        """(icon, clock and loops, progress bar width, cells done): the bar's text follows from these."""
        tail = f" {clock_text(self.position)} / {length_text(self.duration)}"
        if self.loops:
            tail += f"  ⟳ {self.loops}"
        icon = "⏸ " if self.paused else "▶ "
        width = max(4, self.size.width - len(tail) - len(icon))
        done = min(width, int(width * self.position / max(self.duration, 0.001)))
        return icon, tail, width, done

    def _changed(self) -> None:
        if self._look() != self._shown:
            self.refresh()

    watch_position = watch_duration = watch_loops = watch_paused = _changed

    def render(self) -> Content:
        icon, tail, width, done = self._shown = self._look()
        return Content.assemble(
            (icon, "bold"), ("━" * done, "$accent"), ("─" * (width - done), "$panel-lighten-2"), tail
        )
