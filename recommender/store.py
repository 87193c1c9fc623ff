"""The one file that speaks SQL: tiktui's SQLite database through sqlite-utils.

Tables: `videos` (the catalog), `events` (append-only, every action and
setting, UTC times: the truth), `views` (one row per card shown), `snapshot`
(the state replayed up to an event, to start fast; derived). Opening the
file, its privacy and its schema versions live in `dbfile.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from .dbfile import (
    SCHEMA_VERSION,
    CorruptError,
    StoreError,
    memory_database,
    open_database,
    reading,
    version,
    write_transaction,
)
from .signals import View
from .stored_index import COLUMNS, StoredIndex, content_key, insert_videos, refresh_meta, rerank, row_video
from .video import Catalog, Video

__all__ = ["SCHEMA_VERSION", "CorruptError", "Store", "StoreError"]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """tiktui's database: open it with `Store.open(path)`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self.session = ""
        """Written on every view and event: which running tiktui wrote the row."""
        self.notice = ""
        """A one-line message for the viewer about what happened at open (a file moved aside)."""

    @classmethod
    def open(cls, path: str | Path, now: datetime | None = None) -> Store:
        """Open (creating, upgrading) the database at `path`; see `dbfile.open_database`."""
        db, notice = open_database(Path(path), now)
        store = cls(db, Path(path))
        store.notice = notice
        return store

    @classmethod
    def memory(cls) -> Store:
        """A throwaway database in memory (tests, simulations)."""
        return cls(memory_database(), None)

    @property
    def version(self) -> int:
        return version(self.db)

    def write(self) -> AbstractContextManager[sqlite_utils.Database]:
        """One short write transaction (see `dbfile.write_transaction`)."""
        return write_transaction(self.db)

    def close(self) -> None:
        self.db.close()

    # -- the catalog ------------------------------------------------------------

    def video_count(self) -> int:
        return self.db.table("videos").count

    def add_videos(self, videos: tuple[Video, ...] | list[Video]) -> int:
        """Add videos whose ids are new, all in one transaction; return how many.

        The ids are read inside the transaction: two tiktuis starting on a new
        file at once both seed the catalog, and the second finds it there.
        """
        with self.write():
            known = {row[0] for row in self.db.execute("SELECT id FROM videos")}
            added = insert_videos(self.db.conn, (v for v in videos if v.id not in known))
            refresh_meta(self.db.conn)
        return added

    def known_as(self, video: Video) -> str | None:
        """The id under which `video` is already stored (its own, or that of a video with its content), or None."""
        row = self.db.execute(
            "SELECT id FROM videos WHERE id = ? UNION ALL SELECT id FROM videos WHERE ckey = ? LIMIT 1",
            [video.id, content_key(video)],
        ).fetchone()
        return row[0] if row else None

    def catalog(self) -> Catalog:
        """The whole catalog in memory (export, tests); CorruptError when its rows do not read back."""
        with reading("videos"):
            rows = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM videos ORDER BY rowid")
            return Catalog(tuple(row_video(row) for row in rows))

    def index(self) -> StoredIndex:
        """The catalog as a shelf the policy reads as it picks (see `stored_index`)."""
        with reading("videos"):
            index = StoredIndex(self.db.conn)
            if index.stale:  # ranked by an older verdict formula: rank again, once, under the write lock
                with self.write():
                    if StoredIndex(self.db.conn).stale:
                        rerank(self.db.conn)
                index = StoredIndex(self.db.conn)
        return index

    # -- views and events ----------------------------------------------------------

    def record(
        self,
        events: list[dict[str, Any]],
        *,
        finish: tuple[int, View, datetime] | None = None,
        open_view: dict[str, Any] | None = None,
    ) -> int | None:
        """Write one unit of work in one transaction: a finished view's row, events, a new view.

        `events` are dicts with ts (datetime), view_id, video_id, action and
        detail; each gets its row id back in `id`. With `open_view` (video_id,
        feed, started_at, reason, source) a view row is added and its `show`
        event appended last; its id is returned. Nothing is written unless
        everything is.
        """
        with self.write():
            if finish is not None:
                view_id, view, ended_at = finish
                self.db.table("views").update(
                    view_id,
                    {
                        "ended_at": _iso(ended_at),
                        "dwell_ms": view.dwell_ms,
                        "watched_ms": view.watched_ms,
                        "duration_ms": view.duration_ms,
                        "watch_ratio": round(view.watch_ratio, 4),
                        "loops": view.loops,
                        "liked": int(view.liked),
                        "shared": int(view.shared),
                        "commented": int(view.commented),
                        "followed": int(view.followed),
                        "not_interested": int(view.not_interested),
                    },
                )
            new_id = None
            if open_view is not None:
                new_id = (
                    self.db.table("views")
                    .insert({**open_view, "started_at": _iso(open_view["started_at"]), "session": self.session})
                    .last_pk
                )
                events = [
                    *events,
                    {
                        "ts": open_view["started_at"],
                        "view_id": new_id,
                        "video_id": open_view["video_id"],
                        "action": "show",
                        "detail": open_view["reason"],
                    },
                ]
            for event in events:
                event["id"] = (
                    self.db.table("events")
                    .insert(
                        {
                            "ts": _iso(event["ts"]),
                            "view_id": event["view_id"],
                            "video_id": event["video_id"],
                            "action": event["action"],
                            "detail": event.get("detail"),
                            "session": self.session,
                        }
                    )
                    .last_pk
                )
        return new_id

    def events(self, after: int = 0) -> Iterator[dict[str, Any]]:
        """Every event after the one numbered `after`, in the order it happened (CorruptError: damaged rows)."""
        with reading("events"):
            yield from self.db.table("events").rows_where("id > ?", [after], order_by="id")

    def last_event_id(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]

    def others_since(self, event_id: int) -> bool:
        """Whether another running tiktui has written events after `event_id`."""
        return (
            self.db.execute(
                "SELECT EXISTS (SELECT 1 FROM events WHERE id > ? AND session IS NOT ?)", [event_id, self.session]
            ).fetchone()[0]
            == 1
        )

    # -- the snapshot: the state replayed up to an event, to start fast -------------------

    def load_snapshot(self, fmt: int) -> tuple[int, str] | None:
        """(last event id, state) of the stored snapshot in format `fmt`, if there is one."""
        row = self.db.execute("SELECT last_event_id, state FROM snapshot WHERE id = 1 AND format = ?", [fmt]).fetchone()
        return (row[0], row[1]) if row else None

    def save_snapshot(self, last_event_id: int, fmt: int, state: str) -> None:
        """Keep the state replayed up to `last_event_id` (derived: losing it loses nothing)."""
        with self.write():
            self.db.table("snapshot").upsert(
                {"id": 1, "last_event_id": last_event_id, "format": fmt, "state": state}, pk="id"
            )

    def recent_views(self, limit: int = 10) -> list[dict[str, Any]]:
        """The last finished views, newest first, with their video's title."""
        return list(
            self.db.query(
                "SELECT views.*, videos.title, videos.genre, videos.creator FROM views "
                "JOIN videos ON videos.id = views.video_id WHERE ended_at IS NOT NULL "
                "ORDER BY views.id DESC LIMIT ?",
                [limit],
            )
        )

    def shown_ids(self) -> set[str]:
        """Ids of every video ever put on screen (read from the index on views.video_id alone)."""
        with reading("views"):
            return {r[0] for r in self.db.execute("SELECT DISTINCT video_id FROM views")}

    def counts(self) -> dict[str, int]:
        row = self.db.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM events) FROM views").fetchone()
        return {"views": row[0], "events": row[1]}
