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
that does not decode, an event whose detail is not JSON), is left behind and
counted. The copy aside stays as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .replay import ViewerState
from .store import Store
from .stored_index import COLUMNS, row_video
from .video import Video

CHUNK = 512
"""Rows read at a time; a chunk that fails is halved down to single rows."""


@dataclass
class Salvaged:
    """What was copied from a damaged file, and whether anything of it could not be read."""

    videos: int = 0
    views: int = 0
    events: int = 0
    left: int = 0
    """Rows that were read but hold what tiktui never writes, and ranges of rows that did not read (each counted
    once: how many rows a damaged page held cannot be known)."""

    def line(self) -> str:
        """How the notice about the damaged file goes on."""
        if not (self.videos or self.views or self.events):
            return "nothing of it could be read"
        copied = f"{self.events:,} events, {self.views:,} views and {self.videos:,} videos of it were copied into it"
        return copied + (f"; at least {self.left:,} rows of it could not be read" if self.left else "")


def salvage(damaged: Path, store: Store) -> Salvaged:
    """Copy what reads of the damaged database file `damaged` into `store` (a new, empty file)."""
    out = Salvaged()
    try:
        old = sqlite3.connect(f"{damaged.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return out
    try:
        out.videos = store.import_videos(_batches(_videos(old, out)))[0]  # as an import: a batch at a time
        columns = _columns(store.conn, "views")
        views = list(_rows(old, "views", columns, out))
        columns_e = _columns(store.conn, "events")
        events = _replayable(list(_rows(old, "events", columns_e, out)), columns_e, store, out)
        with store.write() as conn:
            for table, names, rows in (("views", columns, views), ("events", columns_e, events)):
                if rows:
                    marks = ", ".join("?" * len(names))
                    conn.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)
        out.views, out.events = len(views), len(events)
    finally:
        old.close()
    return out


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


def _replayable(rows: list[tuple[Any, ...]], columns: list[str], store: Store, out: Salvaged) -> list[tuple[Any, ...]]:
    """The events the replay takes, in order: each is replayed (`ViewerState.apply`, on the videos copied), and one
    it refuses (a detail that is not what tiktui writes) is left behind, or every later start would stop on it."""
    state, index, kept = ViewerState(), store.index(), []
    for row in rows:
        try:
            state.apply(dict(zip(columns, row, strict=True)), index)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            out.left += 1
            continue
        kept.append(row)
    return kept


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
