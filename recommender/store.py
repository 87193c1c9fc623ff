"""The one file that speaks SQL: tiktui's SQLite database through sqlite-utils.

Tables: `videos` (the catalog), `events` (append-only, every action, UTC
times: the truth), `views` (one row per card shown), `profile` (derived
scores, a cache rebuilt from events at will), `settings` (mutes and choices).
The schema's version is `PRAGMA user_version`; an older file is upgraded in
place, one small step per version, each inside a transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from .catalog import Catalog, Video
from .signals import View

DB_NAME = "tiktui.db"
BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another tiktui on the same file before giving up."""


class StoreError(Exception):
    """The database cannot be used; the message says what and where."""


class CorruptError(Exception):
    """The file is not a readable SQLite database."""


def _v1(db: sqlite_utils.Database) -> None:
    db["videos"].create({
        "id": str, "title": str, "caption": str, "creator": str, "genre": str, "hashtags": str,
        "sound": str, "duration_s": float, "uploaded_at": str, "views": int, "completion_rate": float,
        "likes": int, "shares": int, "comments": int, "mature": int, "related": str,
    }, pk="id")
    db["views"].create({
        "id": int, "video_id": str, "feed": str, "started_at": str, "ended_at": str, "dwell_ms": int,
        "watched_ms": int, "duration_ms": int, "watch_ratio": float, "loops": int, "liked": int,
        "shared": int, "commented": int, "followed": int, "not_interested": int, "reason": str, "source": str,
    }, pk="id")
    db["events"].create({"id": int, "ts": str, "view_id": int, "video_id": str, "action": str, "detail": str},
                        pk="id")
    db["events"].create_index(["view_id"])
    db["profile"].create({"kind": str, "value": str, "score": float, "weight": float}, pk=("kind", "value"))
    db["settings"].create({"key": str, "value": str}, pk="key")


def _v2(db: sqlite_utils.Database) -> None:
    # Which running tiktui wrote a row: two terminals on one file each keep their own views.
    db["views"].add_column("session", str)
    db["events"].add_column("session", str)
    db["views"].create_index(["video_id"])


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2]
"""Schema steps in order: step i takes a file from version i to version i+1."""
SCHEMA_VERSION = len(MIGRATIONS)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def create_private(path: Path) -> None:
    """Create `path` (and its folder) readable by this user only, if missing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


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
    def open(cls, path: str | Path, now: datetime | None = None) -> "Store":
        """Open (creating, upgrading) the database at `path`.

        A corrupt file is moved aside to `tiktui.db.corrupt-<UTC time>`, never
        deleted, and a fresh one started; `notice` says where it went.
        """
        path = Path(path)
        try:
            try:
                return cls._open(path)
            except CorruptError as err:
                stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
                aside = path.with_name(f"{path.name}.corrupt-{stamp}")
                for suffix in ("", "-wal", "-shm"):
                    part = Path(str(path) + suffix)
                    if part.exists():
                        part.rename(Path(str(aside) + suffix))
                store = cls._open(path)
                store.notice = f"{path} was damaged ({err}); it was moved to {aside} and a new one started"
                return store
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{path}: cannot be used as a tiktui database: {err}") from None
        except OSError as err:
            raise StoreError(f"{path}: cannot be opened: {err.strerror or err}; choose another place with "
                             "--data-dir or TIKTUI_DATA_DIR") from None
        except CorruptError as err:
            raise StoreError(f"{path}: damaged ({err}) and could not be replaced") from None

    @classmethod
    def _open(cls, path: Path) -> "Store":
        create_private(path)
        db = sqlite_utils.Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000))
        store = cls(db, path)
        try:  # connect's timeout is the busy timeout: a locked file is waited for, not called corrupt
            check = db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as err:
            db.close()
            if "locked" in str(err) or "busy" in str(err):
                raise
            raise CorruptError(str(err)) from None
        if check != "ok":
            db.close()
            raise CorruptError(check)
        try:
            store._setup()
        except BaseException:
            db.close()
            raise
        return store

    @classmethod
    def memory(cls) -> "Store":
        """A throwaway database in memory (tests, simulations)."""
        store = cls(sqlite_utils.Database(memory=True), None)
        store._setup()
        return store

    def _setup(self) -> None:
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.version > SCHEMA_VERSION:
            self.migrate()  # refuses, before WAL mode would touch the newer file
        if self.path is not None:
            self.db.enable_wal()
            # WAL with synchronous=NORMAL: a committed view survives a killed process.
            self.db.execute("PRAGMA synchronous = NORMAL")
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION, one step per transaction; refuse newer files."""
        version = self.version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer tiktui (schema {version}, this one knows {SCHEMA_VERSION}); "
                "left untouched: upgrade tiktui to open it")
        for step in range(version, SCHEMA_VERSION):
            with self.write():
                MIGRATIONS[step](self.db)
                self.db.execute(f"PRAGMA user_version = {step + 1}")

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One short write transaction; IMMEDIATE so a second tiktui waits its turn."""
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- the catalog ------------------------------------------------------------

    def video_count(self) -> int:
        return self.db["videos"].count

    def add_videos(self, videos: tuple[Video, ...] | list[Video]) -> int:
        """Add videos whose ids are new, all in one transaction; return how many.

        The ids are read inside the transaction: two tiktuis starting on a new
        file at once both seed the catalog, and the second finds it there.
        """
        with self.write():
            known = {row[0] for row in self.db.execute("SELECT id FROM videos")}
            rows = [_video_row(v) for v in videos if v.id not in known]
            self.db["videos"].insert_all(rows)
        return len(rows)

    def catalog(self) -> Catalog:
        """The catalog as stored."""
        return Catalog(tuple(_row_video(r) for r in self.db["videos"].rows_where(order_by="rowid")))

    # -- views and events ----------------------------------------------------------

    def start_view(self, video_id: str, feed: str, started_at: datetime, reason: str, source: str) -> int:
        """Record that a card is on screen; return its view id."""
        with self.write():
            view_id = self.db["views"].insert({
                "video_id": video_id, "feed": feed, "started_at": _iso(started_at), "reason": reason,
                "source": source, "session": self.session}).last_pk
            self._event(view_id, video_id, "show", started_at, reason)
        return view_id

    def add_event(self, view_id: int, video_id: str, action: str, at: datetime, detail: str | None = None) -> None:
        """Append one action, committed at once."""
        with self.write():
            self._event(view_id, video_id, action, at, detail)

    def _event(self, view_id: int, video_id: str, action: str, at: datetime, detail: str | None) -> None:
        self.db["events"].insert({"ts": _iso(at), "view_id": view_id, "video_id": video_id, "action": action,
                                  "detail": detail, "session": self.session})

    def finish_view(self, view_id: int, view: View, ended_at: datetime) -> None:
        """Close a view: its row and its `leave` event, in one transaction."""
        summary = {k: v for k, v in asdict(view).items() if k in ("duration_ms", "dwell_ms", "watched_ms", "loops")}
        with self.write():
            self.db["views"].update(view_id, {
                "ended_at": _iso(ended_at), "dwell_ms": view.dwell_ms, "watched_ms": view.watched_ms,
                "duration_ms": view.duration_ms, "watch_ratio": round(view.watch_ratio, 4), "loops": view.loops,
                "liked": int(view.liked), "shared": int(view.shared), "commented": int(view.commented),
                "followed": int(view.followed), "not_interested": int(view.not_interested)})
            self._event(view_id, view.video_id, "leave", ended_at, json.dumps(summary))

    def save_profile(self, rows: list[dict[str, Any]]) -> None:
        """Update the cached scores (derived from events; losing this write loses nothing)."""
        with self.write():
            self.db["profile"].upsert_all(rows, pk=("kind", "value"))

    def events(self) -> Iterator[dict[str, Any]]:
        """Every event in the order it happened."""
        return self.db["events"].rows_where(order_by="id")

    def recent_views(self, limit: int = 10) -> list[dict[str, Any]]:
        """The last finished views, newest first, with their video's title."""
        return list(self.db.query(
            "SELECT views.*, videos.title, videos.genre, videos.creator FROM views "
            "JOIN videos ON videos.id = views.video_id WHERE ended_at IS NOT NULL "
            "ORDER BY views.id DESC LIMIT ?", [limit]))

    def shown_ids(self) -> list[str]:
        """Ids of every video ever put on screen, oldest first."""
        return [r[0] for r in self.db.execute("SELECT video_id FROM views ORDER BY id")]

    def counts(self) -> dict[str, int]:
        row = self.db.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM events) FROM views").fetchone()
        return {"views": row[0], "events": row[1]}

    # -- settings -------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        rows = list(self.db["settings"].rows_where("key = ?", [key]))
        return json.loads(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.write():
            self.db["settings"].upsert({"key": key, "value": json.dumps(value)}, pk="key")


def _video_row(v: Video) -> dict[str, Any]:
    return {
        "id": v.id, "title": v.title, "caption": v.caption, "creator": v.creator, "genre": v.genre,
        "hashtags": json.dumps(list(v.hashtags), ensure_ascii=False), "sound": v.sound,
        "duration_s": v.duration_s, "uploaded_at": _iso(datetime.fromtimestamp(v.uploaded_at, timezone.utc)),
        "views": v.views, "completion_rate": v.completion_rate, "likes": v.likes, "shares": v.shares,
        "comments": v.comments, "mature": int(v.mature), "related": json.dumps(list(v.related)),
    }


def _row_video(r: dict[str, Any]) -> Video:
    return Video(r["id"], r["title"], r["caption"] or "", r["creator"], (r["genre"],),
                 tuple(json.loads(r["hashtags"] or "[]")), r["sound"], r["duration_s"],
                 datetime.fromisoformat(r["uploaded_at"].replace("Z", "+00:00")).timestamp(), r["views"], r["completion_rate"],
                 r["likes"], r["shares"], r["comments"], bool(r["mature"]), tuple(json.loads(r["related"] or "[]")))
