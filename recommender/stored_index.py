"""The catalog as it lies in SQLite: its rows, its indexes, and a shelf that reads them as needed.

The `videos` table holds one row per video with its `rank` (minus the
audience's verdict: best first) and `ckey` (its content: title, creator,
duration); `video_tags` holds one row per hashtag, ordered the same way;
`catalog_meta` holds what a pick needs of the whole catalog (its genres, its
median completion) and the fingerprint of the verdict the ranks were made
with. `StoredIndex` is the policy's `Shelf` over them: the app reads the few
dozen rows a pick looks at instead of holding every video in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Container, Iterable, Iterator, MutableSet
from datetime import UTC, datetime
from typing import Any

from .catalog_columns import Batch
from .dbfile import reading
from .index import Key, broad_bar
from .lifecycle import POOR
from .profile import LENGTH_NAMES, LENGTHS
from .search_index import defer, fill, index_after
from .signals import audience_figures_reward, audience_reward
from .video import FIELDS, Video, content_text

COLUMNS = FIELDS
"""The `videos` columns a Video is read from, in this order: the catalog schema's fields."""
_SELECT = ", ".join(f"v.{c}" for c in COLUMNS)
_INSERT = f"INSERT INTO videos ({', '.join(COLUMNS)}, rank, ckey) VALUES ({', '.join('?' * (len(COLUMNS) + 2))})"
_PROBES = (
    Video("a", "", "", "", ("g",), (), "", 30.0, 0.0, views=0),
    Video("b", "", "", "", ("g",), (), "", 30.0, 0.0, views=1000, completion_rate=0.9, likes=80, shares=9, comments=3),
    Video("c", "", "", "", ("g",), (), "", 30.0, 0.0, views=50, completion_rate=0.1, likes=1),
)


def verdict_fingerprint() -> str:
    """The audience's verdict on a few fixed videos, and the indexes: when either changes, ranks and indexes
    are redone."""
    return ",".join(f"{audience_reward(v):.12f}" for v in _PROBES) + ";" + ",".join(sorted(INDEXES))


def content_key(video: Video) -> str:
    """The video's `ckey` (see `video.content_text`)."""
    return content_text(video.title, video.creator, video.duration_s)


def _iso(unix: float) -> str:
    return datetime.fromtimestamp(unix, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _unix(iso: str) -> float:
    """`2026-11-01T10:00:00.000Z` -> Unix seconds."""
    return datetime.fromisoformat(iso).timestamp()


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _json_list(items: tuple[str, ...]) -> str:
    """A list of strings as JSON; joined directly when no item needs escaping (an import writes two a video)."""
    raw = "".join(items)
    if '"' in raw or "\\" in raw or not raw.isprintable():
        return _JSON(list(items))
    return '["' + '", "'.join(items) + '"]' if items else "[]"


def video_row(v: Video, ckey: str) -> tuple[Any, ...]:
    """A Video as the values of `_INSERT`; `ckey` is its `content_key`."""
    return (
        v.id,
        v.title,
        v.caption,
        v.creator,
        v.genre,
        _json_list(v.hashtags),
        v.sound,
        v.duration_s,
        _iso(v.uploaded_at),
        v.views,
        v.completion_rate,
        v.likes,
        v.shares,
        v.comments,
        int(v.mature),
        _json_list(v.related),
        -audience_reward(v),
        ckey,
    )


def catalog_rows(batch: Batch) -> list[tuple[Any, ...]]:
    """`video_row` of each video of a checked batch (`Video(*values)` of its columns' values, with no verdict of
    its own), without making them."""
    vids, titles, captions, creators, genres, tags, sounds, durations, uploaded = batch.columns[:9]
    views, rates, likes, shares, comments, mature, related = batch.columns[9:16]
    ranks = [-reward for reward in map(audience_figures_reward, views, rates, likes, shares, comments)]
    return list(
        zip(
            vids,
            titles,
            captions,
            creators,
            [g[0] for g in genres],
            _json_lists(tags),
            sounds,
            durations,
            map(_iso, uploaded) if batch.times is None else batch.times,
            views,
            rates,
            likes,
            shares,
            comments,
            map(int, mature),
            _json_lists(related),
            ranks,
            batch.keys,
            strict=True,
        )
    )


def _json_lists(lists: list[tuple[str, ...]]) -> list[str]:
    """`_json_list` of each, joined directly when no item of any needs escaping."""
    raw = "".join(map("".join, lists))
    if '"' in raw or "\\" in raw or not raw.isprintable():
        return list(map(_json_list, lists))
    return ['["' + '", "'.join(items) + '"]' if items else "[]" for items in lists]


_NUMBER = frozenset({int, float})
"""The types a number column of the catalog reads back as (the bool is an int's subclass, never written)."""


def row_video(row: tuple[Any, ...] | sqlite3.Row) -> Video:
    """A Video from a row read in COLUMNS order."""
    vid, title, caption, creator, genre, tags, sound, duration, uploaded, views, completion, likes, shares, comments = (
        row[:14]
    )
    mature, related = row[14:16]
    # What another program wrote there: a title NULL read as "None", a length 'abc' crashed the playback bar.
    # Damage, like a row that does not decode (ValueError, which `reading` calls so).
    if type(title) is not str or type(creator) is not str or type(genre) is not str:
        raise ValueError(f"video {vid!r}: its title, creator or genre is not text")
    if not (type(duration) in _NUMBER and type(views) in _NUMBER and type(completion) in _NUMBER):
        raise ValueError(f"video {vid!r}: its length, views or completion rate is not a number")
    if not (type(likes) in _NUMBER and type(shares) in _NUMBER and type(comments) in _NUMBER):
        raise ValueError(f"video {vid!r}: its likes, shares or comments are not a number")
    return Video(
        vid,
        title,
        caption or "",
        creator,
        (genre,),
        _read_list(tags),
        sound,
        duration,
        _unix(uploaded),
        views,
        completion,
        likes,
        shares,
        comments,
        bool(mature),
        _read_list(related),
    )


def _read_list(text: str | None) -> tuple[str, ...]:
    """A list of strings written by `_json_list`: split directly when it wrote it directly (a pick decodes two a
    row, a few hundred rows at a first pick), else read as JSON."""
    if not text or text == "[]":
        return ()
    if text.startswith('["') and text.endswith('"]') and "\\" not in text:
        items = text[2:-2].split('", "')
        if text.count('"') == 2 * len(items):  # every quote is one that encloses an item: nothing else to read
            return tuple(items)
    return tuple(json.loads(text))


LENGTH_OF = (
    "CASE "
    + " ".join(f"WHEN duration_s <= {bound!r} THEN {i}" for i, (bound, _) in enumerate(LENGTHS))
    + (f" ELSE {len(LENGTHS)} END")
)
"""A video's length bucket (`profile.length`) as its number in `profile.LENGTHS`, in SQL: the length lists' key. A
query uses this very expression, so SQLite reads it from the index made on it."""
LENGTH_NUMBER = {name: i for i, name in enumerate(LENGTH_NAMES)}
_LENGTH_INDEX = "videos_by_length_" + "_".join(f"{bound:g}".replace(".", "p") for bound, _ in LENGTHS)

INDEXES = {
    "videos_by_genre": "videos (genre, rank, id)",
    "videos_by_creator": "videos (creator, rank, id)",
    "videos_by_creator_uploaded": "videos (creator, uploaded_at, id)",  # a creator newest first: stored_newest.py
    "videos_by_sound": "videos (sound, rank, id)",
    "videos_by_rank": "videos (rank, id)",
    "videos_by_uploaded": "videos (uploaded_at, id)",
    "videos_by_ckey": "videos (ckey)",
    f"videos_poor_{round(POOR * 1000)}": f"videos (uploaded_at, id) WHERE rank > {-POOR!r}",
    _LENGTH_INDEX: f"videos (({LENGTH_OF}), rank, id)",  # named for its bounds: other bounds, another index
}
"""The catalog's lists (see `StoredIndex`) and the content check of imports, each served by one index."""
BULK = 20_000
"""An import this big, and bigger than the catalog it joins, drops the indexes and builds them again after."""
KEPT = ("videos_by_ckey",)
"""The index such an import keeps and grows row by row: the content index, which checks each batch. (The genre and
poor-videos lists were kept too, to use the time the writer waited for the reader; grown row by row they cost a
million videos 3.2 CPU s more than built after, and the writer now waits less.)"""
BUILT_AFTER = tuple(name for name in INDEXES if name not in KEPT)
"""The indexes such an import drops, and builds once every row is in."""
TAG_ROWS = 50_000
"""Videos whose hashtag rows such an import adds at a time: each time touches most of video_tags' leaf pages, so
ten batches at once cost a fifth less than one by one (a million videos: 6.2 -> 4.9 CPU s)."""
BULK_CACHE_KIB = 256 * 1024
"""The connection's page cache during such an import (put back after, whether it worked or not) ..."""
SORT_CACHE_KIB = 4 * 1024
"""... and while it builds the dropped indexes: SQLite's sorter holds that much in memory, then hands the run to a
worker thread and reads on (a million videos: the five indexes in 6.3 s instead of 7.9, paired runs, median)."""


def create_indexes(conn: sqlite3.Connection) -> None:
    """Make the catalog's indexes; drop a poor-videos or length index made for other bounds."""
    made = (
        "SELECT name FROM sqlite_master WHERE type = 'index' "
        "AND (name LIKE 'videos_poor_%' OR name LIKE 'videos_by_length_%')"
    )
    for (name,) in conn.execute(made).fetchall():
        if name not in INDEXES:
            conn.execute(f"DROP INDEX {name}")
    for name, on in INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")


def drop_indexes(conn: sqlite3.Connection, names: Iterable[str] = ()) -> None:
    """Drop the lists' indexes, or those `names` (inside the caller's transaction, which must call `create_indexes`).

    The content index stays: each batch of an import is checked against it.
    """
    for name in names or INDEXES:
        if name != "videos_by_ckey":
            conn.execute(f"DROP INDEX IF EXISTS {name}")


_NEW_TAGS = "SELECT t.value, v.rank, v.id FROM videos v, json_each(v.hashtags) t WHERE v.rowid > ?"
"""The hashtag rows of the videos added after a rowid (a new row's rowid is past every older one's)."""


class Import:
    """Videos added to the catalog in the caller's write transaction, batch by batch, repeats left out.

    Batches are rows as `video_row` makes them. Once the import outgrows the
    catalog it joins (and BULK videos), the indexes in BUILT_AFTER are dropped
    and `finish` builds them once, sorted: many times faster than growing
    every B-tree row by row, and still all or nothing. Each batch's hashtag
    rows go in sorted, a batch at a time (TAG_ROWS videos in a bulk import).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.existing = conn.execute("SELECT COUNT(*) FROM videos").fetchone()[0]
        self.added = 0
        self.skipped: list[str] = []
        self.bulk = False
        self.cache = 0
        self.checkpoint = 0
        self.rates: list[float] = []
        """The completion rates of the videos added (the catalog's median is made of them and the others')."""
        self.genres: set[str] = set()
        self._last = -1  # the largest rowid whose hashtags are in video_tags
        self._tagged = 0  # how many of the videos added that is
        self._first = -1  # the largest rowid before the import: search indexes the rows past it at the end
        self._first_row = -1  # the same, kept (the catalog's figures are of the rows up to it, and those added)

    def add(self, batch: list[tuple[Any, ...]]) -> None:
        if self._last < 0:
            self._last = self._first = self.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM videos").fetchone()[0]
            self._first_row = self._first
        if not self.bulk and self.added + len(batch) >= BULK and self.added + len(batch) > self.existing:
            self.bulk = True
            drop_indexes(self.conn, BUILT_AFTER)
            self.cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
            self.conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")  # room for building the indexes in memory
            self.conn.execute("PRAGMA threads = 2")  # and a second core to sort them
            # The commit copies nothing into the database file: the next write's commit does, after the catalog is
            # usable (a million videos leave more than a GiB in the write-ahead log, seconds to copy).
            self.checkpoint = self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
            self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        ids = dict(
            self.conn.execute(
                "SELECT j.value, v.id FROM json_each(?) j JOIN videos v ON v.id = j.value",
                [json.dumps([row[0] for row in batch])],
            )
        )
        contents = dict(
            self.conn.execute(
                "SELECT j.value, v.id FROM json_each(?) j JOIN videos v ON v.ckey = j.value",
                [json.dumps([row[17] for row in batch])],
            )
        )
        fresh = []
        for row in batch:
            vid, key = row[0], row[17]
            if vid in ids:
                self.skipped.append(f"video {vid!r}: id already in the catalog, left out")
            elif key in contents:
                self.skipped.append(f"video {vid!r}: same title, creator and duration as {contents[key]!r}, left out")
            else:
                fresh.append(row)
                ids[vid] = vid  # a repeat later in this batch (earlier batches are in the table already)
                contents[key] = vid
        self.conn.executemany(_INSERT, fresh)
        self.added += len(fresh)
        self.rates.extend(row[10] for row in fresh)
        self.genres.update(row[4] for row in fresh)
        if not self.bulk or self.added - self._tagged >= TAG_ROWS:
            self._add_tags()

    def _add_tags(self) -> None:
        """The hashtag rows of the videos added since the last call, in order: as fast as sorting all of them once
        at the end (measured), and done while the next batch is still being read."""
        self.conn.execute(
            f"INSERT OR IGNORE INTO video_tags (tag, rank, video_id) {_NEW_TAGS} ORDER BY 1, 2, 3", [self._last]
        )
        self._last = self.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM videos").fetchone()[0]
        self._tagged = self.added

    def index_search(self) -> None:
        """Search's full-text index for the rows added, in the same transaction, once: in key order."""
        if self._first >= 0:
            index_after(self.conn, self._first)
            self._first = -1

    def finish(self, search_later: bool = False) -> None:
        """Build what the rows need once all are in. `search_later`: a bulk import leaves its videos out of search's
        index, for `search_index.build_step` to add after the commit (the catalog is usable sooner)."""
        if self._tagged < self.added:
            self._add_tags()
        if search_later and self.bulk and self._first >= 0:
            defer(self.conn, self._first)
            self._first = -1
        self.index_search()
        if self.bulk:
            # A small cache makes SQLite sort each index in runs, on worker threads (PRAGMA threads), while this one
            # reads the table on: one sort in memory is one thread's work. (Put back by `settle`.)
            self.conn.execute(f"PRAGMA cache_size = {-SORT_CACHE_KIB}")
            create_indexes(self.conn)
        refresh_meta(self.conn, self)

    def settle(self) -> None:
        """Put the connection's settings back: after the transaction, whether the import worked or not."""
        if self.bulk:
            self.conn.execute(f"PRAGMA cache_size = {self.cache}")
            self.conn.execute("PRAGMA threads = 0")
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {self.checkpoint}")


def refresh_meta(conn: sqlite3.Connection, job: Import | None = None) -> None:
    """Recompute what a pick needs of the whole catalog (inside the caller's write transaction); after an `Import`
    `job`, of the rows before it and what it added (it keeps their figures: the rows are not read again)."""
    before = 2**63 - 1 if job is None or job._first_row < 0 else job._first_row
    rates = conn.execute("SELECT completion_rate FROM videos WHERE rowid <= ?", [before])
    completions = sorted([*(r[0] for r in rates), *(job.rates if job else ())])  # faster than SQL's sort
    count = len(completions)
    genres = [r[0] for r in conn.execute("SELECT DISTINCT genre FROM videos WHERE rowid <= ?", [before])]
    genres = sorted({*genres, *(job.genres if job else ())})
    meta = {
        "count": count,
        "median_completion": completions[count // 2] if completions else 0.0,
        "genres": genres,
        "verdict": verdict_fingerprint(),
    }
    conn.executemany(
        "INSERT OR REPLACE INTO catalog_meta (key, value) VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()]
    )


_META_TYPES: dict[str, type | tuple[type, ...]] = {
    "count": int,
    "median_completion": (int, float),
    "genres": list,
    "verdict": str,
}


def read_meta(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """`catalog_meta` as `refresh_meta` wrote it; None when a row of it does not read back as written. It is
    worked out from the videos, so the caller makes it again (`refresh_meta`): a damaged row of it set the whole
    data file aside, the viewer's history with it."""
    try:
        meta = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM catalog_meta")}
    except (ValueError, TypeError):
        return None
    for key, kind in _META_TYPES.items():  # a key an older tiktui did not write is missing, not damaged
        if key in meta and (isinstance(meta[key], bool) or not isinstance(meta[key], kind)):
            return None
    if not all(isinstance(g, str) for g in meta.get("genres", [])):
        return None
    return meta


def rerank(conn: sqlite3.Connection) -> None:
    """Rank every video again by today's verdict (a migration, or a new verdict formula); inside a transaction."""
    create_indexes(conn)  # a new bound for poor videos has an index of its own
    updates = [(-audience_reward(v), content_key(v), v.id) for v in map(row_video, _all(conn))]
    conn.executemany("UPDATE videos SET rank = ?, ckey = ? WHERE id = ?", updates)
    conn.execute("DELETE FROM video_tags")
    conn.execute(
        "INSERT OR IGNORE INTO video_tags (tag, rank, video_id) "
        "SELECT t.value, v.rank, v.id FROM videos v, json_each(v.hashtags) t"
    )
    fill(conn)  # search's index keys videos by rank
    refresh_meta(conn)


def _all(conn: sqlite3.Connection) -> Iterable[tuple[Any, ...]]:
    return conn.execute(f"SELECT {_SELECT} FROM videos v")


_RANKED = {"genre": "v.genre = ?", "creator": "v.creator = ?", "sound": "v.sound = ?", "all": ""}
"""The lists ordered by rank on `videos` itself, and their filter (each served by an index)."""


class StoredIndex:
    """The policy's `Shelf` over the catalog in SQLite: rows are read as picks need them."""

    CACHE = 10_000
    """Videos kept decoded in memory (the fronts of the lists in use, and the cards seen lately)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        found = read_meta(conn)
        meta = found or {}
        self.damaged = found is None
        """`catalog_meta` did not read back: the caller makes it again from the videos (`refresh_meta`)."""
        self.count: int = meta.get("count", 0)
        self.median_completion: float = meta.get("median_completion", 0.0)
        self.genres: list[str] = meta.get("genres", [])
        self.fingerprint = f"{self.count} {meta.get('verdict')}"
        """The catalog as read: another count (an import) or verdict (a rerank) makes kept seen fronts wrong."""
        self.stale = meta.get("verdict") != verdict_fingerprint()
        """The ranks were made by another verdict formula (the caller reranks under a write lock)."""
        self._videos: dict[str, Video] = {}
        self._broad: dict[str, bool] = {}
        """Hashtags asked of `broad`, and the answer, for as long as this index is read (an import reads a new one)."""
        self.skip_viewed = False
        """Lists leave out every video with a view (set by a session whose seen set is exactly those, until it
        starts the catalog over): a returning viewer's seen fronts are passed inside SQLite, not walked."""
        self.fronts: dict[Key, tuple[Any, str]] = {}
        """Where lists' seen fronts ended (the token of the first video without a view), as last read while
        `skip_viewed`: a list's first chunk starts there. Kept between sessions (`Store.keep_seen`)."""

    def __len__(self) -> int:
        return self.count

    def start_over(self) -> Callable[[], None]:
        was = self.skip_viewed
        self.skip_viewed = False

        def take_back() -> None:
            self.skip_viewed = was

        return take_back

    def __contains__(self, video_id: object) -> bool:
        return isinstance(video_id, str) and self.get(video_id) is not None

    def __getitem__(self, video_id: str) -> Video:
        video = self.get(video_id)
        if video is None:
            raise KeyError(video_id)
        return video

    def get(self, video_id: str) -> Video | None:
        video = self._videos.get(video_id)
        if video is None:
            with reading("videos"):  # damage inside a row is found when the row is read
                row = self.conn.execute(f"SELECT {_SELECT} FROM videos v WHERE v.id = ?", [video_id]).fetchone()
            if row is None:
                return None
            video = self.read(video_id, row)
        return video

    def read(self, video_id: str, raw: Any) -> Video | None:
        """The video of a row a chunk fetched: decoded when a walk first gets to it unseen, then kept."""
        video = self._videos.get(video_id)
        if video is None:
            if not isinstance(raw, tuple):
                return self.get(video_id)
            with reading("videos"):
                video = row_video(raw)
            if len(self._videos) >= self.CACHE:
                self._videos.clear()
            self._videos[video_id] = video
        return video

    def rows(self, ids: list[str]) -> dict[str, Any]:
        ids = [vid for vid in ids if vid not in self._videos]
        if not ids:
            return {}
        sql = f"SELECT {_SELECT} FROM videos v WHERE v.id IN ({', '.join('?' * len(ids))})"
        with reading("videos"):
            return {row[0]: row for row in self.conn.execute(sql, ids)}

    def chunk(self, key: Key, after: Any, n: int, everything: bool = False) -> list[tuple[Any, str, Any]]:
        with reading("videos"):
            if not self.skip_viewed or everything:
                return self._chunk(key, after, n, False)
            if after is not None:
                return self._chunk(key, after, n, True)
            # A list's first chunk starts at its seen front as last known (every video before it has a view, and
            # views stay): the rows before it are not read again. Where it ends now is kept for the next start.
            got = self._chunk(key, self.fronts.get(key), n, True, front=True)
            if got:
                self.fronts.pop(key, None)
                self.fronts[key] = got[0][0]
            return got

    def _chunk(
        self, key: Key, after: Any, n: int, skip_viewed: bool, front: bool = False
    ) -> list[tuple[Any, str, Any]]:
        # Keys only, read from the lists' indexes alone: a walk passes over a long seen front (a returning
        # viewer's favourite lists) without reading a row; `read` fetches the unseen ones it gets to. `front`:
        # start at `after` itself, not past it.
        kind, value = key
        unviewed = " AND NOT EXISTS (SELECT 1 FROM views w WHERE w.video_id = {})" if skip_viewed else ""
        past = ">=" if front else ">"
        if kind in _RANKED:
            where = [_RANKED[kind]] if _RANKED[kind] else []
            args: list[Any] = [value] if where else []
            if after is not None:
                where.append(f"(v.rank, v.id) {past} (?, ?)")
                args.extend(after)
            if unviewed:
                where.append(unviewed[5:].format("v.id"))
            sql = (
                f"SELECT v.rank, v.id FROM videos v {'WHERE ' + ' AND '.join(where) if where else ''} "
                "ORDER BY v.rank, v.id LIMIT ?"
            )
            args.append(n)
        elif kind == "length":
            if value not in LENGTH_NUMBER:
                return []
            cond = f"WHERE ({LENGTH_OF}) = ?" + (f" AND (v.rank, v.id) {past} (?, ?)" if after is not None else "")
            cond += unviewed.format("v.id")
            sql = f"SELECT v.rank, v.id FROM videos v {cond} ORDER BY v.rank, v.id LIMIT ?"
            args = [LENGTH_NUMBER[value], *(after or ()), n]
        elif kind == "hashtag":
            cond = "WHERE t.tag = ?" + (f" AND (t.rank, t.video_id) {past} (?, ?)" if after is not None else "")
            cond += unviewed.format("t.video_id")
            sql = f"SELECT t.rank, t.video_id FROM video_tags t {cond} ORDER BY t.rank, t.video_id LIMIT ?"
            args = [value, *(after or ()), n]
        elif kind == "fresh":
            cond = f"WHERE (v.uploaded_at, v.id) {past.replace('>', '<')} (?, ?)" if after is not None else ""
            if unviewed:
                cond = (cond + unviewed.format("v.id")) if cond else "WHERE" + unviewed.format("v.id")[4:]
            sql = f"SELECT v.uploaded_at, v.id FROM videos v {cond} ORDER BY v.uploaded_at DESC, v.id DESC LIMIT ?"
            args = [*(after or ()), n]
        elif kind == "poor":
            # The literal bound matches the partial index's, so SQLite reads only the poor videos.
            cond = f"WHERE v.rank > {-POOR!r}" + (
                f" AND (v.uploaded_at, v.id) {past} (?, ?)" if after is not None else ""
            )
            cond += unviewed.format("v.id")
            sql = f"SELECT v.uploaded_at, v.id FROM videos v {cond} ORDER BY v.uploaded_at, v.id LIMIT ?"
            args = [*(after or ()), n]
        else:
            return []
        return [((a, b), b, None) for a, b in self.conn.execute(sql, args)]

    def broad(self, hashtag: str) -> bool:
        found = self._broad.get(hashtag)
        if found is None:  # counted up to the bar alone: #fyp on a third of a million videos is not walked whole
            bar = broad_bar(self.count, len(self.genres))
            sql = "SELECT COUNT(*) FROM (SELECT 1 FROM video_tags WHERE tag = ? LIMIT ?)"
            with reading("videos"):  # damage is found where it is read, as a chunk's is
                found = self._broad[hashtag] = self.conn.execute(sql, [hashtag, bar + 1]).fetchone()[0] > bar
        return found

    def any_video(self, *, genres: frozenset[str] | None = None, unrestricted: bool = False) -> bool:
        where, args = ["1"], []
        if genres is not None:
            where.append(f"genre IN ({', '.join('?' * len(genres))})")
            args.extend(sorted(genres))
        if unrestricted:
            where.append("mature = 0")
        sql = f"SELECT EXISTS (SELECT 1 FROM videos WHERE {' AND '.join(where)})"
        return bool(self.conn.execute(sql, args).fetchone()[0])


class SeenVideos(MutableSet[str]):
    """The videos a viewer has seen, kept in SQLite: the policy's seen set (`in`, `add`, `discard`, `len`).

    A video is seen when it has a view in the store, or was marked since the
    session began (its view is written as it is shown; a failed write
    discards it). Of the views, only how many videos they show is read, when
    a pick first asks (`Store.seen_count`: kept at quit), so years of history
    cost a start neither time nor memory; `in` asks the index on
    views.video_id. While the session's lists leave out every video with a
    view (`StoredIndex.skip_viewed`), a walk meets only unviewed ones and
    asks `marked` instead.
    """

    ASKED = 4096
    """Answers of the views index kept (then forgotten at once)."""

    def __init__(self, index: StoredIndex, count: Callable[[], tuple[int, int]]) -> None:
        self.index = index
        self.conn = index.conn
        self._count = count
        self._counted: tuple[int, int] | None = None
        self.marked: set[str] = set()
        """Videos marked seen since the session began."""
        self._new = 0
        """How many of `marked` have no view up to the last one counted."""
        self._asked: dict[str, bool] = {}
        """What the views index answered (a view stays; a video viewed since is in `marked`)."""

    @property
    def counted(self) -> tuple[int, int]:
        """(the last view counted, how many videos have a view up to it), read once."""
        if self._counted is None:
            self._counted = self._count()
        return self._counted

    def viewed(self, video_id: str, upto: int = 2**62) -> bool:
        """Whether the video has a view (numbered up to `upto`)."""
        with reading("views"):
            return self.conn.execute(_VIEWED, [video_id, upto]).fetchone()[0] == 1

    def __contains__(self, video_id: object) -> bool:
        if video_id in self.marked:
            return True
        if not isinstance(video_id, str):
            return False
        known = self._asked.get(video_id)
        if known is None:  # the same few dozen (the videos related to what was loved) are asked at every pick
            if len(self._asked) >= self.ASKED:
                self._asked.clear()
            known = self._asked[video_id] = self.viewed(video_id)
        return known

    def __len__(self) -> int:
        return self.counted[1] + self._new

    def __iter__(self) -> Iterator[str]:
        with reading("views"):
            viewed = {r[0] for r in self.conn.execute("SELECT DISTINCT video_id FROM views")}
        return iter(viewed | self.marked)

    @property
    def unlisted(self) -> Container[str]:
        """The seen videos the catalog's lists still hand out: those marked, while the lists leave out every video
        with a view (`StoredIndex.skip_viewed`); all of them otherwise."""
        return self.marked if self.index.skip_viewed else self

    def add(self, video_id: str) -> None:
        if video_id not in self.marked:
            self.marked.add(video_id)
            self._new += not self.viewed(video_id, self.counted[0])

    def discard(self, video_id: str) -> None:
        if video_id in self.marked:
            self.marked.discard(video_id)
            self._new -= not self.viewed(video_id, self.counted[0])


_VIEWED = "SELECT EXISTS (SELECT 1 FROM views WHERE video_id = ? AND id <= ?)"
