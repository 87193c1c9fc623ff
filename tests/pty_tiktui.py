"""Run a real `python -m tuiapp` in a pseudo-terminal and keep every byte it writes to the terminal.

A helper for tests (not collected itself): `PtyTiktui` starts the app with
TERM=xterm-256color in a 100x40 window, drains its output into one buffer on
a thread, and offers keys, resizes and a clean quit.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from contextlib import closing
from pathlib import Path

KEYS = {"enter": b"\r", "escape": b"\x1b", "down": b"\x1b[B", "up": b"\x1b[A", "question_mark": b"?", "ctrl+p": b"\x10"}
"""Named keys as a terminal sends them; anything else is sent as its own characters."""
PAUSE = 0.3
"""Seconds between keys, so each is handled (and drawn) on its own."""
WAIT = 60.0
"""Longest wait for the app to show its first card or to quit (a stuck app fails, it does not hang)."""


class PtyTiktui:
    """One tiktui in one pty; `output` is everything it wrote, in order."""

    def __init__(
        self, data_dir: Path, *args: str, size: tuple[int, int] = (100, 40), env: dict[str, str] | None = None
    ) -> None:
        self.db = data_dir / "tiktui.db"
        self._chunks: list[bytes] = []
        self._lock = threading.Lock()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a real tiktui in a real terminal
            try:
                child = dict(os.environ, TERM="xterm-256color", TIKTUI_DATA_DIR=str(data_dir), **(env or {}))
                child.pop("NO_COLOR", None)
                os.execvpe(sys.executable, [sys.executable, "-m", "tuiapp", "--data-dir", str(data_dir), *args], child)
            finally:
                os._exit(127)
        self.resize(*size, signal_app=False)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        self.status: int | None = None

    # -- the terminal side -------------------------------------------------------------

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the app has gone and the pty is closed
                return
            if not chunk:
                return
            with self._lock:
                self._chunks.append(chunk)

    @property
    def output(self) -> bytes:
        with self._lock:
            return b"".join(self._chunks)

    def press(self, *keys: str, pause: float = PAUSE) -> None:
        """Type keys one at a time (`"j"`, `"escape"`, `"enter"`, or text), pausing after each."""
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode()))
            time.sleep(pause)

    def resize(self, width: int, height: int, *, signal_app: bool = True) -> None:
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        if signal_app:
            os.kill(self.pid, signal.SIGWINCH)

    # -- the app's side ----------------------------------------------------------------------

    def count(self, sql: str) -> int:
        try:
            with closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)) as conn:  # closed now, not at a GC
                return conn.execute(sql).fetchone()[0]
        except sqlite3.Error:
            return 0

    def wait_for(self, sql: str, n: int = 1) -> None:
        """Wait until `sql` counts at least `n` rows (the app writes a views row when a card shows)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if self.db.exists() and self.count(sql) >= n:
                return
            if not self.running:
                raise AssertionError(f"tiktui exited early with status {self.status}:\n{self.output[-2000:]!r}")
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {n} rows: {sql}")

    def wait_ready(self) -> None:
        self.wait_for("SELECT COUNT(*) FROM views", 1)
        time.sleep(PAUSE)  # the first frame is drawn after the row is written

    @property
    def running(self) -> bool:
        if self.status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # reaped elsewhere
            self.status = -signal.SIGKILL
            return False
        if pid == 0:
            return True
        self.status = os.waitstatus_to_exitcode(status)
        return False

    def quit(self) -> int:
        """Press q and wait for the app to exit; return its exit status."""
        self.press("q", pause=0)
        deadline = time.monotonic() + WAIT
        while self.running and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.running:
            self.kill()
            raise AssertionError("tiktui did not quit on q")
        self._finish()
        assert self.status is not None
        return self.status

    def abort(self) -> None:
        """Kill the app from any thread (a watchdog): the waits then fail instead of hanging."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        """Kill the app if it still runs, reap it and close the pty."""
        if self.status is None:
            self.abort()
            try:
                self.status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            except ChildProcessError:
                self.status = -signal.SIGKILL
        self._finish()

    def _finish(self) -> None:
        self._reader.join(timeout=5)  # the rest of the output, up to EIO
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            try:
                os.close(fd)
            except OSError:
                pass
