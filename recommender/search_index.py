"""The catalog's full-text index (SQLite FTS5): what search reads, kept in step with the catalog.

`video_search` indexes each video's title, caption, creator, hashtags and
sound. It is contentless: the text is stored once, in `videos`; the index
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
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Sequence

from .video import FIELDS

TOKENIZE = "unicode61 remove_diacritics 2"
"""Words are runs of letters, digits and marks; case and accents are folded ("Crème" finds "creme")."""
PREFIXES = "1 2 3"
"""Prefix lengths FTS5 keeps an index for: the first keystrokes of a word read one list, not thousands."""
WEIGHTS = (10.0, 1.0, 6.0, 4.0, 4.0)
"""bm25 weights of a match in the title, caption, creator, hashtags and sound (FTS5 weighs the term counts and
normalises by the whole row's length): a title or a creator that matches counts most, a caption least."""
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
    "CREATE VIRTUAL TABLE video_search USING fts5(title, caption, creator, hashtags, sound, "
    f"content='', tokenize='{TOKENIZE}', prefix='{PREFIXES}')",
)
_INDEX = (
    f"INSERT INTO video_search (rowid, title, caption, creator, hashtags, sound) "
    f"SELECT {_KEY}, v.title, v.caption, v.creator, v.hashtags, v.sound FROM videos v WHERE v.rowid > ? ORDER BY 1"
)


def create(conn: sqlite3.Connection) -> None:
    """Make the (empty) index, inside the caller's transaction."""
    for sql in _SCHEMA:
        conn.execute(sql)


def fill(conn: sqlite3.Connection) -> None:
    """Index the whole catalog from scratch, inside the caller's transaction: the upgrade of an existing file,
    and a catalog ranked again (the keys hold the rank). Nothing happens before the index exists."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'video_search'").fetchone() is None:
        return
    conn.execute("INSERT INTO video_search (video_search) VALUES ('delete-all')")
    index_after(conn, 0)


def index_after(conn: sqlite3.Connection, rowid: int) -> None:
    """Index the videos whose `videos` rowid is past `rowid` (those an import added), in the caller's transaction.

    The text is read back from the rows written: the index and the table
    cannot disagree on what a video says.
    """
    try:  # kept in the index's settings: only a transaction that adds many videos holds that much
        conn.execute("INSERT INTO video_search (video_search, rank) VALUES ('hashsize', ?)", [BULK_HASH_BYTES])
    except sqlite3.OperationalError:  # an SQLite without the setting: the same index, only slower to make
        pass
    conn.execute(_INDEX, [rowid])


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
