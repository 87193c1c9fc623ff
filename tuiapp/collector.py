"""When the garbage collector runs while the feed is up: full collections between swipes, not during them.

Left to itself, CPython runs a full collection after every ten young ones,
wherever that falls; during a swipe that scan of everything the session made
since start-up held the new card back by up to 30 ms. While the app runs, full
collections are only started here: right after a card has reached the
terminal (the viewer is looking at it, not waiting for it: `AFTER_DRAW`) and, for a viewer
who does not swipe, from the feed's tick once as many young collections have
passed as would have started one anyway. Young collections still run on their
own: they scan only what is new, and take about a millisecond.
"""

from __future__ import annotations

import gc

AFTER_DRAW = 0.05
"""Seconds after a card's picture is drawn that a full collection may start: the screen update holding it
has been written by then (a collection holds the interpreter, and with it the thread that writes to the
terminal)."""
BY_HAND = 1_000_000
"""The full collection's threshold while the app runs: never reached, so only `collect` starts one."""
DUE = 10
"""Young (generation 1) collections after which a full one is due: CPython's own default."""
_python: list[tuple[int, int, int]] = []
"""The thresholds before `settle`, for `restore`."""


def settle() -> None:
    """The first card is up: what start-up made lives as long as the app, so freeze it; from now on full
    collections are started here, and the collector runs again (held off while tiktui starts)."""
    gc.freeze()
    if not _python:
        _python.append(gc.get_threshold())
    young, middle, _ = _python[0]
    gc.set_threshold(young, middle, BY_HAND)
    gc.enable()


def restore() -> None:
    """The app has ended: the collector as Python sets it (tests run many apps in one process)."""
    if _python:
        gc.set_threshold(*_python.pop())
    gc.unfreeze()


def collect(after_draw: bool) -> None:
    """A full collection if one is waiting: after a card was drawn, as soon as a young collection has
    passed since the last one; from a tick, once one is due."""
    if gc.get_threshold()[2] == BY_HAND and gc.get_count()[2] >= (1 if after_draw else DUE):
        gc.collect()
