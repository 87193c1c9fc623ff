"""The data file as a user meets it: many tiktuis at once, a full disk, privacy, a lock, damage moved aside."""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recommender import dbfile
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.clock import FakeClock
from recommender.feed import FeedSession, stored_catalog
from recommender.store import SCHEMA_VERSION, Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_V1 = Path(__file__).parent / "data" / "tiktui-v1.db"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def query(db: Path, sql: str):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def parts(db: Path) -> list[Path]:
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm")]


# -- many tiktuis starting at the same moment --------------------------------------------------------

STARTER = """
import os, sys, time
from recommender.clock import FakeClock
from recommender.feed import FeedSession, stored_catalog
from recommender.store import Store
db, ready, go = sys.argv[1:]
open(ready, "w").close()
while not os.path.exists(go):  # every process starts at the same moment
    time.sleep(0.001)
store = Store.open(db)
stored_catalog(store, FakeClock())
print(store.notice, end="")
"""


def start_at_once(db: Path, folder: Path, n: int = 6) -> list[subprocess.CompletedProcess]:
    """Start `n` tiktuis on `db`, release them together, and return how each ended."""
    folder.mkdir(parents=True)
    go, ready = folder / "go", [folder / f"ready{i}" for i in range(n)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(db), str(r), str(go)],
            env=ENV,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for r in ready
    ]
    while not all(r.exists() for r in ready) and all(p.poll() is None for p in procs):
        time.sleep(0.01)
    go.touch()
    outputs = [p.communicate(timeout=300) for p in procs]
    return [
        subprocess.CompletedProcess(p.args, p.returncode, out, err)
        for p, (out, err) in zip(procs, outputs, strict=True)
    ]


@pytest.mark.parametrize("start", ["new", "version 1"])
def test_six_tiktuis_started_at_once_all_open_the_file_and_keep_its_rows(tmp_path, start):
    shipped = len(load_catalog(shipped_catalog_path()).videos)
    for round_ in range(3):  # a few times, to make a race likely
        db = tmp_path / f"round{round_}" / "new" / "data" / "tiktui.db"
        if start == "version 1":
            db.parent.mkdir(parents=True)
            shutil.copy(FIXTURE_V1, db)
            videos = query(db, "SELECT COUNT(*) FROM videos")
        ended = start_at_once(db, tmp_path / f"round{round_}" / "sync")
        assert [p.returncode for p in ended] == [0] * 6, [p.stderr for p in ended]
        # Nothing moved aside; the copied file was 0644, and whoever made it private says so.
        assert {p.stdout for p in ended} <= {"", f"{db} was readable by others; it is now private (0600)"}
        assert query(db, "PRAGMA user_version") == SCHEMA_VERSION
        assert query(db, "PRAGMA journal_mode") == "wal"
        assert not list(db.parent.glob("*.corrupt-*"))
        if start == "new":
            assert query(db, "SELECT COUNT(*) FROM videos") == shipped
            assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
        else:
            assert query(db, "SELECT COUNT(*) FROM videos") == videos
            assert query(db, "SELECT COUNT(*) FROM views") == 3
            assert query(db, "SELECT COUNT(*) FROM events") == 9
        assert mode(db) == 0o600


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")  # what another tiktui switching the file to WAL holds, for a moment
open(sys.argv[2], "w").close()
time.sleep(0.5)
conn.execute("COMMIT")
"""


def test_a_tiktui_waits_for_another_that_is_switching_an_old_file_over(tmp_path):
    # SQLite refuses the switch to WAL at once, without waiting, while another connection writes.
    db = tmp_path / "tiktui.db"
    shutil.copy(FIXTURE_V1, db)
    ready = tmp_path / "ready"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(ready)])
    while not ready.exists() and holder.poll() is None:
        time.sleep(0.01)
    store = Store.open(db)
    assert holder.wait(timeout=60) == 0
    assert store.version == SCHEMA_VERSION and store.counts() == {"views": 3, "events": 9}


# -- a full disk at first start ---------------------------------------------------------------------


def limit_file_size(size: int):
    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing

    return preexec


@pytest.mark.parametrize("limit_kib", [16, 128], ids=["while-opening", "while-adding-the-catalog"])
def test_a_full_disk_at_first_start_is_one_line_naming_the_file(tmp_path, limit_kib):
    catalog = tmp_path / "mine.json"
    catalog.write_text(
        json.dumps(
            [
                {
                    "id": "mine1",
                    "title": "My first video",
                    "caption": "hello",
                    "creator": "me",
                    "genre": "diy",
                    "hashtags": ["mine"],
                    "sound": "original sound",
                    "duration_s": 15,
                    "uploaded_at": "2025-01-01T00:00:00Z",
                    "views": 10,
                    "completion_rate": 0.5,
                }
            ]
        )
    )
    data = tmp_path / "new" / "data"
    db = data / "tiktui.db"
    command = [sys.executable, "-m", "tuiapp", "--data-dir", str(data), "import", str(catalog)]
    out = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        check=False,
        preexec_fn=limit_file_size(limit_kib * 1024),
    )
    assert out.returncode != 0
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1, out.stderr
    line = out.stderr.strip()
    assert line.startswith(f"tiktui: {db}: cannot write to it:"), line
    assert "full" in line and "--data-dir" in line
    assert not list(data.glob("*.corrupt-*"))  # a full disk is not damage
    # With room again, the same command works and nothing half-written is left behind.
    again = subprocess.run(command, capture_output=True, text=True, env=ENV, cwd=ROOT, check=False)
    assert again.returncode == 0 and "imported 1 video from" in again.stdout, again.stderr
    assert query(db, "SELECT COUNT(*) FROM videos") == len(load_catalog(shipped_catalog_path()).videos) + 1


def test_a_full_file_is_said_in_one_line_and_nothing_is_half_written(tmp_path):
    db = tmp_path / "tiktui.db"
    store = Store.open(db)
    store.db.execute("PRAGMA max_page_count = 30")  # SQLite's own "database or disk is full", for this connection
    with pytest.raises(sqlite3.OperationalError) as caught:
        stored_catalog(store, FakeClock())
    store.close()
    assert str(dbfile.store_error(db, caught.value)) == (
        f"{db}: cannot write to it: the disk is full; free some space or choose another place with --data-dir "
        "or TIKTUI_DATA_DIR"
    )
    assert Store.open(db).video_count() == 0


# -- privacy ---------------------------------------------------------------------------------------------


def test_a_data_file_readable_by_others_is_made_private_and_said_once(tmp_path):
    db = tmp_path / "tiktui.db"
    store = Store.open(db)
    stored_catalog(store, FakeClock())
    keeper = sqlite3.connect(db)  # keeps the -wal and -shm in place after the store closes
    keeper.execute("SELECT COUNT(*) FROM videos").fetchone()
    store.close()
    for part in parts(db):
        part.chmod(0o644)
    store = Store.open(db)
    assert store.notice == f"{db} was readable by others; it is now private (0600)"
    assert [mode(part) for part in parts(db)] == [0o600] * 3
    assert store.video_count() == len(load_catalog(shipped_catalog_path()).videos)
    store.close()
    assert Store.open(db).notice == ""  # said once
    keeper.close()


def test_every_folder_tiktui_makes_is_private_and_existing_ones_are_left_alone(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o755)
    db = home / "a" / "b" / "c" / "tiktui.db"
    old = os.umask(0o022)
    try:
        store = Store.open(db)
        stored_catalog(store, FakeClock())
    finally:
        os.umask(old)
    assert [mode(home / sub) for sub in ("a", "a/b", "a/b/c")] == [0o700] * 3
    assert mode(home) == 0o755
    assert [mode(part) for part in parts(db)] == [0o600] * 3
    assert store.notice == ""


def test_a_damaged_file_open_to_others_gets_both_notices_on_one_line(tmp_path):
    db = tmp_path / "tiktui.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    db.chmod(0o644)
    store = Store.open(db)
    (moved,) = tmp_path.glob("tiktui.db.corrupt-*")
    assert store.notice.startswith(f"{db} was readable by others; it is now private (0600); {db} was damaged (")
    assert store.notice.endswith(f"; it was moved to {moved} and a new one started; nothing of it could be read")
    assert "\n" not in store.notice and mode(moved) == 0o600 and mode(db) == 0o600


# -- a lock held too long ----------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["new", "version 1", "version 1 in WAL mode"])
def test_a_file_locked_too_long_is_one_line_saying_who_and_is_not_moved(tmp_path, monkeypatch, start):
    db = tmp_path / "tiktui.db"
    if start != "new":
        shutil.copy(FIXTURE_V1, db)
    if start.endswith("WAL mode"):
        query(db, "PRAGMA journal_mode = WAL")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(dbfile, "BUSY_TIMEOUT_MS", 200)
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert message.startswith(f"{db}: another tiktui (or another program) is using it"), message
    assert "\n" not in message and "cannot be used" not in message
    assert not list(tmp_path.glob("*.corrupt-*"))
    store = Store.open(db)  # once it is let go, the same file opens with its rows
    assert store.version == SCHEMA_VERSION
    assert store.counts() == ({"views": 0, "events": 0} if start == "new" else {"views": 3, "events": 9})


# -- moving a damaged file aside ---------------------------------------------------------------------


def test_move_aside_renames_every_part_and_never_overwrites(tmp_path):
    db = tmp_path / "tiktui.db"
    now = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    notices = []
    for n in range(2):
        for part in parts(db):
            part.write_bytes(f"{part.name} {n}".encode())
        notices.append(dbfile.move_aside(db, "bad page 7", now))
    first, second = (tmp_path / "tiktui.db.corrupt-20261125T120000Z", tmp_path / "tiktui.db.corrupt-20261125T120000Z-2")
    for aside, n in ((first, 0), (second, 1)):
        assert [p.read_bytes() for p in parts(aside)] == [f"{p.name} {n}".encode() for p in parts(db)]
    assert not any(p.exists() for p in parts(db))
    assert notices == [
        f"{db} was damaged (bad page 7); it was moved to {first}",
        f"{db} was damaged (bad page 7); it was moved to {second}",
    ]


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE events SET detail = CAST(x'7bff' AS TEXT) WHERE action = 'leave'",
        "UPDATE events SET detail = '{\"duration_ms\": 1' WHERE action = 'leave'",
        "UPDATE snapshot SET state = '{\"profile\": ' ",  # only a shortcut: replayed, not damage
    ],
)
def test_damage_inside_rows_is_found_on_first_read_and_set_aside(tmp_path, damage):
    from recommender.clock import FakeClock
    from tuiapp.app import open_session

    db = tmp_path / "tiktui.db"
    session = open_session(db, clock=FakeClock(), rng=random.Random(0))
    session.start()
    for _ in range(5):
        session.clock.advance(3)
        session.toggle_like()
        session.next()
    session.close()
    session.store.db.execute(damage)
    if "events" in damage:  # the log is read past the snapshot: damage there is found when it is read
        session.store.db.execute("DELETE FROM snapshot")
    session.store.db.conn.commit()
    session.store.close()
    assert sqlite3.connect(db).execute("PRAGMA quick_check").fetchone()[0] == "ok", "quick_check misses it"
    again = open_session(db, clock=FakeClock(), rng=random.Random(0))
    if "snapshot" in damage:
        assert again.store.notice == "" and again.profile == session.profile
        return
    moved = [p for p in tmp_path.glob("tiktui.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and str(moved[0]) in again.store.notice and "new one started" in again.store.notice
    # Read in WAL mode, it had an empty -wal and a -shm of the salvage's beside it: forget named three copies (QA).
    assert list(tmp_path.glob("tiktui.db.corrupt-*")) == moved
    # What reads of it is in the new one: the views, the events but the damaged ones (left behind, counted).
    assert "11 events, 6 views and 5,000 videos of it were copied into it; at least 6 rows" in again.store.notice
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM views").fetchone()[0] == 6
    assert again.start() is not None, "a new file, working"
    assert sqlite3.connect(moved[0]).execute("SELECT COUNT(*) FROM views").fetchone()[0] == 6, "nothing deleted"


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE videos SET title = CAST(x'66ff6f' AS TEXT)",  # bytes that are not UTF-8
        "UPDATE videos SET hashtags = '[\"cut'",  # a list cut short
        "UPDATE videos SET duration_s = 'abc'",  # what another program wrote: it crashed the playback bar (QA)
        "UPDATE videos SET title = NULL",  # it read "None" on the card
    ],
)
async def test_damage_inside_catalog_rows_is_found_when_read_and_set_aside(tmp_path, damage):
    """The catalog is read as picks need it, not at each start: damage in a row stops the app when the row is read,
    and the command line moves the file aside (nothing deleted) and says so in one line."""
    from recommender.clock import FakeClock
    from tuiapp.app import make_app, open_session, set_aside

    db = tmp_path / "tiktui.db"
    session = open_session(db, clock=FakeClock(), rng=random.Random(0))
    session.start()
    for _ in range(5):
        session.clock.advance(3)
        session.next()
    session.clock.advance(3)  # the card quit on was taken in: a view (quit at a glance, it would not be)
    session.close()
    session.store.db.execute(damage)
    session.store.db.conn.commit()
    session.store.close()
    app = make_app(db, clock=FakeClock(), rng=random.Random(1))
    await asyncio.wait_for(app.run_async(headless=True, size=(100, 40)), 60)  # it stops by itself
    assert "a row of videos" in app.damage and app.crash_log is None
    line = set_aside(app)
    moved = [p for p in tmp_path.glob("tiktui.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and str(moved[0]) in line and "\n" not in line
    assert sqlite3.connect(moved[0]).execute("SELECT COUNT(*) FROM views").fetchone()[0] == 6, "nothing deleted"
    assert "6 views and 0 videos of it were copied into it" in line, line  # no video decodes: none copied
    again = open_session(db, clock=FakeClock(), rng=random.Random(0))
    assert again.start() is not None and again.store.video_count() > 0, "a new file, working, the catalog seeded"
    assert len(again.store.history(10)) == 6, "the history read from the damaged file"


async def test_a_damaged_page_met_by_the_first_write_sets_the_file_aside(tmp_path):
    """Start-up reads only what the first card needs: when the first write meets a damaged page, the app stops
    without a crash log and the file is moved aside, as at start."""
    from recommender.clock import FakeClock
    from tuiapp.app import make_app, open_session, set_aside

    db = tmp_path / "tiktui.db"
    session = open_session(db, clock=FakeClock(), rng=random.Random(0))
    session.start()
    for _ in range(30):
        session.clock.advance(3)
        session.next()
    session.close()
    session.store.close()
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'views'").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:  # the views table's root page: its header wiped
        f.seek((root - 1) * page_size)
        f.write(bytes(16))
    app = make_app(db, clock=FakeClock(), rng=random.Random(1))
    await asyncio.wait_for(app.run_async(headless=True, size=(100, 40)), 60)
    assert app.damage and app.crash_log is None
    line = set_aside(app)
    assert "was damaged" in line and "moved to" in line and "a new one was started, and " in line
    assert open_session(db, clock=FakeClock()).start() is not None, "a fresh file, working"


def test_upgrading_an_old_file_with_a_damaged_catalog_row_sets_it_aside(tmp_path):
    db = tmp_path / "tiktui.db"
    shutil.copy(FIXTURE_V1, db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE videos SET hashtags = '[\"cut' WHERE rowid = 3")
    conn.commit()
    conn.close()
    store = Store.open(db)
    assert "was damaged" in store.notice and "new one started" in store.notice
    assert store.version == SCHEMA_VERSION and store.video_count() == 19, "every row but the damaged one"
    assert len(list(tmp_path.glob("tiktui.db.corrupt-*"))) >= 1


@pytest.mark.parametrize("value", ["garbage{", '"not a list"', "[1, 2]"])
def test_a_damaged_row_of_the_catalogs_figures_is_made_again_not_the_history_set_aside(tmp_path, value):
    """`catalog_meta` is worked out from the videos: a damaged row of it set the whole data file aside ("a row of
    videos holds what tiktui never writes"), and the viewer's history went with it."""
    db = tmp_path / "tiktui.db"
    store = Store.open(db)
    session = FeedSession(store, stored_catalog(store, FakeClock()), FakeClock(), random.Random(0))
    session.start()
    session.next()
    session.close()
    genres = store.genres()
    events = store.counts()["events"]
    store.close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE catalog_meta SET value = ? WHERE key = 'genres'", [value])
    conn.close()
    store = Store.open(db)
    assert store.notice == "" and store.genres() == genres
    session = FeedSession(store, stored_catalog(store, FakeClock()), FakeClock(), random.Random(0))
    assert session.start() is not None and store.counts()["events"] > events
    assert store.genres() == genres and list(db.parent.glob("*.corrupt-*")) == []
    store.close()


def test_a_damaged_page_of_the_catalog_costs_only_its_rows_not_the_history_or_the_posts(tmp_path):
    """A page of catalog rows overwritten: the file was set aside and the new one started empty, the viewer's
    history and posts with it, though the events log read whole (QA). What reads of it is copied in now."""
    from recommender.posting import PASSED, Posting
    from tuiapp.app import open_session

    db = tmp_path / "tiktui.db"
    clock = FakeClock()
    session = open_session(db, clock=clock, rng=random.Random(0))
    session.start()
    for _ in range(8):
        clock.advance(3)
        session.toggle_like()
        session.next()
    post = Posting(session.store, clock).submit(
        {"title": "Proofing sourdough overnight", "caption": "day 3", "genre": "cooking", "length": 42}
    )
    session.close()
    history, tally = [row["title"] for row in session.store.history(20)], session.profile.tally
    session.store.close()
    conn = sqlite3.connect(db)
    events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'videos' AND pagetype = 'leaf'")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:  # a page in the middle of the catalog, as `dd` of random bytes over it
        f.seek((sorted(leaves)[len(leaves) // 2] - 1) * page_size)
        f.write(random.Random(1).randbytes(page_size))
    aside, _ = dbfile.move_aside_to(db, "a damaged page")
    store = Store.open(db)
    said = store.copy_from(aside)
    assert said.startswith(f"{events} events, 9 views and ") and "rows of it could not be read" in said, said
    assert 4_900 < store.video_count() < 5_001, "every video but those of the damaged page"
    store.close()
    again = open_session(db, clock=clock, rng=random.Random(0))
    assert [row["title"] for row in again.store.history(20)] == history
    assert again.profile.tally == tally and tally.liked == 8
    (kept,) = Posting(again.store, clock).posts()
    assert kept.id == post.id and kept.status == PASSED and again.store.has_video(post.id)


def _swiping(db: Path, clock: FakeClock, swipes: int):
    """The app's session on `db` after `swipes` swipes, 3 s each, still open."""
    from tuiapp.app import open_session

    session = open_session(db, clock=clock, rng=random.Random(0))
    session.start()
    for _ in range(swipes):
        clock.advance(3)
        session.next()
    return session


def _used_file(tmp_path: Path, swipes: int = 8) -> tuple[Path, int]:
    """A data file after some swipes (and the number of its views), closed."""
    db = tmp_path / "tiktui.db"
    session = _swiping(db, FakeClock(), swipes)
    session.close()
    session.store.close()
    return db, query(db, "SELECT COUNT(*) FROM views")


def _overwrite_pages(db: Path, table: str, last: bool = False) -> None:
    """Every page of `table` (`last`: its last leaf alone) overwritten with random bytes, as `dd` does."""
    conn = sqlite3.connect(db)
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", [table])]
    if last:
        pages = pages[-1:]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        for page in pages:
            f.seek((page - 1) * page_size)
            f.write(random.Random(page).randbytes(page_size))


def test_views_whose_rows_were_lost_are_made_again_from_the_log_and_new_ones_take_new_ids(tmp_path):
    """The views table's page lost, its events kept: the next view took id 1 again, and the log held two views under
    one id (removing one from History would have taken both)."""
    from tuiapp.app import open_session

    db, views = _used_file(tmp_path)
    shown = query(db, "SELECT COUNT(DISTINCT view_id) FROM events WHERE action = 'show'")
    _overwrite_pages(db, "views")
    aside, _ = dbfile.move_aside_to(db, "a damaged page")
    store = Store.open(db)
    assert store.copy_from(aside).startswith(f"{query(aside, 'SELECT COUNT(*) FROM events')} events, {shown} views")
    store.close()
    again = open_session(db, clock=FakeClock(), rng=random.Random(1))
    card = again.start()
    assert card is not None and card.view_id > views, "a new view, a new id"
    assert query(db, "SELECT COUNT(*) FROM views") == shown + 1


def test_a_copy_that_stops_says_so_in_one_line_and_the_next_start_goes_on_with_it(tmp_path, monkeypatch):
    """A full disk while the damaged file's rows were copied left a new file that held part of them: the next start
    opened it as it was, and the history stayed in the copy aside, unsaid."""
    from recommender import salvage

    db, views = _used_file(tmp_path)
    aside, _ = dbfile.move_aside_to(db, "a damaged page")
    store = Store.open(db)
    real = salvage._views_from_log

    def full(conn):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(salvage, "_views_from_log", full)
    with pytest.raises(StoreError) as stopped:
        store.copy_from(aside)
    store.close()
    said = str(stopped.value)
    assert "\n" not in said and said.endswith("nothing of it is lost: start tiktui again to go on"), said
    assert Path(f"{db}.salvage").exists() and query(db, "SELECT COUNT(*) FROM views") == 0
    monkeypatch.setattr(salvage, "_views_from_log", real)
    store = Store.open(db)  # the next start goes on with the copy
    assert "were copied into it" in store.notice, store.notice
    assert not Path(f"{db}.salvage").exists() and query(db, "SELECT COUNT(*) FROM views") == views
    store.close()


def test_a_file_cut_short_is_copied_back_whole_but_for_its_lost_end(tmp_path):
    """The last page cut off (an interrupted copy to another machine): the file's header counts more pages than it
    has, SQLite reads none of it, and the salvage kept nothing, every view and setting lost, though each row of the
    history was still there to read (QA). The copy now reads past the count."""
    db, views = _used_file(tmp_path)
    events = query(db, "SELECT COUNT(*) FROM events")
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.truncate(size - 4096)
    aside, _ = dbfile.move_aside_to(db, "cut short")
    store = Store.open(db)
    said = store.copy_from(aside)
    store.close()
    assert said.startswith(f"{events} events, {views} views and "), said


def test_an_unreadable_events_table_gives_back_the_controls_its_snapshot_kept(tmp_path):
    """One page overwritten, the events table's root: no event read, so restricted mode, the passcode, the mutes and
    follows were silently off in the new file, the notice saying only "0 events" (QA). The snapshot of the last
    close still read, and holds them: they are written into the new log as events, and the notice says so."""
    from tuiapp.app import open_session

    db = tmp_path / "tiktui.db"
    clock = FakeClock()
    session = _swiping(db, clock, 40)
    session.set_restricted(True)
    session.mute("genre", "dance")
    session.set_topic("cooking", "more")
    creator = session.card().video.creator
    session.toggle_follow()
    session.toggle_save()
    session.close()
    session.store.close()
    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM dbstat WHERE name = 'events'").fetchone()[0] > 2, "a root above leaves"
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(random.Random(5).randbytes(page_size))
    aside, _ = dbfile.move_aside_to(db, "a damaged page")
    store = Store.open(db)
    said = store.copy_from(aside)
    assert said.startswith("0 events") and "remade from its snapshot" in said, said
    store.close()
    again = open_session(db, clock=clock, rng=random.Random(0))
    assert again.restricted and ("genre", "dance") in again.state.muted and again.state.topics == {"cooking": "more"}
    assert creator in again.profile.following and len(again.state.saved) == 1
    again.store.close()


def _pages(db: Path, table: str, kind: str = "leaf") -> tuple[list[int], int]:
    with sqlite3.connect(db) as conn:
        pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ?", [table, kind])]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    return sorted(pages), size


def _overwrite(db: Path, page: int, size: int) -> None:
    with open(db, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(random.Random(page).randbytes(size))


def test_a_file_of_the_last_version_damaged_in_its_old_search_index_keeps_its_history(tmp_path):
    """The upgrade to schema 6 makes the search index again; a damaged page of the old one set the file aside as
    "videos: malformed", and only the catalog was copied ("from another version of tiktui"): every view, like and
    setting stayed behind, though schema 5's views and events read as today's (review)."""
    from recommender import search_index
    from tuiapp.app import open_session

    db = tmp_path / "tiktui.db"
    clock = FakeClock()
    session = _swiping(db, clock, 30)
    session.set_restricted(True)
    session.close()
    session.store.close()
    views, events = query(db, "SELECT COUNT(*) FROM views"), query(db, "SELECT COUNT(*) FROM events")
    old = ", ".join(search_index.COLUMNS[:-1])  # schema 5's index: no genre
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE video_search")
        conn.execute(f"CREATE VIRTUAL TABLE video_search USING fts5({old}, content='')")
        conn.execute(f"INSERT INTO video_search (rowid, {old}) SELECT rowid, {old} FROM videos")
        conn.execute("PRAGMA user_version = 5")
    conn.close()
    leaves, size = _pages(db, "video_search_data")
    _overwrite(db, leaves[len(leaves) // 2], size)
    store = Store.open(db)
    assert "(the search index: " in store.notice and "from another version" not in store.notice, store.notice
    assert f"{events} events, {views} views and " in store.notice, store.notice
    store.close()
    again = open_session(db, clock=clock, rng=random.Random(0))
    assert again.restricted and again.search("cooking").videos, "the history back, and search by genre"
    again.store.close()


def test_choices_whose_events_were_lost_come_back_from_the_snapshot_and_later_ones_stand(tmp_path):
    """The first page of the events lost, the rest read: restricted mode, the passcode and a mute set early were
    silently off in the new file (the snapshot was read only when no event did). What the snapshot held comes back,
    but a choice made after it (an unmute that read) stands."""
    from tuiapp.app import open_session

    db = tmp_path / "tiktui.db"
    clock = FakeClock()
    session = open_session(db, clock=clock, rng=random.Random(0))
    session.start()
    session.set_restricted(True)
    session.mute("genre", "dance")
    session.mute("genre", "gaming")
    for _ in range(60):
        clock.advance(3)
        session.next()
    session.close()  # the snapshot: restricted, dance and gaming muted
    session.store.close()
    later = open_session(db, clock=clock, rng=random.Random(1))
    later.start()
    later.mute("genre", "gaming", muted=False)  # after the snapshot, and read: it stands
    clock.advance(3)
    later.next()
    later.store.close()  # killed: no snapshot of it
    with sqlite3.connect(db) as conn:  # dated 1970, as the upgrade from schema 2 dates the mutes it carries over
        conn.execute(
            "INSERT INTO events (ts, action, detail) VALUES (?, 'mute', ?)",
            ["1970-01-01T00:00:00.000Z", json.dumps(["creator", "x"])],
        )
    conn.close()
    leaves, size = _pages(db, "events")
    assert len(leaves) > 3
    _overwrite(db, leaves[0], size)
    aside, _ = dbfile.move_aside_to(db, "a damaged page")
    store = Store.open(db)
    said = store.copy_from(aside)
    assert "rows of it could not be read" in said and "remade from its snapshot" in said, said
    store.close()
    again = open_session(db, clock=clock, rng=random.Random(0))
    assert again.restricted and again.state.muted == {("genre", "dance"), ("creator", "x")}
    again.store.close()
    store = Store.open(db)
    assert store.copy_from(aside) and query(db, "SELECT COUNT(*) FROM events WHERE action = 'set'") == 1, "once"
