"""A creator's videos from SQLite, newest upload first: the one list the catalog's own lists do not order so.

Served by the `videos_by_creator_uploaded` index (see `stored_index.INDEXES`):
a chunk reads `n` rows of one creator, never the table.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .dbfile import reading
from .stored_index import COLUMNS

_SELECT = ", ".join(f"v.{c}" for c in COLUMNS)


def newest_chunk(conn: sqlite3.Connection, creator: str, after: Any, n: int) -> list[tuple[Any, str, Any]]:
    """Up to `n` videos of `creator`, newest first, after the one whose token is `after` (None: the newest), as
    (token, id, row) like `StoredIndex.chunk`."""
    cond = "v.creator = ?" + (" AND (v.uploaded_at, v.id) < (?, ?)" if after is not None else "")
    sql = f"SELECT {_SELECT} FROM videos v WHERE {cond} ORDER BY v.uploaded_at DESC, v.id DESC LIMIT ?"
    with reading("videos"):
        return [((row[8], row[0]), row[0], row) for row in conn.execute(sql, [creator, *(after or ()), n])]
