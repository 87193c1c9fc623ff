"""The events log is the truth: the live state equals the one rebuilt from it, whatever the viewer did."""

from __future__ import annotations

import random

import pytest

from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.replay import rebuild
from recommender.store import Store

SESSIONS = 40
ACTIONS = 120
KINDS = ("genre", "creator", "hashtag", "sound")


def open_session(db, clock, seed):
    store = Store.open(db)
    return FeedSession(store, stored_catalog(store, clock), clock, random.Random(seed))


def act(session: FeedSession, clock: FakeClock, rng: random.Random) -> str:
    """One random thing a viewer does; returns its name."""
    card = session.card()
    if card is None and session.list_source is not None:  # the end of a list: back to the feed
        session.close_list()
        return "close_list"
    if card is None and session.feed == "following":  # nothing new from the creators followed
        session.switch_feed(rng.choice(("foryou", "stem")))
        return "feed"
    if card is None:  # muted into a corner: the viewer unmutes something
        kind, value = sorted(session.state.muted)[0]
        session.mute(kind, value, False)
        session.start()
        return "unmute"
    clock.advance(rng.choice((0.3, 1.5, 4.0, card.video.duration_s * rng.uniform(0.5, 3.5))))
    choice = rng.choices(
        [
            "next",
            "back",
            "like",
            "follow",
            "share",
            "comment",
            "replay",
            "pause",
            "nope",
            "undo",
            "hide",
            "mute",
            "unmute",
            "save",
            "feed",
            "page",
            "close_list",
            "refresh",
            "undo refresh",
            "topic",
            "keyword",
        ],
        weights=[30, 8, 8, 3, 3, 2, 3, 3, 4, 3, 3, 1, 1, 4, 2, 3, 2, 1, 1, 1, 1],
    )[0]
    if choice == "next":
        session.next()
    elif choice == "back":
        session.previous()
    elif choice == "like":
        session.toggle_like()
    elif choice == "follow":
        session.toggle_follow()
    elif choice == "share":
        session.share()
    elif choice == "comment":
        session.comment("nice one")
    elif choice == "replay":
        session.replay()
    elif choice == "pause":
        session.toggle_pause()
    elif choice == "nope":
        session.not_interested()
    elif choice == "undo":
        undoable = [s.view_id for s in session.history if session.can_undo(s.view_id)]
        if undoable:
            session.undo_not_interested(undoable[-1])
    elif choice == "hide":
        reason = rng.choice(("screen", "small", "blur"))
        session.hold(reason)
        clock.advance(rng.uniform(1, 200))
        session.release(reason)
    elif choice == "mute":
        video = card.video
        kind = rng.choice(KINDS)
        value = {
            "genre": video.genre,
            "creator": video.creator,
            "sound": video.sound,
            "hashtag": video.hashtags[0] if video.hashtags else video.genre,
        }[kind]
        session.mute(kind, value)
    elif choice == "save":
        session.toggle_save()
    elif choice == "feed":
        session.switch_feed(rng.choice(("foryou", "following", "stem")))
    elif choice == "page":  # a creator's, hashtag's or sound's page, or Saved, played from some video of it
        video = card.video
        kind = rng.choice(("creator", "hashtag", "sound", "saved"))
        if kind == "saved":
            ids = [v.id for v in session.saved_videos()]
        else:
            value = {"creator": video.creator, "sound": video.sound, "hashtag": (video.hashtags or ("",))[0]}[kind]
            ids = [v.id for v in session.page(kind, value)]
        if ids:
            session.open_list(f"page:{kind}:x" if kind != "saved" else "saved", ids, rng.randrange(len(ids)))
    elif choice == "close_list":
        session.close_list()
    elif choice == "refresh":
        session.refresh()
    elif choice == "undo refresh":
        session.undo_refresh()
    elif choice == "topic":
        session.set_topic(card.video.genre, rng.choice(("more", "normal", "less")))
    elif choice == "keyword":
        try:  # the card's last title word: the feed hides its like from now on
            session.add_keyword(card.video.title.split()[-1])
        except ValueError:  # already filtered, or no word in it
            pass
    elif choice == "unmute" and session.state.muted:
        kind, value = sorted(session.state.muted)[0]
        session.mute(kind, value, False)
    return choice


@pytest.mark.parametrize("seed", range(SESSIONS))
def test_live_state_equals_the_state_rebuilt_from_the_log(tmp_path, seed):
    """Like/unlike, follow/unfollow, share, comment, replay, not interested and its undo, going back, pauses,
    hidden time, mutes and restarts: after all of it the live profile is the replayed one, exactly."""
    db = tmp_path / "tiktui.db"
    clock = FakeClock()
    rng = random.Random(seed)
    session = open_session(db, clock, seed)
    session.start()
    done = set()
    for i in range(ACTIONS):
        if rng.random() < 0.02:  # quit and start again on the same file
            session.close()
            session.store.close()
            session = open_session(db, clock, seed * 1000 + i)
            session.start()
            done.add("restart")
        done.add(act(session, clock, rng))
    live = session.state
    catalog = session.catalog
    replayed = rebuild(session.store.events(), catalog)
    assert replayed.profile == live.profile
    assert replayed.muted == live.muted
    assert replayed.saved == live.saved
    assert replayed.topics == live.topics and replayed.before_refresh == live.before_refresh
    session.close()
    # And start-up (the snapshot, then the events after it) gives the same again.
    started = load_state(session.store, catalog)
    assert started.profile == live.profile and started.muted == live.muted and started.saved == live.saved
    assert started.before_refresh == live.before_refresh and started.refreshed == live.refreshed
    assert started.profile == rebuild(session.store.events(), catalog).profile
    assert len(done) >= 8, done
