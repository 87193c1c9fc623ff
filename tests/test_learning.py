"""Signals and the taste profile, without a terminal."""

from __future__ import annotations

import random

from recommender.clock import FakeClock
from recommender.feed import FeedSession, rebuild_profile
from recommender.profile import TasteProfile
from recommender.signals import View, points, reward
from recommender.store import Store

from .conftest import make_video


def view(**kw) -> View:
    base = dict(video_id="t1", duration_ms=30_000, dwell_ms=30_000, watched_ms=30_000)
    base.update(kw)
    return View(**base)


def test_signals_rank_as_the_seeds_say():
    rewatch = points(view(loops=1)) - points(view())
    completion = points(view())  # watched to the end, nothing else done
    share = points(view(shared=True)) - points(view())
    comment = points(view(commented=True)) - points(view())
    like = points(view(liked=True)) - points(view())
    assert (rewatch, completion, share, comment, like) == (10, 8, 6, 4, 2)
    assert reward(view(dwell_ms=800, watched_ms=800)) < 0 < reward(view(watched_ms=15_000, dwell_ms=15_000))
    assert reward(view(not_interested=True)) < reward(view(dwell_ms=800, watched_ms=800))


def test_half_watched_earns_half_the_completion_points():
    assert points(view(watched_ms=15_000, dwell_ms=15_000)) == 4


def test_liked_genre_rises_skipped_genre_falls():
    profile = TasteProfile()
    for i in range(5):
        profile.learn_one(make_video(i, genres=("cooking",)), view(video_id=f"t{i}"))
        profile.learn_one(
            make_video(10 + i, genres=("dance",)), view(video_id=f"t{10 + i}", dwell_ms=700, watched_ms=700)
        )
    assert profile.offset("genre", "cooking") > 0.2
    assert profile.offset("genre", "dance") < -0.2


def test_profile_rebuilt_from_events_equals_the_live_one(catalog):
    clock = FakeClock()
    store = Store.memory()
    store.add_videos(catalog.videos)
    session = FeedSession(store, catalog, clock, random.Random(3))
    card = session.start()
    rng = random.Random(9)
    for _ in range(40):
        if rng.random() < 0.3:
            session.toggle_like()
        if rng.random() < 0.1:
            session.share()
        clock.advance(rng.choice([0.5, card.video.duration_s / 2, card.video.duration_s * 2.5]))
        card = session.not_interested() if rng.random() < 0.05 else session.next()
    rebuilt = rebuild_profile(store.events(), catalog)
    for kind in ("genre", "creator", "hashtag", "sound"):
        assert rebuilt.scores(kind) == session.profile.scores(kind)
    assert rebuilt.tally == session.profile.tally
