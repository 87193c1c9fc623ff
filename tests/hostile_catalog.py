"""A catalog whose every text field carries terminal escapes, bidi controls and markup.

Written straight into the store (as an importer that bypasses the catalog
gate could), so what the UI does with it does not depend on the gate.
"""

from __future__ import annotations

from pathlib import Path

from recommender.store import Store
from recommender.video import Video

PAYLOADS = {
    "device attributes request": "\x1b[c",
    "OSC 0 title": "\x1b]0;pwned\x07",
    "OSC 2 title": "\x1b]2;pwned\x1b\\",
    "OSC 52 clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "OSC 8 hyperlink": "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "leave the alternate screen": "\x1b[?1049l",
    "erase the screen": "\x1b[2J",
    "C1 CSI": "\x9b2J",
    "C1 OSC": "\x9d0;x\x9c",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "pop isolate": "\u2069",
    "line separator": "\u2028",
    "bell": "\x07",
    "nul": "\x00",
    "markup action": "[@click=app.quit]x[/]",
    "markup style": "[b]",
}
HOSTILE = "".join(PAYLOADS.values())
"""Every payload in one string."""

GENRES = 3
CREATORS = 3
SOUNDS = 2


def hostile(k: int) -> str:
    """Every payload, starting from the `k`-th: fields cut to a length still show each one first somewhere."""
    values = list(PAYLOADS.values())
    k %= len(values)
    return "".join(values[k:] + values[:k])


def hostile_videos(n: int = 18, *, benign: bool = False) -> list[Video]:
    """`n` short videos over a few genres, creators and sounds; `benign` gives the same catalog in plain text."""

    def bad(k: int) -> str:
        return "" if benign else hostile(k)

    return [
        Video(
            id=f"v{i}",
            title=f"title {i}{bad(i)}",
            caption=f"caption {i}{bad(i + 1)} #tag{i % 4}{bad(i % 4 + 8)} #x{bad(0)}",
            creator=f"c{i % CREATORS}{bad(i % CREATORS + 2)}",
            genres=(f"g{i % GENRES}{bad(i % GENRES + 5)}",),
            hashtags=(f"tag{i % 4}{bad(i % 4 + 8)}", f"x{bad(0)}"),
            sound=f"s{i % SOUNDS}{bad(i % SOUNDS + 11)}",
            duration_s=5.0,
            uploaded_at=0.0,
            views=1000 + 97 * i,
            completion_rate=0.4 + 0.03 * i,
            likes=50 + i,
            shares=5 + i,
            comments=2 + i,
        )
        for i in range(n)
    ]


def write_catalog(data_dir: Path, *, benign: bool = False) -> Path:
    """A data dir whose tiktui.db holds only this catalog (so the shipped one is not added)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(data_dir / "tiktui.db")
    try:
        store.add_videos(hostile_videos(benign=benign))
    finally:
        store.close()
    return data_dir / "tiktui.db"
