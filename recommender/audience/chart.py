"""A video's reach over days as plain text: a bar of its new views per day, the stage under each bar.

Lines of characters only (no markup), so the CLI prints them and a Textual
`Static` shows them as `Text`.
"""

from __future__ import annotations

from ..words import plural
from .run import VideoLife

BLOCKS = " ▁▂▃▄▅▆▇█"
"""Eighths of a character cell: a bar's top."""
STAGE_MARK = {
    "trial": "T",
    "pushed wider": "W",
    "standard": "S",
    "held back": "H",
    "cooling": "C",
    "second chance": "2",
}
LEGEND = "T trial  W pushed wider  S standard  H held back (paused)  C cooling  2 second chance"


def reach_chart(life: VideoLife, height: int = 6) -> list[str]:
    """Lines drawing `life`'s new views per day as bars (`height` rows), with each day's number and stage.

    >>> from recommender.audience.run import DayFigures
    >>> days = [DayFigures(0, "trial", 4, 4, 9.0), DayFigures(1, "pushed wider", 12, 16, 9.5),
    ...         DayFigures(2, "held back", 0, 16, 9.5)]
    >>> print("\\n".join(reach_chart(VideoLife("v1", "ana", 0, days), height=3)))
    v1 by ana, posted day 0: 16 views, score 9.5
    new views per day
       12 │    ██
          │    ██
          │ ██ ██
        0 └─────────
      day    0  1  2
    stage    T  W  H
    >>> late = [DayFigures(d, "standard", 0, 0, 0.0) for d in range(98, 106)]
    >>> reach_chart(VideoLife("v2", "bo", 98, late))[-2]
    '  day        100            105'
    """
    days = life.days
    last = days[-1] if days else None
    head = f"{life.id} by {life.creator}, posted day {life.posted_day}: " + (
        f"{plural(last.views, 'view')}, score {last.score:.1f}" if last else "not on yet"
    )
    new = [d.views - (days[i - 1].views if i else 0) for i, d in enumerate(days)]
    top = max(new, default=0)
    label = f"{top:,}"
    pad = max(len(label), 5)
    lines = [head, "new views per day"]
    for row in range(height, 0, -1):
        cells = []
        for n in new:
            eighths = round(n / top * height * 8) if top else 0
            fill = min(8, max(0, eighths - (row - 1) * 8))
            if n and row == 1 and fill == 0:
                fill = 1  # a day with any views shows at least a sliver
            cells.append(f" {BLOCKS[fill] * 2}")
        lines.append((f"{label if row == height else '':>{pad}} │" + "".join(cells)).rstrip())
    lines.append(f"{'0':>{pad}} └" + "─" * (3 * len(new)))
    wide = bool(days) and days[-1].day >= 100  # three digits touch: then every fifth day is named
    lines.append(f"{'day':>{pad}}  " + "".join(f"{d.day if not wide or d.day % 5 == 0 else '':>3}" for d in days))
    lines.append(f"{'stage':>{pad}}  " + "".join(f"{STAGE_MARK.get(d.stage, '?'):>3}" for d in days))
    return lines
