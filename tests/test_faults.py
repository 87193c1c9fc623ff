"""Nothing lost, nothing injected: kills, two writers, broken files, hostile text, bad input, no network."""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Region
from textual.widgets import Static

from recommender.catalog import _NOT_ONE_LINE
from recommender.catalog_file import load_catalog
from recommender.clock import FakeClock
from recommender.feed import FeedSession, import_catalog, rebuild_profile, stored_catalog
from recommender.store import SCHEMA_VERSION, Store, StoreError

from .conftest import make_app_for

FIXTURE_V1 = Path(__file__).parent / "data" / "tiktui-v1.db"


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_kill_9_loses_at_most_the_card_on_screen(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    db = tmp_path / "tiktui.db"
    pid, fd = pty.fork()
    if pid == 0:  # the child: a real tiktui in a real terminal
        env = dict(os.environ, TERM="xterm-256color")
        os.execvpe(sys.executable, [sys.executable, "-m", "tuiapp", "--data-dir", str(tmp_path)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    stop, on_screen = threading.Event(), threading.Event()

    def drain():
        seen = b""
        while not stop.is_set():
            try:
                seen = seen[-4096:] + os.read(fd, 65536)
            except OSError:
                return
            if b"why this video" in seen:  # the first card reached the terminal: a viewer can react to it
                on_screen.set()

    threading.Thread(target=drain, daemon=True).start()

    def wait_for(sql, n):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if db.exists() and count(db, sql) >= n:
                    return
            except sqlite3.OperationalError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {n} rows: {sql}")

    try:
        wait_for("SELECT COUNT(*) FROM views", 1)
        assert on_screen.wait(30), "the first card never reached the terminal"
        for n in range(1, 6):
            os.write(fd, b"l" if n % 2 else b"j")
            if n % 2:
                os.write(fd, b"j")
            wait_for("SELECT COUNT(*) FROM views WHERE ended_at IS NOT NULL", n)
            time.sleep(0.3)  # the next card reaches the screen (a card never drawn is not a view)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        stop.set()
        os.close(fd)
    assert count(db, "SELECT COUNT(*) FROM views WHERE ended_at IS NOT NULL") == 5
    assert count(db, "SELECT COUNT(*) FROM events WHERE action = 'leave'") == 5
    assert count(db, "SELECT COUNT(*) FROM events WHERE action = 'like'") == 3
    store = Store.open(db)  # opens cleanly and learns from what was kept
    profile = rebuild_profile(store.events(), stored_catalog(store, FakeClock()))
    assert profile.tally.views == 5 and profile.tally.liked == 3


def test_two_sessions_on_one_file_each_keep_their_own_views(tmp_path):
    db = tmp_path / "tiktui.db"
    clocks = [FakeClock(), FakeClock()]
    sessions = []
    for i in range(2):
        store = Store.open(db)
        sessions.append(FeedSession(store, stored_catalog(store, clocks[i]), clocks[i], random.Random(i)))
    for s in sessions:
        s.start()
    for _ in range(20):
        for s, c in zip(sessions, clocks, strict=True):
            c.advance(1.5)
            s.toggle_like()
            s.next()
    assert count(db, "SELECT COUNT(*) FROM views WHERE ended_at IS NOT NULL") == 40
    assert count(db, "SELECT COUNT(DISTINCT session) FROM views") == 2
    assert (
        count(
            db,
            "SELECT COUNT(*) FROM (SELECT session, COUNT(*) n FROM views WHERE ended_at IS NOT NULL "
            "GROUP BY session HAVING n = 20)",
        )
        == 2
    )
    assert count(db, "SELECT COUNT(*) FROM events WHERE action = 'like'") == 40


SWIPER = """
import os, random, sys, time
from recommender.clock import FakeClock
from recommender.feed import FeedSession, stored_catalog
from recommender.store import Store
store = Store.open(sys.argv[1])
clock = FakeClock()
session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(int(sys.argv[2])))
session.start()
while not os.path.exists(sys.argv[3]):  # both start swiping at the same moment
    time.sleep(0.005)
for _ in range(150):
    clock.advance(1.5)
    session.toggle_like()
    session.next()
"""


def test_two_processes_swiping_at_once_lose_nothing(tmp_path):
    db = tmp_path / "tiktui.db"
    Store.open(db).close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SWIPER, str(db), str(i), str(go)], env=env, stderr=subprocess.PIPE, text=True
        )
        for i in range(2)
    ]
    time.sleep(1.0)
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert count(db, "SELECT COUNT(*) FROM views WHERE ended_at IS NOT NULL") == 300
    assert count(db, "SELECT COUNT(DISTINCT session) FROM views") == 2
    assert count(db, "SELECT COUNT(*) FROM events WHERE action = 'like'") == 300


def test_a_corrupt_file_is_moved_aside_never_deleted(tmp_path):
    db = tmp_path / "tiktui.db"
    Store.open(db).close()
    # Seeded, not os.urandom: one run in some thousands drew a header SQLite read as a WAL file's, and the -wal and
    # -shm it made were moved aside with it (as they should be), which the count below did not allow for.
    garbage = b"SQLite format 3\x00" + random.Random(164).randbytes(4000)
    db.write_bytes(garbage)
    store = Store.open(db)
    moved = list(tmp_path.glob("tiktui.db.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    assert str(moved[0]) in store.notice and "\n" not in store.notice
    assert store.version == SCHEMA_VERSION and store.counts() == {"views": 0, "events": 0}


def test_a_truncated_file_is_moved_aside(tmp_path):
    db = tmp_path / "tiktui.db"
    store = Store.open(db)
    stored_catalog(store, FakeClock())
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    assert "moved to" in Store.open(db).notice


def test_a_newer_file_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "tiktui.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db.read_bytes()
    with pytest.raises(StoreError, match=r"made by a newer tiktui.*left untouched"):
        Store.open(db)
    assert db.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


def test_a_version_1_file_is_upgraded_in_place_with_its_rows(tmp_path):
    db = tmp_path / "tiktui.db"
    shutil.copy(FIXTURE_V1, db)
    assert count(db, "PRAGMA user_version") == 1
    store = Store.open(db)
    assert store.version == SCHEMA_VERSION
    assert store.counts() == {"views": 3, "events": 9}
    assert count(db, "SELECT COUNT(*) FROM views WHERE liked = 1 AND session IS NULL") == 3
    session = FeedSession(store, stored_catalog(store, FakeClock()), FakeClock(), random.Random(0))
    assert session.profile.tally.views == 3 and session.profile.tally.liked == 3


def test_data_file_and_its_wal_are_private(tmp_path):
    db = tmp_path / "d" / "tiktui.db"
    store = Store.open(db)
    stored_catalog(store, FakeClock())
    for part in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        assert stat.S_IMODE(part.stat().st_mode) == 0o600, part


def test_a_data_file_linked_to_another_file_leaves_that_file_as_it_was(tmp_path):
    """QA: a tiktui.db that was a link to a text file had the text file made 0600 before it was found to be no
    database and the link set aside."""
    victim = tmp_path / "notes.txt"
    victim.write_text("my notes")
    victim.chmod(0o644)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "tiktui.db").symlink_to(victim)
    store = Store.open(tmp_path / "d" / "tiktui.db")
    store.close()
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644 and victim.read_text() == "my notes"
    assert (tmp_path / "d" / "tiktui.db").is_file() and not (tmp_path / "d" / "tiktui.db").is_symlink()


def test_a_damaged_data_file_readable_by_others_is_made_private_before_it_is_set_aside(tmp_path):
    """Review: the check above skipped every file without SQLite's header, so tiktui's own damaged file, 0644, was
    set aside readable by others."""
    db = tmp_path / "tiktui.db"
    Store.open(db).close()
    db.chmod(0o644)
    with open(db, "r+b") as f:
        f.write(bytes(16))
    Store.open(db).close()
    (aside,) = [p for p in tmp_path.glob("tiktui.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tuiapp", *args], capture_output=True, text=True, env=env or dict(os.environ)
    )


def test_an_unusable_data_dir_is_one_line_and_a_failure(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    catalog = tmp_path / "c.json"
    catalog.write_text(
        json.dumps(
            [
                {
                    "id": "a",
                    "title": "t",
                    "creator": "c",
                    "genre": "g",
                    "sound": "s",
                    "duration_s": 10,
                    "uploaded_at": "2026-11-01T00:00:00Z",
                }
            ]
        )
    )
    out = run_cli("--data-dir", str(blocker / "sub"), "import", str(catalog))
    assert out.returncode != 0
    assert out.stderr.strip().count("\n") == 0 and str(blocker / "sub") in out.stderr
    assert "--data-dir" in out.stderr and not (blocker / "sub").exists()


def test_without_a_terminal_the_feed_refuses_in_one_line_and_points_to_the_batch_commands(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 1 and out.stdout == ""
    (line,) = out.stderr.strip().splitlines()
    assert "terminal" in line and all(word in line for word in ("sim", "lab", "import"))
    assert not (tmp_path / "tiktui.db").exists(), "nothing is created before it refuses"


class Refusing:
    """A store's connection that raises SQLite's `error` for the statements starting with one of `starts` (a full
    disk, a lock held past the busy timeout) and passes everything else through."""

    def __init__(self, conn, starts: tuple[str, ...], error: str):
        self._conn, self._starts, self._error = conn, starts, error

    def execute(self, sql, *args):
        if sql.startswith(self._starts):
            raise sqlite3.OperationalError(self._error)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_a_full_disk_is_a_clear_message_and_nothing_half_written(tmp_path, monkeypatch):
    db = tmp_path / "tiktui.db"
    store = Store.open(db)
    catalog = stored_catalog(store, FakeClock())
    clock = FakeClock()
    session = FeedSession(store, catalog, clock, random.Random(0))
    session.start()

    # The store's connection, except that the disk is full when an event is written.
    monkeypatch.setattr(store, "conn", Refusing(store.conn, ("INSERT INTO events",), "database or disk is full"))
    clock.advance(2)
    with pytest.raises(sqlite3.OperationalError, match="full"):
        session.next()
    monkeypatch.undo()
    # The view's row, its leave event and the next view went together or not at all.
    assert count(db, "SELECT COUNT(*) FROM views WHERE ended_at IS NOT NULL") == 0
    assert count(db, "SELECT COUNT(*) FROM views") == 1 and count(db, "SELECT COUNT(*) FROM events") == 1


async def test_quitting_on_a_full_disk_is_one_line_not_a_crash_log(tmp_path, monkeypatch):
    """The card on screen is left when quitting: that write meets the full disk. One line names the file."""
    clock = FakeClock()
    app = make_app_for(tmp_path / "tiktui.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        clock.advance(3)
        store = app.session.store

        monkeypatch.setattr(store, "conn", Refusing(store.conn, ("INSERT", "UPDATE"), "database or disk is full"))
        await pilot.press("q")
        await pilot.pause()
    monkeypatch.undo()
    assert app.crash_log is None and not (tmp_path / "crash.log").exists()
    assert str(tmp_path / "tiktui.db") in app.quit_error and "disk is full" in app.quit_error
    assert "\n" not in app.quit_error


async def test_a_comment_the_full_disk_refuses_is_not_called_saved_and_its_words_stay_in_the_box(tmp_path, monkeypatch):
    """QA: on a full disk the comment box closed with "Not saved" and "Comment saved." at once, and the words
    typed were gone. The box comes back holding them; Enter once there is room saves them."""
    from textual.widgets import Input

    from tuiapp.screens.comment import CommentScreen

    clock = FakeClock()
    db = tmp_path / "tiktui.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        clock.advance(3)
        store = app.session.store
        monkeypatch.setattr(store, "conn", Refusing(store.conn, ("INSERT INTO events",), "database or disk is full"))
        await pilot.press("c", *"so good", "enter")
        await pilot.pause()
        toasts = [str(n.message) for n in app._notifications]
        assert any("disk is full" in t for t in toasts) and not any("Comment saved" in t for t in toasts)
        assert isinstance(app.screen, CommentScreen)
        assert app.screen.query_one(Input).value == "so good"
        monkeypatch.undo()
        await pilot.press("enter")
        await pilot.pause()
    assert count(db, "SELECT COUNT(*) FROM events WHERE action = 'comment'") == 1


async def test_a_data_file_deleted_while_tiktui_runs_stops_it_with_one_line(tmp_path):
    """QA: `rm tiktui.db` while tiktui ran, then a follow, a save, a like and q: every one said it was done, and
    quitting said nothing; SQLite wrote them into the deleted file. The first write after it now stops tiktui
    with one line, and nothing more is written."""
    clock = FakeClock()
    db = tmp_path / "tiktui.db"
    app = make_app_for(db, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        clock.advance(3)
        for part in ("", "-wal", "-shm"):
            Path(f"{db}{part}").unlink(missing_ok=True)
        app.post_message(events.Key("l", "l"))  # as typed (the pilot's press waits on a screen that is gone)
        for _ in range(100):
            await asyncio.sleep(0.02)
            if app.return_code is not None:
                break
    assert app.return_code == 1 and app.crash_log is None
    assert app.quit_error == (
        f"{db} is no longer the file tiktui opened (moved, deleted or replaced while it ran); "
        "your last action was not saved: start tiktui again"
    )
    assert not db.exists()


async def test_a_file_locked_at_start_stops_with_one_line_not_an_empty_card(tmp_path, monkeypatch):
    """Another program holds the file past the busy timeout when the first card is to be recorded: tiktui stops
    with one line naming the file (it showed an empty card and a toast that faded, until j was pressed)."""
    clock = FakeClock()
    app = make_app_for(tmp_path / "tiktui.db", clock)
    store = app.session.store

    monkeypatch.setattr(store, "conn", Refusing(store.conn, ("INSERT", "UPDATE", "BEGIN"), "database is locked"))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
    monkeypatch.undo()
    assert app.return_code == 1 and app.crash_log is None
    assert app.quit_error.startswith(f"{tmp_path / 'tiktui.db'}: another tiktui (or another program) is using it")


async def test_a_file_locked_only_for_the_first_card_records_nothing_after_all(tmp_path, monkeypatch):
    """QA: the lock let go after the first card's write gave up; tiktui said "nothing was changed" and quit, yet the
    screen's resume had tried the first card again, waited 5 s more, and recorded a view never drawn."""
    clock = FakeClock()
    app = make_app_for(tmp_path / "tiktui.db", clock)
    store = app.session.store

    class OnceLocked(Refusing):
        def execute(self, sql, *args):
            if sql.startswith("BEGIN") and not getattr(self, "refused", False):
                self.refused = True
                raise sqlite3.OperationalError("database is locked")
            return self._conn.execute(sql, *args)

    monkeypatch.setattr(store, "conn", OnceLocked(store.conn, (), ""))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
    monkeypatch.undo()
    assert app.return_code == 1 and "nothing was changed" in app.quit_error
    conn = sqlite3.connect(tmp_path / "tiktui.db")
    assert conn.execute("SELECT COUNT(*) FROM views").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM events WHERE video_id IS NOT NULL").fetchone()[0] == 0


ONE_LINE_REFUSED = _NOT_ONE_LINE
"""What one-line fields refuse on import (controls, bidi, format characters): taken out of the hostile names."""


def hostile_rows(n=100):
    nasty = [
        "[bold]x[/bold]",
        "[link=http://evil]y[/link]",
        "[@click=app.quit]q[/]",
        "\x1b[31mred\x1b[0m",
        "\x1b]52;c;SGVsbG8=\x07",
        "\x1b]0;pwned title\x07",
        "over\rwrite",
        "\u202eevil bidi",
        "zero\u200bwidth",
        "e\u0301\u0301\u0301\u0301\u0301",
        "漢字" * 40,
        "👨\u200d👩\u200d👧\u200d👦 family",
        "\x07bell\x08back",
        "\u2066iso\u2069",
        "tab\there",
        "a\u0000nul",
    ]
    rows = []
    for i in range(n):
        text = nasty[i % len(nasty)]
        line = ONE_LINE_REFUSED.sub("", text)  # one-line fields refuse these on import; title and caption keep them
        rows.append(
            {
                "id": f"h{i}",
                "title": f"{text} {i}",
                "caption": ("w" * 10_000 if i % 10 == 3 else "" if i % 10 == 4 else f"{text} #tag{i}"),
                "creator": f"{line}c{i}",
                "genre": f"g{i % 12}",
                "hashtags": [f"t{i}", line.replace(" ", "")[:20] or "x"],
                "sound": f"{line}s{i}",
                "duration_s": 10 + i,
                "uploaded_at": "2026-11-20T00:00:00Z",
                "views": 1000,
                "completion_rate": 0.5,
            }
        )
    return rows


async def test_hostile_text_renders_literally_and_keeps_the_card(tmp_path):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"videos": hostile_rows()}), encoding="utf-8")
    db = tmp_path / "tiktui.db"
    store = Store.open(db)
    added, _ = import_catalog(store, load_catalog(path), FakeClock())
    store.db.execute("DELETE FROM videos WHERE id NOT LIKE 'h%'")  # only the hostile ones
    store.close()
    assert added == 100
    clock = FakeClock()
    app = make_app_for(db, clock)
    bad = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x202E, 0x2066, 0x2069, 0x200B]}
    seen = set()
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(100):
            await pilot.pause()
            seen.add(app.session.card().video.id)
            for widget in app.screen.query("VideoCard Static"):
                assert isinstance(widget, Static)
                w, h = widget.size
                for strip in widget.render_lines(Region(0, 0, w, h)):
                    assert not bad & set(strip.text), repr(strip.text)
                    assert strip.cell_length <= w, (widget.id, strip.text)
            caption = str(app.screen.query_one("#caption", Static).visual)
            assert len(caption) <= 301
            clock.advance(1)
            await pilot.press("j")
    assert len(seen) == 100


def test_import_is_all_or_nothing_with_one_line_per_bad_row(tmp_path):
    rows = hostile_rows(30)
    for r in rows[:25]:
        r["duration_s"] = "long"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(rows))
    out = run_cli("--data-dir", str(tmp_path / "d"), "import", str(path))
    lines = out.stderr.strip().splitlines()
    assert out.returncode != 0
    assert len(lines) == 22 and lines[0].endswith("row 1, field 'duration_s': must be a number, got 'long'")
    assert "5 more" in lines[20] and lines[21] == "tiktui: nothing was imported"
    assert (
        not (tmp_path / "d" / "tiktui.db").exists()
        or count(tmp_path / "d" / "tiktui.db", "SELECT COUNT(*) FROM videos WHERE id LIKE 'h%'") == 0
    )


def test_import_reports_duplicates_and_never_imports_twice(tmp_path):
    rows = hostile_rows(5)
    rows.append(dict(rows[0], id="copy"))  # same title, creator, duration
    rows.append(dict(rows[1]))  # same id
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(rows))
    first = run_cli("--data-dir", str(tmp_path / "d"), "import", str(path))
    assert first.returncode == 0 and "imported 5 videos" in first.stdout and "2 duplicates" in first.stdout
    again = run_cli("--data-dir", str(tmp_path / "d"), "import", str(path))
    assert "imported 0 videos" in again.stdout and "7 duplicates" in again.stdout


def test_no_socket_is_ever_opened(tmp_path, monkeypatch, catalog):
    def refuse(*a, **k):
        raise AssertionError("tiktui tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    clock = FakeClock()
    store = Store.open(tmp_path / "tiktui.db")
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
    session.start()
    for i in range(50):
        clock.advance(2)
        session.share() if i % 7 == 0 else session.toggle_like()
        session.next()
    assert store.counts()["views"] == 51


def test_a_data_file_that_cannot_be_looked_at_is_still_written_not_called_gone(tmp_path, monkeypatch):
    """Review: any failed `stat` (a folder made unreadable, a network file system's error) read as the file deleted;
    SQLite's open file would have taken the write."""
    from recommender import store as store_module

    store = Store.open(tmp_path / "tiktui.db")

    def refused(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(store_module.os, "stat", refused)
    with store.write() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    monkeypatch.undo()
    assert store.conn.execute("SELECT value FROM settings WHERE key = 'x'").fetchone() == ("1",)
    store.close()
