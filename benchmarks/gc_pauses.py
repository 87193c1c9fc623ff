"""Garbage-collection pauses, timed as they happen (`gc.callbacks`), for the benchmarks that report them."""

from __future__ import annotations

import gc
import time


def record_pauses() -> list[float]:
    """From now on, the seconds each collection takes are appended to the returned list."""
    pauses: list[float] = []
    began: list[float] = []

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            began.append(time.perf_counter())
        elif began:
            pauses.append(time.perf_counter() - began.pop())

    gc.callbacks.append(timed)
    return pauses
