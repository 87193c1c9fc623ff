"""Whether tiktui was started where the feed can be drawn: one line that says why not, before anything is drawn.

Textual draws on standard error and reads the window's size from standard output (then from COLUMNS and LINES,
which come first): a redirected stream, a terminal that cannot draw (TERM=dumb) or a locale that cannot write the
picture's characters gave a blank terminal with the screen written into a file, a card drawn at 80x24 over a larger
window, or every picture row as `\\u2580\\u2580...` (QA).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import Protocol

SCRIPTS = "'tiktui sim', 'tiktui lab', 'tiktui import', 'tiktui post' or 'tiktui export'"


class Stream(Protocol):
    encoding: str | None

    def isatty(self) -> bool: ...


def unfit(environ: Mapping[str, str], stdin: Stream, stdout: Stream, stderr: Stream) -> str | None:
    """Why the feed cannot be drawn here, in one line, or None when it can.

    >>> class Tty:
    ...     encoding = "utf-8"
    ...     def isatty(self): return True
    >>> class File(Tty):
    ...     def isatty(self): return False
    >>> unfit({"TERM": "xterm-256color"}, Tty(), Tty(), Tty()) is None
    True
    >>> print(unfit({}, Tty(), Tty(), File()).split(":")[0])
    the feed draws on the terminal, and standard error is not one (sent to a file or a pipe)
    """
    if not stdin.isatty():
        return f"the feed needs a terminal (standard input is not one); for scripts use {SCRIPTS}"
    for name, stream in (("standard output", stdout), ("standard error", stderr)):
        if not stream.isatty():
            return (
                f"the feed draws on the terminal, and {name} is not one (sent to a file or a pipe): "
                "start tiktui without redirecting it"
            )
    if environ.get("TERM") == "dumb":
        return (
            "this terminal (TERM=dumb) cannot draw a screen: start tiktui in a terminal window, "
            "or set TERM to the name of the one you use (such as xterm-256color)"
        )
    encoding = stderr.encoding or "ascii"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    if not utf8:
        return (
            f"the locale writes {encoding}, and the feed draws with Unicode characters: "
            "set a UTF-8 locale, such as LC_ALL=C.UTF-8"
        )
    return None


def own_size(environ: dict[str, str]) -> None:
    """Let the window say its size: COLUMNS and LINES, when a shell exported them, are a size fixed at the start
    and kept through every resize (a card stayed 100x40 in a window made 120x45, and lost its footer at 70x24)."""
    environ.pop("COLUMNS", None)
    environ.pop("LINES", None)
