"""A long history does not make a longer profile: evidence not met for FORGET_AFTER views is forgotten."""

from __future__ import annotations

import json

from benchmarks.synthetic import videos
from recommender.profile import FORGET_AFTER, TasteProfile
from recommender.signals import View

CATALOG = list(videos(12 * FORGET_AFTER, seed=3))


def watched(video, liked=False):
    ms = int(video.duration_s * 1000)
    return View(video.id, ms, ms, ms, liked=liked)


def viewer(n: int, start: int = 0) -> TasteProfile:
    """A viewer who meets new creators, sounds and related videos all the time, as a long history does."""
    p = TasteProfile()
    for i in range(start, start + n):
        v = CATALOG[i % len(CATALOG)]
        p.learn_one(v, watched(v, liked=i % 3 == 0))
    return p


def test_what_is_kept_stops_growing_with_the_history():
    sizes = [len(json.dumps(viewer(n).dump())) for n in (2 * FORGET_AFTER, 8 * FORGET_AFTER)]
    assert sizes[1] < sizes[0] * 1.2  # four times the history, about the same profile


def test_a_feature_met_again_after_the_horizon_starts_from_nothing():
    first = CATALOG[0]
    p = TasteProfile()
    p.learn_one(first, watched(first, liked=True))
    assert p.offset("creator", first.creator) != 0
    others = [v for v in CATALOG if v.creator != first.creator and first.id not in v.related]
    for v in others[: FORGET_AFTER + 1]:
        p.learn_one(v, View(v.id, 10_000, 500, 500))
    assert p.offset("creator", first.creator) == 0 and p.weight("creator", first.creator) == 0
    assert ("creator", first.creator) not in p.evidence or p.views_learned % FORGET_AFTER != 0


def test_a_profile_and_its_snapshot_stay_equal_across_a_forgetting():
    p = viewer(FORGET_AFTER - 1)
    copy = TasteProfile.load(p.dump())
    for profile in (p, copy):
        for i in range(FORGET_AFTER - 1, FORGET_AFTER + 50):
            v = CATALOG[i]
            profile.learn_one(v, watched(v))
    assert p == copy and p.scores("creator") == copy.scores("creator")


def test_undoing_the_view_that_forgot_puts_every_score_back():
    p = viewer(FORGET_AFTER - 1)
    before = {kind: p.scores(kind) for kind in ("genre", "creator", "hashtag", "sound")}
    v = CATALOG[FORGET_AFTER]
    cp = p.checkpoint(v)
    p.learn_one(v, watched(v))  # the FORGET_AFTER-th view: old evidence is dropped
    p.restore(cp)
    assert {kind: p.scores(kind) for kind in before} == before
    assert p == TasteProfile.load(viewer(FORGET_AFTER - 1).dump())
