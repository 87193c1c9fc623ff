"""What can still be read of a damaged data file, copied into the new one that takes its place.

A file found damaged is moved aside, never deleted (`dbfile.move_aside`),
and a new one is started. Before this, the new one started empty: a damaged
page among the catalog's rows cost the viewer their history and their posts,
though the events log, the truth, read whole. Now what reads of the damaged
copy is copied in: the catalog's videos (added as an import adds them: their
lists and search index are made again), the views, and the events, each with
its id. What is derived (the snapshot, the indexes) is made again from them.
A range of rows that does not read is halved until the rows that do are
found; a row that does not read, or holds what tiktui never writes (a video
that does not decode, an event the replay or posting cannot read), is left
behind and counted. The copy aside stays as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dbfile import HISTORY_SINCE
from .posting import Posts
from .replay import ViewerState, view_from
from .store import SCHEMA_VERSION, Store
from .stored_index import COLUMNS, row_video
from .video import Video
from .words import plural

CHUNK = 512
"""Rows read at a time; a chunk that fails is halved down to single rows."""


@dataclass
class Salvaged:
    """What was copied from a damaged file, and whether anything of it could not be read."""

    videos: int = 0
    views: int = 0
    events: int = 0
    older: bool = False
    """The file was from another version of tiktui: its catalog was copied, its history left in the copy aside."""
    left: int = 0
    """Rows that were read but hold what tiktui never writes, and ranges of rows that did not read (each counted
    once: how many rows a damaged page held cannot be known)."""
    remade: int = 0
    """Events written from the damaged file's snapshot, for choices whose own events did not read (`_from_snapshot`)."""

    def line(self) -> str:
        """How the notice about the damaged file goes on."""
        if self.older:
            return (
                f"{self.videos:,} videos of it were copied into it; it was from another version of tiktui, and its "
                "history stays in the copy aside"
            )
        if not (self.videos or self.views or self.events):
            return "nothing of it could be read"
        copied = f"{self.events:,} events, {self.views:,} views and {self.videos:,} videos of it were copied into it"
        copied += f"; at least {plural(self.left, 'row')} of it could not be read" if self.left else ""
        if self.remade:
            copied += "; the choices of its lost events (restricted mode, the passcode, mutes, topics, follows, likes, "
            copied += "saves) were remade from its snapshot, what they taught was not"
        return copied


def salvage(damaged: Path, store: Store) -> Salvaged:
    """Copy what reads of the damaged database file `damaged` into `store` (a new file, or one a salvage stopped in:
    what is there already is left as it is)."""
    out = Salvaged()
    beside = [Path(f"{damaged}{suffix}") for suffix in ("-wal", "-shm")]
    made = [part for part in beside if not os.path.lexists(part)]  # what reading it in WAL mode leaves: ours to clear
    old = _open(damaged)
    if old is None:
        return out
    try:
        out.videos = store.import_videos(_batches(_videos(old, out)))[0]  # as an import: a batch at a time
        if not HISTORY_SINCE <= (_version(old) or 0) <= SCHEMA_VERSION:  # its log reads otherwise: left aside
            out.older = True
            return out
        columns = _columns(store.conn, "views")
        views = list(_rows(old, "views", columns, out))
        columns_e = _columns(store.conn, "events")
        events, state = _replayable(list(_rows(old, "events", columns_e, out)), columns_e, store, out)
        chosen = _chosen(old)
        upto = chosen.upto if chosen else 0
        read = [dict(zip(columns_e, row, strict=True)) for row in events]
        remade = _from_snapshot(chosen, state, [e for e in read if e["id"] > upto])
        last = max((e["id"] for e in read), default=0)
        with store.write() as conn:
            # The new file holds nothing but what is copied into it: an event past the last copied is one remade by
            # a copy that stopped after it wrote them, and is gone on with now. They are written once.
            if conn.execute("SELECT 1 FROM events WHERE id > ? LIMIT 1", [last]).fetchone():
                remade = []
            for table, names, rows in (("views", columns, views), ("events", columns_e, events)):
                if rows:
                    marks = ", ".join("?" * len(names))
                    conn.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)
            for event in remade:
                names = list(event)
                conn.execute(
                    f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                    list(event.values()),
                )
            out.views = len(views) + _views_from_log(conn)
        out.events, out.remade = len(events), len(remade)
    finally:
        old.close()
        # Read, the copy aside had an empty -wal and a -shm of ours beside it, which `forget` named as two more
        # damaged copies (QA). Those it had before are its own and stay.
        for part in made:
            with contextlib.suppress(OSError):
                part.unlink()
    return out


LONG_AGO = "1970-01-01T00:00:00.000Z"
"""The time of an event remade from a snapshot (which keeps none): before anything the new log holds."""


@dataclass
class _Chosen:
    """What a snapshot holds of the viewer's own choices, as of its last event (`upto`)."""

    upto: int
    settings: dict[str, Any]
    muted: set[tuple[str, str]]
    topics: dict[str, str]
    following: set[str]
    saved: list[str]
    liked: list[str]


def _chosen(old: sqlite3.Connection) -> _Chosen | None:
    """The viewer's choices in the damaged file's last snapshot, read from its JSON alone (what it learned is not
    unpacked: a snapshot of an older format holds these the same way); None when it does not read."""
    try:
        row = old.execute("SELECT last_event_id, state FROM snapshot ORDER BY last_event_id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        data = json.loads(row[1])
        return _Chosen(
            int(row[0] or 0),
            {str(k): v for k, v in data["settings"].items()},
            {(str(k), str(v)) for k, v in data["muted"]},
            {str(g): str(level) for g, level in data["topics"].items()},
            {str(c) for c in data["profile"]["following"]},
            [str(v) for v in data.get("saved", [])],
            [str(v) for v in data["liked"]],
        )
    except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError):
        return None


def _about(event: dict[str, Any]) -> tuple[str, Any] | None:
    """Which choice an event makes (the same key for an event and its undoing: mute and unmute), or None."""
    action, detail = event["action"], event.get("detail") or "null"
    try:
        if action == "set":
            return ("set", json.loads(detail)[0])
        if action in ("mute", "unmute"):
            return ("mute", tuple(json.loads(detail)))
        if action == "topic":
            return ("topic", json.loads(detail)[0])
    except (ValueError, TypeError, IndexError):
        return None
    if action in ("follow", "unfollow"):
        return ("follow", detail)
    if action in ("like", "unlike", "save", "unsave"):
        return (action.removeprefix("un"), event["video_id"])
    return None


def _from_snapshot(chosen: _Chosen | None, state: ViewerState, after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events that give back the choices the damaged file's snapshot held and the events that read do not make:
    restricted mode and the passcode, mutes and keyword filters, topics, follows, saves and likes, silently off when
    the events that set them were on a page that did not read. The snapshot is the state as of its last event; an
    event after it that read (`after`) is newer, and its choice stands. What it learned is not remade: it is
    derived, and only the log is replayed."""
    if chosen is None:
        return []
    touched = {_about(e) for e in after}

    def event(action: str, detail: Any = None, video_id: str | None = None) -> dict[str, Any]:
        text = detail if detail is None or isinstance(detail, str) else json.dumps(detail)
        return {"ts": LONG_AGO, "view_id": None, "video_id": video_id, "action": action, "detail": text}

    made: list[dict[str, Any]] = []
    for key, value in chosen.settings.items():
        if state.settings.get(key) != value and ("set", key) not in touched:
            made.append(event("set", [key, value]))
    for pair in sorted(chosen.muted ^ state.muted):
        if ("mute", pair) not in touched:
            made.append(event("mute" if pair in chosen.muted else "unmute", list(pair)))
    for genre in sorted(set(chosen.topics) | set(state.topics)):
        if chosen.topics.get(genre) != state.topics.get(genre) and ("topic", genre) not in touched:
            made.append(event("topic", [genre, chosen.topics.get(genre, "normal")]))
    for creator in sorted(chosen.following ^ state.profile.following):
        if ("follow", creator) not in touched:
            made.append(event("follow" if creator in chosen.following else "unfollow", creator))
    for kind, kept, now in (("save", chosen.saved, state.saved), ("like", chosen.liked, state.liked)):
        for vid in [*kept, *(v for v in now if v not in kept)]:
            if (vid in kept) != (vid in now) and (kind, vid) not in touched:
                made.append(event(kind if vid in kept else f"un{kind}", video_id=vid))
    return made


def _open(damaged: Path) -> sqlite3.Connection | None:
    """The damaged file for reading, its -wal with it (a second tiktui's last views may be there alone); as it is on
    disk (immutable) when that does not open."""
    uri = damaged.absolute().as_uri()
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{options}", uri=True)
            # Read the schema leniently: a file cut short (its header counts pages it no longer has) reads as
            # "malformed" otherwise, every row of it with it. Read only: nothing is written either way.
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error:
            continue
    return None


def _version(old: sqlite3.Connection) -> int | None:
    try:
        return old.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error:
        return None


def _views_from_log(conn: sqlite3.Connection) -> int:
    """Make again, from their show and leave events, the views whose rows were lost (a leave carries the whole
    view): a new view takes the next id after the views table's last, and an id the log already uses for another
    view would join the two (a removal from History would take both). Return how many were made."""
    rows = conn.execute(
        "SELECT view_id, action, ts, video_id, detail FROM events WHERE action IN ('show', 'leave') "
        "AND view_id IS NOT NULL AND view_id NOT IN (SELECT id FROM views) ORDER BY id"
    ).fetchall()
    made: dict[int, dict[str, Any]] = {}
    for view_id, action, ts, video_id, detail in rows:
        view = made.setdefault(view_id, {"id": view_id, "video_id": video_id, "started_at": ts})
        if action == "show":
            view["reason"] = detail
        else:
            try:
                left = view_from(video_id, json.loads(detail))
            except (ValueError, TypeError, KeyError):  # a leave the replay passed over (its video was lost)
                continue
            view.update(
                ended_at=ts,
                dwell_ms=left.dwell_ms,
                watched_ms=left.watched_ms,
                duration_ms=left.duration_ms,
                watch_ratio=round(left.watch_ratio, 4),
                loops=left.loops,
                **{k: int(getattr(left, k)) for k in ("liked", "shared", "commented", "followed", "not_interested")},
            )
    for view in made.values():
        names = list(view)
        conn.execute(
            f"INSERT INTO views ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", list(view.values())
        )
    return len(made)


def _videos(old: sqlite3.Connection, out: Salvaged) -> Iterator[Video]:
    """The catalog's videos that read and decode."""
    for row in _rows(old, "videos", list(COLUMNS), out):
        try:
            yield row_video(row)
        except (ValueError, TypeError, KeyError, AttributeError):
            out.left += 1


def _batches(videos: Iterator[Video], size: int = 10_000) -> Iterator[list[Video]]:
    """`videos` in lists of `size`: a catalog of a million is never held whole."""
    batch: list[Video] = []
    for video in videos:
        batch.append(video)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _replayable(
    rows: list[tuple[Any, ...]], columns: list[str], store: Store, out: Salvaged
) -> tuple[list[tuple[Any, ...]], ViewerState]:
    """The events the replay takes, in order, and the state they make: each is replayed (`ViewerState.apply`, on the
    videos copied), and one it refuses (a detail that is not what tiktui writes) is left behind, or every later start
    would stop on it."""
    state, posts, index, kept = ViewerState(), Posts(), store.index(), []
    for row in rows:
        event = dict(zip(columns, row, strict=True))
        try:
            state.apply(event, index)
            posts.apply(event)  # the posts are read from the log too (My videos, tiktui post)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            out.left += 1
            continue
        kept.append(row)
    return kept, state


def _rows(old: sqlite3.Connection, table: str, wanted: list[str], out: Salvaged) -> Iterator[tuple[Any, ...]]:
    """The rows of `table` that read, in rowid order, as tuples of the columns of `wanted` the damaged file has
    (None for the others: a file from before a column was added)."""
    try:
        present = set(_columns(old, table))
        low, high = old.execute(f"SELECT MIN(rowid), MAX(rowid) FROM {table}").fetchone()
    except sqlite3.Error:
        out.left += 1
        return
    if low is None or not present:
        return
    select = ", ".join(c if c in present else "NULL" for c in wanted)

    def read(a: int, b: int) -> list[tuple[Any, ...]]:
        sql = f"SELECT {select} FROM {table} WHERE rowid BETWEEN ? AND ? ORDER BY rowid"
        return old.execute(sql, [a, b]).fetchall()

    yield from _ranges(read, low, high, out)


def _ranges(
    read: Callable[[int, int], list[tuple[Any, ...]]], low: int, high: int, out: Salvaged
) -> Iterator[tuple[Any, ...]]:
    """The rows `read` gives over [low, high], a chunk at a time; a chunk that fails is halved until it reads, or is a
    single rowid, which is left behind."""
    start = low
    while start <= high:
        end = min(high, start + CHUNK - 1)
        yield from _halved(read, start, end, out)
        start = end + 1


def _halved(
    read: Callable[[int, int], list[tuple[Any, ...]]], a: int, b: int, out: Salvaged
) -> Iterator[tuple[Any, ...]]:
    try:
        rows = read(a, b)
    except sqlite3.Error:  # a damaged page, or text that does not decode
        if a == b:
            out.left += 1
            return
        middle = (a + b) // 2
        yield from _halved(read, a, middle, out)
        yield from _halved(read, middle + 1, b, out)
        return
    yield from rows


def _mark_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.salvage")


def mark(path: Path, damaged: Path) -> None:
    """Say beside the data file `path` that it is being filled from `damaged` (private: it names a file of theirs)."""
    fd = os.open(_mark_path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(str(damaged.absolute()))


def unmark(path: Path) -> None:
    _mark_path(path).unlink(missing_ok=True)


def pending(path: Path) -> Path | None:
    """The damaged file a copy into `path` stopped filling from, if one did (and it is still there)."""
    try:
        named = Path(_mark_path(path).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    if not named.is_file():
        unmark(path)
        return None
    return named
