"""A pick ranks a budget of candidates, shared among the lists the profile leads to by what each adds to a score."""

from __future__ import annotations

import random

from recommender.policy import BEST_TAKE, BUDGET, Policy, Rules
from recommender.profile import TasteProfile
from recommender.signals import View


def cooking_fan(catalog, views: int = 60, seed: int = 0) -> tuple[Policy, TasteProfile]:
    """A viewer who finishes and likes cooking videos and leaves everything else at once."""
    policy, profile = Policy(catalog, random.Random(seed)), TasteProfile()
    for _ in range(views):
        v = policy.next(profile, catalog.as_of).video
        ms = int(v.duration_s * 1000)
        watched = ms if v.genre == "cooking" else 600
        profile.learn_one(v, View(v.id, ms, watched, watched, liked=v.genre == "cooking"))
    return policy, profile


def test_a_pick_ranks_about_the_budget_with_the_best_genre_taken_deepest(catalog):
    policy, profile = cooking_fan(catalog)
    taken: dict[tuple[str, str], int] = {}
    take = policy.cursor.take

    def counted(key, n, seen, ok, depth=50):
        out = take(key, n, seen, ok, depth)
        taken[key] = taken.get(key, 0) + len(out)
        return out

    policy.cursor.take = counted  # type: ignore[method-assign]
    pool = policy.candidates(profile, Rules())
    # Before the budget every list was taken to a fixed depth: some 264 candidates a pick.
    assert BUDGET // 2 <= len(pool) <= BUDGET + BEST_TAKE + len(taken)
    genres = {key[1]: n for key, n in taken.items() if key[0] == "genre"}
    assert max(genres, key=genres.__getitem__) == "cooking", genres
    assert sum(1 for v in pool.values() if v.genre == "cooking") > len(pool) / 3


def test_a_kind_this_viewer_weights_at_nothing_is_not_gathered(catalog):
    policy, profile = cooking_fan(catalog)
    asked: list[str] = []
    top = profile.top
    profile.top = lambda kind, n, liked=False: asked.append(kind) or top(kind, n, liked)  # type: ignore[method-assign]
    policy.candidates(profile, Rules())
    assert "hashtag" in asked
    asked.clear()
    profile.combination.weights[2] = 0.0  # hashtags count for nothing in this viewer's score
    pool = policy.candidates(profile, Rules())
    assert "hashtag" not in asked and pool


def test_the_cooking_fan_is_mostly_shown_cooking_after_the_cold_start(catalog):
    policy, profile = cooking_fan(catalog, views=40, seed=1)
    genres = []
    for _ in range(20):
        rec = policy.next(profile, catalog.as_of)
        genres.append(rec.video.genre)
        ms = int(rec.video.duration_s * 1000)
        watched = ms if rec.video.genre == "cooking" else 600
        profile.learn_one(rec.video, View(rec.video.id, ms, watched, watched, liked=rec.video.genre == "cooking"))
    assert genres.count("cooking") >= 16, genres
