"""How good a viewer's first K picks were: lift share, precision@K, and paired margins between learners."""

from __future__ import annotations

import math

RELEVANT = 4.0
"""A pick is relevant (for precision@K) when rated this or more."""


def lift_share(ratings: list[float], picks: list[float], k: int) -> float | None:
    """(mean of the first `k` picks - viewer mean) / (mean of their `k` best - viewer mean).

    `ratings` is the viewer's whole pool, best first. None when the protocol
    leaves the viewer out at this K: fewer than K+10 ratings, or no best to
    aim for (oracle = random).

    >>> pool = [5.0] * 3 + [4.0] * 3 + [3.0] * 3 + [2.0] * 3
    >>> round(lift_share(pool, [5.0, 4.0], 2), 3), lift_share(pool, [5.0, 4.0, 3.0], 3)
    (0.667, None)
    """
    base = sum(ratings) / len(ratings)
    oracle = sum(ratings[:k]) / k
    if len(ratings) < k + 10 or oracle <= base:
        return None
    return (sum(picks[:k]) / k - base) / (oracle - base)


def precision(picks: list[float], k: int) -> float:
    """Share of the first `k` picks rated RELEVANT or more.

    >>> precision([5.0, 3.5, 4.0, 1.0], 4)
    0.5
    """
    return sum(r >= RELEVANT for r in picks[:k]) / k


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def stderr(values: list[float]) -> float:
    """Standard error of the mean (nan for fewer than two values)."""
    n = len(values)
    if n < 2:
        return float("nan")
    m = sum(values) / n
    return math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1) / n)


def paired(a: list[float], b: list[float]) -> tuple[float, float]:
    """Mean of a - b over the same viewers, and its standard error.

    >>> [round(x, 4) for x in paired([0.5, 0.4, 0.6], [0.3, 0.3, 0.4])]
    [0.1667, 0.0333]
    """
    diffs = [x - y for x, y in zip(a, b, strict=True)]
    return mean(diffs), stderr(diffs)
