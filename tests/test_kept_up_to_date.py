"""What a pick reads of the profile is kept up to date as views are learned, and gives what reading afresh gives.

The recent views' best creators, hashtags and sounds and the related videos the viewer loved (`TasteProfile.top`,
`loved`) are kept counted view by view instead of gathered from the last RECENT_WINDOW views at every pick; the
weights' solve is written for speed. A kept figure that went stale, or a solve one bit off, would change what a
viewer is shown, so these compare for equality with the plain definitions, through everything that moves a profile
other than learning: a card came back to (`amend`), an undone view (`restore`), forgetting (FORGET_AFTER), a snapshot
read back (packed tables).
"""

from __future__ import annotations

import random

from recommender.profile import FORGET_AFTER, SHRINK, TasteProfile
from recommender.replay import _packed, _unpacked
from recommender.signals import View
from recommender.weights import solve


def walked_top(profile: TasteProfile, kind: str, n: int) -> list[tuple[str, float]]:
    """`top` as it was: every value of the recent views, its offset read one by one, the best `n`."""
    values = {v for c, s, tags, _ in profile.recent for v in {"creator": [c], "sound": [s]}.get(kind, tags)}
    values.discard("")
    rows = sorted((-profile.offset(kind, v), v) for v in values)
    return [(v, -minus) for minus, v in rows[:n]]


def walked_loved(profile: TasteProfile, n: int) -> list[str]:
    related = {vid for *_, rel in profile.recent for vid in rel}
    rows = sorted((-profile.related_offset(vid), vid) for vid in related)
    return [vid for score, vid in rows[:n] if score < 0]


def read_alike(profile: TasteProfile) -> None:
    for kind in ("creator", "hashtag", "sound"):
        assert profile.top(kind, 4) == walked_top(profile, kind, 4)
        assert profile.top(kind, 4, liked=True) == [(v, s) for v, s in walked_top(profile, kind, 4) if s > 0.0]
    assert profile.loved(30) == walked_loved(profile, 30)
    for kind in ("genre", "length", "hashtag"):  # offsets read together: each as read alone, doubted or not
        values = [*sorted({v for k, v in profile.evidence if k == kind}), "never met"]
        for doubted in (None, profile.views_learned - 10):
            assert profile.offsets(kind, values, doubted) == [profile.offset(kind, v, doubted) for v in values]


def view_of(video, rng: random.Random) -> View:
    """A view the catalog's video might get: loved (looped, liked), finished, left part-way, skipped or refused."""
    ms = int(video.duration_s * 1000)
    roll = rng.random()
    if roll < 0.25:
        return View(video.id, ms, ms * 2, ms, loops=1, liked=True)
    if roll < 0.45:
        return View(video.id, ms, ms, ms)
    if roll < 0.6:
        return View(video.id, ms, ms // 2, ms // 2)
    if roll < 0.95:
        return View(video.id, ms, 500, 500)
    return View(video.id, ms, 500, 500, not_interested=True)


def test_top_and_loved_stay_what_the_recent_views_give_through_every_change(catalog):
    rng = random.Random(7)
    videos = list(catalog.videos)
    # A viewer with a narrow taste, so that its recent views share creators, hashtags and related videos.
    fond = [v for v in videos if v.genre in ("cooking", "pets")]
    profile = TasteProfile()
    read_alike(profile)  # empty
    moved = {"amend": 0, "restore": 0, "snapshot": 0}
    for step in range(FORGET_AFTER + 150):
        video = rng.choice(fond if rng.random() < 0.7 else videos)
        view = view_of(video, rng)
        if step % 97 == 5:  # learned, then undone: the profile is as it was
            point = profile.checkpoint(video)
            profile.learn_one(video, view)
            read_alike(profile)
            profile.restore(point)
            moved["restore"] += 1
        profile.learn_one(video, view)
        if step % 41 == 3:  # the viewer came back to the card and liked it this time
            profile.amend(video, view, View(video.id, view.duration_ms, view.duration_ms, view.duration_ms, liked=True))
            moved["amend"] += 1
        if step % 7 == 0 or step > FORGET_AFTER - 3:
            read_alike(profile)
        if step in (300, 900):  # a snapshot read back: the tables are new (packed), the window is read again
            profile = _unpacked(_packed(profile))
            read_alike(profile)
            moved["snapshot"] += 1
    assert profile.views_learned > FORGET_AFTER  # forgetting ran (and the window was read again after it)
    assert profile.top("hashtag", 4, liked=True) and profile.loved(30)  # the comparisons were not of empty lists
    assert all(moved.values())


def test_liked_top_holds_only_positive_offsets_best_first(catalog):
    rng = random.Random(3)
    profile = TasteProfile()
    for video in rng.sample(list(catalog.videos), 200):
        profile.learn_one(video, view_of(video, rng))
    for kind in ("creator", "hashtag", "sound"):
        liked = profile.top(kind, 1000, liked=True)
        assert liked and all(score > 0.0 for _, score in liked)
        assert [s for _, s in liked] == sorted((s for _, s in liked), reverse=True)
        assert len(liked) < len(profile.top(kind, 1000))  # some recent values were not liked
        assert SHRINK[kind] > 0


def textbook_solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting, as `weights.solve` was written before it was made faster."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        head = a[col][col]
        if abs(head) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = a[r][col] / head
            if f:
                row, top = a[r], a[col]
                for c in range(col, n + 1):
                    row[c] -= f * top[c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        head = a[r][r]
        s = a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))
        x[r] = s / head if abs(head) >= 1e-12 else 0.0
    return x


def test_the_weights_solve_gives_the_textbook_figures_bit_for_bit():
    rng = random.Random(0)
    for _ in range(500):
        n = rng.choice((1, 2, 5, 7))
        rows = [[rng.uniform(-1, 1) for _ in range(n)] for _ in range(n + 3)]
        matrix = [[sum(r[i] * r[j] for r in rows) for j in range(n)] for i in range(n)]
        for i in range(n):
            matrix[i][i] += rng.random()
        if rng.random() < 0.1:  # a kind never seen: its row and column empty but for the ridge, or not even that
            k = rng.randrange(n)
            for i in range(n):
                matrix[i][k] = matrix[k][i] = 0.0
        vector = [rng.uniform(-1, 1) for _ in range(n)]
        assert solve(matrix, vector) == textbook_solve(matrix, vector)


def test_weights_solved_when_read_are_those_solved_after_every_view():
    from recommender.fitted import FITTED
    from recommender.weights import OnlineWeights

    rng = random.Random(5)
    lazy, eager = OnlineWeights(FITTED), OnlineWeights(FITTED)
    for step in range(300):
        terms = [rng.uniform(-0.5, 0.5) if rng.random() < 0.7 else 0.0 for _ in range(7)]
        residual = rng.uniform(-1.0, 1.0)
        lazy.add(terms, residual, 0.986)
        eager.add(terms, residual, 0.986)
        eager.refit()
        if step % 17 == 0:  # read now and then, as a pick does; a copy reads what the original would
            assert lazy.copy().weights == eager.weights and lazy.weights == eager.weights
            assert lazy.intercept == eager.intercept
    assert lazy.stale and lazy.weights == eager.weights and not lazy.stale
    assert lazy.weights != list(FITTED.mean)  # it learned: the comparison is not of two priors
