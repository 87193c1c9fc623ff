"""`tiktui export` and `tiktui forget`: your data out, whole and private, or gone, never half-deleted."""

from __future__ import annotations

import csv
import json
import os
import pty
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recommender.catalog_file import load_catalog
from recommender.clock import FakeClock
from recommender.csv_cells import from_cell, to_cell
from recommender.feed import FeedSession, stored_catalog
from recommender.profile import LENGTH_NAMES, length_words
from recommender.replay import ViewerState, rebuild
from recommender.standing import standing
from recommender.store import Store
from tuiapp.data_export import ExportError, export, forget

TABLES = ("videos", "views", "events", "settings", "profile")


@pytest.fixture(scope="module")
def used_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data file after a short session: swipes, likes, a follow, a comment, a setting, a mute and a topic."""
    db = tmp_path_factory.mktemp("used") / "tiktui.db"
    clock = FakeClock()
    store = Store.open(db)
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
    session.start()
    for i in range(12):
        clock.advance(4.0)
        if i % 3 == 0:
            session.toggle_like()
        if i == 4:
            session.toggle_follow()
            session.comment("nice one")
        session.next()
    session.set("motion", "low")
    session.mute("genre", "dance")
    session.set_topic("cooking", "more")
    session.close()
    store.close()
    return db


@pytest.fixture
def data_file(used_file: Path, private_data_dir: Path) -> Path:
    """A copy of the used file where `tiktui` looks by default in tests ($TIKTUI_DATA_DIR)."""
    private_data_dir.mkdir(mode=0o700)
    shutil.copy(used_file, private_data_dir / "tiktui.db")
    return private_data_dir / "tiktui.db"


def tiktui(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tuiapp", *args], capture_output=True, text=True, timeout=120, stdin=stdin
    )


def one_line(out: subprocess.CompletedProcess) -> str:
    """The run failed the house's way: exit status 1, one line, no traceback; return the line."""
    assert out.returncode == 1, out
    assert "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def database_counts(db: Path) -> dict[str, int]:
    """What the data file holds, counted with SQL of its own (not the export's code)."""
    conn = sqlite3.connect(db)
    try:
        return {
            "videos": conn.execute("SELECT COUNT(DISTINCT video_id) FROM views").fetchone()[0],
            "views": conn.execute("SELECT COUNT(*) FROM views").fetchone()[0],
            "events": conn.execute("SELECT COUNT(*) FROM events").fetchone()[0],
        }
    finally:
        conn.close()


def replayed(db: Path) -> ViewerState:
    """The viewer's state rebuilt from the whole events log, without the snapshot."""
    store = Store.open(db)
    try:
        return rebuild(store.events(), store.index())
    finally:
        store.close()


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_json_export_holds_every_table_with_the_databases_counts(data_file, tmp_path):
    out = tiktui("export", str(tmp_path / "mine.json"))
    assert out.returncode == 0, out.stderr
    exported = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    counts = database_counts(data_file)
    assert counts["views"] == 13 and counts["events"] > 30 and counts["videos"] == 13
    for table in ("videos", "views", "events"):
        assert len(exported[table]) == counts[table] == exported["counts"][table], table
    assert "13 videos seen or posted, 13 views" in out.stdout
    # The videos seen are the catalog rows of the videos with a view, not the whole catalog of 5,000.
    conn = sqlite3.connect(data_file)
    seen = {r[0] for r in conn.execute("SELECT video_id FROM views")}
    ids = [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")]
    conn.close()
    assert {v["id"] for v in exported["videos"]} == seen
    assert [e["id"] for e in exported["events"]] == ids
    assert {"title", "creator", "hashtags", "uploaded_at"} <= exported["videos"][0].keys()
    # Settings and what the learner learned, equal to what replaying the log gives.
    state = replayed(data_file)
    followed = sorted(state.profile.following)
    assert len(followed) == 1
    assert {s["key"]: s["value"] for s in exported["settings"]} == {
        "motion": "low",
        "muted": [["genre", "dance"]],
        "topics": {"cooking": "more"},  # every choice among the settings: it held neither topics nor follows
        "following": followed,
    }
    assert ViewerState.load(json.dumps(exported["learned"]), 0).dump() == state.dump()
    assert len(exported["profile"]) == exported["counts"]["profile"] == len(state.profile.evidence) > 0
    top = max(exported["profile"], key=lambda r: r["score"])
    assert top["score"] == pytest.approx(state.profile.offset(top["kind"], top["value"]), abs=1e-6)
    named = {length_words(name): name for name in LENGTH_NAMES}  # lengths as the screen names them: "up to 10 s"
    assert {r["value"] for r in exported["profile"] if r["kind"] == "length"} <= named.keys()
    for row in exported["profile"]:  # and what the profile screen reads of each, in its words
        reads = standing(state.profile, row["kind"], named.get(row["value"], row["value"]))
        assert (row["reads"], row["level"]) == (reads.words, pytest.approx(reads.score, abs=1e-6))
    assert {r["reads"] for r in exported["profile"]} >= {"not enough to tell yet"}
    assert private(tmp_path / "mine.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "mine.json"]  # no temporary file left behind


def test_csv_export_writes_one_private_file_per_table_with_the_databases_counts(data_file, tmp_path):
    folder = tmp_path / "mine"
    out = tiktui("export", f"{folder}/")
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    rows = {t: list(csv.DictReader((folder / f"{t}.csv").open(encoding="utf-8", newline=""))) for t in TABLES}
    counts = database_counts(data_file)
    for table in ("videos", "views", "events"):
        assert len(rows[table]) == counts[table], table
    assert all(private(folder / f"{t}.csv") for t in TABLES)
    settings = {r["key"]: r["value"] for r in rows["settings"]}
    assert settings["muted"] == '[["genre", "dance"]]' and settings["topics"] == '{"cooking": "more"}'
    assert json.loads(settings["following"]) == sorted(replayed(data_file).profile.following)
    assert len(rows["profile"]) == len(replayed(data_file).profile.evidence)
    video = rows["videos"][0]  # as `tiktui import` reads a CSV: lists space-separated, flags true/false
    assert video["mature"] in ("true", "false") and "[" not in video["hashtags"]


def test_an_existing_folder_gets_csv_and_the_function_the_app_calls_returns_the_same_counts(data_file, tmp_path):
    store = Store.open(data_file)
    try:
        counts = export(store, tmp_path, now=datetime(2026, 1, 1, tzinfo=UTC))
    finally:
        store.close()
    assert {k: counts[k] for k in ("videos", "views", "events")} == database_counts(data_file)
    assert sorted(counts) == sorted(TABLES)
    assert (tmp_path / "views.csv").exists()


def test_an_export_never_overwrites_a_file_without_force(data_file, tmp_path):
    target = tmp_path / "mine.json"
    target.write_text("keep me")
    line = one_line(tiktui("export", str(target)))
    assert line == f"tiktui: {target}: already exists; nothing was written (--force replaces it)"
    assert target.read_text() == "keep me"
    out = tiktui("export", str(target), "--force")
    assert out.returncode == 0, out.stderr
    assert json.loads(target.read_text())["counts"]["views"] == 13 and private(target)
    # CSV: one file there already means none is written.
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "views.csv").write_text("keep me")
    assert "views.csv: already exists" in one_line(tiktui("export", str(tmp_path / "csv")))
    assert [p.name for p in (tmp_path / "csv").iterdir()] == ["views.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "data", "mine.json"]  # no temporary file left behind


def test_an_export_refuses_in_one_line_what_it_cannot_do(data_file, tmp_path, private_data_dir):
    assert "give a folder" in one_line(tiktui("export", str(tmp_path / "mine.csv")))
    line = one_line(tiktui("export", str(data_file), "--force"))
    assert line == f"tiktui: {data_file}: is tiktui's data file itself; export somewhere else"
    assert database_counts(data_file)["views"] == 13
    line = one_line(tiktui("export", str(tmp_path / "out.json"), "--data-dir", str(tmp_path / "none")))
    assert line.endswith("no data file there; nothing to export (choose one with --data-dir)")
    assert not (tmp_path / "none").exists() and not (tmp_path / "out.json").exists()


def test_an_empty_export_path_is_refused_not_the_current_folder(data_file, tmp_path, monkeypatch):
    """`tiktui export ""` wrote videos.csv ... views.csv into the folder it ran in and said "to " (no path)."""
    monkeypatch.chdir(tmp_path)
    store = Store.open(data_file)
    try:
        for empty in ("", "  "):
            with pytest.raises(ExportError, match=r"^the export's PATH is empty: give a file .*nothing was written$"):
                export(store, empty, now=datetime(2026, 1, 1, tzinfo=UTC))
    finally:
        store.close()
    assert not list(tmp_path.glob("*.csv"))


def crash_with_wal(db: Path) -> None:
    """Write to the file and die without closing it: its -wal (holding the write) and -shm stay beside it."""
    code = (
        "import os, sys; from recommender.store import Store\n"
        f"s = Store.open(r'{db}')\n"
        "with s.write(): s.conn.execute(\"INSERT INTO events (ts, action) VALUES ('2026-01-01T00:00:00Z', 'x')\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_forget_with_yes_deletes_the_file_its_wal_and_shm_and_says_so(data_file):
    crash_with_wal(data_file)
    parts = [Path(f"{data_file}{s}") for s in ("", "-wal", "-shm")]
    assert all(p.exists() for p in parts)
    out = tiktui("forget", "--yes")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"deleted {', '.join(str(p) for p in parts)}"
    assert not any(p.exists() for p in parts)
    out = tiktui("forget", "--yes")  # nothing left: says so, and a script carries on
    assert out.returncode == 0 and out.stderr.strip().endswith("no data file there; nothing to forget")


def test_forget_on_a_data_file_that_is_a_link_deletes_the_file_it_points_to(data_file, tmp_path):
    """QA: with tiktui.db a symbolic link, forget deleted the link alone, said "deleted", and every view stayed in
    the file it pointed to."""
    real = tmp_path / "elsewhere" / "mine.db"
    real.parent.mkdir()
    data_file.rename(real)
    data_file.symlink_to(real)
    crash_with_wal(data_file)  # SQLite keeps the -wal and -shm beside the file the link points to
    parts = [Path(f"{real}{s}") for s in ("", "-wal", "-shm")]
    assert all(p.exists() for p in parts)
    status, output = typed(data_file.parent, "no")
    assert status == 1 and f"This deletes {real} (" in output and f"{data_file} (a link to {real})" in output
    out = tiktui("forget", "--yes")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"deleted {', '.join(str(p) for p in [*parts, data_file])}"
    assert not any(os.path.lexists(p) for p in [*parts, data_file])


def test_an_export_killed_on_its_way_leaves_no_half_written_file(data_file, tmp_path, monkeypatch, capsys):
    """QA: `kill` (or a closed terminal) during an export left '.out.json.yvudhbnh.part', 22 MB of the viewer's
    data, hidden, and nothing named it. A kill now ends it as Ctrl-C does: the part is removed, and it says so."""
    import signal

    from tuiapp import cli, data_export

    def killed(temp, target, force):
        assert temp.exists() and temp.name.endswith(".part")
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(data_export, "_place", killed)
    out = tmp_path / "out"
    out.mkdir()
    handler = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as ended:
        cli.main(["export", str(out / "mine.json")])
    assert ended.value.code == 128 + signal.SIGTERM and list(out.iterdir()) == []
    assert "export stopped; nothing was written" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is handler  # put back as it was


def test_forget_deletes_the_crash_log_beside_the_file_too(data_file):
    """QA: crash.log (tracebacks, paths) stayed, and was not among the files named as left."""
    log = data_file.parent / "crash.log"
    log.write_text("Traceback ...")
    status, output = typed(data_file.parent, "no")  # asked on a terminal, it is named before it is deleted
    assert status == 1 and f"This deletes {data_file} (" in output and f", {log} (" in output
    out = tiktui("forget", "--yes")
    assert out.returncode == 0 and out.stdout.strip().endswith(f", {log}") and not log.exists()


def test_forget_names_a_crash_log_left_in_the_temporary_folder(data_file, tmp_path, monkeypatch):
    """A crash while the data folder could not be written left its log in $TMPDIR/tiktui-UID: forget deleted the data
    and said nothing of it (QA). It may hold another data file's crashes, so it is named, not deleted."""
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    log = tmp_path / "tmp" / f"tiktui-{os.getuid()}" / "crash.log"
    log.parent.mkdir(parents=True, mode=0o700)
    log.write_text("Traceback ...")
    out = tiktui("forget", "--yes")
    assert out.returncode == 0 and not data_file.exists() and log.exists()
    assert out.stderr.splitlines() == [
        f"tiktui: not deleted: {log}, the crash log tiktui writes in the temporary folder when it cannot write beside "
        "the data file; it holds your data too: delete it by hand"
    ]


def test_forget_refuses_without_a_terminal_and_without_yes(data_file):
    line = one_line(tiktui("forget"))
    assert line == (
        "tiktui: forget asks before deleting, and standard input is not a terminal: "
        "add --yes to delete without asking; nothing was deleted"
    )
    assert database_counts(data_file)["views"] == 13


def test_forget_refuses_while_another_tiktui_has_the_file_open(data_file):
    store = Store.open(data_file)  # as a running tiktui holds it
    try:
        line = one_line(tiktui("forget", "--yes"))
        assert line == (
            f"tiktui: {data_file}: another tiktui (or another program) has it open; quit it and try again; "
            "nothing was deleted"
        )
        assert store.counts()["views"] == 13  # the running tiktui goes on as if nothing happened
        assert Path(f"{data_file}-wal").exists()
    finally:
        store.close()
    assert database_counts(data_file)["views"] == 13


def test_forget_names_the_damaged_copies_and_the_exports_it_leaves(data_file):
    """Both hold the viewer's data: an export is their copy, made to be kept, and deleting their data said nothing
    of the exports the app had written beside it."""
    aside = data_file.with_name("tiktui.db.corrupt-20260101T000000Z")
    aside.write_bytes(b"old data")
    export = data_file.with_name("tiktui-export-2026-11-27.json")
    export.write_text("{}")
    # A screenshot (ctrl+p) goes beside the data file when there is no Downloads folder: it shows the viewer's
    # screen, and deleting their data left it without a word (QA).
    screenshot = data_file.with_name("tiktui_2026-11-28T15_13_20_979515.svg")
    screenshot.write_text("<svg/>")
    # The hidden part of an export a kill -9 stopped: 22 MB of the viewer's data, and forget said nothing (QA).
    part = data_file.with_name(".tiktui-export-2026-11-29.json.yvudhbnh.part")
    part.write_text("{")
    out = tiktui("forget", "--yes")
    assert out.returncode == 0 and not data_file.exists() and aside.exists() and export.exists()
    assert f"not deleted: {part}, part of an export that was stopped" in out.stderr and part.exists()
    assert f"not deleted: {aside}, a damaged copy" in out.stderr
    assert f"not deleted: {export}, an export made earlier" in out.stderr
    assert f"not deleted: {screenshot}, a screenshot taken earlier" in out.stderr and screenshot.exists()
    assert forget(data_file).deleted == []


def typed(data_dir: Path, answer: str) -> tuple[int, str]:
    """Run `tiktui forget` on a real terminal, type `answer` at its question; return its exit status and output."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execv(sys.executable, [sys.executable, "-m", "tuiapp", "forget", "--data-dir", str(data_dir)])
        finally:
            os._exit(127)
    output = b""
    deadline = time.monotonic() + 60  # a bound on a stuck child, not a timed assertion
    while b"Type 'forget'" not in output and time.monotonic() < deadline:
        output += os.read(fd, 4096)
    os.write(fd, answer.encode() + b"\r")
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child has gone
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode()


@pytest.mark.parametrize(
    "command", [["export", "OUT"], ["import", "CATALOG"], ["post", "--title", "x", "--genre", "art", "--length", "20"]]
)
def test_a_command_on_a_damaged_file_leaves_it_where_it_is_and_says_so(data_file, tmp_path, command):
    """Only the app, starting, sets a damaged file aside for a new one: a command that exports, imports or posts
    refused, in one line, and changed nothing (an export used to set it aside and export an empty new file)."""
    with open(data_file, "r+b") as f:
        f.truncate(data_file.stat().st_size // 2)
    size = data_file.stat().st_size
    catalog = Path(__file__).parent / "data" / "my-videos.json"
    args = [str(tmp_path / "mine.json") if a == "OUT" else str(catalog) if a == "CATALOG" else a for a in command]
    line = one_line(tiktui(*args))
    assert line.startswith(f"tiktui: {data_file}: damaged (") and "nothing was changed" in line
    assert data_file.stat().st_size == size and [p.name for p in data_file.parent.iterdir()] == ["tiktui.db"]
    assert not (tmp_path / "mine.json").exists()


@pytest.mark.parametrize("table", ["videos", "video_search_data"])
def test_an_import_that_meets_a_damaged_page_is_one_line_and_changes_nothing(data_file, tmp_path, table):
    """The damage is in a table the import writes: its write meets it (or its open does), it is rolled back, and
    one line says so (it was a crash log)."""
    row = {"id": "mine1", "title": "My own", "caption": "", "creator": "me", "genre": "art", "hashtags": []}
    row |= {"sound": "s", "duration_s": 20.0, "uploaded_at": "2026-07-23T11:11:27Z"}
    (tmp_path / "mine.json").write_text(json.dumps({"videos": [row]}))
    conn = sqlite3.connect(data_file)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    with open(data_file, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(bytes(16))
    line = one_line(tiktui("import", str(tmp_path / "mine.json")))
    assert line.startswith(f"tiktui: {data_file}: damaged (") and "nothing was changed" in line
    assert [p.name for p in data_file.parent.iterdir() if "corrupt" in p.name or p.name == "crash.log"] == []


def test_forget_on_a_terminal_deletes_only_after_forget_is_typed(data_file):
    status, output = typed(data_file.parent, "yes")
    assert status == 1 and "kept; nothing was deleted" in output and data_file.exists()
    assert f"This deletes {data_file}" in output
    status, output = typed(data_file.parent, "forget")
    assert status == 0 and f"deleted {data_file}" in output and not data_file.exists()


def test_an_export_into_a_missing_folder_or_from_a_damaged_file_is_one_line(data_file, tmp_path):
    line = one_line(tiktui("export", str(tmp_path / "nowhere" / "mine.json")))
    assert line == f"tiktui: {tmp_path / 'nowhere'}: no such folder; nothing was written"
    # A CSV folder is made, in a folder that is there, as a JSON file is (QA: a mistyped path made two folders).
    line = one_line(tiktui("export", f"{tmp_path / 'new' / 'deeper'}/"))
    assert (
        line == f"tiktui: {tmp_path / 'new'}: no such folder; nothing was written" and not (tmp_path / "new").exists()
    )
    out = tiktui("export", f"{tmp_path / 'new'}/")
    assert out.returncode == 0 and (tmp_path / "new" / "views.csv").exists()
    conn = sqlite3.connect(data_file)
    with conn:  # a seen video's row that tiktui never writes
        conn.execute("UPDATE videos SET hashtags = '{broken' WHERE id = (SELECT video_id FROM views LIMIT 1)")
    conn.close()
    line = one_line(tiktui("export", str(tmp_path / "mine.json")))
    assert line.startswith(f"tiktui: {data_file}: damaged (") and "nothing was exported: start tiktui" in line
    assert not (tmp_path / "mine.json").exists() and data_file.exists()


def test_an_export_meeting_a_damaged_page_of_the_events_says_how_to_get_the_rest_back(data_file, tmp_path):
    """A page of the events overwritten, which a start does not read: the export said only "cannot be used as a
    tiktui database: database disk image is malformed", and not that starting tiktui copies what still reads."""
    conn = sqlite3.connect(data_file)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf'")]
    conn.close()
    with open(data_file, "r+b") as f:
        f.seek((sorted(leaves)[0] - 1) * page_size)
        f.write(bytes(range(256)) * (page_size // 256))
    line = one_line(tiktui("export", str(tmp_path / "mine.json")))
    assert line.startswith(f"tiktui: {data_file}: damaged (") and "start tiktui to set it aside" in line, line
    assert not (tmp_path / "mine.json").exists()


def test_a_csv_export_keeps_a_spreadsheet_from_running_a_title_and_reads_back_as_it_was(data_file, tmp_path):
    """A catalog's title `=HYPERLINK(...)` was written as it is: a spreadsheet opening videos.csv runs it."""
    title, caption = '=HYPERLINK("https://evil.example","click")', "'=already quoted"
    with sqlite3.connect(data_file) as conn:
        (vid,) = conn.execute("SELECT video_id FROM views ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE videos SET title = ?, caption = ? WHERE id = ?", (title, caption, vid))
    conn.close()
    folder = tmp_path / "mine"
    assert tiktui("export", f"{folder}/").returncode == 0
    raw = (folder / "videos.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in raw and ",=HYPERLINK(" not in raw and '"=HYPERLINK(' not in raw
    back = {v.id: v for v in load_catalog(folder / "videos.csv").videos}
    assert (back[vid].title, back[vid].caption) == (title, caption)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-5 kg", "@sum", "\t=x", "'=x", "''@x", "'tis", "", "'", "a=b"])
def test_a_csv_cell_comes_back_as_the_text_that_went_out(text):
    cell = to_cell(text)
    assert from_cell(cell) == text
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads it as text


def test_force_never_puts_a_file_in_place_of_a_pipe_a_device_or_a_link(data_file, tmp_path):
    """`tiktui export /dev/null --force` made /dev/null a regular 0600 file, and a pipe the same."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    for target in (pipe, link):
        for force in (["--force"], []):  # without --force it said "already exists ... (--force replaces it)"
            line = one_line(tiktui("export", str(target), *force))
            assert line == (
                f"tiktui: {target}: not a regular file (a device, a pipe or a link); --force replaces only a file"
            )
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and link.is_symlink() and not (tmp_path / "elsewhere.json").exists()


@pytest.mark.parametrize("command", [["export", "OUT"], ["post", "--list"]])
def test_a_data_file_that_is_a_pipe_or_a_link_to_a_device_is_refused_at_once(tmp_path, command):
    """A pipe named tiktui.db made every command wait forever; a link to a device had the device made 0600."""
    for name, make in (("pipe", os.mkfifo), ("device", lambda p: p.symlink_to(tmp_path / "dev"))):
        folder = tmp_path / name
        folder.mkdir()
        if name == "device":
            os.mkfifo(tmp_path / "dev")  # a special file of our own, through a link, as /dev/null would be
        make(folder / "tiktui.db")
        args = [str(tmp_path / "out.json") if a == "OUT" else a for a in command]
        line = one_line(tiktui(*args, "--data-dir", str(folder)))
        assert line.endswith(
            "tiktui.db: cannot be opened: is a pipe, not a data file; choose another place with "
            "--data-dir or TIKTUI_DATA_DIR"
        ), line
        assert stat.S_ISFIFO((folder / "tiktui.db").stat().st_mode)


def test_a_data_file_that_cannot_be_written_is_still_exported_read_only(data_file, tmp_path, monkeypatch, capsys):
    """An export opened the file to write (WAL, upgrades): from a read-only file, folder or mount, or a full disk, it
    said "cannot be opened" and the viewer could not get their data out. (The tests run as root, whom no mode stops
    from writing: the refusal is the one SQLite gives a read-only folder.)"""
    from recommender.dbfile import store_error
    from recommender.store import Store
    from tuiapp import cli

    def refused(path, *args, **kwargs):
        err = sqlite3.OperationalError("attempt to write a readonly database")
        err.sqlite_errorcode = sqlite3.SQLITE_READONLY
        raise store_error(path, err)  # as `open_database` turns SQLite's refusal into one line

    monkeypatch.setattr(Store, "open", refused)
    before = sorted(p.name for p in data_file.parent.iterdir())
    cli.main(["export", str(tmp_path / "mine.json"), "--data-dir", str(data_file.parent)])
    said = capsys.readouterr()
    assert said.err == f"tiktui: {data_file} cannot be written to; exporting it as it is, read-only\n"
    assert json.loads((tmp_path / "mine.json").read_text())["counts"]["views"] == database_counts(data_file)["views"]
    assert sorted(p.name for p in data_file.parent.iterdir()) == before, "nothing made beside the file"


def test_forget_on_a_full_disk_says_what_stops_it_and_the_way_round(data_file, monkeypatch):
    """On a full disk `tiktui forget` said "cannot write to it: the disk is full; free some space or choose another
    place with --data-dir": another place deletes nothing here."""
    from recommender import dbfile

    class Full:
        def execute(self, sql):
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            pass

    wal = Path(f"{data_file}-wal")
    wal.write_bytes(b"")  # a -wal beside it: writes may wait there, to be folded in before the file goes
    monkeypatch.setattr(dbfile.sqlite3, "connect", lambda *a, **k: Full())
    with pytest.raises(dbfile.StoreError) as err:
        forget(data_file)
    said = str(err.value)
    assert "--data-dir" not in said and said.endswith(
        "which needs a little free space and a file tiktui may write; free some, or quit every tiktui and delete "
        "tiktui.db, tiktui.db-wal, tiktui.db-shm yourself; nothing was deleted"
    )
    assert data_file.exists() and wal.exists()
    # Closed cleanly (no -wal, no -shm), nothing waits and nothing has it open: it is deleted as it is (QA: the
    # full disk refused that too, and the attempt left a -wal and a -shm of its own).
    wal.unlink()
    assert forget(data_file).deleted == [data_file]
    assert not any(p.exists() for p in (data_file, wal, Path(f"{data_file}-shm")))


def test_forget_on_a_pipe_says_it_is_a_pipe(tmp_path):
    """`forget --yes` on a data file that is a pipe blamed a full disk ("needs a little free space")."""
    os.mkfifo(tmp_path / "tiktui.db")
    line = one_line(tiktui("forget", "--yes", "--data-dir", str(tmp_path)))
    assert line == f"tiktui: {tmp_path / 'tiktui.db'}: is a pipe, not a data file; nothing was deleted"
    assert stat.S_ISFIFO((tmp_path / "tiktui.db").stat().st_mode)


def test_a_view_removed_from_the_history_says_so_in_the_export(data_file, tmp_path):
    """History's `d` took a card's teaching out, but the export listed its view like any other."""
    store = Store.open(data_file)
    session = FeedSession(store, stored_catalog(store, FakeClock()), FakeClock(), random.Random(0))
    session.forget_view(2)
    session.close()
    store.close()
    assert tiktui("export", str(tmp_path / "mine.json")).returncode == 0
    views = json.loads((tmp_path / "mine.json").read_text())["views"]
    assert [v["id"] for v in views if v["removed"]] == [2] and all(v["removed"] == 0 for v in views if v["id"] != 2)


@pytest.mark.parametrize("command", [["export", "out.json"], ["forget", "--yes"], ["post", "--list"]])
def test_a_data_folder_that_is_a_file_is_said_in_one_line(tmp_path, command):
    """`post --list` said "no posts yet" and `export` "no data file there" of a data folder that was a file."""
    (tmp_path / "afile").write_text("")
    out = tiktui(*command, "--data-dir", str(tmp_path / "afile"))
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip() == (
        f"tiktui: {tmp_path / 'afile'}: is a file, not a folder; choose another place with --data-dir or "
        "TIKTUI_DATA_DIR"
    )


def disk_full_at(monkeypatch, name: str, after) -> None:
    """`data_export.NAME` (a cell's or a row's text) meets a full disk once `after(value)` has been true twice."""
    from tuiapp import data_export

    real, met = getattr(data_export, name), []

    def filling(value):
        if after(value):
            met.append(value)
            if len(met) > 1:
                raise OSError(28, "No space left on device")
        return real(value)

    monkeypatch.setattr(data_export, name, filling)


def export_refused(target: str, data_file: Path) -> str:
    """`tiktui export TARGET`, in this process; the line it ends on."""
    from tuiapp import cli

    with pytest.raises(SystemExit) as stopped:
        cli.main(["export", target, "--data-dir", str(data_file.parent)])
    said = str(stopped.value.code)  # SystemExit(text): the text on stderr, exit status 1
    del stopped  # its traceback holds the export's frames, and the rows in them
    return said


def test_an_export_the_disk_refuses_halfway_is_one_line_and_nothing_after(data_file, tmp_path, monkeypatch):
    """QA on a full disk: after the one line, the rows left unread were let go once the file had closed, and Python
    printed "Exception ignored ... Traceback ... Cannot operate on a closed database"."""
    import gc

    unraised: list = []
    monkeypatch.setattr(sys, "unraisablehook", unraised.append)
    disk_full_at(monkeypatch, "_json", lambda value: isinstance(value, dict) and "started_at" in value)  # a view
    said = export_refused(str(tmp_path / "mine.json"), data_file)
    gc.collect()
    assert said.endswith("mine.json: cannot write the export: No space left on device") and "\n" not in said
    assert unraised == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("mine")] == []


def test_a_csv_export_the_disk_refuses_removes_the_folder_it_made(data_file, tmp_path, monkeypatch):
    disk_full_at(monkeypatch, "_csv_cell", lambda value: True)
    said = export_refused(f"{tmp_path}/mine/", data_file)  # a folder: CSV
    assert said.endswith("mine/: cannot write the export: No space left on device")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("mine")] == []
