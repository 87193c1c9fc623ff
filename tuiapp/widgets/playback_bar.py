"""The playback bar: where the video is, how long it runs, how often it looped."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


def clock_text(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class PlaybackBar(Widget):
    """A one-line bar: ▶ ━━━━━━──── 0:12 / 0:45  ⟳ 2."""

    position: reactive[float] = reactive(0.0)
    """Seconds into the video."""
    duration: reactive[float] = reactive(1.0)
    loops: reactive[int] = reactive(0)
    paused: reactive[bool] = reactive(False)

    def render(self) -> Content:
        tail = f" {clock_text(self.position)} / {clock_text(self.duration)}"
        if self.loops:
            tail += f"  ⟳ {self.loops}"
        icon = "⏸ " if self.paused else "▶ "
        width = max(4, self.size.width - len(tail) - len(icon))
        done = min(width, int(width * self.position / max(self.duration, 0.001)))
        return Content.assemble(
            (icon, "bold"), ("━" * done, "$accent"), ("─" * (width - done), "$panel-lighten-2"), tail
        )
