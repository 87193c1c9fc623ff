"""The profile in words, read from profiles built by real sequences of events through the FeedSession."""

from __future__ import annotations

import random

import pytest

from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.profile import TasteProfile
from recommender.signals import View
from recommender.standing import LESS, MORE, SAME, UNSURE, legend, standing, standings, stay_line
from recommender.store import Store

from .conftest import make_video


def session_on(store: Store, clock: FakeClock, seed: int = 0) -> FeedSession:
    return FeedSession(store, stored_catalog(store, clock), clock, random.Random(seed))


def fan_of_cooking(session: FeedSession, clock: FakeClock, likes: int = 20, other: float = 0.5) -> None:
    """Watches every cooking card to the end and likes it; watches `other` of every other card."""
    card = session.start()
    while likes:
        if "cooking" in card.video.genres:
            clock.advance(card.video.duration_s)
            session.toggle_like()
            likes -= 1
        else:
            clock.advance(card.video.duration_s * other)
        card = session.next()


def test_twenty_cooking_likes_read_more_than_most_viewers(clock):
    for other in (0.03, 0.5, 1.0):  # a skimmer of the rest, a half-watcher, one who finishes everything
        session = session_on(Store.memory(), FakeClock())
        fan_of_cooking(session, session.clock, other=other)  # type: ignore[arg-type]
        cooking = standing(session.profile, "genre", "cooking")
        assert cooking.words == MORE, (other, cooking)
        assert standings(session.profile, "genre")[0].value == "cooking"


def test_the_words_read_the_viewer_beside_the_audience_not_beside_their_own_baseline(clock):
    """A viewer who finishes everything: cooking's lead over their own typical card is small, yet it reads "more";
    the genres they finish without liking read no less than most viewers."""
    session = session_on(Store.memory(), clock)
    fan_of_cooking(session, clock, other=1.0)
    p = session.profile
    assert p.baseline > 0 and p.offset("genre", "cooking") < standing(p, "genre", "cooking").score
    rows = standings(p, "genre")
    assert rows[0].value == "cooking" and rows[0].words == MORE
    assert all(r.words != LESS for r in rows)


def test_skimming_another_feed_afterwards_does_not_change_what_a_loved_genre_reads(clock):
    """QA: 31 dance videos liked and looped, then a few minutes of skimming the STEM feed, and dance read "less than
    most viewers": the words read the baseline, which follows the last twenty views, plus an offset learned
    against the baseline of its own views' time."""
    session = session_on(Store.memory(), clock)
    fan_of_cooking(session, clock, other=0.03)
    before = standing(session.profile, "genre", "cooking")
    baseline = session.profile.baseline
    card = session.switch_feed("stem")
    for _ in range(30):
        assert card is not None and "cooking" not in card.video.genres
        clock.advance(0.5)
        card = session.next()
    after = standing(session.profile, "genre", "cooking")
    assert session.profile.baseline < baseline - 0.2  # the skims moved the baseline a long way down
    assert before.words == after.words == MORE
    # Only its evidence fading with the views since moved its score: the same level, shrunk by less evidence.
    faded = before.score * (before.evidence + 3.0) / before.evidence * after.evidence / (after.evidence + 3.0)
    assert after.score == pytest.approx(faded, rel=1e-9)


def test_a_few_skips_after_many_likes_do_not_turn_the_words_nor_does_a_fresh_start_of_the_ranking():
    """QA: after sixty liked science cards by @marco.science, one quick skip of a 2:30 video of his turned science
    from "more than most viewers" to "about as much" and put him out of Top creators; three more read "less"; and
    once the feed was failing (a no from before doubted, its evidence started over), science read "not enough to
    tell yet". The words are a mean over the views behind them, not the ranking's newest-view floor and restarts."""
    profile, seen = TasteProfile(), iter(range(1000))

    def view(genre: str, creator: str, seconds: float, stayed: float, liked: bool = False) -> None:
        video = make_video(next(seen), genres=(genre,), creator=creator, duration_s=seconds)
        profile.learn_one(video, View(video.id, int(seconds * 1000), int(stayed * 1000), int(stayed * 1000), liked))

    for _ in range(60):
        view("science", "marco.science", 40, 40, liked=True)
    assert standing(profile, "genre", "science").words == MORE
    view("science", "marco.science", 150, 0.9)
    assert standing(profile, "genre", "science").words == MORE
    assert [v for v, _ in profile.levels("creator")][:1] == ["marco.science"]
    for _ in range(3):
        view("science", "marco.science", 40, 0.5)
    assert standing(profile, "genre", "science").words == MORE
    for i in range(12):
        view("cooking", f"cook{i}", 30, 0.5)
    assert profile.doubted is not None and profile.evidence[("genre", "science")].mean < 0
    view("science", "marco.science", 40, 40, liked=True)
    assert profile.weight("genre", "science") == 1.0  # the ranking started over ...
    assert standing(profile, "genre", "science").words == MORE  # ... the words did not


def test_two_views_are_not_enough_to_tell(clock):
    session = session_on(Store.memory(), clock)
    card = session.start()
    first = card.video.genres[0]
    clock.advance(card.video.duration_s)
    session.toggle_like()
    card = session.next()
    clock.advance(card.video.duration_s)
    session.next()
    assert session.profile.tally.views == 2
    assert {s.words for s in standings(session.profile, "genre")} == {UNSURE}
    assert standing(session.profile, "genre", first).words == UNSURE
    assert standing(session.profile, "genre", "a genre never seen").words == UNSURE


def test_a_rejected_genre_reads_less(clock):
    """Three "not interested" on one genre within 50 views: the learner keeps it out; it reads "less"."""
    store = Store.memory()
    store.add_videos([make_video(i, genres=(("cooking", "dance")[i % 2],), hashtags=()) for i in range(60)])
    session = session_on(store, clock)
    card, nopes = session.start(), 0
    while nopes < 3:
        clock.advance(card.video.duration_s)
        if card.video.genres[0] == "dance":
            card = session.not_interested()
            nopes += 1
        else:
            card = session.next()
    assert session.profile.weight("genre", "dance") < 3, "too little evidence to judge by counts alone ..."
    assert "dance" in session.profile.blocked  # ... but the learner keeps it out of exploration
    assert standing(session.profile, "genre", "dance").words == LESS


def test_a_genre_skipped_at_once_reads_less(clock):
    store = Store.memory()
    # Four cooking videos and forty dance ones: once cooking runs out, the feed has only dance to show.
    store.add_videos([make_video(i, genres=("cooking" if i < 4 else "dance",), hashtags=()) for i in range(44)])
    session = session_on(store, clock)
    card = session.start()
    for _ in range(12):
        clock.advance(0.5 if "dance" in card.video.genres else card.video.duration_s * 0.6)
        card = session.next()
    p = session.profile
    assert p.by_genre["dance"].skipped >= 4 and "dance" not in p.blocked
    assert standing(p, "genre", "dance").words == LESS


def test_the_words_after_a_restart_are_the_live_ones(tmp_path, clock):
    store = Store.open(tmp_path / "t.db")
    session = session_on(store, clock)
    fan_of_cooking(session, clock)
    session.close()  # quitting leaves the card on screen: the live profile learns it too
    live = standings(session.profile, "genre")
    assert standings(load_state(store, session.catalog).profile, "genre") == live
    store.close()


def test_the_legend_names_every_reading():
    assert [words for words, _ in legend()] == [MORE, SAME, LESS, UNSURE]
    assert "under 3 views' worth" == legend()[-1][1]


def test_the_stay_line_is_the_share_stayed_per_ten_swipes(clock):
    """Stayed = not a quick skip and not "not interested": the learner's exit, reversed."""
    session = session_on(Store.memory(), clock)
    card = session.start()
    plan = [0.5] * 10 + [1.0] * 5 + [0.5] * 5 + [1.0] * 10 + [1.0] * 3  # 33 swipes: 3 full groups and 3 over
    for share in plan:
        clock.advance(card.video.duration_s * share if share == 1.0 else share)
        card = session.next()
    # Counted back from the newest: swipes 4-13 (7 skips), 14-23 (5 skips), 24-33 (none).
    assert stay_line(session.store.last_views(400)) == [0.3, 0.5, 1.0]
    clock.advance(card.video.duration_s)
    session.not_interested()  # watched to the end, then "not interested": not a stay
    assert stay_line(session.store.last_views(400), points=1) == [0.9]
    # Cards removed from the history are out of the line, as they are out of what was learned (QA: all ten of a
    # group removed, and the line still read "100% of the last 10 cards").
    for row in session.store.history(3):
        session.forget_view(row["id"])
    assert stay_line(session.store.last_views(400), points=1) == [1.0]  # the "not interested" one was among them
