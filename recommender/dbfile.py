"""Opening tiktui's SQLite file: where it lives, who may read it, damage, locks and schema versions.

`open_database(path)` returns a ready `sqlite3.Connection` (WAL, busy
timeout, schema at SCHEMA_VERSION) or raises StoreError with one line that
says what and where: a lock held too long, a full disk, an unusable file.
The file, its -wal and -shm are 0600 and the folders tiktui makes 0700. A
damaged file is moved aside, never deleted. The schema's version is
`PRAGMA user_version`; an older file is upgraded in place, one small step
per version, each inside a write transaction, so two tiktuis starting at
once on it both succeed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
"""How long a write waits for another tiktui on the same file before giving up."""
PARTS = ("", "-wal", "-shm")
"""The database file and the two SQLite keeps beside it in WAL mode: they move and are guarded together."""
_ELSEWHERE = "choose another place with --data-dir or TIKTUI_DATA_DIR"


class StoreError(Exception):
    """The database cannot be used; the message says what and where."""

    def __init__(self, message: str, *, unwritable: bool = False) -> None:
        super().__init__(message)
        self.unwritable = unwritable
        """The file could not be written (read-only, a full disk), not that it is unusable: reading it alone may
        still work (`open_read_only`, an export)."""


class FileGone(StoreError):
    """The data file was deleted or replaced under a running tiktui: what it writes would go nowhere."""


class CorruptError(Exception):
    """The file is not a readable SQLite database."""


def _v1(db: sqlite_utils.Database) -> None:
    db.table("videos").create(
        {
            "id": str,
            "title": str,
            "caption": str,
            "creator": str,
            "genre": str,
            "hashtags": str,
            "sound": str,
            "duration_s": float,
            "uploaded_at": str,
            "views": int,
            "completion_rate": float,
            "likes": int,
            "shares": int,
            "comments": int,
            "mature": int,
            "related": str,
        },
        pk="id",
    )
    db.table("views").create(
        {
            "id": int,
            "video_id": str,
            "feed": str,
            "started_at": str,
            "ended_at": str,
            "dwell_ms": int,
            "watched_ms": int,
            "duration_ms": int,
            "watch_ratio": float,
            "loops": int,
            "liked": int,
            "shared": int,
            "commented": int,
            "followed": int,
            "not_interested": int,
            "reason": str,
            "source": str,
        },
        pk="id",
    )
    db.table("events").create(
        {"id": int, "ts": str, "view_id": int, "video_id": str, "action": str, "detail": str}, pk="id"
    )
    db.table("events").create_index(["view_id"])
    db.table("profile").create({"kind": str, "value": str, "score": float, "weight": float}, pk=("kind", "value"))
    db.table("settings").create({"key": str, "value": str}, pk="key")


def _v2(db: sqlite_utils.Database) -> None:
    # Which running tiktui wrote a row: two terminals on one file each keep their own views.
    db.table("views").add_column("session", str)
    db.table("events").add_column("session", str)
    db.table("views").create_index(["video_id"])


_FLAG_EVENTS = {
    "like": ("liked", True),
    "unlike": ("liked", False),
    "follow": ("followed", True),
    "unfollow": ("followed", False),
    "share": ("shared", True),
    "comment": ("commented", True),
    "not_interested": ("not_interested", True),
}
"""How logs of version 2 and older said what was done on a view: only as events before its `leave`."""


def _v3(db: sqlite_utils.Database) -> None:
    # A snapshot of the state replayed from the events log up to `last_event_id`: start-up loads it
    # and replays only what came after. Derived, never the truth: deleting it loses nothing.
    db.table("snapshot").create({"id": int, "last_event_id": int, "format": int, "state": str}, pk="id")
    # Settings are events now (mutes from two tiktuis merge); they are read by action at start.
    db.table("events").create_index(["action"])
    # A leave now carries the whole view: write what the earlier events of each view said into it.
    flags: dict[int, dict[str, bool]] = {}
    for event_id, view_id, action, detail in db.execute(
        "SELECT id, view_id, action, detail FROM events ORDER BY id"
    ).fetchall():
        if action in _FLAG_EVENTS:
            name, value = _FLAG_EVENTS[action]
            flags.setdefault(view_id, {})[name] = value
        elif action == "leave":
            view = {
                **dict.fromkeys(("liked", "shared", "commented", "followed", "not_interested"), False),
                **json.loads(detail),
                **flags.pop(view_id, {}),
                "how": "next",
            }
            db.execute("UPDATE events SET detail = ? WHERE id = ?", [json.dumps(view), event_id])
    if db.table("settings").exists():
        muted = db.execute("SELECT value FROM settings WHERE key = 'muted'").fetchone()
        if muted:  # carry a version-2 file's mutes over as events, so the log holds them
            for kind, value in json.loads(muted[0]):
                db.table("events").insert(
                    {
                        "ts": "1970-01-01T00:00:00.000Z",
                        "view_id": None,
                        "video_id": None,
                        "action": "mute",
                        "detail": json.dumps([kind, value]),
                    }
                )


def _v4(db: sqlite_utils.Database) -> None:
    # The catalog's indexes live in the file: a pick reads the few rows it needs, and start-up reads none,
    # whatever the catalog's size. `rank` is minus the audience's verdict (best first), `ckey` the content.
    from .stored_index import create_indexes, rerank

    db.execute("ALTER TABLE videos ADD COLUMN rank REAL")
    db.execute("ALTER TABLE videos ADD COLUMN ckey TEXT")
    db.execute(
        "CREATE TABLE video_tags (tag TEXT NOT NULL, rank REAL NOT NULL, video_id TEXT NOT NULL, "
        "PRIMARY KEY (tag, rank, video_id)) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    create_indexes(db.conn)
    with reading("videos"):  # a row that does not decode is damage: the file is set aside, not left stuck
        rerank(db.conn)


def _v5(db: sqlite_utils.Database) -> None:
    # Search reads a full-text index of the catalog (titles, captions, creators, hashtags, sounds): made and
    # filled here for the catalog already in the file; imports keep it in step (`search_index.index_after`).
    from . import search_index

    search_index.create(db.conn)
    with reading("videos"):
        search_index.fill(db.conn)


def _v6(db: sqlite_utils.Database) -> None:
    # Search finds a video by its genre too ("cooking"): an index made by _v5 before that is made again.
    from . import search_index

    with reading("the search index"):  # a damaged page of the old index: said as such, not as the catalog's
        search_index.drop_old(db.conn)
    with reading("videos"):
        search_index.remake(db.conn)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
"""Schema steps in order: step i takes a file from version i to version i+1."""
SCHEMA_VERSION = len(MIGRATIONS)
HISTORY_SINCE = 3
"""The first schema whose views and events tables read as today's (the steps after it touch only the catalog, its
indexes and its search): a damaged file of it, or of a later one, gives back its history (`salvage`)."""


def make_private_folder(folder: Path) -> None:
    """Create `folder` and every missing folder above it, each 0700 whatever the umask; leave existing ones alone."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another tiktui starting at the same moment made it
            continue
        os.chmod(folder, 0o700)


def only_files(path: Path) -> None:
    """OSError unless the data file and its -wal and -shm, where they exist, are regular files (through a link):
    opening a pipe waited forever, and a link to a device (/dev/null) had the device made 0600."""
    for part in (Path(f"{path}{suffix}") for suffix in PARTS):
        try:
            mode = part.stat().st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "a device"
            raise OSError(0, f"is {what}, not a data file")


SQLITE_HEADER = b"SQLite format 3\x00"
"""The first bytes of every SQLite database file."""


def create_private(path: Path) -> str:
    """Create `path` (and its folders, see `make_private_folder`) if missing; return a notice or "".

    The file, its -wal and -shm end up 0600 (SQLite gives a new -wal/-shm the
    file's mode); the notice says when an existing one was open to others.
    """
    make_private_folder(path.parent)
    only_files(path)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.is_symlink():  # a link's target is another file's business unless it is a database (QA: a tiktui.db
        with open(path, "rb") as file:  # linked to a text file had the text file made 0600); a damaged file of
            head = file.read(len(SQLITE_HEADER))  # tiktui's own, a regular file, is made private all the same
        if head and head != SQLITE_HEADER:
            return ""
    exposed = False
    for part in (Path(f"{path}{suffix}") for suffix in PARTS):
        try:
            mode = stat.S_IMODE(part.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode != 0o600:
            os.chmod(part, 0o600)
            exposed = exposed or bool(mode & 0o077)
    return f"{path} was readable by others; it is now private (0600)" if exposed else ""


def move_aside(path: Path, reason: str, now: datetime | None = None) -> str:
    """Rename a damaged database and its -wal/-shm to `<name>.corrupt-<UTC time>`; return a one-line notice.

    Nothing that holds data is deleted: if that name is taken, `-2`, `-3`...
    is added; an empty -wal and its -shm are dropped. Close every connection
    to the file first.
    """
    return move_aside_to(path, reason, now)[1]


def move_aside_to(path: Path, reason: str, now: datetime | None = None) -> tuple[Path, str]:
    """`move_aside`, and where the file went (what `salvage` reads)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    aside, n = path.with_name(f"{path.name}.corrupt-{stamp}"), 1
    while any(os.path.lexists(f"{aside}{suffix}") for suffix in PARTS):
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal.is_file() and wal.stat().st_size == 0 and (shm.is_file() or not os.path.lexists(shm)):
        # An empty -wal holds no write, and with it the -shm (an index of the -wal, made again on any open) holds
        # nothing: moved aside, forget named them as two more damaged copies (QA). Dropped, not moved.
        for part in (wal, shm):
            part.unlink(missing_ok=True)
    for suffix in PARTS:
        if os.path.lexists(f"{path}{suffix}"):
            os.rename(f"{path}{suffix}", f"{aside}{suffix}")
    return aside, f"{path} was damaged ({reason}); it was moved to {aside}"


def _code(err: sqlite3.Error) -> int:
    """SQLite's primary result code for `err`; read from its text when it was made by hand."""
    if getattr(err, "sqlite_errorcode", None) is not None:
        return err.sqlite_errorcode & 0xFF
    text = str(err)
    for words, code in (
        ("locked", sqlite3.SQLITE_BUSY),
        ("is full", sqlite3.SQLITE_FULL),
        ("I/O error", sqlite3.SQLITE_IOERR),
        ("malformed", sqlite3.SQLITE_CORRUPT),
        ("not a database", sqlite3.SQLITE_NOTADB),
    ):
        if words in text:
            return code
    return sqlite3.SQLITE_ERROR


def is_damage(err: sqlite3.Error) -> bool:
    """Whether SQLite found the file itself damaged (a malformed page, not a database), not a lock or a full disk."""
    return _code(err) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def left_damaged(path: Path | None, err: CorruptError) -> StoreError:
    """The one-line StoreError for a damaged file a command leaves as it is (only the app, starting, sets one aside):
    one that would not open, or a write that met a damaged page (rolled back)."""
    return StoreError(f"{path}: damaged ({err}); nothing was changed: start tiktui to set it aside and begin a new one")


def store_error(path: Path | None, err: sqlite3.Error) -> StoreError:
    """The one-line StoreError for an SQLite error met on the file at `path`: a lock, a full disk, the rest."""
    code = _code(err)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(
            f"{path}: another tiktui (or another program) is using it and did not let go within "
            f"{BUSY_TIMEOUT_MS / 1000:g} s; close it and try again"
        )
    if code == sqlite3.SQLITE_FULL:
        return StoreError(
            f"{path}: cannot write to it: the disk is full; free some space or {_ELSEWHERE}", unwritable=True
        )
    if code == sqlite3.SQLITE_IOERR:
        return StoreError(
            f"{path}: cannot write to it: the disk reported an error ({err}), perhaps it is full; "
            f"free some space or {_ELSEWHERE}",
            unwritable=True,
        )
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY):
        return StoreError(f"{path}: cannot be opened: {err}; {_ELSEWHERE}", unwritable=True)
    return StoreError(f"{path}: cannot be used as a tiktui database: {err}")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One short write transaction; IMMEDIATE so a second tiktui waits its turn.

    A failed COMMIT (a full disk) is rolled back too, so the connection is
    never left inside a transaction and the next write can succeed. A write
    that meets a damaged page raises CorruptError: the file is to be set
    aside (start-up reads only what the first card needs, so a write may be
    the first to touch the damage).
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as err:
        if is_damage(err):
            raise CorruptError(f"a write met damage: {err}") from None
        raise


@contextmanager
def reading(table: str) -> Iterator[None]:
    """Rows that cannot be decoded, and pages SQLite finds malformed, are damage: CorruptError."""
    try:
        yield
    except sqlite3.DatabaseError as err:
        if isinstance(err, sqlite3.OperationalError) and "decode" in str(err):
            raise CorruptError(f"a row of {table} cannot be read: {err}") from None
        if is_damage(err):
            raise CorruptError(f"{table}: {err}") from None
        raise  # a lock, a full disk, a bug: not the file's fault
    except (ValueError, KeyError, TypeError) as err:
        raise CorruptError(f"a row of {table} holds what tiktui never writes: {err}") from None


def version(conn: sqlite3.Connection) -> int:
    """The file's schema version (`PRAGMA user_version`)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path: Path | None, tell: Callable[[str], None] | None = None) -> None:
    """Bring the schema to SCHEMA_VERSION, one step per transaction; refuse newer files.

    sqlite-utils, which the steps use, is imported only when a step is due:
    an up-to-date file opens without it. `tell` hears one line before an
    existing file is upgraded (with a big catalog that takes a while, once).
    """
    if version(conn) > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer tiktui (schema {version(conn)}, this one knows {SCHEMA_VERSION}); "
            "left untouched: upgrade tiktui to open it"
        )
    if tell is not None and 0 < version(conn) < SCHEMA_VERSION:
        tell(f"upgrading {path} for this version of tiktui (once: a minute or more with a million videos)")
    while version(conn) < SCHEMA_VERSION:
        import sqlite_utils

        with write_transaction(conn):
            current = version(conn)  # read again under the write lock: another tiktui may have just done it
            if current < SCHEMA_VERSION:
                MIGRATIONS[current](sqlite_utils.Database(conn))
                conn.execute(f"PRAGMA user_version = {current + 1}")


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL, waiting up to the busy timeout for other tiktuis doing the same.

    The switch needs the file to itself, and SQLite answers "locked" at once,
    without waiting, while another connection is midway through its own switch.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if _code(err) != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(0.01)


def _setup(conn: sqlite3.Connection, path: Path | None, tell: Callable[[str], None] | None = None) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if version(conn) > SCHEMA_VERSION:
        migrate(conn, path)  # refuses, before WAL mode would touch the newer file
    if path is not None:
        _enable_wal(conn)
        # WAL with synchronous=NORMAL: a committed view survives a killed process.
        conn.execute("PRAGMA synchronous = NORMAL")
    migrate(conn, path, tell)


def _open(path: Path, tell: Callable[[str], None] | None = None) -> sqlite3.Connection:
    """Connect and check what every start reads: the header and the schema.

    The rest of the file is not read here (a whole-file check would cost time
    in proportion to the catalog and the history): damage inside rows is found
    when the rows are read (`reading`), and the file is then set aside.
    """
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:  # connect's timeout is the busy timeout: a locked file is waited for, not called corrupt
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as err:
        conn.close()
        if is_damage(err):
            raise CorruptError(str(err)) from None
        raise  # locked, a failing disk: the file is not to blame
    try:
        _setup(conn, path, tell)
    except sqlite3.DatabaseError as err:
        conn.close()
        if is_damage(err):
            raise CorruptError(str(err)) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def open_read_only(path: Path) -> sqlite3.Connection:
    """The database at `path` for reading alone, changing nothing (an export from a file that cannot be written: a
    read-only file, folder or mount, a full disk). StoreError when it cannot be read so, or needs an upgrade.

    Read-only SQLite still writes the -shm of a file in WAL mode; where that is refused too, the file is read as
    it lies on disk, which holds everything only when no -wal holds writes still to be moved into it."""
    uri = f"file:{urllib.parse.quote(str(path))}"
    try:
        only_files(path)
    except OSError as err:
        raise StoreError(f"{path}: cannot be opened: {err.strerror}") from None
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            wal = Path(f"{path}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise
            conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        if version(conn) != SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"{path}: cannot be read without writing to it: it is from another version of tiktui")
    except sqlite3.DatabaseError as err:
        raise store_error(path, err) from None
    return conn


def open_database(
    path: Path, now: datetime | None = None, tell: Callable[[str], None] | None = None, set_aside: bool = True
) -> tuple[sqlite3.Connection, str, Path | None]:
    """Open (creating, upgrading) the database at `path`; return it, a one-line notice for the viewer or "", and
    where a damaged file was moved (None: it was not). `tell` hears a line before a long step (`migrate`).

    A corrupt file is moved aside (see `move_aside`) and a fresh one started
    (without `set_aside`, a StoreError says so and the file is left as it is:
    a command that exports, imports or posts does not replace the viewer's
    file as a side effect); a file others could read is made private. The
    notice says both.
    """
    aside = None
    try:
        notices = [create_private(path)]
        try:
            conn = _open(path, tell)
        except CorruptError as err:
            if not set_aside:
                raise left_damaged(path, err) from None
            aside, moved = move_aside_to(path, str(err), now)
            notices.append(f"{moved} and a new one started")
            create_private(path)
            conn = _open(path)
    except sqlite3.Error as err:
        raise store_error(path, err) from None
    except OSError as err:  # errno 0: `only_files` (a pipe, a device), which no way of opening mends
        raise StoreError(
            f"{path}: cannot be opened: {err.strerror or err}; {_ELSEWHERE}", unwritable=err.errno != 0
        ) from None
    except CorruptError as err:
        raise StoreError(f"{path}: damaged ({err}) and could not be replaced") from None
    return conn, "; ".join(notice for notice in notices if notice), aside


def memory_database() -> sqlite3.Connection:
    """A throwaway database in memory (tests, simulations)."""
    conn = sqlite3.connect(":memory:")
    _setup(conn, None)
    return conn


def database_parts(path: Path) -> list[Path]:
    """The files of the database at `path` that are there: it, its -wal and its -shm. When `path` is a symbolic
    link, SQLite works on the file it points to, its -wal and -shm beside that one: those, then the link (QA:
    forget deleted the link alone, said "deleted", and left every view in the file it pointed to)."""
    if path.is_symlink():
        real = Path(os.path.realpath(path))
        return [*(database_parts(real) if not real.is_symlink() else []), path]
    return [Path(f"{path}{suffix}") for suffix in PARTS if os.path.lexists(f"{path}{suffix}")]


def delete_database(path: Path) -> list[Path]:
    """Delete the database at `path` with its -wal and -shm; return the parts there were (all now gone).

    Refused (StoreError, nothing deleted) while another connection has the
    file open: the switch out of WAL mode that comes first needs the file to
    itself. That switch also folds the -wal into the file, so whatever step
    fails, what is left is never a file without the writes its -wal held.
    A file that is not a database (damaged) is deleted all the same. The
    -wal and -shm go first, the file last. A file alone, closed cleanly, is
    deleted as it is: nothing has it open, and nothing waits to be folded in.
    """
    if path.is_symlink():  # the data is in the file it points to (`database_parts`): that first, the link last
        real = Path(os.path.realpath(path))
        deleted = delete_database(real) if os.path.lexists(real) else []
        try:
            path.unlink()
        except OSError as err:
            done = f"; deleted {', '.join(str(p) for p in deleted)}" if deleted else "; nothing was deleted"
            raise StoreError(f"{path}: cannot be deleted: {err.strerror or err}{done}") from None
        return [*deleted, path]
    parts = database_parts(path)
    if not parts:
        return []
    try:
        only_files(path)  # a pipe would be waited on, and its refusal read as a full disk
    except OSError as err:
        raise StoreError(f"{path}: {err.strerror}; nothing was deleted") from None
    if path in parts and len(parts) > 1:
        # With neither -wal nor -shm beside it, no tiktui has it open (one in WAL mode keeps both while it does) and
        # no write waits in a -wal: nothing to ready. Readying it made both on a full disk, and refused (QA).
        _only_user(path)
    try:
        for part in sorted(parts, key=lambda p: p == path):  # the switch out of WAL may have removed the -wal
            part.unlink(missing_ok=True)
    except OSError as err:
        gone = [p for p in parts if not os.path.lexists(p)]
        done = f"; deleted {', '.join(p.name for p in gone)}" if gone else "; nothing was deleted"
        raise StoreError(f"{err.filename or path}: cannot be deleted: {err.strerror or err}{done}") from None
    return parts


def _only_user(path: Path) -> None:
    """Refuse (StoreError) if another connection has the file open; leave it out of WAL mode otherwise."""
    uri = f"{path.absolute().as_uri()}?mode=rw"

    def unready(err: sqlite3.Error) -> StoreError:
        # Not "choose another place" (a full disk, a file it may not write): what stops it, and the way round.
        names = ", ".join(f"{path.name}{suffix}" for suffix in PARTS)
        return StoreError(
            f"{path}: cannot be readied for deleting ({err}): its -wal is first written into it, which needs a "
            f"little free space and a file tiktui may write; free some, or quit every tiktui and delete {names} "
            "yourself; nothing was deleted"
        )

    try:
        conn = sqlite3.connect(uri, uri=True, timeout=1.0)
    except sqlite3.Error as err:
        raise unready(err) from None
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as err:
        if _code(err) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise StoreError(
                f"{path}: another tiktui (or another program) has it open; quit it and try again; nothing was deleted"
            ) from None
        if _code(err) not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise unready(err) from None
    finally:
        conn.close()
