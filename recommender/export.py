"""What an export holds: everything tiktui keeps about the viewer, gathered table by table from the store.

`gather(store, now)` reads, inside one read transaction (so every table is
of the same moment, whatever other tiktuis write meanwhile):

- `videos`: the catalog rows of the videos seen (those with a view), in the
  catalog's schema (README: "Adding videos"), not the whole catalog;
- `views` and `events`: every row, oldest first, exactly as stored (a view with `removed`: 1 when it was
  removed from the history);
- `settings`: the viewer's choices (the newest `set` of each), mutes, topics and follows;
- `profile`: what the learner learned, one row per genre, creator, hashtag,
  sound and length with its score (the offset the ranking adds), weight
  (how many faded views back it), level (what the viewer did on its videos
  beyond the audience) and the profile screen's reading of it (`standing`);
- `learned`: the whole state replayed from the events log, as a snapshot
  keeps it (`ViewerState.dump`), which `ViewerState.load` reads back.

No file is written here: a front end chooses the format and the place
(`tuiapp/data_export.py` writes JSON or CSV).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import __version__
from .feed import load_state
from .profile import SHRINK, length_words
from .replay import ViewerState
from .standing import standing
from .store import Store
from .video import FIELDS, Video

TABLES = ("videos", "views", "events", "settings", "profile")
"""The tables of an export, in the order they are written."""


@dataclass(frozen=True)
class Table:
    """One table of an export: its name, its columns, and its rows (values in `columns` order)."""

    name: str
    columns: tuple[str, ...]
    rows: Iterable[tuple[Any, ...]]
    """Read from the store as they are iterated: iterate them inside `gather`'s block, once."""
    count: int
    """How many rows the store holds for it (counted in the same read transaction)."""


@dataclass(frozen=True)
class Export:
    """Everything to export: where it comes from, the tables, and the replayed state."""

    about: dict[str, Any]
    tables: tuple[Table, ...]
    learned: dict[str, Any]

    @property
    def counts(self) -> dict[str, int]:
        return {t.name: t.count for t in self.tables}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def video_values(v: Video) -> tuple[Any, ...]:
    """A video as the catalog schema's fields (`FIELDS`), as an import reads them back."""
    uploaded = _iso(datetime.fromtimestamp(v.uploaded_at, UTC))
    return (
        v.id,
        v.title,
        v.caption,
        v.creator,
        v.genre,
        list(v.hashtags),
        v.sound,
        v.duration_s,
        uploaded,
        v.views,
        v.completion_rate,
        v.likes,
        v.shares,
        v.comments,
        v.mature,
        list(v.related),
    )


def settings_rows(state: ViewerState) -> list[tuple[str, Any]]:
    """The viewer's choices, then their mutes as [kind, value] pairs, their topics ({genre: more or less}) and the
    creators they follow: every choice the viewer made, where an export's reader looks for them."""
    return [
        *sorted(state.settings.items()),
        ("muted", [list(m) for m in sorted(state.muted)]),
        ("topics", dict(sorted(state.topics.items()))),
        ("following", sorted(state.profile.following)),
    ]


def profile_rows(state: ViewerState) -> list[tuple[str, str, float, float, float, str]]:
    """(kind, value, score, weight, level, reads) for every learned feature, kind by kind, best first."""
    profile = state.profile
    rows = []
    for kind in SHRINK:
        for value, score in profile.scores(kind):
            reads = standing(profile, kind, value)
            named = length_words(value) if kind == "length" else value  # "up to 10 s", as the profile screen says
            rows.append((kind, named, round(score, 6), round(reads.evidence, 6), round(reads.score, 6), reads.words))
    return rows


@contextmanager
def gather(store: Store, now: datetime) -> Iterator[Export]:
    """Everything tiktui keeps about the viewer, read at one moment; write it out inside the block."""
    index = store.index()  # may rank an older catalog again: a write, so before the read begins
    with store.read():
        state = load_state(store, index, keep_snapshot=False)
        views_columns, views = store.table_rows("views")
        events_columns, events = store.table_rows("events")
        counts = store.counts()
        settings, profile = settings_rows(state), profile_rows(state)
        videos = store.seen_videos()
        try:
            yield Export(
                about={
                    "tiktui": __version__,
                    "schema": store.version,
                    "data_file": str(store.path) if store.path else None,
                    "exported_at": _iso(now),
                },
                tables=(
                    Table("videos", FIELDS, map(video_values, videos), store.seen_video_count()),
                    Table("views", views_columns, views, counts["views"]),
                    Table("events", events_columns, events, counts["events"]),
                    Table("settings", ("key", "value"), settings, len(settings)),
                    Table("profile", ("kind", "value", "score", "weight", "level", "reads"), profile, len(profile)),
                ),
                learned=json.loads(state.dump()),
            )
        finally:  # rows a write that failed (a full disk) left unread: let go while the file is open
            for rows in (videos, views, events):
                rows.close()
