"""The snapshot keeps the profile's big tables packed (`recommender/packed.py`): read back, the profile scores,
explains and learns on exactly as the one that was saved, and a damaged snapshot only costs a replay."""

from __future__ import annotations

import copy
import json
import random
from dataclasses import replace

import pytest

from benchmarks.synthetic import videos
from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.packed import (
    PackedEvidence,
    PackedRelated,
    pack_evidence,
    pack_related,
    unpack_evidence,
    unpack_related,
)
from recommender.profile import FORGET_AFTER, Evidence, TasteProfile
from recommender.replay import SNAPSHOT_FORMAT, ViewerState, rebuild
from recommender.signals import View
from recommender.store import Store

CATALOG = list(videos(4 * FORGET_AFTER, seed=5))
KINDS = ("genre", "creator", "hashtag", "sound")
BY_ID = {v.id: v for v in CATALOG}


def view_of(video, rng: random.Random) -> View:
    ms = int(video.duration_s * 1000)
    dwell = rng.choice((300, ms // 2, ms, 2 * ms))
    return View(
        video.id,
        ms,
        dwell,
        min(dwell, ms),
        loops=dwell // ms,
        liked=rng.random() < 0.3,
        not_interested=rng.random() < 0.05,
    )


def learn(state: ViewerState, start: int, n: int, seed: int) -> None:
    """`n` views from `start`, some of them "not interested" taken back at once (a checkpoint restored)."""
    rng = random.Random(seed)
    for i in range(start, start + n):
        video = CATALOG[i % len(CATALOG)]
        view = view_of(video, rng)
        checkpoint = state.checkpoint(video)
        for profile in state.profiles:
            profile.learn_one(video, view)
        if view.not_interested and rng.random() < 0.5:  # undone: as `ViewerState._undo` does
            state.restore(checkpoint)
            for profile in state.profiles:
                profile.learn_one(video, replace(view, not_interested=False))


def every_reading(p: TasteProfile) -> tuple:
    """What the feed and the profile screen read of a profile."""
    related = sorted({vid for v in CATALOG[:500] for vid in v.related})
    scorer = p.scorer()
    return (
        [p.scores(kind) for kind in KINDS],
        [p.related_offset(vid) for vid in related],
        [scorer(v) for v in CATALOG[:500]],
        p.personal_scores(CATALOG[:500]),
        [p.top(kind, 20) for kind in ("creator", "hashtag", "sound")],
        p.loved(30),
    )


def test_a_profile_read_from_its_snapshot_reads_and_learns_on_as_the_saved_one():
    live = ViewerState()
    learn(live, 0, FORGET_AFTER + 300, seed=1)  # past one forgetting: some evidence has gone
    started = ViewerState.load(live.dump(), 0)
    assert isinstance(started.profile.evidence, PackedEvidence)
    assert isinstance(started.profile.related, PackedRelated)
    assert started.profile == live.profile and every_reading(started.profile) == every_reading(live.profile)
    # Both learn the same views, through the next forgetting, with undos on the way.
    for state in (live, started):
        learn(state, FORGET_AFTER + 300, FORGET_AFTER, seed=2)
    assert started.profile == live.profile and every_reading(started.profile) == every_reading(live.profile)
    assert started.dump() == live.dump()


def test_a_refreshed_profile_and_the_one_kept_for_its_undo_both_come_back():
    state = ViewerState()
    learn(state, 0, 400, seed=3)
    state.apply({"id": 9, "action": "refresh", "detail": json.dumps({"last_view": 400})}, BY_ID)  # type: ignore[arg-type]
    learn(state, 400, 200, seed=4)
    started = ViewerState.load(state.dump(), 9)
    assert started.profile == state.profile and started.before_refresh == state.before_refresh
    assert started.before_refresh is not None and every_reading(started.before_refresh) == every_reading(
        state.before_refresh
    )


def evidence_table(rng: random.Random):
    """A dict of evidence, the same packed as a snapshot keeps it, a random key and a new value."""
    plain = {
        (rng.choice(KINDS), f"v{rng.randrange(400)}"): Evidence(
            rng.random(), rng.uniform(-1, 1), rng.randrange(999), rng.uniform(-1, 1), rng.random(), rng.random()
        )
        for _ in range(300)
    }
    rows = [[k, v, ev.n, ev.mean, ev.at, ev.level, ev.square, ev.seen] for (k, v), ev in plain.items()]
    return (
        plain,
        lambda: unpack_evidence(json.loads(json.dumps(pack_evidence(rows)))),
        lambda: (rng.choice(KINDS), f"v{rng.randrange(450)}"),
        lambda: Evidence(rng.random(), 0.5, 7),
    )


def related_table(rng: random.Random):
    """The same for related videos."""
    plain = {
        f"s{rng.randrange(400)}": [rng.uniform(-1, 1), 1.0, rng.randrange(1, 4), rng.randrange(999)] for _ in range(300)
    }
    return (
        plain,
        lambda: unpack_related(json.loads(json.dumps(pack_related(plain)))),
        lambda: f"s{rng.randrange(450)}",
        lambda: [0.5, 2.0, 2, 7],
    )


@pytest.mark.parametrize("table", [evidence_table, related_table])
@pytest.mark.parametrize("seed", range(4))
def test_the_packed_tables_behave_as_the_dicts_they_replace(seed, table):
    """Reads, writes, deletions, length and iteration as a dict loaded from the same rows and changed alike."""
    rng = random.Random(seed)
    plain, read_back, some_key, new_value = table(rng)
    packed = read_back()
    assert [key for key, _ in packed.items()] == sorted(plain) and dict(packed.items()) == plain
    packed = read_back()
    plain = copy.deepcopy(plain)
    for _ in range(600):
        key = some_key()
        op = rng.choice(("get", "set", "del", "in", "bump"))
        if op == "get":
            assert packed.get(key) == plain.get(key)
        elif op == "set":
            packed[key] = new_value()
            plain[key] = copy.deepcopy(packed[key])
        elif op == "del":
            assert (key in packed) == (key in plain)
            if key in plain:
                del packed[key], plain[key]
        elif op == "in":
            assert (key in packed) == (key in plain)
        elif (value := packed.get(key)) is not None:  # a value read is the one kept: changing it changes the table
            for v in (value, plain[key]):
                if isinstance(v, Evidence):
                    v.n += 1.0
                else:
                    v[0] += 1.0
        assert len(packed) == len(plain)
    assert sorted(packed) == sorted(plain) and dict(packed.items()) == plain
    assert sorted(key for key, _ in packed.items()) == sorted(plain)  # each key once, read or not


def open_session(db, seed: int = 0) -> FeedSession:
    store = Store.open(db)
    return FeedSession(store, stored_catalog(store, FakeClock()), FakeClock(), random.Random(seed))


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p["evidence"].update(n=p["evidence"]["n"][:-4]),  # a column cut short
        lambda p: p["evidence"]["values"].reverse(),  # keys out of order: a lookup would miss them
        lambda p: p["related"].update(count=p["related"]["total"]),  # a column of another width
        lambda p: p["related"].update(at="not base64!"),
        lambda p: p.update(evidence=[["genre", "comedy", 1.0, 0.5, 3]]),  # the old, unpacked layout
    ],
)
def test_a_damaged_snapshot_is_only_a_lost_shortcut(tmp_path, damage):
    db = tmp_path / "t.db"
    s = open_session(db)
    s.start()
    for _ in range(40):
        s.clock.advance(4)
        s.next()
    s.close()
    last, text = s.store.load_snapshot(SNAPSHOT_FORMAT)
    state = json.loads(text)
    damage(state["profile"])
    s.store.save_snapshot(last, SNAPSHOT_FORMAT, json.dumps(state))
    started = load_state(s.store, s.catalog)
    assert started.profile == rebuild(s.store.events(), s.catalog).profile
    assert started.profile.views_learned >= 40


def test_a_profile_read_from_its_snapshot_forgets_without_building_the_rows_it_drops():
    live = ViewerState()
    learn(live, 0, FORGET_AFTER + 300, seed=1)
    started = ViewerState.load(live.dump(), 0)
    evidence, related = started.profile.evidence, started.profile.related
    assert isinstance(evidence, PackedEvidence) and isinstance(related, PackedRelated)
    for state in (live, started):  # up to the view before the next forgetting, then through it
        learn(state, FORGET_AFTER + 300, FORGET_AFTER - 300, seed=2)
    built = len(evidence._live) + len(related._live)
    for state in (live, started):
        learn(state, 2 * FORGET_AFTER, 1, seed=3)
    # The forgetting ran inside that one view (a swipe in the app): it built no row, it dropped them.
    assert started.profile.evidence is evidence and started.profile.related is related
    video = CATALOG[2 * FORGET_AFTER]
    touched = len(video.genres) + len(video.hashtags) + 3 + len(video.related)  # + creator, sound, length
    assert len(evidence._live) + len(related._live) <= built + touched
    assert started.profile == live.profile and every_reading(started.profile) == every_reading(live.profile)
