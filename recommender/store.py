"""tiktui's SQLite database: what the app reads and writes, through the plain sqlite3 module.

Tables: `videos`, `video_tags` and `catalog_meta` (the catalog and its lists:
`stored_index.py` holds their SQL), `events` (append-only, every action and
setting, UTC times: the truth), `views` (one row per card shown), `snapshot`
(the state replayed up to an event, to start fast; derived). Opening the
file, its privacy and its schema versions live in `dbfile.py`; sqlite-utils
is used there for upgrades, and through `Store.db` for the rest.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import search_index
from .dbfile import (
    BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    CorruptError,
    FileGone,
    StoreError,
    memory_database,
    open_database,
    open_read_only,
    reading,
    version,
    write_transaction,
)
from .replay import CONTROLS
from .signals import COMPLETE_RATIO, View
from .stored_index import (
    COLUMNS,
    Import,
    SeenVideos,
    StoredIndex,
    content_key,
    read_meta,
    refresh_meta,
    rerank,
    row_video,
    video_row,
)
from .video import Catalog, Video

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["SCHEMA_VERSION", "CorruptError", "Store", "StoreError"]


SEEN_ROW = 2
"""The `snapshot` row that keeps what is known of the videos seen (`keep_seen`; row 1 is the viewer's state):
`state` holds {"last_view", "videos": how many had a view up to it, "catalog": the index's fingerprint,
"fronts": [[kind, value, token...], ...]}."""
SEEN_FORMAT = 1
KEPT_FRONTS = 500
"""Seen fronts kept between sessions: those of the lists read last."""
_SEEN_SINCE = (
    "SELECT (SELECT MAX(id) FROM views), "
    "(SELECT COUNT(DISTINCT w.video_id) FROM views w WHERE w.id > :last "
    "AND NOT EXISTS (SELECT 1 FROM views o WHERE o.video_id = w.video_id AND o.id <= :last)), "
    "NOT EXISTS (SELECT 1 FROM views WHERE id = :last)"
)
"""(newest view, videos first seen after view `last`, whether view `last` is missing)."""
_SEEN = "id IN (SELECT video_id FROM views) OR id IN (SELECT video_id FROM events WHERE action = 'post')"
"""The videos an export holds: those seen, and the viewer's posts that passed into the catalog."""


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _identity(path: Path | None, unknown: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The device and inode of the file at `path` (None: no path, or no file there); `unknown` when it cannot be
    told (the folder unreadable, a network file system's error): only a file gone or another in its place is a
    stop, never a `stat` that failed (review)."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return unknown
    return info.st_dev, info.st_ino


_TAUGHT = " OR ".join(
    [
        "COALESCE(json_extract(e.detail, '$.skippable'), 1)",
        "json_extract(e.detail, '$.loops') > 0",
        *(
            f"json_extract(e.detail, '$.{flag}')"
            for flag in ("liked", "shared", "commented", "followed", "saved", "not_interested")
        ),
        f"json_extract(e.detail, '$.watched_ms') >= {COMPLETE_RATIO} * json_extract(e.detail, '$.duration_ms') "
        "AND json_extract(e.detail, '$.duration_ms') > 0",
    ]
)
_CENSORED = (
    "EXISTS (SELECT 1 FROM events e WHERE e.view_id = views.id AND e.action = 'leave') "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.view_id = views.id AND e.action = 'leave' "
    f"AND COALESCE(json_extract(e.detail, '$.seen'), 1) AND ({_TAUGHT}))"
)
"""A view that taught nothing, in SQL: every leave of it was `View.censored` (first left by navigation, so not
`skippable`, not seen to the end, nothing done on it), read from the leaves' details as the replay reads them; one
leave that taught (`ViewerState._leave`) makes it a view for good, as an amend keeps it."""


class Store:
    """tiktui's database: open it with `Store.open(path)`.

    What the app does on every start and swipe goes through the plain
    `sqlite3` connection (`conn`); `db` wraps the same connection in
    sqlite-utils for the rest (export, tests), imported only when asked for.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self.session = ""
        """Written on every view and event: which running tiktui wrote the row."""
        self.notice = ""
        """A one-line message for the viewer about what happened at open (a file moved aside)."""
        self.tell: Callable[[str], None] | None = None
        """Hears a line before a step that takes long with a big catalog (see `open`)."""
        self._identity = _identity(path)
        """The file opened (its device and inode): a write checks it is still the one at `path` (`write`)."""

    @classmethod
    def open(
        cls,
        path: str | Path,
        now: datetime | None = None,
        tell: Callable[[str], None] | None = None,
        set_aside: bool = True,
    ) -> Store:
        """Open (creating, upgrading) the database at `path`; see `dbfile.open_database` (and its `set_aside`).
        `tell` hears a line before a step that takes long with a big catalog (an upgrade of the file, ranking the
        catalog again)."""
        db, notice, aside = open_database(Path(path), now, tell, set_aside)
        store = cls(db, Path(path))
        store.notice = notice
        store.tell = tell
        if aside is None and set_aside:
            from .salvage import pending

            aside = pending(Path(path))  # a copy that stopped (a full disk, a kill): it goes on
        if aside is not None:  # the new file gets what reads of the damaged one
            try:
                copied = store.copy_from(aside)
            except StoreError as err:
                store.close()
                raise StoreError("; ".join(filter(None, [notice, str(err)]))) from None
            store.notice = "; ".join(filter(None, [notice, copied]))
        return store

    def copy_from(self, damaged: Path) -> str:
        """Copy what reads of the damaged file `damaged` into this new one (`salvage.salvage`); return how the
        notice about it goes on. A mark beside the file names `damaged` until the copy is whole, so the next start
        goes on with a copy that stopped; StoreError (one line) when it stops now (a full disk)."""
        from .salvage import mark, salvage, unmark

        assert self.path is not None
        if self.tell is not None:
            self.tell(f"reading what can be read of {damaged}")
        try:
            mark(self.path, damaged)
            copied = salvage(damaged, self).line()
            unmark(self.path)
        except (sqlite3.Error, OSError, CorruptError) as err:
            raise StoreError(
                f"copying what reads of {damaged} into {self.path} stopped ({err}); nothing of it is lost: start "
                "tiktui again to go on"
            ) from None
        return copied

    @classmethod
    def open_read_only(cls, path: str | Path) -> Store:
        """The data file for reading alone (see `dbfile.open_read_only`): an export from a file that cannot be
        written to."""
        return cls(open_read_only(Path(path)), Path(path))

    @classmethod
    def memory(cls) -> Store:
        """A throwaway database in memory (tests, simulations)."""
        return cls(memory_database(), None)

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @property
    def version(self) -> int:
        return version(self.conn)

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One short write transaction (see `dbfile.write_transaction`); FileGone when the file at `path` is no
        longer the one opened: SQLite writes on into a deleted file, and everything done after an `rm` of the data
        file while tiktui ran was lost without a word (QA)."""
        if self._identity is not None and _identity(self.path, self._identity) != self._identity:
            raise FileGone(
                f"{self.path} is no longer the file tiktui opened (moved, deleted or replaced while it ran); "
                "your last action was not saved: start tiktui again"
            )
        return write_transaction(self.conn)

    def close(self) -> None:
        self.conn.close()

    # -- the catalog ------------------------------------------------------------

    def video_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM videos").fetchone()[0]

    def add_videos(self, videos: tuple[Video, ...] | list[Video]) -> int:
        """Add the videos whose id and content are new, in one transaction; return how many.

        Two tiktuis starting on a new file at once both seed the catalog: the
        second finds the videos there (see `import_videos`).
        """
        return self.import_videos([list(videos)])[0]

    def import_videos(
        self, batches: Iterable[list[Video]], finishing: Callable[[], None] | None = None
    ) -> tuple[int, list[str]]:
        """Add every video whose id and content are new, all in one transaction; return (added, lines on the rest).

        `batches` may raise (a bad row found late in a file): nothing is then
        written. See `stored_index.Import` for how a big import stays fast;
        `finishing` is called once every row is in, before its indexes are built.
        """
        return self.import_rows(self.video_rows(batches), finishing)

    @staticmethod
    def video_rows(batches: Iterable[list[Video]]) -> Iterator[list[tuple[Any, ...]]]:
        """Batches of videos as batches of the rows `import_rows` takes."""
        return ([video_row(v, content_key(v)) for v in batch] for batch in batches)

    def import_rows(
        self,
        batches: Iterable[list[tuple[Any, ...]]],
        finishing: Callable[[], None] | None = None,
        *,
        search_later: bool = False,
    ) -> tuple[int, list[str]]:
        """`import_videos` of rows as `stored_index.video_row` makes them (an import makes them as it reads).

        `search_later`: a big import commits its videos without putting them in
        search's index (the slowest part); `build_search` adds them after.
        """
        job = Import(self.conn)
        try:
            with self.write():
                for batch in batches:
                    job.add(batch)
                if finishing is not None:
                    finishing()
                job.finish(search_later)
        finally:
            job.settle()
        return job.added, job.skipped

    def search_progress(self) -> tuple[int, int] | None:
        """(videos in search's index, videos in the catalog) while an import's videos are still being added to
        it; None when it holds them all (see `search_index.build_step`)."""
        return search_index.progress(self.conn)

    def build_search(
        self,
        stop: Callable[[], bool] = lambda: False,
        progress: Callable[[int, int], None] | None = None,
        rows: int = search_index.CHUNK,
        *,
        copy_beside: bool = False,
    ) -> bool:
        """Add the videos an import left out to search's index, `rows` at a time, each step its own transaction,
        until it holds them all (True) or `stop()` says to (False: what is done stays done, and the next call
        goes on from there). `progress(indexed, catalog)` is told after each step; once every video is in,
        while the index's parts are merged, `indexed` equals `catalog`.

        `copy_beside`: the write-ahead log is copied into the database file by
        a thread of its own meanwhile (SQLite's checkpoint, on a connection of
        its own, on the second core), not by each step's commit.
        """
        total = 0
        with self._checkpoints_beside(copy_beside):
            while not stop():
                with self.write():
                    more = search_index.build_step(self.conn, rows)
                    left = search_index.progress(self.conn) if more else None
                if not more:
                    return True
                if progress is not None:
                    total = left[1] if left else total
                    progress(*(left or (total, total)))
        return False

    @contextmanager
    def _checkpoints_beside(self, on: bool) -> Iterator[None]:
        """While inside, a thread copies the write-ahead log into the file, and this connection's commits leave
        that to it (nothing when not `on`, or in memory)."""
        if not on or self.path is None:
            yield
            return
        import threading

        done = threading.Event()

        def copy(path: str) -> None:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                while not done.wait(0.25):
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:  # a lost shortcut: the commits after it copy the log again
                pass
            finally:
                conn.close()

        automatic = self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        thread = threading.Thread(target=copy, args=(str(self.path),), name="checkpoint", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {automatic}")

    def catalog(self) -> Catalog:
        """The whole catalog in memory (export, tests); CorruptError when its rows do not read back."""
        with reading("videos"):
            rows = self.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM videos ORDER BY rowid")
            return Catalog(tuple(row_video(row) for row in rows))

    def index(self) -> StoredIndex:
        """The catalog as a shelf the policy reads as it picks (see `stored_index`)."""
        with reading("videos"):
            index = StoredIndex(self.conn)
            if index.damaged:  # what a pick needs of the whole catalog, worked out from the videos again
                with self.write():
                    refresh_meta(self.conn)
                index = StoredIndex(self.conn)
            if index.stale:  # ranked by an older verdict formula: rank again, once, under the write lock
                with self.write():
                    if StoredIndex(self.conn).stale:
                        if self.tell is not None:
                            self.tell(
                                f"ranking the catalog's {index.count:,} videos again for this version of tiktui "
                                "(once: a minute or more with a million videos)"
                            )
                        rerank(self.conn)
                index = StoredIndex(self.conn)
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
                self.conn.execute(
                    "UPDATE views SET ended_at = ?, dwell_ms = ?, watched_ms = ?, duration_ms = ?, watch_ratio = ?, "
                    "loops = ?, liked = ?, shared = ?, commented = ?, followed = ?, not_interested = ? WHERE id = ?",
                    [
                        _iso(ended_at),
                        view.dwell_ms,
                        view.watched_ms,
                        view.duration_ms,
                        round(view.watch_ratio, 4),
                        view.loops,
                        int(view.liked),
                        int(view.shared),
                        int(view.commented),
                        int(view.followed),
                        int(view.not_interested),
                        view_id,
                    ],
                )
            new_id = None
            if open_view is not None:
                new_id = self.conn.execute(
                    "INSERT INTO views (video_id, feed, started_at, reason, source, session) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        open_view["video_id"],
                        open_view["feed"],
                        _iso(open_view["started_at"]),
                        open_view["reason"],
                        open_view["source"],
                        self.session,
                    ],
                ).lastrowid
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
                self._insert_event(event)
                if event["action"] == "undo":  # the view's row says what stands: its "not interested" taken back
                    self.conn.execute("UPDATE views SET not_interested = 0 WHERE id = ?", [event["view_id"]])
        return new_id

    def _insert_event(self, event: dict[str, Any]) -> None:
        """Append one event (inside the caller's write transaction); its row id goes into `id`."""
        event["id"] = self.conn.execute(
            "INSERT INTO events (ts, view_id, video_id, action, detail, session) VALUES (?, ?, ?, ?, ?, ?)",
            [
                _iso(event["ts"]),
                event["view_id"],
                event["video_id"],
                event["action"],
                event.get("detail"),
                self.session,
            ],
        ).lastrowid

    def events(self, after: int = 0) -> Iterator[dict[str, Any]]:
        """Every event after the one numbered `after`, in the order it happened (CorruptError: damaged rows)."""
        with reading("events"):
            cursor = self.conn.execute(
                "SELECT id, ts, view_id, video_id, action, detail, session FROM events WHERE id > ? ORDER BY id",
                [after],
            )
            names = [d[0] for d in cursor.description]
            for row in cursor:
                yield dict(zip(names, row, strict=True))

    def last_event_id(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0]

    def news_since(self, event_id: int) -> tuple[int, bool]:
        """The newest event's id, and whether another running tiktui wrote any after `event_id` (one read)."""
        last, others = self.conn.execute(
            "SELECT COALESCE(MAX(id), ?), COALESCE(MAX(session IS NOT ?), 0) FROM events WHERE id > ?",
            [event_id, self.session, event_id],
        ).fetchone()
        return last, bool(others)

    def control_events(self) -> Iterator[dict[str, Any]]:
        """The events of the viewer's controls, in order: mutes and keyword filters, topics, settings (restricted mode,
        the passcode ...), follows."""
        with reading("events"):
            cursor = self.conn.execute(
                "SELECT id, ts, view_id, video_id, action, detail, session FROM events "
                f"WHERE action IN ({', '.join('?' * len(CONTROLS))}) ORDER BY id",
                list(CONTROLS),
            )
            names = [d[0] for d in cursor.description]
            for row in cursor:
                yield dict(zip(names, row, strict=True))

    def others_since(self, event_id: int) -> bool:
        """Whether another running tiktui has written events after `event_id`."""
        return (
            self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM events WHERE id > ? AND session IS NOT ?)", [event_id, self.session]
            ).fetchone()[0]
            == 1
        )

    # -- the viewer's posts (`posting.py`) ---------------------------------------------------

    def posting_events(self) -> Iterator[dict[str, Any]]:
        """The events posting replays: every `post`, and the `set` of the handle and the review word list."""
        with reading("events"):
            cursor = self.conn.execute(
                "SELECT id, ts, view_id, video_id, action, detail, session FROM events WHERE action = 'post' "
                "OR (action = 'set' AND (detail LIKE '[\"handle\",%' OR detail LIKE '[\"review_words\",%')) "
                "ORDER BY id"
            )
            names = [d[0] for d in cursor.description]
            for row in cursor:
                yield dict(zip(names, row, strict=True))

    def post(self, event: dict[str, Any], video: Video | None = None, first: tuple[dict[str, Any], ...] = ()) -> None:
        """Write a posting event (after the events `first`: the handle it is posted under) and, for a post that
        passed, its video into the catalog: one transaction.

        The video joins the catalog as an import's row does (its lists, its
        hashtags, the search index); the catalog's count and genres are
        brought up to date, its median completion left as it was (one video
        moves it by at most one place).
        """
        with self.write():
            if video is not None:
                job = Import(self.conn)
                job.add([video_row(video, content_key(video))])
                if job.skipped:
                    raise ValueError(job.skipped[0])  # checked before: another tiktui added it meanwhile
                job.index_search()
                meta = read_meta(self.conn)
                if meta is None:  # damaged: made again from the videos, the new one among them
                    refresh_meta(self.conn)
                else:
                    genres = sorted({*meta.get("genres", []), video.genre})
                    self.conn.executemany(
                        "INSERT OR REPLACE INTO catalog_meta (key, value) VALUES (?, ?)",
                        [("count", json.dumps(meta.get("count", 0) + 1)), ("genres", json.dumps(genres))],
                    )
            for earlier in first:
                self._insert_event(earlier)
            self._insert_event(event)

    def genres(self) -> list[str]:
        """The catalog's genres (`catalog_meta`), sorted."""
        meta = read_meta(self.conn)
        if meta is None:  # damaged (`index` makes it again): the videos say it
            return sorted(r[0] for r in self.conn.execute("SELECT DISTINCT genre FROM videos"))
        return sorted(meta.get("genres", []))

    def has_video(self, video_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM videos WHERE id = ?", [video_id]).fetchone() is not None

    def creator_videos(self, creator: str, limit: int = 50) -> list[str]:
        """Ids of up to `limit` catalog videos by `creator`, in any capitals (Arjun.Clay is arjun.clay to a reader):
        a whole read of the catalog, for the rare setting of a handle."""
        rows = self.conn.execute("SELECT id FROM videos WHERE creator = ? COLLATE NOCASE LIMIT ?", [creator, limit])
        return [r[0] for r in rows]

    def same_content(self, video: Video) -> tuple[str, str] | None:
        """(id, title) of a catalog video with the same title, creator and length (its content key), if any."""
        return self.conn.execute("SELECT id, title FROM videos WHERE ckey = ?", [content_key(video)]).fetchone()

    # -- the snapshot: the state replayed up to an event, to start fast -------------------

    def load_snapshot(self, fmt: int) -> tuple[int, str] | None:
        """(last event id, state) of the stored snapshot in format `fmt`, if there is one."""
        row = self.conn.execute(
            "SELECT last_event_id, state FROM snapshot WHERE id = 1 AND format = ?", [fmt]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def save_snapshot(self, last_event_id: int, fmt: int, state: str) -> None:
        """Keep the state replayed up to `last_event_id` (derived: losing it loses nothing)."""
        with self.write():
            self.conn.execute(
                "INSERT OR REPLACE INTO snapshot (id, last_event_id, format, state) VALUES (1, ?, ?, ?)",
                [last_event_id, fmt, state],
            )

    def views_since(self, moment: datetime) -> list[tuple[str, int]]:
        """(started_at, dwell_ms) of the finished views shown from `moment` on, newest first.

        Read backwards by row id and stopped a day before `moment` (views are
        written in the order they are shown; a day covers clocks that disagree),
        so a week's figures cost a week's rows, however long the history.
        """
        bound, stop = _iso(moment), _iso(moment - timedelta(days=1))
        out = []
        with reading("views"):
            for started_at, dwell_ms, ended_at in self.conn.execute(
                "SELECT started_at, dwell_ms, ended_at FROM views ORDER BY id DESC"
            ):
                if started_at < stop:
                    break
                if ended_at is not None and started_at >= bound:
                    out.append((started_at, dwell_ms or 0))
        return out

    def last_views(self, limit: int) -> list[View]:
        """The last `limit` finished views as the learner reads them, oldest first: those removed from the history
        left out, as they are out of what was learned (QA: "Views 1" on the profile beside "100% of the last 10
        cards" stayed on, all 10 of them removed), and so are those left by navigation a moment in
        (`View.censored`: five starts, each quit a second in, read "50% of the last 10 cards", QA)."""
        with reading("views"):
            rows = self.conn.execute(
                "SELECT video_id, duration_ms, dwell_ms, watched_ms, loops, liked, shared, commented, followed, "
                f"not_interested FROM views WHERE ended_at IS NOT NULL AND NOT ({_CENSORED}) AND id NOT IN "
                "(SELECT view_id FROM events WHERE action = 'forget_view' AND view_id IS NOT NULL) "
                "ORDER BY id DESC LIMIT ?",
                [limit],
            ).fetchall()
        return [
            View(vid, dur or 0, dwell or 0, watched or 0, loops or 0, *(bool(f) for f in flags))
            for vid, dur, dwell, watched, loops, *flags in reversed(rows)
        ]

    def last_shown(self, limit: int) -> list[str]:
        """The videos of the last `limit` cards put on screen, oldest first (a video seen again is there again)."""
        with reading("views"):
            rows = self.conn.execute("SELECT video_id FROM views ORDER BY id DESC LIMIT ?", [limit]).fetchall()
        return [vid for (vid,) in reversed(rows)]

    def last_view_id(self, before: int | None = None) -> int:
        """The newest view's id (before the view numbered `before`, if given); 0 when there is none."""
        row = self.conn.execute("SELECT MAX(id) FROM views WHERE id < ?", [before or 2**62]).fetchone()
        return row[0] or 0

    def shared_or_commented(self, video_id: str, other_than: int, removed: Collection[int] = ()) -> tuple[bool, bool]:
        """Whether a view of `video_id` other than view `other_than` (nor one of `removed`, taken out of the history)
        was shared, and one commented on (indexed)."""
        sql = "SELECT id, shared, commented FROM views WHERE video_id = ? AND id <> ? AND (shared OR commented)"
        with reading("views"):
            rows = [(s, c) for i, s, c in self.conn.execute(sql, [video_id, other_than]) if i not in removed]
        return any(s for s, _ in rows), any(c for _, c in rows)

    def comments(self, video_id: str) -> list[str]:
        """The viewer's comments on a video, oldest first."""
        sql = (
            "SELECT e.detail FROM views v JOIN events e ON e.view_id = v.id "
            "WHERE v.video_id = ? AND e.action = 'comment' ORDER BY e.id"
        )
        with reading("events"):
            return [detail for (detail,) in self.conn.execute(sql, [video_id]) if detail]

    def removed_views(self, after: int = 0) -> set[int]:
        """The views removed from the history by events after the one numbered `after`."""
        sql = "SELECT view_id FROM events WHERE id > ? AND action = 'forget_view'"
        with reading("events"):
            return {r[0] for r in self.conn.execute(sql, [after])}

    def history(self, limit: int) -> list[dict[str, Any]]:
        """The last `limit` finished views, newest first, with their video's title, creator and genre (None when
        the video left the catalog; removed ones left out): what was done on each card (`views` columns) and why
        it was picked (`reason`, `source`), and `saved`: whether the video was saved on that view (its last save or
        unsave there, read from the events: the row has no column for it). The history screen and the profile's last
        cards read it."""
        sql = (
            "SELECT views.*, videos.title, videos.creator, videos.genre, "
            "COALESCE((SELECT e.action = 'save' FROM events e WHERE e.view_id = views.id "
            "AND e.action IN ('save', 'unsave') ORDER BY e.id DESC LIMIT 1), 0) AS saved FROM views "
            "LEFT JOIN videos ON videos.id = views.video_id "
            "WHERE views.ended_at IS NOT NULL AND views.id NOT IN "
            "(SELECT view_id FROM events WHERE action = 'forget_view' AND view_id IS NOT NULL) "
            "ORDER BY views.id DESC LIMIT ?"
        )
        with reading("views and events"):  # the saved mark is read from the events
            cursor = self.conn.execute(sql, [limit])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]

    def shown_ids(self) -> set[str]:
        """Ids of every video ever put on screen (read from the index on views.video_id alone)."""
        with reading("views"):
            return {r[0] for r in self.conn.execute("SELECT DISTINCT video_id FROM views")}

    # -- the videos seen: counted and asked of SQLite, never read into memory ---------------------

    def seen_set(self, index: StoredIndex) -> SeenVideos:
        """The seen set of a session on `index`: the videos with a view, counted when a pick first asks
        (`seen_count`) and asked of SQLite by id. The index's lists leave them out from now on, each starting at
        its seen front as kept at the last quit (when the catalog is the same)."""
        kept = self._kept_seen()
        if kept.get("catalog") == index.fingerprint:
            index.fronts = {(kind, value): (a, b) for kind, value, a, b in kept.get("fronts", [])}
        index.skip_viewed = True
        return SeenVideos(index, lambda: self._seen_count(kept))

    def seen_count(self) -> tuple[int, int]:
        """(the newest view's id, how many videos have a view up to it).

        The count kept at the last quit (`keep_seen`) plus the videos first
        seen in the views written after it: a long history is not read
        again. Without a kept count, the index on views.video_id is counted.
        """
        return self._seen_count(self._kept_seen())

    def keep_seen(self, index: StoredIndex) -> None:
        """Keep the seen count and the index's seen fronts for the next start (derived, like the snapshot:
        losing them loses nothing)."""
        last, count = self.seen_count()
        fronts = [[kind, value, a, b] for (kind, value), (a, b) in list(index.fronts.items())[-KEPT_FRONTS:]]
        state = json.dumps({"last_view": last, "videos": count, "catalog": index.fingerprint, "fronts": fronts})
        with self.write():
            self.conn.execute(
                "INSERT OR REPLACE INTO snapshot (id, last_event_id, format, state) VALUES (?, ?, ?, ?)",
                [SEEN_ROW, self.last_event_id(), SEEN_FORMAT, state],
            )

    def _kept_seen(self) -> dict[str, Any]:
        sql = "SELECT state FROM snapshot WHERE id = ? AND format = ?"
        row = self.conn.execute(sql, [SEEN_ROW, SEEN_FORMAT]).fetchone()
        try:
            kept = json.loads(row[0]) if row else {}
            counts = [kept.get("last_view", 0), kept.get("videos", 0)]
            fronts = [(kind, value, a, b) for kind, value, a, b in kept.get("fronts", [])]
        except (ValueError, TypeError, AttributeError):  # damaged: only a lost shortcut, counted and read again
            return {}
        if all(type(n) is int for n in counts) and all(
            isinstance(a, (int, float, str)) and all(isinstance(t, str) for t in (kind, value, b))
            for kind, value, a, b in fronts
        ):
            return kept
        return {}

    def _seen_count(self, kept: dict[str, Any]) -> tuple[int, int]:
        last, count = kept.get("last_view", 0), kept.get("videos", 0)
        with reading("views"):
            if last:  # one statement: one moment of the file, whatever other tiktuis write
                newest, more, gone = self.conn.execute(_SEEN_SINCE, {"last": last}).fetchone()
                if not gone:  # the kept count's views are all there (else it is another file's count)
                    return newest, count + more
            newest, count = self.conn.execute("SELECT MAX(id), COUNT(DISTINCT video_id) FROM views").fetchone()
        return newest or 0, count

    def counts(self) -> dict[str, int]:
        row = self.conn.execute("SELECT COUNT(*), (SELECT COUNT(*) FROM events) FROM views").fetchone()
        return {"views": row[0], "events": row[1]}

    # -- reading it all, for an export ------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[None]:
        """One read transaction: every read inside sees the file at one moment, whatever other tiktuis write."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def seen_videos(self) -> Generator[Video, None, None]:
        """The catalog rows of every video that has a view or is the viewer's own post, in catalog order
        (CorruptError: damaged rows)."""
        with reading("videos"):
            yield from (
                row_video(row)
                for row in self.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM videos WHERE {_SEEN} ORDER BY rowid")
            )

    def seen_video_count(self) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM videos WHERE {_SEEN}").fetchone()[0]

    def table_rows(self, table: str) -> tuple[tuple[str, ...], Generator[tuple[Any, ...], None, None]]:
        """The columns of `views` or `events` and all its rows, oldest first, exactly as stored; a view also says
        whether it was removed from the history (`removed`: its row stays, as the log holds it, but it taught
        nothing since, and an export that did not say so read as if it still counted)."""
        if table not in ("views", "events"):
            raise ValueError(f"not a table of the viewer's history: {table}")
        removed = (
            ", views.id IN (SELECT view_id FROM events WHERE action = 'forget_view' AND view_id IS NOT NULL) AS removed"
            if table == "views"
            else ""
        )
        cursor = self.conn.execute(f"SELECT *{removed} FROM {table} ORDER BY id")  # one of the two names above

        def rows() -> Generator[tuple[Any, ...], None, None]:
            with reading(table):
                yield from cursor

        return tuple(d[0] for d in cursor.description), rows()
