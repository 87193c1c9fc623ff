"""What is recorded is what the viewer did: navigation, hidden time, bursts and "not interested" weighed honestly."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest

from recommender.cards import IDLE_LOOPS
from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.replay import SNAPSHOT_FORMAT, rebuild
from recommender.signals import View
from recommender.store import Store
from recommender.video import Catalog

from .conftest import make_video


def session_on(db, clock=None, seed=0, **options):
    clock = clock or FakeClock()
    store = Store.open(db)
    return FeedSession(store, stored_catalog(store, clock), clock, random.Random(seed), **options)


def leaves(db, view_id):
    with sqlite3.connect(db) as conn:
        return [
            json.loads(d)
            for (d,) in conn.execute(
                "SELECT detail FROM events WHERE action = 'leave' AND view_id = ? ORDER BY id", [view_id]
            )
        ]


def two_tiktuis(db, videos):
    """Two sessions started on one file holding `videos`: a tiktui in each of two terminals."""
    store = Store.open(db)
    store.add_videos(videos)
    store.close()
    a, b = session_on(db, seed=1), session_on(db, seed=2)
    a.start()
    b.start()
    return a, b


def test_going_back_returns_to_the_same_view_and_is_never_a_skip(tmp_path):
    db = tmp_path / "t.db"
    s = session_on(db)
    clock = s.clock
    first = s.start()
    clock.advance(max(3.0, first.video.duration_s / 2))  # half of it: not a quick skip, whatever its length
    loved = s.next()
    clock.advance(loved.video.duration_s)  # watched to the end ...
    s.toggle_like()
    s.share()  # ... liked and shared
    genre = loved.video.genre
    s.next()
    clock.advance(1.0)
    back = s.previous()  # back to it: the same view, with what was done on it
    assert back.view_id == loved.view_id and back.liked and back.shared
    before = s.profile.offset("genre", genre)
    clock.advance(0.7)
    s.previous()  # and over it, quickly: navigation, not a verdict
    assert s.profile.offset("genre", genre) >= before - 1e-9, "a liked card passed over is not a skip"
    first_leave, revisit_leave = leaves(db, loved.view_id)
    assert first_leave["how"] == "next" and revisit_leave["how"] == "back"
    assert revisit_leave["liked"] and revisit_leave["shared"] and "before" in revisit_leave
    assert revisit_leave["dwell_ms"] == first_leave["dwell_ms"] + 700, "time on a revisit adds to that view"
    # The first two cards; the third, left backwards a second in, taught nothing (`View.censored`).
    assert s.profile.tally.views == 2 and s.profile.tally.liked == 1 and s.profile.tally.skipped == 0


def test_a_card_left_backwards_on_its_first_showing_is_not_a_quick_skip(tmp_path):
    s = session_on(tmp_path / "t.db")
    s.start()
    s.clock.advance(20)
    s.next()
    s.clock.advance(0.5)
    s.previous()
    assert s.profile.tally.views == 1 and s.profile.tally.skipped == 0  # the card left backwards taught nothing
    assert [v.video_id for v in s.store.last_views(10)] == [s.card().video.id]  # nor is it a swipe stayed or not


def test_a_card_saved_then_left_backwards_is_a_view_the_stay_line_counts_too(tmp_path):
    """Saved is something done on it: the learner learns it, and the stay line's SQL agrees (it had no `saved`)."""
    s = session_on(tmp_path / "t.db")
    s.start()
    s.clock.advance(20)
    s.next()
    s.clock.advance(0.5)
    s.toggle_save()
    s.previous()
    assert s.profile.tally.views == 2
    assert len(s.store.last_views(10)) == 2
    s.clock.advance(20)
    s.next()  # forward to the saved card again, its save taken back: learned once, it stays a view (corrected)
    s.toggle_save()
    s.clock.advance(0.5)
    s.previous()
    assert s.profile.tally.views == 2 and len(s.store.last_views(10)) == 2
    s.clock.advance(20)
    s.next()
    s.clock.advance(20)
    s.next()  # a new card, left backwards a moment in: all its leaves taught nothing
    s.clock.advance(0.5)
    s.previous()
    assert s.profile.tally.views == 2 and len(s.store.last_views(10)) == 2


def test_playback_resumes_where_it_was_when_coming_back(tmp_path):
    s = session_on(tmp_path / "t.db")
    card = s.start()
    s.clock.advance(card.video.duration_s / 3)
    s.next()
    s.clock.advance(50)
    back = s.previous()
    assert abs(back.position_s - card.video.duration_s / 3) < 0.01


def test_a_card_never_drawn_is_not_a_view(tmp_path):
    s = session_on(tmp_path / "t.db")
    s.wait_for_draw = True
    first = s.start()
    s.drawn(first.view_id)
    s.clock.advance(40)
    s.next()  # this card is never drawn: the viewer flew past it
    s.next()
    assert s.profile.tally.views == 1
    assert leaves(s.store.path, first.view_id + 1)[0]["seen"] is False
    # Nor a view in the history, the day's figures or the last views' stays: its row is left unfinished.
    assert [row["id"] for row in s.store.history(10)] == [first.view_id]
    assert len(s.store.last_views(10)) == 1 and len(s.store.views_since(s.clock.utc() - timedelta(days=1))) == 1


def test_not_interested_on_a_card_never_drawn_is_a_swipe_not_a_refusal(tmp_path):
    """A burst of `n` recorded "not interested" on seven videos that never reached the screen: the log and an export
    said the viewer refused what they never saw."""
    db = tmp_path / "t.db"
    s = session_on(db)
    s.wait_for_draw = True
    first = s.start()
    s.drawn(first.view_id)
    s.clock.advance(3)
    refused = s.not_interested()  # on the card on screen: a refusal
    flown = s.not_interested()  # the next key came before that card was drawn
    assert refused is not None and flown is not None
    with sqlite3.connect(db) as conn:
        said = [v for (v,) in conn.execute("SELECT view_id FROM events WHERE action = 'not_interested'")]
    assert said == [first.view_id]
    left = leaves(db, refused.view_id)[0]
    assert left["seen"] is False and not left["not_interested"] and left["how"] == "next"


def test_a_held_key_makes_no_verdict_of_the_cards_that_flash_past(tmp_path):
    """Holding j (a key repeating every 33 ms) drew each card and left it 17-64 ms later: each was learned as a quick
    skip ("skipped 29" on the profile, 29 rows of 0% in the history); holding n marked a dozen cards "not
    interested". A card left within GLANCE_S of reaching the screen, with nothing done on it, is not a view; the
    one the key stops on, and one taken in and swiped at a person's pace, are."""
    db = tmp_path / "t.db"
    s = session_on(db)
    s.wait_for_draw = True
    first = s.start()
    s.drawn(first.view_id)
    s.clock.advance(3)
    for key in [s.next] * 10 + [s.not_interested] * 5:  # held: each card drawn, then left 33 ms later
        card = key()
        s.drawn(card.view_id)
        s.clock.advance(0.033)
    s.clock.advance(0.4)  # the key let go: the last card is taken in, and refused
    s.not_interested()
    assert s.profile.tally.views == 2  # the first card and the last: the flashes taught nothing
    with sqlite3.connect(db) as conn:
        refused = [v for (v,) in conn.execute("SELECT view_id FROM events WHERE action = 'not_interested'")]
    assert refused == [card.view_id]
    assert [row["id"] for row in s.store.history(30)] == [card.view_id, first.view_id]
    assert rebuild(s.store.events(), s.catalog).profile == s.profile


def drawn_first(db, seconds: float):
    """A session on `db` whose first card was drawn and has been on screen `seconds`."""
    s = session_on(db)
    s.wait_for_draw = True
    card = s.start()
    s.drawn(card.view_id)
    s.clock.advance(seconds)
    return s, card


def test_a_card_covered_at_once_by_another_screen_then_quit_on_is_not_a_view(tmp_path):
    """QA: tiktui started, `p` pressed at once, the profile read for a while, `q`: the card under the profile had been
    on screen 43-67 ms, yet it was a view of 0%, and every start taught "less" of its genre (cooking read "more than
    most viewers", then "about as much as most", then "less"). Hidden time is not looking; nor is quitting at a
    glance. A card paused at once, though, was taken in."""
    db = tmp_path / "t.db"
    s, _ = drawn_first(db, 0.05)
    s.hold("screen")  # the profile covers it
    s.clock.advance(30.0)
    s.close()
    assert s.profile.tally.views == 0 and s.store.history(10) == []
    assert rebuild(s.store.events(), s.catalog).profile == s.profile
    s.store.close()
    s, _ = drawn_first(db, 0.05)
    s.close()  # quit at a glance: no view either
    assert s.profile.tally.views == 0
    s.store.close()
    s, card = drawn_first(db, 0.05)
    s.toggle_pause()  # stopped to look at it
    s.clock.advance(5.0)
    s.close()
    assert [row["id"] for row in s.store.history(10)] == [card.view_id]  # a view, in History ...
    assert s.profile.tally.views == 0 and not s.profile.evidence  # ... that, quit on, taught nothing


def test_leaving_a_card_for_elsewhere_a_second_in_teaches_nothing_until_it_is_watched(tmp_path):
    """Quitting, or going to another feed, a second into a card is no verdict on it: its 3% was learned as a view
    far below the audience's, and three starts each quit on a cooking card took cooking from "more than most
    viewers" to "about as much as most" (QA; seen again in tmux). It is counted, and teaches nothing; come back
    to and watched, it is learned as a first view."""
    db = tmp_path / "t.db"
    s = session_on(db)
    card = s.start()
    s.clock.advance(1.0)
    s.close()
    assert len(s.store.history(10)) == 1 and not s.profile.evidence and s.profile.views_learned == 0
    assert rebuild(s.store.events(), s.catalog).profile == s.profile
    s.store.close()
    s = session_on(db)
    card = s.start()
    s.clock.advance(1.0)
    s.switch_feed("stem")  # away: no verdict either
    assert len(s.store.history(10)) == 2 and not s.profile.evidence
    s.switch_feed("foryou")  # back to it, watched to the end this time, and swiped on
    assert s.card().video.id == card.video.id
    s.clock.advance(card.video.duration_s)
    s.next()
    assert s.profile.tally.views == 1 and s.profile.views_learned == 1
    assert s.profile.offset("genre", card.video.genres[0]) != 0.0
    assert rebuild(s.store.events(), s.catalog).profile == s.profile


def test_a_video_seen_to_the_end_is_never_a_quick_skip_however_fast_it_played(tmp_path):
    """QA, `--speed 10`: 45 cards each watched to its end read "skipped 6" on the profile; the 6 were short videos
    (a 12.7 s one, 1.3 s on screen) seen whole in under QUICK_SKIP_SECONDS of screen time."""
    s = session_on(tmp_path / "t.db", speed=10.0)
    card = s.start()
    for _ in range(12):
        s.clock.advance(card.video.duration_s / 10 * 0.95)  # seen to the end (COMPLETE_RATIO), not looped
        card = s.next()
    assert s.profile.tally.views == 12 and s.profile.tally.completed == 12 and s.profile.tally.skipped == 0
    assert View("v", 12_700, 1_300, 12_700).quick_skip is False  # the QA's card
    assert View("v", 12_700, 1_300, 1_300).quick_skip is True  # 10% of it: a skip, fast or not


def test_a_card_flown_past_then_come_back_to_and_watched_is_learned_as_a_first_view(tmp_path):
    """Its first leave taught nothing (never drawn): the leave after the viewer came back is the view, learned whole,
    the same live and rebuilt from the log (it was an amend of a view never learned, and taught nothing)."""
    s = session_on(tmp_path / "t.db")
    s.wait_for_draw = True
    first = s.start()
    s.drawn(first.view_id)
    s.clock.advance(2)
    flown = s.next()  # never drawn: the viewer flew past it
    s.next()
    back = s.previous()
    assert back.view_id == flown.view_id
    s.drawn(back.view_id)
    s.toggle_like()
    s.clock.advance(flown.video.duration_s * 1.2)
    s.next()
    second = leaves(s.store.path, flown.view_id)[1]
    assert "before" not in second and "seen" not in second
    creator = s.profile.evidence.get(("creator", flown.video.creator))
    assert creator is not None and creator.mean > 0  # a liked, finished view of it, learned
    assert s.profile.tally.views == 2
    assert rebuild(s.store.events(), s.catalog).profile == s.profile


def test_a_card_left_paused_is_paused_when_come_back_to(tmp_path):
    """`k` returns to the view as it was left: paused, its time still stopped, until the viewer resumes it (a
    `resume` event). It used to play on, its dwell growing with no event to say why."""
    s = session_on(tmp_path / "t.db")
    card = s.start()
    s.clock.advance(2)
    s.toggle_pause()
    s.clock.advance(30)
    s.next()
    s.clock.advance(1)
    back = s.previous()
    assert back.view_id == card.view_id and back.paused
    s.clock.advance(30)
    s.next()
    first, second = leaves(s.store.path, card.view_id)
    assert second["dwell_ms"] == first["dwell_ms"] == 2000


def test_idle_loops_stop_counting_after_three(tmp_path):
    s = session_on(tmp_path / "t.db")
    card = s.start()
    s.clock.advance(card.video.duration_s * 10)  # nobody touches anything
    idle = s.card()
    # Stopped as its fourth pass begins: three passes played, two of them after the first (a start not yet played
    # on is no re-watch: REWATCH_GRACE_S).
    assert idle.idle and idle.loops == IDLE_LOOPS - 1
    s.wake()
    s.clock.advance(card.video.duration_s / 2)
    assert not s.card().idle and s.card().loops == IDLE_LOOPS
    s.next()
    (leave,) = leaves(s.store.path, card.view_id)
    assert leave["loops"] == IDLE_LOOPS and leave["dwell_ms"] == round(card.video.duration_s * 3.5 * 1000)


def test_hidden_time_is_not_watching(tmp_path):
    s = session_on(tmp_path / "t.db")
    card = s.start()
    for reason in ("screen", "small", "blur"):
        s.clock.advance(1)
        s.hold(reason)
        s.clock.advance(500)
        s.release(reason)
    s.clock.advance(1)
    s.next()
    (leave,) = leaves(s.store.path, card.view_id)
    assert leave["dwell_ms"] == 4000 and leave["loops"] == 0


LOVED = ("cooking", "pets")


def top(profile, n=3):
    return [g for g, _ in profile.scores("genre")[:n]]


@pytest.mark.parametrize("seed", range(8))
def test_one_not_interested_after_forty_loved_views_keeps_the_genre_in_the_top_three(tmp_path, seed):
    """A cooking-and-pets fan; after 40 loved cooking videos, one "not interested" on one of them."""
    s = session_on(tmp_path / "t.db", seed=seed)
    card = s.start()
    while (
        s.profile.by_genre.get("cooking") is None
        or s.profile.by_genre["cooking"].liked < 40
        or card.video.genre != "cooking"
    ):
        if card.video.genre in LOVED:
            s.clock.advance(card.video.duration_s)
            s.toggle_like()
        else:
            s.clock.advance(1.0)
        card = s.next()
    assert "cooking" in top(s.profile, 2), s.profile.scores("genre")[:4]
    creator_before = s.profile.offset("creator", card.video.creator)
    s.clock.advance(2.0)
    s.not_interested()
    scores = dict(s.profile.scores("genre"))
    assert "cooking" in top(s.profile), s.profile.scores("genre")[:4]
    assert scores["cooking"] > max(v for g, v in scores.items() if g not in LOVED), "above what the viewer skips"
    assert s.profile.offset("creator", card.video.creator) < min(creator_before, 0)


def said_and_plain(tmp_path, swipes: int, back: bool = False):
    """Two sessions on the same seed, the same swipes (and `k` back a card): the first then says "not interested" on
    the card on screen, the second swipes past it. The first's view id is returned with them."""
    said = session_on(tmp_path / "a.db", seed=1)
    plain = session_on(tmp_path / "b.db", seed=1)
    for s in (said, plain):
        s.start()
        for _ in range(swipes):
            s.clock.advance(3.0)
            s.next()
        s.clock.advance(2.0)
        if back:
            s.previous()
            s.clock.advance(2.0)
    view_id = said.current.view_id
    said.not_interested()
    plain.next()
    assert said.profile != plain.profile
    return said, plain, view_id


def test_not_interested_can_be_undone_exactly(tmp_path):
    said, plain, view_id = said_and_plain(tmp_path, 15)
    assert said.undo_not_interested(view_id)
    assert said.profile == plain.profile
    (row,) = [r for r in said.store.history(5) if r["id"] == view_id]
    assert not row["not_interested"], "History and the export no longer say the card was refused"
    said.clock.advance(1)
    said.next()
    assert not said.undo_not_interested(view_id), "too late once newer cards are learned"
    assert rebuild(said.store.events(), said.catalog).profile == said.profile


def test_repeated_not_interested_keeps_a_genre_out_of_exploration_until_the_viewer_engages(tmp_path):
    # Half the catalog is g0, so the viewer meets it often enough to refuse it three times in a row.
    videos = [
        make_video(i, genres=("g0" if i % 2 else f"g{1 + i % 5}",), creator=f"c{i}", sound=f"s{i}") for i in range(600)
    ]
    store = Store.open(tmp_path / "t.db")
    store.add_videos(videos)
    clock = FakeClock()
    s = FeedSession(store, Catalog(tuple(videos)), clock, random.Random(0))
    card = s.start()
    for _ in range(300):
        clock.advance(5.0)
        if "g0" in s.profile.blocked:
            break
        card = s.not_interested() if card.video.genre == "g0" else s.next()
    assert "g0" in s.profile.blocked and s.profile.tally.not_interested >= 3
    shown = []
    for _ in range(200):
        clock.advance(5.0)
        shown.append((card.video.genre, card.source))
        card = s.next()
    assert ("g0", "explore") not in shown and ("g0", "cold") not in shown
    # Engaging with it again lifts the block.
    g0 = next(v for v in videos if v.genre == "g0" and v.id not in s.policy.shown)
    s.profile.learn_one(g0, View(g0.id, 30_000, 30_000, 30_000, liked=True))
    assert "g0" not in s.profile.blocked


def test_a_failed_swipe_changes_nothing_and_a_retry_succeeds(tmp_path):
    s = session_on(tmp_path / "t.db", seed=5)
    twin = session_on(tmp_path / "twin.db", seed=5)
    for session in (s, twin):
        session.start()
        for _ in range(12):
            session.clock.advance(4.0)
            session.next()
        session.clock.advance(4.0)
    before = s.profile.dump()
    history = [(h.view_id, h.learned) for h in s.history]
    conn = s.store.db.conn
    conn.execute("VACUUM")  # no free pages left inside the file (the search index's merges leave a few dozen)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for _ in range(50):  # fills the last free pages, then fails
            s.next()
            twin.next()
            before, history = s.profile.dump(), [(h.view_id, h.learned) for h in s.history]
    assert s.profile.dump() == before and [(h.view_id, h.learned) for h in s.history] == history
    assert not conn.in_transaction
    conn.execute("PRAGMA max_page_count = 1073741823")  # space again: the same swipe goes through
    assert s.next().video.id == twin.next().video.id, "the failed pick left the policy as it was"
    assert s.profile == twin.profile
    with sqlite3.connect(s.store.path) as other:
        per_view = other.execute(
            "SELECT view_id, COUNT(*) FROM events WHERE action = 'leave' GROUP BY view_id HAVING COUNT(*) > 1"
        ).fetchall()
    assert per_view == [], "no view was left twice"


def test_mutes_and_follows_from_two_tiktuis_on_one_file_merge(tmp_path):
    db = tmp_path / "t.db"
    a, b = session_on(db, seed=1), session_on(db, seed=2)
    a.start()
    b.start()
    a.mute("genre", "dance")
    b.mute("genre", "gaming")
    a.toggle_follow()
    b.toggle_follow()
    a.close()
    b.close()
    later = session_on(db, seed=3)
    assert {("genre", "dance"), ("genre", "gaming")} <= later.state.muted
    assert {a.history[0].rec.video.creator, b.history[0].rec.video.creator} <= later.profile.following


def test_start_up_reads_the_snapshot_and_replays_only_what_came_after(tmp_path, monkeypatch):
    db = tmp_path / "t.db"
    s = session_on(db)
    s.start()
    for _ in range(30):
        s.clock.advance(3)
        s.toggle_like()
        s.next()
    s.close()
    total = s.store.last_event_id()
    assert s.store.load_snapshot(SNAPSHOT_FORMAT)[0] == total, "quitting keeps a snapshot"
    read = []
    real = Store.events

    def counting(self, after=0):
        for e in real(self, after):
            read.append(e["id"])
            yield e

    monkeypatch.setattr(Store, "events", counting)
    again = session_on(db)
    assert read == [] and again.profile == s.profile
    again.start()
    again.clock.advance(2)
    again.next()
    monkeypatch.setattr(Store, "events", real)
    assert load_state(again.store, again.catalog).profile == again.profile


@pytest.mark.parametrize("case", ["muted", "stem", "restricted"])
def test_nothing_to_show_is_a_message_not_a_crash(tmp_path, case):
    videos = [make_video(i, genres=(f"g{i % 3}",), mature=case == "restricted") for i in range(20)]
    store = Store.open(tmp_path / "t.db")
    store.add_videos(videos)
    options = {"feed": "stem"} if case == "stem" else {"restricted": case == "restricted"}
    s = FeedSession(store, Catalog(tuple(videos)), FakeClock(), random.Random(0), **options)
    if case == "muted":
        s.start()
        for g in ("g0", "g1", "g2"):
            s.mute("genre", g)
        s.clock.advance(3)
        assert s.next() is None
        assert "unmute" in s.empty
        s.mute("genre", "g1", False)
        assert s.start().video.genre == "g1"
    else:
        assert s.start() is None
        assert ("--feed stem" if case == "stem" else "Turn it off in settings") in s.empty
        assert s.next() is None and s.previous() is None


def test_rebuild_ignores_what_was_never_learned(tmp_path):
    """A view left open by a killed process teaches nothing until it is left."""
    s = session_on(tmp_path / "t.db")
    card = s.start()
    s.clock.advance(30)
    s.toggle_like()
    assert rebuild(s.store.events(), s.catalog).profile.tally.views == 0
    s.next()
    rebuilt = rebuild(s.store.events(), s.catalog).profile
    assert rebuilt.tally.liked == 1 and rebuilt == s.profile
    assert replace(card).view_id == card.view_id


def test_a_restart_before_the_end_is_not_a_re_watch(tmp_path):
    """The replay key a second into a video starts it again; it is not a finished, re-watched view (that earned
    more than watching it through once). Pressed once the video was seen through, it is a re-watch."""
    db = tmp_path / "t.db"
    s = session_on(db)
    card = s.start()
    s.clock.advance(0.6)
    s.replay()
    s.clock.advance(1.0)
    seen_through = s.next()
    s.clock.advance(seen_through.video.duration_s * 0.95)
    s.replay()
    for _ in range(4):  # pressed again and again: restarts of a pass not seen yet
        s.clock.advance(0.3)
        s.replay()
    s.clock.advance(1.0)
    s.next()
    assert leaves(db, card.view_id)[0]["loops"] == 0
    assert leaves(db, seen_through.view_id)[0]["loops"] == 1
    with sqlite3.connect(db) as conn:
        ratio = conn.execute("SELECT watch_ratio FROM views WHERE id = ?", [card.view_id]).fetchone()[0]
    assert ratio < 1.7 / card.video.duration_s, "a glance and a restart is not a video watched to the end"


def test_the_replay_key_right_after_a_loop_is_not_a_second_re_watch(tmp_path):
    """Watched through, looped on its own into a second pass, and `r` a moment later: the loop counted once, and the
    key, restarting a pass not seen yet, a second time (loops 2, 15 points of re-watch for one)."""
    db = tmp_path / "t.db"
    s = session_on(db)
    card = s.start()
    s.clock.advance(card.video.duration_s + 0.2)
    s.replay()
    s.clock.advance(1.0)
    s.next()
    assert leaves(db, card.view_id)[0]["loops"] == 1


def test_the_log_s_times_follow_its_order_when_a_feed_or_list_is_switched(tmp_path):
    """A switch's `list`/`feed` event was stamped before the leave written ahead of it (ids 102, 103 with times
    .299, .298)."""
    db = tmp_path / "t.db"
    clock = FakeClock()
    s = session_on(db, clock)
    card = s.start()
    clock.advance(card.video.duration_s / 2)
    real_utc = clock.utc
    ticks = iter(range(1000))
    clock.utc = lambda: real_utc() + timedelta(milliseconds=next(ticks))  # type: ignore[method-assign]
    s.switch_feed("following")
    s.switch_feed("foryou")
    with sqlite3.connect(db) as conn:
        stamps = [ts for (ts,) in conn.execute("SELECT ts FROM events ORDER BY id")]
    assert stamps == sorted(stamps)


def test_not_interested_can_be_undone_after_going_back_to_it_a_moment_later(tmp_path):
    """QA: `n`, then `k` 0.6 s later (back on the refused card, its toast still up), then `u`: "Too late to undo: the
    feed has learned from newer cards", and the refusal stuck. The card left backwards a moment in taught nothing."""
    said, plain, view_id = said_and_plain(tmp_path, 6)
    said.clock.advance(0.6)
    assert said.previous().view_id == view_id
    said.clock.advance(0.6)
    assert said.undo_not_interested(view_id)
    assert said.profile == plain.profile
    assert rebuild(said.store.events(), said.catalog).profile == said.profile


def test_not_interested_on_a_card_gone_back_to_can_be_undone_exactly(tmp_path):
    # `k` back to a card, then `n`: its leave corrects what the card taught (an amend), and `u` takes that back as
    # exactly as it does a first view's (it said "too late" though nothing newer was learned).
    said, plain, view_id = said_and_plain(tmp_path, 8, back=True)
    assert said.can_undo(view_id)
    assert said.undo_not_interested(view_id)
    assert said.profile == plain.profile
    assert rebuild(said.store.events(), said.catalog).profile == said.profile
    said.clock.advance(1)
    said.next()  # the card after it was left backwards at first: a second more of it still teaches nothing ...
    assert said.can_undo(view_id)
    said.clock.advance(said.current.rec.video.duration_s)
    said.next()  # ... watched to the end, it does
    assert not said.undo_not_interested(view_id), "too late once newer cards are learned"
    assert rebuild(said.store.events(), said.catalog).profile == said.profile


def test_a_finish_then_a_swipe_is_a_completion_not_a_re_watch(tmp_path):
    """Watched to the end and swiped half a second after it started again: a finish. Every finish in the app was
    recorded as a re-watch (the reaction to the end fell in the next pass), and the card said "because you
    re-watched 38 cooking videos" of a viewer who had watched each once."""
    s = session_on(tmp_path / "t.db")
    card = s.start()
    s.clock.advance(card.video.duration_s + 0.5)
    s.next()
    (leave,) = leaves(s.store.path, card.view_id)
    assert leave["loops"] == 0 and leave["watched_ms"] == round(card.video.duration_s * 1000)
    again = s.card()
    s.clock.advance(again.video.duration_s + 2.5)  # the second pass watched on, for seconds: a re-watch
    s.next()
    (leave,) = leaves(s.store.path, again.view_id)
    assert leave["loops"] == 1
    assert s.profile.by_genre[again.video.genres[0]].rewatched == 1
    assert s.profile.by_genre[card.video.genres[0]].completed >= 1


def test_a_key_just_after_a_loop_still_leaves_three_passes_before_still_watching(tmp_path):
    """Idle time counts passes from the last key: a key pressed half a second after the video started again (a
    start not yet a loop on record) left the card asking "still watching?" after two more passes, not three."""
    s = session_on(tmp_path / "t.db")
    card = s.start()
    d = card.video.duration_s
    s.clock.advance(d + 0.5)
    s.wake()
    s.clock.advance(2.9 * d)  # not yet three passes since the key
    assert not s.card().idle
    s.clock.advance(0.2 * d)
    assert s.card().idle


def test_controls_set_in_another_tiktui_on_the_file_hold_at_the_next_swipe(tmp_path):
    """Restricted mode turned on in a second terminal left the first showing mature videos (3 in 60 swipes), and a
    keyword filter set there did not hide its word, until a restart. The next swipe now takes them in, as a replay of
    the log makes them."""
    db = tmp_path / "t.db"
    videos = [
        make_video(i, creator=f"c{i % 7}", title=f"video {i}" + " spoiler" * (i % 4 == 1), mature=i % 3 == 0)
        for i in range(60)
    ]
    a, b = two_tiktuis(db, videos)
    b.set_restricted(True)
    b.add_keyword("spoiler")
    b.toggle_follow()
    for _ in range(25):
        a.clock.advance(3)
        card = a.next()
        assert card is not None and not card.video.mature and "spoiler" not in card.video.title
    assert a.restricted and a.profile.following == b.profile.following
    replayed = rebuild(a.store.events(), a.catalog)
    assert (replayed.muted, replayed.settings, replayed.topics) == (a.state.muted, a.state.settings, a.state.topics)
    assert replayed.profile.following == a.profile.following


def test_going_back_after_another_tiktui_turned_restricted_mode_on_shows_no_mature_card(tmp_path):
    """The swipe that took in restricted mode from a second terminal left the way back as it was: `k` showed the
    mature cards walked before, as a restricted mode turned on here would not (`_drop_hidden`)."""
    db = tmp_path / "t.db"
    a, b = two_tiktuis(db, [make_video(i, creator=f"c{i}", mature=i % 2 == 0) for i in range(40)])
    for _ in range(8):
        a.clock.advance(3)
        a.next()
    while a.card().video.mature:  # the card left at the next swipe is one restricted mode keeps
        a.clock.advance(3)
        a.next()
    assert any(s.rec.video.mature for s in a.history), "the walk must hold a mature card for this test to tell"
    b.set_restricted(True)
    a.clock.advance(3)
    a.next()  # takes restricted mode in
    shown = []
    while a.can_go_back():
        a.clock.advance(3)
        shown.append(a.previous().video.mature)
    assert shown and not any(shown)


def test_a_swipe_whose_write_failed_on_a_flashed_card_leaves_it_a_view_when_watched(tmp_path):
    """A swipe within GLANCE_S marked the card not drawn before the write; the write failed (a lock), the card stayed
    on screen, and the 20 s the viewer then watched it were recorded as never seen."""
    db = tmp_path / "t.db"
    s = session_on(db)
    s.wait_for_draw = True
    s.drawn(s.start().view_id)
    s.clock.advance(3)
    card = s.next()
    s.drawn(card.view_id)
    written = s.store.record

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    s.store.record = locked
    with pytest.raises(sqlite3.OperationalError):
        s.next()
    s.store.record = written
    assert s.card().view_id == card.view_id
    s.clock.advance(20)
    s.next()
    (left,) = leaves(db, card.view_id)
    assert left.get("seen", True) and left["dwell_ms"] >= 20_000


def test_a_card_flashed_past_then_come_back_to_is_a_view_without_a_front_end_that_reports_drawing(tmp_path):
    """A session that is not told when cards are drawn (the sim, a script) counts each card shown as drawn; one left
    within GLANCE_S lost that, and coming back to it and watching it to the end taught nothing."""
    s = session_on(tmp_path / "t.db")
    s.start()
    s.clock.advance(3)
    flashed = s.next()
    s.clock.advance(0.05)
    s.next()
    s.clock.advance(1)
    s.previous()
    assert s.card().view_id == flashed.view_id
    s.clock.advance(flashed.video.duration_s)
    s.next()
    assert leaves(s.store.path, flashed.view_id)[-1].get("seen", True)
    assert s.profile.tally.views == 2  # and the first; the card left backwards a second in taught nothing


def test_cards_flashed_past_by_a_held_k_or_tab_are_not_rows_of_the_history(tmp_path):
    """A held j stopped making History rows of the cards it flew past; a held k in a list (each earlier video of it)
    and a held tab (a feed's first card) still made a row of each card it flashed: navigation was left out of the
    glance rule. A card left within GLANCE_S, however it is left, is not a view."""
    db = tmp_path / "t.db"
    s = session_on(db)
    s.wait_for_draw = True
    s.drawn(s.start().view_id)
    s.clock.advance(3)
    ids = [vid for (vid,) in s.store.conn.execute("SELECT id FROM videos ORDER BY rowid LIMIT 8")]
    keys = [lambda: s.switch_feed("stem"), lambda: s.switch_feed("foryou")]
    keys += [lambda: s.open_list("creator", ids, start=7)] + [s.previous] * 4
    for key in keys:
        card = key()
        s.drawn(card.view_id)
        s.clock.advance(0.033)
    s.clock.advance(3)  # the key let go: the card it stopped on is taken in
    s.next()
    assert len(s.store.history(50)) == 2  # the feed's first card, and the one the keys stopped on


def test_a_list_played_on_or_back_shows_nothing_a_rule_made_meanwhile_hides(tmp_path):
    """Playing a page or a search, a mute made there ("its videos will not appear again") or restricted mode turned on
    in another tiktui still showed the hidden videos: going back to them, and playing on to new ones. A list's track
    was left out of the cards a new rule takes away."""
    db = tmp_path / "t.db"
    videos = [make_video(i, creator=f"c{i}", genres=(("pets", "art")[i % 2],), mature=i % 5 == 0) for i in range(40)]
    a, b = two_tiktuis(db, videos)
    a.open_list("search:x", [v.id for v in videos[:20]], start=1)
    for _ in range(5):
        a.clock.advance(3)
        a.next()
    a.mute("genre", "pets")  # here, on card 7 of the list
    b.set_restricted(True)  # and in another tiktui
    shown, places = [], []
    while a.can_go_back():
        a.clock.advance(3)
        shown.append(a.previous().video)
        places.append(a.list_place())
    for _ in range(12):
        a.clock.advance(3)
        card = a.next()
        if card is None:
            break
        shown.append(card.video)
        places.append(a.list_place())
    assert shown and not [v.id for v in shown if v.genre == "pets" or v.mature]
    assert all(1 <= at <= n for at, n in places) and places[-1][0] == places[-1][1], places


def test_not_interested_said_on_a_card_gone_back_to_counts_toward_keeping_its_genre_out(tmp_path):
    """Three "not interested" on one genre block it, one of them said after `k` back to its card (QA: that one moved
    the genre's mean and was never counted, so two refusals stood and the genre came back three times in twenty
    cards). Saying it again on the way back counts once; the rebuilt profile is the live one."""
    videos = [make_video(i, genres=("g0" if i % 2 else f"g{1 + i % 5}",), creator=f"c{i}") for i in range(400)]
    store = Store.open(tmp_path / "t.db")
    store.add_videos(videos)
    s = FeedSession(store, Catalog(tuple(videos)), FakeClock(), random.Random(0))
    card, refused, back = s.start(), 0, False
    for _ in range(300):
        s.clock.advance(3.0)
        if card.video.genre != "g0":
            card = s.next()
            continue
        if refused == 1 and not back:  # the second refusal: swiped past, then said on the way back
            s.next()
            s.clock.advance(2.0)
            card, back = s.previous(), True
            continue
        card, refused = s.not_interested(), refused + 1
        if refused == 3:
            break
    assert back and refused == 3
    assert len(s.profile.refusals["g0"]) == 3 and "g0" in s.profile.blocked
    assert rebuild(s.store.events(), s.catalog).profile == s.profile
