"""The command line: options work before or after a command's name, -V, and a complete --help for each."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys

import pytest

from recommender import __version__
from tuiapp.cli import build_parser

COMMANDS = ("run", "sim", "import", "export", "forget", "lab", "post")


def commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"tiktui": parser, **sub.choices}


@pytest.mark.parametrize(
    ("argv", "data_dir", "speed"),
    [
        (["run", "--speed", "4"], None, 4.0),
        (["--speed", "2", "run"], None, 2.0),
        (["run"], None, 1.0),
        (["import", "f.json", "--data-dir", "X"], "X", 1.0),
        (["--data-dir", "A", "import", "f.json"], "A", 1.0),
        (["--data-dir", "A", "export", "out.json", "--data-dir", "B"], "B", 1.0),
        (["sim", "--data-dir", "X", "--seed", "3"], "X", 1.0),
        (["forget", "--yes", "--data-dir", "X"], "X", 1.0),
        (["lab", "--data", "ml", "--data-dir", "X"], "X", 1.0),
    ],
)
def test_options_are_taken_before_or_after_the_command(argv, data_dir, speed):
    args = build_parser().parse_args(argv)
    assert (args.data_dir, args.speed) == (data_dir, speed)


def test_feed_options_after_run_and_their_defaults_before_it():
    args = build_parser().parse_args(["run", "--feed", "stem", "--restricted", "--motion", "low"])
    assert (args.feed, args.restricted, args.motion) == ("stem", True, "low")
    args = build_parser().parse_args(["--feed", "stem", "run"])
    assert (args.feed, args.restricted, args.motion) == ("stem", False, None)


def test_an_option_a_command_does_not_take_is_refused_pointing_at_the_commands_help(capsys):
    """'tiktui post --bogus' pointed at 'tiktui --help', which does not list post's options."""
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["import", "f.json", "--speed", "4"])
    assert stop.value.code == 2 and capsys.readouterr().err.splitlines() == [
        "tiktui import: unrecognized arguments: --speed 4 (see tiktui import --help)"
    ]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--bogus"])
    assert capsys.readouterr().err.splitlines() == ["tiktui: unrecognized arguments: --bogus (see tiktui --help)"]


@pytest.mark.parametrize("argv", [["forget", "--yes", "--data-dir", ""], ["--data-dir", " ", "forget", "--yes"]])
def test_an_empty_data_dir_is_refused_not_taken_for_the_default(argv, private_data_dir):
    """`tiktui forget --yes --data-dir "$DIR"` with DIR unset deleted the viewer's own data (the default folder)."""
    private_data_dir.mkdir()
    (private_data_dir / "tiktui.db").write_bytes(b"")
    out = subprocess.run([sys.executable, "-m", "tuiapp", *argv], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    (line,) = out.stderr.splitlines()
    assert "argument --data-dir: is empty: give a folder, or leave the option out for the default" in line
    assert (private_data_dir / "tiktui.db").exists()


@pytest.mark.parametrize("option", ["--personas", "--post"])
def test_an_empty_file_name_is_refused_not_taken_for_none(option, capsys):
    """`tiktui sim --post ""` ran as if no file was given (and `--personas ""` named a file called '')."""
    argv = ["sim", option, ""] + (["--audience", "2"] if option == "--post" else [])
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(argv)
    assert stop.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert f"argument {option}: is empty: give a file" in line


def test_import_with_the_data_dir_after_the_command(tmp_path):
    catalog = tmp_path / "one.json"
    row = {"id": "mine1", "title": "My video", "creator": "me", "genre": "cooking", "sound": "s", "duration_s": 30}
    catalog.write_text(json.dumps([{**row, "uploaded_at": "2026-01-01T00:00:00Z"}]))
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", "import", str(catalog), "--data-dir", str(tmp_path / "X")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert f"into {tmp_path / 'X' / 'tiktui.db'}" in out.stdout


@pytest.mark.parametrize("argv", [["-V"], ["--version"], ["export", "-V"], ["forget", "--version"]])
def test_dash_v_prints_the_version(argv):
    out = subprocess.run([sys.executable, "-m", "tuiapp", *argv], capture_output=True, text=True, check=True)
    assert out.stdout == f"tiktui {__version__}\n"


@pytest.mark.parametrize("name", ["tiktui", *COMMANDS])
def test_every_commands_help_names_each_option_what_it_does_its_default_and_an_example(name):
    parser = commands()[name]
    text = parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._VersionAction | argparse._SubParsersAction):
            continue
        shown = action.option_strings[0] if action.option_strings else action.metavar
        assert shown in text, (name, shown)
        assert action.help, (name, shown)
        if action.option_strings:  # an option has a default, or says it is required
            assert "default" in action.help or (action.required and "required" in action.help), (name, shown)
    assert "-V, --version" in text
    example = f"tiktui {'' if name == 'tiktui' else name}".strip()
    assert "example" in text and f"\n  {example}" in text, name


def test_the_main_help_lists_every_command():
    text = build_parser().format_help()
    for name in COMMANDS:
        assert f"    {name} " in text, name


def test_deleting_from_the_app_quits_and_deletes_the_data_file(tmp_path):
    """The palette's "Delete all your data", then typing delete: tiktui quits and the file is gone."""
    import time

    from .pty_tiktui import PtyTiktui

    app = PtyTiktui(tmp_path, "--speed", "4")
    try:
        app.wait_ready()
        app.press("ctrl+p", pause=1.0)
        app.press(*"delete all", pause=0.05)
        app.press("enter", pause=1.0)
        app.press(*"delete", pause=0.05)
        app.press("enter", pause=0)
        deadline = time.monotonic() + 20
        while app.running and time.monotonic() < deadline:
            time.sleep(0.05)
        assert app.status == 0
    finally:
        app.kill()
    assert not list(tmp_path.glob("tiktui.db*"))
    assert b"deleted " in app.output


@pytest.mark.parametrize("hang_up", [signal.SIGHUP, signal.SIGTERM], ids=["terminal closed", "kill"])
def test_a_closed_terminal_or_a_kill_quits_as_q_does(tmp_path, hang_up):
    """Closing the terminal window (SIGHUP) or `kill` (SIGTERM) keeps the card on screen's view, as quitting does,
    and the snapshot the next start reads; the exit status says a signal ended it."""
    import sqlite3
    import time
    from contextlib import closing

    from .pty_tiktui import PtyTiktui

    app = PtyTiktui(tmp_path, "--speed", "4")
    try:
        app.wait_ready()
        app.press("j", pause=1.0)
        os.kill(app.pid, hang_up)
        deadline = time.monotonic() + 20
        while app.running and time.monotonic() < deadline:
            time.sleep(0.05)
        assert app.status == 128 + hang_up
    finally:
        app.kill()
    with closing(sqlite3.connect(tmp_path / "tiktui.db")) as conn:
        last, action, detail = conn.execute("SELECT id, action, detail FROM events ORDER BY id DESC").fetchone()
        on_screen = conn.execute("SELECT MAX(id) FROM views").fetchone()[0]
        dwell = conn.execute("SELECT dwell_ms FROM views WHERE id = ?", [on_screen]).fetchone()[0]
        kept = conn.execute("SELECT last_event_id FROM snapshot WHERE id = 1").fetchone()
    assert action == "leave" and json.loads(detail)["how"] == "close", "the card on screen is left, as q leaves it"
    assert dwell > 0
    assert kept == (last,), "the snapshot is saved at the last event: the next start does not replay the log"


def test_a_terminal_that_goes_away_ends_the_app_with_the_view_saved(tmp_path):
    """The terminal itself closes (its window, an ssh connection): the kernel sends SIGHUP then SIGCONT, and writes
    to the terminal fail from then on. tiktui saves the card on screen and ends. (Under tmux, `kill-session` left 1
    tiktui of 6 to 8 of 12 hung on its way out, the file held open: Textual resumed the screen on the SIGCONT. That
    race did not show in this harness, 12 rounds on the code before; this holds the behaviour, tmux showed the fix.)"""
    import pty
    import select
    import sqlite3
    import time
    from contextlib import closing

    for round in range(2):
        data = tmp_path / str(round)
        pid, fd = pty.fork()
        if pid == 0:
            try:
                env = dict(os.environ, TERM="xterm-256color")
                os.execvpe(sys.executable, [sys.executable, "-m", "tuiapp", "--data-dir", str(data)], env)
            finally:
                os._exit(127)
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:  # read what it draws (no other reader holds the terminal open)
                if select.select([fd], [], [], 0.1)[0]:
                    os.read(fd, 65536)
                try:
                    with closing(sqlite3.connect(f"file:{data / 'tiktui.db'}?mode=ro", uri=True)) as conn:
                        if conn.execute("SELECT COUNT(*) FROM views").fetchone()[0]:
                            break
                except sqlite3.Error:  # not made yet
                    pass
            end = time.monotonic() + 1.5
            while time.monotonic() < end:
                if select.select([fd], [], [], 0.1)[0]:
                    os.read(fd, 65536)
        finally:
            os.close(fd)  # the terminal is gone
        deadline, ended = time.monotonic() + 20, False
        while not ended and time.monotonic() < deadline:
            ended = os.waitpid(pid, os.WNOHANG)[0] == pid
            time.sleep(0.05)
        if not ended:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        assert ended, f"round {round}: still running 20 s after its terminal closed"
        with closing(sqlite3.connect(data / "tiktui.db")) as conn:
            assert conn.execute("SELECT COUNT(*) FROM views WHERE ended_at IS NOT NULL").fetchone()[0] == 1


def test_output_piped_to_a_reader_that_stopped_ends_quietly(tmp_path):
    """`tiktui sim --json | head -c 100`: the reader went away; no crash log, no traceback, SIGPIPE's status."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    cli = [sys.executable, "-c", "from tuiapp.cli import main; main()"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as a shell's pipe is:
    try:  # the error then comes at the last flush (it passed unbuffered and failed in CI with status 120)
        writer = subprocess.run(
            [*cli, "sim", "--json", "--data-dir", str(tmp_path)],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=300,
            env=env,
        )
    finally:
        os.close(write)
    assert writer.returncode == 141 and b"Traceback" not in writer.stderr and b"went wrong" not in writer.stderr
    assert not (tmp_path / "crash.log").exists()


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["sim", "--seed", "x"], "tiktui sim: argument --seed: 'x' is not a whole number (see tiktui sim --help)"),
        (
            ["lab", "--viewers", "x"],
            "tiktui lab: argument --viewers: 'x' is not a whole number (see tiktui lab --help)",
        ),
        (["--speed", "0"], "tiktui: argument --speed: must be between 0.1 and 100 (see tiktui --help)"),
        (  # it ran for ever, its memory growing, where a run of 1,000 viewers takes two minutes
            ["sim", "--audience", "99999999999999999999"],
            "tiktui sim: argument --audience: 99,999,999,999,999,999,999 is more than 10,000 "
            "(a larger audience would run for hours) (see tiktui sim --help)",
        ),
        (
            ["sim", "--audience", "20", "--swipes-per-day", "10000000"],
            "tiktui sim: argument --swipes-per-day: 10,000,000 is more than 1,000 (more than anyone swipes in a day) "
            "(see tiktui sim --help)",
        ),
        (
            ["sim", "--audience", "20", "--only-posted", "--days", "100000"],
            "tiktui sim: argument --days: 100,000 is more than 365 (a year) (see tiktui sim --help)",
        ),
    ],
)
def test_a_bad_argument_is_one_line_saying_where_the_help_is(argv, line, capsys):
    """argparse printed its usage block, four lines or more, before the error."""
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(argv)
    assert stop.value.code == 2 and capsys.readouterr().err.splitlines() == [line]


def test_a_file_name_with_escapes_is_printed_harmlessly(tmp_path):
    """`import` and `export` said where they read and wrote with the path as it was: a file named with an escape
    sequence set the terminal's title (the error lines showed it quoted; the success lines did not)."""
    name = tmp_path / "e\x1b]0;PWN\x07.json"
    row = {"id": "z1", "title": "t", "creator": "c", "genre": "cooking", "sound": "s", "duration_s": 10}
    name.write_text(json.dumps([{**row, "uploaded_at": "2026-11-20T00:00:00Z"}]))
    data = ["--data-dir", str(tmp_path / "d")]
    said = [
        subprocess.run([sys.executable, "-m", "tuiapp", *argv, *data], capture_output=True, timeout=120)
        for argv in (["import", str(name)], ["export", str(tmp_path / "x\x1b]0;PWN\x07.json")])
    ]
    assert [out.returncode for out in said] == [0, 0]
    for out in said:
        assert b"\x1b" not in out.stdout + out.stderr and b"\x07" not in out.stdout + out.stderr
        assert "␛]0;PWN␇.json".encode() in out.stdout


def test_output_that_cannot_be_written_is_one_line_not_a_crash(tmp_path):
    """`tiktui post --list > /dev/full` ended in "something went wrong inside tiktui" (No space left on device), and
    an ASCII-only output (PYTHONIOENCODING=ascii) crashed on the first accented title."""
    env = {**os.environ, "TIKTUI_DATA_DIR": str(tmp_path / "data")}
    post = [sys.executable, "-m", "tuiapp", "post", "--title", "Café au lait", "--genre", "cooking", "--length", "20"]
    assert subprocess.run(post, env=env, capture_output=True).returncode == 0
    listing = [sys.executable, "-m", "tuiapp", "post", "--list"]
    with open("/dev/full", "w") as full:
        out = subprocess.run(listing, env=env, stdout=full, stderr=subprocess.PIPE, text=True)
    assert out.returncode == 1 and out.stderr == "tiktui: cannot write: No space left on device\n"
    out = subprocess.run(listing, env={**env, "PYTHONIOENCODING": "ascii"}, capture_output=True, text=True)
    assert out.returncode == 0 and "Caf\\xe9 au lait" in out.stdout and "crash" not in out.stderr, out
