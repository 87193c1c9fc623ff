"""Opening tiktui's SQLite file: where it lives, who may read it, damage, locks and schema versions.

`open_database(path)` returns a ready `sqlite_utils.Database` (WAL, busy
timeout, schema at SCHEMA_VERSION) or raises StoreError with one line that
says what and where. A damaged file is moved aside, never deleted. The
schema's version is `PRAGMA user_version`; an older file is upgraded in
place, one small step per version, each inside a write transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

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


def _v3(db: sqlite_utils.Database) -> None:
    # A snapshot of the state replayed from the events log up to `last_event_id`: start-up loads it
    # and replays only what came after. Derived, never the truth: deleting it loses nothing.
    db["snapshot"].create({"id": int, "last_event_id": int, "format": int, "state": str}, pk="id")
    # Settings are events now (mutes from two tiktuis merge); they are read by action at start.
    db["events"].create_index(["action"])
    if db["settings"].exists():
        muted = db.execute("SELECT value FROM settings WHERE key = 'muted'").fetchone()
        if muted:  # carry a version-2 file's mutes over as events, so the log holds them
            for kind, value in json.loads(muted[0]):
                db["events"].insert({"ts": "1970-01-01T00:00:00.000Z", "view_id": None, "video_id": None,
                                     "action": "mute", "detail": json.dumps([kind, value])})


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3]
"""Schema steps in order: step i takes a file from version i to version i+1."""
SCHEMA_VERSION = len(MIGRATIONS)


def create_private(path: Path) -> None:
    """Create `path` (and its folder) readable by this user only, if missing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One short write transaction; IMMEDIATE so a second tiktui waits its turn.

    A failed COMMIT (a full disk) is rolled back too, so the connection is
    never left inside a transaction and the next write can succeed.
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, path: Path | None) -> None:
    """Bring the schema to SCHEMA_VERSION, one step per transaction; refuse newer files."""
    if version(db) > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer tiktui (schema {version(db)}, this one knows {SCHEMA_VERSION}); "
            "left untouched: upgrade tiktui to open it")
    while version(db) < SCHEMA_VERSION:
        with write_transaction(db):
            current = version(db)  # read again under the write lock: another tiktui may have just done it
            if current < SCHEMA_VERSION:
                MIGRATIONS[current](db)
                db.execute(f"PRAGMA user_version = {current + 1}")


def _setup(db: sqlite_utils.Database, path: Path | None) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if version(db) > SCHEMA_VERSION:
        migrate(db, path)  # refuses, before WAL mode would touch the newer file
    if path is not None:
        db.enable_wal()
        # WAL with synchronous=NORMAL: a committed view survives a killed process.
        db.execute("PRAGMA synchronous = NORMAL")
    migrate(db, path)


def _open(path: Path) -> sqlite_utils.Database:
    create_private(path)
    db = sqlite_utils.Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000))
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
        _setup(db, path)
    except BaseException:
        db.close()
        raise
    return db


def open_database(path: Path, now: datetime | None = None) -> tuple[sqlite_utils.Database, str]:
    """Open (creating, upgrading) the database at `path`; return it and a notice for the viewer.

    A corrupt file is moved aside to `tiktui.db.corrupt-<UTC time>`, never
    deleted, and a fresh one started; the notice says where it went.
    """
    try:
        try:
            return _open(path), ""
        except CorruptError as err:
            stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
            aside = path.with_name(f"{path.name}.corrupt-{stamp}")
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(path) + suffix)
                if part.exists():
                    part.rename(Path(str(aside) + suffix))
            return _open(path), f"{path} was damaged ({err}); it was moved to {aside} and a new one started"
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: cannot be used as a tiktui database: {err}") from None
    except OSError as err:
        raise StoreError(f"{path}: cannot be opened: {err.strerror or err}; choose another place with "
                         "--data-dir or TIKTUI_DATA_DIR") from None
    except CorruptError as err:
        raise StoreError(f"{path}: damaged ({err}) and could not be replaced") from None


def memory_database() -> sqlite_utils.Database:
    """A throwaway database in memory (tests, simulations)."""
    db = sqlite_utils.Database(memory=True)
    _setup(db, None)
    return db
