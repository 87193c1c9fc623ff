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
from recommender.profile import TasteProfile
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
        policy, profile, seen = Policy(shelf, random.Random(3)), TasteProfile(), []
        for n in range(150):
            rec = policy.next(profile, now=catalog.as_of or 1.8e9, rules=Rules(restricted=n > 60))
            v = rec.video
            fan = v.genre in ("cooking", "science")
            ms = round(v.duration_s * 1000)
            profile.learn_one(v, View(v.id, ms, ms if fan else 900, ms if fan else 900, liked=fan))
            seen.append((v.id, rec.source, rec.reason))
        picks.append(seen)
    assert picks[0] == picks[1]


def test_a_changed_verdict_formula_ranks_the_catalog_again(tmp_path, monkeypatch):
    store, _ = _stored(tmp_path)
    best_before = next(iter(Cursor(store.index()).walk(("all", ""), lambda vid: False)))
    import recommender.stored_index as stored_index

    monkeypatch.setattr(stored_index, "audience_reward", lambda v: -v.completion_rate)  # a new formula
    monkeypatch.setattr(stored_index, "verdict_fingerprint", lambda: "new")
    index = store.index()
    best_after = next(iter(Cursor(index).walk(("all", ""), lambda vid: False)))
    top = min(store.catalog().videos, key=lambda v: (v.completion_rate, v.id))
    assert best_after.id == top.id != best_before.id
    meta = dict(store.db.execute("SELECT key, value FROM catalog_meta").fetchall())
    assert json.loads(meta["verdict"]) == "new" and not index.stale
