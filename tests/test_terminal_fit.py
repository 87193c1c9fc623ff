"""Started where the feed cannot be drawn, tiktui says why in one line and exits 1, before drawing or writing
anything; an exported COLUMNS and LINES do not fix the window's size (QA, helper-88)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.pty_tiktui import PtyTiktui


def started(tmp_path, *, stdout_tty=True, stderr_tty=True, **env: str) -> tuple[int, bytes, bytes]:
    """Run tiktui with its input a terminal and each output a terminal or a file: (status, the terminal's bytes,
    the file's bytes)."""
    master, slave = os.openpty()
    log = tmp_path / "out.txt"
    with open(log, "wb") as file:
        child_env = {**os.environ, "TERM": "xterm-256color", **env}
        proc = subprocess.run(
            [sys.executable, "-m", "tuiapp", "--data-dir", str(tmp_path / "data")],
            stdin=slave,
            stdout=slave if stdout_tty else file,
            stderr=slave if stderr_tty else file,
            env=child_env,
            timeout=60,
            check=False,
        )
    os.close(slave)
    terminal = b""
    os.set_blocking(master, False)
    try:
        while chunk := os.read(master, 65536):
            terminal += chunk
    except (BlockingIOError, OSError):
        pass
    os.close(master)
    return proc.returncode, terminal, log.read_bytes()


@pytest.mark.parametrize("which", ["stdout", "stderr"])
def test_a_redirected_output_is_refused_in_one_line_before_anything_is_drawn(tmp_path, which):
    status, terminal, written = started(tmp_path, stdout_tty=which != "stdout", stderr_tty=which != "stderr")
    said = terminal if which == "stdout" else written  # the line goes to standard error, wherever it is
    name = "standard output" if which == "stdout" else "standard error"
    assert status == 1
    assert said.decode().strip() == (
        f"tiktui: the feed draws on the terminal, and {name} is not one (sent to a file or a pipe): "
        "start tiktui without redirecting it"
    )
    assert b"\x1b" not in terminal + written, "no screen was drawn, into the file or over the terminal"
    assert not (tmp_path / "data").exists(), "nothing was written"


def test_a_terminal_that_cannot_draw_is_named(tmp_path):
    status, terminal, _ = started(tmp_path, TERM="dumb")
    assert status == 1 and b"\x1b" not in terminal
    assert terminal.decode().strip().startswith("tiktui: this terminal (TERM=dumb) cannot draw a screen")


def test_a_locale_that_cannot_write_the_picture_says_to_set_a_utf8_one(tmp_path):
    status, terminal, _ = started(tmp_path, PYTHONIOENCODING="latin-1")
    assert status == 1 and b"\x1b" not in terminal
    line = terminal.decode("latin-1").strip()
    assert line.startswith("tiktui: the locale writes iso8859-1, and the feed draws with Unicode characters")
    assert line.endswith("set a UTF-8 locale, such as LC_ALL=C.UTF-8")


def test_an_exported_size_gives_way_to_the_windows_own(tmp_path):
    """COLUMNS=100 LINES=40 in a 120x45 window: the screen is drawn to its 45th row (Textual read the size from the
    two variables first, at the start and at every resize)."""
    app = PtyTiktui(tmp_path, size=(120, 45), env={"COLUMNS": "100", "LINES": "40"})
    try:
        app.wait_ready()
        assert b"\x1b[45;" in app.output, "the window's last row is drawn"
        assert app.quit() == 0
    finally:
        app.kill()
