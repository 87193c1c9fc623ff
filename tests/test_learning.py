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


def test_a_taste_for_short_videos_is_learned_across_genres():
    profile = TasteProfile()
    genres = ("cooking", "dance", "pets", "travel", "music", "art")
    for i in range(24):
        short = i % 2 == 0
        video = make_video(i, genres=(genres[i % len(genres)],), hashtags=(), duration_s=8.0 if short else 60.0)
        profile.learn_one(
            video, view(video_id=video.id) if short else view(video_id=video.id, dwell_ms=700, watched_ms=700)
        )
    unseen_short = make_video(100, genres=("science",), hashtags=(), duration_s=9.0, creator="new", sound="new")
    unseen_long = make_video(101, genres=("science",), hashtags=(), duration_s=70.0, creator="new2", sound="new2")
    assert profile.offset("length", "under 10 s") > 0.2 > -0.2 > profile.offset("length", "40-90 s")
    assert profile.score_one(unseen_short) > profile.score_one(unseen_long) + 0.2


def test_weights_follow_the_evidence_that_predicts_this_viewer():
    """A viewer who engages with one hashtag whatever the genre: hashtags come to count more for them."""
    profile = TasteProfile()
    start = profile.kind_weights["hashtag"]
    for i in range(60):
        tagged = i % 3 == 0
        video = make_video(
            i,
            genres=(("cooking", "dance", "pets")[i % 2 + (i % 5 == 0)],),
            hashtags=("storytime",) if tagged else ("x",),
        )
        profile.learn_one(
            video, view(video_id=video.id) if tagged else view(video_id=video.id, dwell_ms=700, watched_ms=700)
        )
    assert profile.kind_weights["hashtag"] > start
    again = TasteProfile.load(profile.dump())
    assert again.kind_weights == profile.kind_weights


def test_a_skimmers_first_card_is_read_again_once_its_baseline_is_known():
    """A viewer who leaves most cards at once and half-watches what it enjoys: its first card, half-watched before
    the profile knew how it watches, ends up a yes, and the skimmed genres stay a no."""
    profile = TasteProfile()
    half = dict(dwell_ms=15_000, watched_ms=15_000)
    widely_liked = make_video(0, genres=("sports",), completion_rate=0.9, likes=200)
    profile.learn_one(widely_liked, view(video_id="t0", **half))
    first = profile.offset("genre", "sports")
    for i in range(1, 10):  # nine other genres, each left within a second
        profile.learn_one(make_video(i, genres=(f"other{i}",)), view(video_id=f"t{i}", dwell_ms=700, watched_ms=700))
    assert profile.baseline < -0.3
    assert first < 0 < profile.offset("genre", "sports")
    assert all(profile.offset("genre", f"other{i}") < 0 for i in range(1, 10))
    again = TasteProfile.load(profile.dump())
    assert again == profile and again.offset("genre", "sports") == profile.offset("genre", "sports")


def test_undoing_the_tenth_card_puts_back_the_genres_it_read_again():
    """The tenth view reads the first genres again (`_rebase`): undoing it ("u" after "n") restores them exactly."""
    profile = TasteProfile()
    for i in range(9):
        profile.learn_one(make_video(i, genres=(f"g{i % 4}",)), view(video_id=f"t{i}", dwell_ms=700, watched_ms=700))
    before = profile.dump()
    tenth = make_video(9, genres=("g9",))
    checkpoint = profile.checkpoint(tenth)
    profile.learn_one(tenth, view(video_id="t9", not_interested=True))
    assert profile.dump() != before
    profile.restore(checkpoint)
    assert profile.dump() == before
