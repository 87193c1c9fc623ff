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

FIRST_SIGHT = 70
"""A creator fan meets the creator's first video within this many cards (before the lost feed's search: 81-113
for the issue's creator, never within 120 for most of the others)."""


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
    # Every card skipped until the creator comes: after the cold probe, each pick is a creator not shown before,
    # and no genre comes twice within nine cards.
    creator = fan_creators(catalog, 4)[0]
    result = sim.run_persona(fan(creator), catalog, 0)
    seen = first_sight(result, creator)
    assert seen is not None
    lost = [s for s in result.seen[16 : seen - 1]]
    assert len(lost) > 20 and all(s.source == "explore" for s in lost), [s.source for s in lost]
    creators = [s.video.creator for s in result.seen[: seen - 1]]
    assert len(set(creators[16:])) == len(creators[16:]) and not set(creators[16:]) & set(creators[:16])
    genres = [s.video.genre for s in lost]
    assert all(g not in genres[max(0, i - 8) : i] for i, g in enumerate(genres)), genres
