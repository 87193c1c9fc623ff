"""Progress of a long command on standard error: a bar on a terminal, a line per tenth otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
"""Characters of the bar."""
EVERY = 0.1
"""Seconds between redraws of the bar (a million updates must not cost a million writes)."""


class Progress:
    """`update(done)` as work goes; `finish()` at the end. `what` names the work, `unit` what is counted.

    On a terminal one line is redrawn in place; in a log or a pipe a line is
    written at each tenth of the way (one for the tenths a single step crosses), so the file stays
    readable.
    """

    def __init__(
        self, what: str, total: int, unit: str = "", stream: TextIO | None = None, *, quiet: bool = False
    ) -> None:
        self.what, self.total, self.unit = what, max(total, 1), unit
        self.stream = stream or sys.stderr
        self.quiet = quiet
        """Show nothing (work that ends before anyone could read it: a small file)."""
        self.bar = self.stream.isatty()
        self._drawn = -1.0
        self._tenth = 0
        self._done = 0

    def update(self, done: int) -> None:
        self._done = done
        if self.quiet:
            return
        share = min(done / self.total, 1.0)
        if self.bar:
            now = time.monotonic()
            if now - self._drawn >= EVERY or share >= 1.0:
                self._drawn = now
                filled = round(WIDTH * share)
                self.stream.write(f"\r{self.what}: [{'#' * filled}{'.' * (WIDTH - filled)}] {self._count(done)}")
                self.stream.flush()
        else:
            reached = min(10, int(share * 10 + 1e-9))
            if reached > self._tenth:  # one line for the tenths one step crossed: each said the step's whole count
                self._tenth = reached
                self.stream.write(f"{self.what}: {reached * 10}% ({self._count(done)})\n")
                self.stream.flush()

    def finish(self, then: str = "") -> None:
        """Complete the bar (or the last tenth) and end its line; `then` says what comes next, if anything."""
        self.update(self.total)
        self._end()
        if then and not self.quiet:
            self.stream.write(f"{self.what}: {then}\n")
            self.stream.flush()

    def _end(self) -> None:
        if self.bar and self._drawn >= 0:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = -1.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stopped part way (an error follows): end the bar's line so the message starts on its own."""
        self._end()

    def _count(self, done: int) -> str:
        if self.unit == "bytes":
            return f"{done / 2**20:,.1f} of {self.total / 2**20:,.1f} MiB"
        return f"{done:,}/{self.total:,}{' ' + self.unit if self.unit else ''}"
