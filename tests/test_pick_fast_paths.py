"""A pick's fast paths give what the plain definitions give, on random profiles, weights, seen sets and rules.

The ranking's per-pick tables (features by number, offsets worked out together) and the cursor's one-loop `take`
exist only for speed: a score one bit off, or a list taken one video short, would change what a viewer is shown.
Another learner's weights must not break them either, so the weights here are drawn at random (negative, zero,
large), not the fitted ones.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from recommender import profile as profile_module
from recommender.clock import FakeClock
from recommender.feed import stored_catalog
from recommender.index import CatalogIndex, Cursor
from recommender.policy import Policy, Rules
from recommender.profile import TasteProfile
from recommender.signals import View
from recommender.store import Store
from recommender.video import Catalog, Video

from .test_ranking_shortcuts import plain_ranked

GENRES = ("cooking", "dance", "pets", "science")


def odd_catalog(rng: random.Random, n: int = 300) -> Catalog:
    """Videos with one, two or three genres, no hashtag or several, sometimes no creator or sound, related ones."""
    videos = []
    for i in range(n):
        videos.append(
            Video(
                f"v{i:03d}",
                f"title {i}",
                "",
                rng.choice(["", *(f"c{k}" for k in range(12))]),
                tuple(rng.sample(GENRES, rng.choice((1, 1, 2, 3)))),
                tuple(rng.sample([f"h{k}" for k in range(15)], rng.randint(0, 4))),
                rng.choice(["", *(f"s{k}" for k in range(10))]),
                rng.uniform(5.0, 120.0),
                1_700_000_000.0 + i * 3600.0,
                views=rng.randint(0, 5000),
                completion_rate=rng.random(),
                likes=rng.randint(0, 300),
                related=tuple(f"v{rng.randrange(n):03d}" for _ in range(rng.randint(0, 5))),
            )
        )
    return Catalog(tuple(videos), as_of=1_700_000_000.0 + n * 3600.0)


def random_profile(catalog: Catalog, rng: random.Random) -> TasteProfile:
    profile = TasteProfile()
    for v in rng.sample(catalog.videos, rng.randint(5, 120)):
        ms = int(v.duration_s * 1000)
        watched = rng.choice((600, ms // 3, ms))
        view = View(v.id, ms, watched * rng.choice((1, 1, 3)), watched, liked=rng.random() < 0.2)
        if rng.random() < 0.05:
            view = replace(view, not_interested=True)
        profile.learn_one(v, view)
    # Any learner's weights: negative, zero and large ones too.
    profile.combination.weights = [rng.choice((0.0, rng.uniform(-2.0, 2.0), rng.uniform(-0.3, 0.3))) for _ in range(7)]
    if rng.random() < 0.3:
        profile.following.add(rng.choice(catalog.videos).creator)
    return profile


@pytest.mark.parametrize("seed", range(12))
def test_personal_scores_and_the_ranking_are_the_formula_for_any_weights(seed, monkeypatch):
    rng = random.Random(seed)
    catalog = odd_catalog(rng)
    # Tables emptied now and then (a tiny cap), between calls as a long session's would be.
    monkeypatch.setattr(profile_module, "KEYS_KEPT", rng.choice((50, 400, 20_000)))
    for _ in range(4):
        profile = random_profile(catalog, rng)
        doubted = rng.choice((None, profile.views_learned - 10, profile.views_learned))
        pool = rng.sample(catalog.videos, rng.randint(1, 250))
        plain = profile.scorer(doubted)
        assert profile.personal_scores(pool, doubted) == [plain(v) for v in pool]
        topics = {g: rng.choice(("more", "less", "normal")) for g in rng.sample(GENRES, 2)}
        rules = Rules(topics=topics)
        policy = Policy(catalog, random.Random(seed))
        for v in rng.sample(catalog.videos, 5):
            policy.mark_shown(v)
        # One policy ranking at several times, as the app's does: a stage moves with a video's age.
        for now in (catalog.as_of, catalog.as_of, catalog.as_of + rng.uniform(0, 40) * 86400.0):
            assert policy.ranked(profile, pool, now, rules, doubted) == plain_ranked(
                policy, profile, pool, now, rules, doubted
            )


def plain_take(shelf, key, n, seen, ok, depth=50):
    """`Cursor.take` by its definition: the first `n` unseen videos of the whole list that pass `ok`, looking at
    most `depth` x `n` unseen ones."""
    unseen = [v for _, vid, _ in shelf.chunk(key, None, 10**9) if not seen(vid) and (v := shelf.get(vid))]
    if ok is None:
        return unseen[:n]
    return [v for v in unseen[: depth * n] if ok(v)][:n] if n > 0 else []


KEYS = [("all", ""), ("fresh", ""), ("poor", ""), *(("genre", g) for g in GENRES), ("creator", "c3"), ("hashtag", "h2")]


def test_take_is_its_definition_over_a_seen_set_that_grows():
    rng = random.Random(5)
    catalog = odd_catalog(rng)
    index = CatalogIndex(catalog)
    cursor = Cursor(index)
    seen: set[str] = set()
    for step in range(60):
        seen.update(v.id for v in rng.sample(catalog.videos, 4))
        key = rng.choice(KEYS)
        n = rng.choice((0, 1, 5, 40))
        ok = rng.choice((None, lambda v: "dance" in v.genres, lambda v: v.duration_s < 20.0, lambda v: False))
        depth = rng.choice((1, 3, 50))
        got = cursor.take(key, n, seen.__contains__, ok, depth)
        assert got == plain_take(index, key, n, seen.__contains__, ok, depth), (step, key, n, depth)


def test_take_reads_a_stored_shelf_as_its_lists_in_memory(tmp_path):
    """The shelf in SQLite hands out ids only (rows read together as the walk goes): the same videos come out."""
    store = Store.open(tmp_path / "tiktui.db")
    stored = stored_catalog(store, FakeClock())
    memory = CatalogIndex(store.catalog())
    rng = random.Random(2)
    videos = store.catalog().videos
    seen: set[str] = set()
    on_file, in_memory = Cursor(stored), Cursor(memory)
    keys = [("all", ""), ("fresh", ""), ("genre", memory.genres[0]), ("creator", videos[17].creator)]
    for _ in range(30):
        seen.update(v.id for v in rng.sample(videos, 30))
        key = rng.choice(keys)
        ok = rng.choice((None, lambda v: v.duration_s < 30.0))
        n = rng.choice((1, 10, 40))
        got = [v.id for v in on_file.take(key, n, seen.__contains__, ok)]
        assert got == [v.id for v in in_memory.take(key, n, seen.__contains__, ok)] and got
