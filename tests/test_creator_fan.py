"""A viewer who enjoys only one creator's videos finds that creator on the shipped catalog (issue 16, points 2 and 5).

The creators are chosen by the target personas' written rule (`fixtures.make_personas.fan_creators`: the most viewed
creator with a given number of videos), for several sizes, never by how well the feed serves them.
"""

from __future__ import annotations

import pytest

from fixtures.make_personas import CREATOR_VIDEOS, fan_creators
from recommender import sim
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.personas import Persona, Taste

FIRST_SIGHT = 80
"""A creator fan meets the creator's first video within this many cards (34-78 on seeds 0-9 for these creators;
before the lost feed's search, 81-113 for the issue's creator, and never within 120 for two of the others)."""


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(shipped_catalog_path())


def fan(creator: str) -> Persona:
    return Persona(f"creator fan ({creator})", Taste(creators=frozenset({creator})), style="fan")


def first_sight(result: sim.Result, creator: str) -> int | None:
    return next((s.n for s in result.seen if s.video.creator == creator), None)


@pytest.mark.parametrize("size, rank", [(4, 0), (5, 0), (6, 0), (6, 1), (7, 0), (8, 0)])
def test_a_fan_of_one_creator_meets_them_within_a_few_dozen_cards(catalog, size, rank):
    creator = fan_creators(catalog, size, rank + 1)[rank]
    for seed in (0, 1):
        result = sim.run_persona(fan(creator), catalog, seed)
        seen = first_sight(result, creator)
        assert seen is not None and seen <= FIRST_SIGHT, (creator, seed, seen)


def test_the_issues_creator_fan_sees_all_of_the_creators_videos_by_swipe_50(catalog):
    creator = fan_creators(catalog, CREATOR_VIDEOS)[0]
    result = sim.run_persona(fan(creator), catalog, 0)
    assert result.creator_videos == CREATOR_VIDEOS
    assert result.creators_seen_by is not None and result.creators_seen_by <= 50, result.creators_seen_by


def test_a_feed_that_pleases_no_one_spreads_over_genres_and_new_creators(catalog):
    # Every card skipped until the creator comes: after the cold probe, the feed's own picks (beside its steady
    # exploration and trial slots) are each by a creator not shown before, of a genre not among the last eight cards.
    creator = fan_creators(catalog, 4)[0]
    result = sim.run_persona(fan(creator), catalog, 0)
    seen = first_sight(result, creator)
    assert seen is not None
    cards = result.seen[: seen - 1]
    searched = [s for s in cards[16:] if s.source == "cold"]
    assert len(searched) > 0.75 * len(cards[16:]), [s.source for s in cards[16:]]
    creators = [s.video.creator for s in searched]
    shown_before = {s.video.creator for s in cards if s.source != "cold" or s.n <= 16}
    assert len(set(creators)) == len(creators) and not set(creators) & shown_before
    for s in searched:
        lately = {g for c in cards[max(0, s.n - 9) : s.n - 1] for g in c.video.genres}
        assert lately.isdisjoint(s.video.genres), (s.n, s.video.genres, lately)
