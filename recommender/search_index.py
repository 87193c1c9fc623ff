"""The catalog's full-text index (SQLite FTS5): what search reads, kept in step with the catalog.

`video_search` indexes each video's title, caption, creator, hashtags,
sound and genre. It is contentless: the text is stored once, in `videos`; the index
holds the terms, where they occur, and for each video a key that puts its
rank (the audience's verdict) before its `videos` rowid. FTS5 lists matches
in key order, so the first few hundred matches of even a one-letter prefix
are the best-liked ones, read without scoring the tens of thousands behind
them. Case and accents are folded (unicode61, remove_diacritics 2) and 1- to
3-character prefixes have their own lists, so a query typed letter by letter
stays fast.

`index_after` is an import's part (once its rows are in, in the import's
transaction: all or nothing); `fill` builds it from the catalog (the upgrade
to schema 5, and a catalog ranked again, since keys hold ranks). Both feed
FTS5 the videos in key order, in one statement: FTS5 writes out what it holds
in memory each time a key is lower than the last, so rows fed in file order
(keys led by rank) made it write a sliver of index per row or two, and merge
them again and again. User text never becomes
FTS syntax: `match_expression` keeps only its words, each quoted as a prefix.

A big import may leave its videos out of the index (`defer`): the catalog
commits without them, and a `catalog_meta` row (TODO) names the rowid ranges
still to index. `build_step` indexes the next CHUNK of them in the caller's
transaction, its own (the import command, once the catalog is in; a worker of
the next tiktui started), so a stop at any point leaves an index that holds
exactly the videos the row says it holds, and the next step goes on from
there. Until the row is gone, `progress` says how far it got: search says so,
and the duplicate check reads the rest of the catalog itself.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Sequence
from typing import Any

from .video import FIELDS

TOKENIZE = "unicode61 remove_diacritics 2"
"""Words are runs of letters, digits and marks; case and accents are folded ("Crème" finds "creme")."""
PREFIXES = "1 2 3"
"""Prefix lengths FTS5 keeps an index for: the first keystrokes of a word read one list, not thousands."""
WEIGHTS = (10.0, 1.0, 6.0, 4.0, 4.0, 4.0)
"""bm25 weights of a match in the title, caption, creator, hashtags, sound and genre (FTS5 weighs the term counts
and normalises by the whole row's length): a title or a creator that matches counts most, a caption least."""
COLUMNS = ("title", "caption", "creator", "hashtags", "sound", "genre")
"""What the index holds of each video, in WEIGHTS' order (the genre since schema 6: "cooking" found nothing in
the shipped catalog, whose cooking videos say #foodtok)."""
MAX_WORDS = 8
MAX_WORD = 40
"""Words of a query, and characters of one word, that count: a pasted page cannot make a slow search."""
RANK_BITS = 30
"""The key of a video in the index: its rank (the audience's verdict, best first) in the high bits ..."""
ROWID_BITS = 32
"""... and its `videos` rowid in the low ones (4 billion videos): the index lists matches best-verdict first."""
_KEY = (
    f"(MAX(0, MIN({(1 << RANK_BITS) - 1}, CAST((v.rank + 1.0) * {1 << (RANK_BITS - 1)} AS INTEGER))) "
    f"<< {ROWID_BITS}) | v.rowid"
)
"""SQL for that key, from the `videos` row `v` (rank lies in (-1, 1))."""
ROWID_MASK = (1 << ROWID_BITS) - 1
BULK_HASH_BYTES = 64 * 2**20
"""What FTS5 may hold in memory before it writes a segment out (its `hashsize`, 1 MiB by default): a million
videos fed in key order make a few large segments instead of hundreds of small ones that it merges again."""

_SCHEMA = (
    # Contentless: the text is stored once, in `videos`; the index holds the terms and the key above.
    f"CREATE VIRTUAL TABLE video_search USING fts5({', '.join(COLUMNS)}, "
    f"content='', tokenize='{TOKENIZE}', prefix='{PREFIXES}')",
)
_INDEX = (
    f"INSERT INTO video_search (rowid, {', '.join(COLUMNS)}) "
    f"SELECT {_KEY}, {', '.join('v.' + c for c in COLUMNS)} FROM videos v "
    "WHERE v.rowid > ? AND v.rowid <= ? ORDER BY 1"
)
TODO = "search_todo"
"""The `catalog_meta` row of what the index still lacks: {"ranges": [[after, upto], ...]} (the videos whose
rowid lies in one of these ranges, each from an import that left them out), and "merge": true while the segments
the steps wrote are still to be merged (the index is whole; a search reads more segments than it will). No row:
the index holds every video."""
CHUNK = 100_000
"""Videos one `build_step` indexes: a second or two of the write lock (the import command, nobody waiting)."""
CHUNK_BESIDE_APP = 10_000
"""... and when the app builds it in a worker while the viewer swipes (each swipe's write waits for a step)."""
MERGE_PAGES = 4000
"""Pages of segments a merging step writes at most (FTS5's 'merge' command): about as long as a CHUNK step."""
AUTOMERGE = 4
"""FTS5's own automerge setting (its default), put back once a build is done: segments written while building
are merged at the end, by bounded steps, instead of at each step's commit (fewer pages written, shorter steps)."""


def create(conn: sqlite3.Connection) -> None:
    """Make the (empty) index, inside the caller's transaction."""
    for sql in _SCHEMA:
        conn.execute(sql)


def drop_old(conn: sqlite3.Connection) -> None:
    """Drop the file's index when it lacks one of today's COLUMNS (one made before schema 6 has no genre), inside
    the caller's transaction: `remake` makes it again."""
    have = [row[1] for row in conn.execute("PRAGMA table_info(video_search)")]
    if have and have != list(COLUMNS):
        conn.execute("DROP TABLE video_search")


def remake(conn: sqlite3.Connection) -> None:
    """Make the index with today's COLUMNS and fill it, inside the caller's transaction, when there is none
    (`drop_old` dropped the file's)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'video_search'").fetchone() is None:
        create(conn)
        fill(conn)


def fill(conn: sqlite3.Connection) -> None:
    """Index the whole catalog from scratch, inside the caller's transaction: the upgrade of an existing file,
    and a catalog ranked again (the keys hold the rank). Nothing happens before the index exists; a build under
    way is done with (every video is in)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'video_search'").fetchone() is None:
        return
    conn.execute("INSERT INTO video_search (video_search) VALUES ('delete-all')")
    index_after(conn, 0)
    if _todo(conn) is not None:
        _config(conn, "automerge", AUTOMERGE)
        conn.execute("DELETE FROM catalog_meta WHERE key = ?", [TODO])


def index_after(conn: sqlite3.Connection, rowid: int) -> None:
    """Index the videos whose `videos` rowid is past `rowid` (those an import added), in the caller's transaction.

    The text is read back from the rows written: the index and the table
    cannot disagree on what a video says.
    """
    _index(conn, rowid, 2**63 - 1)


def _index(conn: sqlite3.Connection, after: int, upto: int) -> None:
    # kept in the index's settings: only a transaction that adds many videos holds that much
    _config(conn, "hashsize", BULK_HASH_BYTES)
    conn.execute(_INDEX, [after, upto])


def _config(conn: sqlite3.Connection, name: str, value: int) -> None:
    try:
        conn.execute("INSERT INTO video_search (video_search, rank) VALUES (?, ?)", [name, value])
    except sqlite3.OperationalError:  # an SQLite without the setting: the same index, only slower to make
        pass


def _todo(conn: sqlite3.Connection) -> dict[str, Any] | None:
    row = conn.execute("SELECT value FROM catalog_meta WHERE key = ?", [TODO]).fetchone()
    return None if row is None else json.loads(row[0])


def _keep(conn: sqlite3.Connection, todo: dict[str, Any] | None) -> None:
    if todo is None:
        conn.execute("DELETE FROM catalog_meta WHERE key = ?", [TODO])
    else:
        conn.execute("INSERT OR REPLACE INTO catalog_meta (key, value) VALUES (?, ?)", [TODO, json.dumps(todo)])


def defer(conn: sqlite3.Connection, after: int) -> None:
    """Leave the videos past rowid `after` (those an import added) out of the index for now, in the caller's
    transaction: TODO names them, and `build_step` indexes them later."""
    upto = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM videos").fetchone()[0]
    if upto <= after:
        return
    todo = _todo(conn) or {"ranges": [], "merge": False}
    todo["ranges"].append([after, upto])
    todo["merge"] = True
    _config(conn, "automerge", 0)  # the build's segments are merged once, at its end (see AUTOMERGE)
    _keep(conn, todo)


def unindexed(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """The rowid ranges (after, upto] of the videos not yet in the index; [] when it holds them all."""
    todo = _todo(conn)
    return [] if todo is None else [(a, b) for a, b in todo["ranges"]]


def progress(conn: sqlite3.Connection) -> tuple[int, int] | None:
    """(videos indexed, videos in the catalog) while some are still to be indexed; None when all are.

    An import's rowids follow one another (nothing deletes a video), so a
    range holds `upto - after` videos: the row is read, not the catalog.
    """
    ranges = unindexed(conn)
    if not ranges:
        return None
    total = conn.execute("SELECT value FROM catalog_meta WHERE key = 'count'").fetchone()
    count = int(json.loads(total[0])) if total else 0
    left = sum(b - a for a, b in ranges)
    return max(0, count - left), max(count, left)


def build_step(conn: sqlite3.Connection, rows: int = CHUNK, merge_pages: int = MERGE_PAGES) -> bool:
    """Index the next `rows` videos left out, or merge the segments written, in the caller's write transaction;
    False once nothing is left to do (TODO is gone).

    The videos go in key order within the step, as `index_after` feeds them;
    the TODO row moves on in the same transaction as the index, so the two
    never disagree.
    """
    todo = _todo(conn)
    if todo is None:
        return False
    if todo["ranges"]:
        after, upto = todo["ranges"][0]
        end = min(upto, after + rows)
        _index(conn, after, end)
        if end >= upto:
            todo["ranges"].pop(0)
        else:
            todo["ranges"][0][0] = end
    elif todo.get("merge"):
        before = conn.total_changes
        conn.execute("INSERT INTO video_search (video_search, rank) VALUES ('merge', ?)", [merge_pages])
        if conn.total_changes - before < 2:  # nothing left to merge: it wrote no segment
            todo["merge"] = False
    if not todo["ranges"] and not todo.get("merge"):
        _config(conn, "automerge", AUTOMERGE)
        todo = None
    _keep(conn, todo)
    return todo is not None


def _is_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM" or unicodedata.category(ch) == "Co"


def words(text: str) -> list[str]:
    """The words of a query (at most MAX_WORDS, each cut to MAX_WORD characters): runs of letters, digits and
    marks, as unicode61 sees them; quotes, operators and punctuation only separate.

    >>> words('coo "bre* NEAR(a -x title:y #foodtok @ana_cooks')
    ['coo', 'bre', 'NEAR', 'a', 'x', 'title', 'y', 'foodtok']
    >>> words('Crème_brûlée')
    ['Crème', 'brûlée']
    """
    text = unicodedata.normalize("NFC", text[: MAX_WORDS * (MAX_WORD + 64)])
    found = "".join(ch if _is_word(ch) else " " for ch in text).split()
    return [w[:MAX_WORD] for w in found[:MAX_WORDS]]


def words_left_out(text: str) -> bool:
    """Whether `text` has more words than a search looks for (MAX_WORDS: the rest are left out).

    >>> words_left_out("a b c d e f g h"), words_left_out("a b c d e f g h i")
    (False, True)
    """
    text = unicodedata.normalize("NFC", text[: (MAX_WORDS + 1) * (MAX_WORD + 64)])
    return len("".join(ch if _is_word(ch) else " " for ch in text).split()) > MAX_WORDS


def match_expression(text: str) -> str:
    """An FTS5 query that finds rows holding a word starting with each word of `text`; "" when it has none.

    Every word is quoted: whatever the viewer types (quotes, `*`, NEAR, `-`,
    column filters) is text to find, never query syntax.

    >>> match_expression('coo bre')
    '"coo"* "bre"*'
    >>> match_expression('title: NEAR("x"')
    '"title"* "NEAR"* "x"*'
    """
    return " ".join(f'"{w}"*' for w in words(text))


def matches(conn: sqlite3.Connection, match: str, after: int | None, k: int) -> list[tuple[int, float]]:
    """(key, bm25 score) of the first `k` matches past the key `after`, best audience verdict first."""
    weights = ", ".join(map(str, WEIGHTS))
    sql = f"SELECT rowid, bm25(video_search, {weights}) FROM video_search WHERE video_search MATCH ?"
    if after is not None:
        sql += " AND rowid > ?"
    return conn.execute(sql + " LIMIT ?", [match, *([] if after is None else [after]), k]).fetchall()


def video_rows(conn: sqlite3.Connection, keys: Sequence[int], columns: Sequence[str] = FIELDS) -> dict[int, tuple]:
    """The `videos` rows (these columns) of these index keys, by key."""
    rowids = {key & ROWID_MASK: key for key in keys}
    picked = ", ".join(f"v.{c}" for c in columns)
    sql = f"SELECT v.rowid, {picked} FROM json_each(?) j JOIN videos v ON v.rowid = j.value"
    return {rowids[row[0]]: row[1:] for row in conn.execute(sql, [json.dumps(list(rowids))])}
