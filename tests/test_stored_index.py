"""The catalog read from SQLite as picks need it behaves exactly like the catalog held in memory.

The simulations and the lab measure the recommender over a catalog in
memory; the app picks from the data file. These tests hold the two to the
same lists and the same picks, so the figures measure what the app does.
"""

from __future__ import annotations

import json
import random

from recommender.clock import FakeClock
from recommender.feed import stored_catalog
from recommender.index import CatalogIndex, Cursor
from recommender.policy import Policy, Rules
from recommender.profile import LENGTH_NAMES, TasteProfile, length
from recommender.signals import View
from recommender.store import Store


def _stored(tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    return store, stored_catalog(store, FakeClock())


def test_every_list_reads_back_in_the_same_order_as_in_memory(tmp_path):
    store, stored = _stored(tmp_path)
    memory = CatalogIndex(store.catalog())
    videos = store.catalog().videos
    keys = [("all", ""), ("fresh", ""), ("poor", "")]
    keys += [("genre", g) for g in memory.genres[:4]]
    keys += [("creator", videos[i].creator) for i in (0, 17, 400)]
    keys += [("sound", videos[i].sound) for i in (3, 99)]
    keys += [("hashtag", videos[i].hashtags[0]) for i in (5, 250) if videos[i].hashtags]
    keys += [("length", name) for name in LENGTH_NAMES]
    never = lambda vid: False  # noqa: E731
    for key in keys:
        from_file = [v.id for v in Cursor(stored).walk(key, never)]
        in_memory = [v.id for v in Cursor(memory).walk(key, never)]
        assert from_file == in_memory and from_file, key
    assert (stored.genres, stored.median_completion, len(stored)) == (
        memory.genres,
        memory.median_completion,
        len(memory),
    )


def test_the_app_picks_what_the_simulations_measure(tmp_path):
    """The same viewer, the same seed: the same cards from the data file as from memory, through catalog restarts."""
    store, stored = _stored(tmp_path)
    catalog = store.catalog()
    picks = []
    for shelf in (stored, catalog):
        policy, profile, seen, lengths = Policy(shelf, random.Random(3)), TasteProfile(), [], []
        for n in range(150):
            rec = policy.next(profile, now=catalog.as_of or 1.8e9, rules=Rules(restricted=n > 60))
            v = rec.video
            fan = v.genre in ("cooking", "science") or v.duration_s <= 10  # a genre's fan and a length's
            lengths.append(length(v.duration_s))
            ms = round(v.duration_s * 1000)
            profile.learn_one(v, View(v.id, ms, ms if fan else 900, ms if fan else 900, liked=fan))
            seen.append((v.id, rec.source, rec.reason))
        picks.append(seen)
    assert picks[0] == picks[1]
    assert lengths.count("under 10 s") > 50, "the shortest videos' list was taken from, in both"


def test_a_changed_verdict_formula_ranks_the_catalog_again(tmp_path, monkeypatch):
    store, _ = _stored(tmp_path)
    best_before = next(iter(Cursor(store.index()).walk(("all", ""), lambda vid: False)))
    import recommender.stored_index as stored_index

    monkeypatch.setattr(stored_index, "audience_reward", lambda v: -v.completion_rate)  # a new formula
    monkeypatch.setattr(stored_index, "verdict_fingerprint", lambda: "new")
    heard: list[str] = []
    store.tell = heard.append
    index = store.index()
    assert store.index() and len(heard) == 1, "ranked again once, and said so before it began"
    assert heard[0].startswith(f"ranking the catalog's {index.count:,} videos again")
    best_after = next(iter(Cursor(index).walk(("all", ""), lambda vid: False)))
    top = min(store.catalog().videos, key=lambda v: (v.completion_rate, v.id))
    assert best_after.id == top.id != best_before.id
    meta = dict(store.db.execute("SELECT key, value FROM catalog_meta").fetchall())
    assert json.loads(meta["verdict"]) == "new" and not index.stale


def test_a_big_import_that_fails_half_way_leaves_the_catalog_and_the_connection_as_they_were(tmp_path):
    from benchmarks.synthetic import videos

    store, _ = _stored(tmp_path)
    indexes = sorted(r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'"))
    cache = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    checkpoint = store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    source = list(videos(30_000))

    def batches():
        yield source[:25_000]  # big enough to drop the indexes
        raise ValueError("a bad row near the end")

    try:
        store.import_videos(batches())
    except ValueError:
        pass
    assert store.video_count() == 5000
    assert sorted(r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")) == indexes
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == cache
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == checkpoint  # the log is copied again
    added, _ = store.import_videos([source[:25_000], source[25_000:]])  # and the same import then works
    assert added == 30_000 and store.index().count == 35_000
    assert sorted(r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")) == indexes
    assert store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == checkpoint


def test_a_big_import_keeps_the_catalogs_figures_and_hashtag_lists_as_a_full_count_makes_them(tmp_path):
    from benchmarks.synthetic import videos
    from recommender.stored_index import refresh_meta

    store, _ = _stored(tmp_path)
    source = list(videos(60_000))
    store.import_rows(store.video_rows([source[i : i + 5000] for i in range(0, 60_000, 5000)]), search_later=True)
    figures = dict(store.conn.execute("SELECT key, value FROM catalog_meta WHERE key != 'search_todo'"))
    with store.write():
        refresh_meta(store.conn)  # every row read again
    assert dict(store.conn.execute("SELECT key, value FROM catalog_meta WHERE key != 'search_todo'")) == figures
    tags = store.conn.execute("SELECT COUNT(*) FROM video_tags").fetchone()[0]
    assert tags == sum(len(set(v.hashtags)) for v in store.catalog().videos)


def test_repeats_inside_one_batch_are_left_out_too(tmp_path):
    from dataclasses import replace

    store, _ = _stored(tmp_path)
    v = store.catalog().videos[0]
    new = replace(v, id="fresh-1", title="a title never seen")
    added, skipped = store.import_videos([[new, replace(new, id="fresh-2"), new]])
    assert added == 1 and len(skipped) == 2
    assert "same title, creator and duration as 'fresh-1'" in skipped[0] and "'fresh-1'" in skipped[1]


def test_a_returning_viewer_passes_what_they_saw_inside_sqlite_and_starts_over_when_all_is_seen(tmp_path):
    """Lists leave out videos with a view (a long seen front costs no walk), pages still list them, and once
    every video is seen the feed starts over as it does in memory."""
    from recommender.feed import FeedSession

    from .conftest import make_video

    store = Store.open(tmp_path / "t.db")
    store.add_videos([make_video(i, creator=f"c{i}", sound=f"s{i}") for i in range(12)])
    clock = FakeClock()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
    session.start()
    for _ in range(5):
        clock.advance(3)
        session.next()
    session.close()
    again = FeedSession(store, stored_catalog(store, clock), clock, random.Random(1))
    viewed = {r[0] for r in store.conn.execute("SELECT video_id FROM views")}
    listed = {vid for _, vid, _ in again.catalog.chunk(("genre", "cooking"), None, 50)}
    assert viewed and not viewed & listed and len(listed) == 12 - len(viewed)
    everything = {vid for _, vid, _ in again.catalog.chunk(("genre", "cooking"), None, 50, everything=True)}
    assert everything == {f"t{i}" for i in range(12)}
    assert {v.id for v in again.page("hashtag", "food")} == everything  # a page lists what was seen too
    card = again.start()
    reasons = []
    for _ in range(14):
        clock.advance(3)
        card = again.next()
        reasons.append(card.reason)
    assert "seen it all: starting over" in reasons and card is not None
