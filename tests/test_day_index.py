"""A simulated audience's day index is moved from the day before's, and is the index built afresh.

`CatalogIndex.updated` moves only the videos whose audience figures changed (the live ones, from one day to the next)
in the lists they are on, instead of sorting the whole catalog again. A list out of order would change what every
viewer is shown, so this compares it with `CatalogIndex(catalog)` for equality, list by list, through figures that
move a video up or down its lists, onto the poor list and off it, and videos that are not the same (other hashtags,
another count of videos): those are built afresh.
"""

from __future__ import annotations

import random
from dataclasses import replace

from recommender.index import CatalogIndex
from recommender.lifecycle import POOR
from recommender.profile import verdict
from recommender.video import Catalog


def same(a: CatalogIndex, b: CatalogIndex) -> None:
    assert a.lists == b.lists
    assert a._tokens == b._tokens
    assert (a.median_completion, a.genres, len(a)) == (b.median_completion, b.genres, len(b))
    assert all(a.get(v.id) is v for v in b.catalog.videos)


def test_a_day_index_is_the_index_built_afresh(catalog) -> None:
    rng = random.Random(4)
    index = CatalogIndex(catalog)
    crossed = 0
    for _ in range(6):  # days: each moves the figures of some videos, as a day's audience does
        videos = list(index.catalog.videos)
        for i in rng.sample(range(len(videos)), 40):
            v = videos[i]
            views = rng.choice((1, 5, 50, 5000))
            videos[i] = replace(
                v,
                views=views,
                completion_rate=rng.random(),
                likes=rng.randint(0, views),
                shares=rng.randint(0, views // 5),
                comments=rng.randint(0, views // 10),
            )
            crossed += (verdict(v) < POOR) != (verdict(videos[i]) < POOR)
        day = Catalog(tuple(videos), catalog.as_of)
        moved = index.updated(day)
        same(moved, CatalogIndex(day))
        index = moved
    assert crossed >= 10  # videos went onto the poor list and off it


def test_other_videos_are_indexed_afresh(catalog) -> None:
    index = CatalogIndex(catalog)
    videos = list(catalog.videos)
    videos[3] = replace(videos[3], hashtags=("another",))
    for day in (Catalog(tuple(videos)), Catalog(tuple(videos[:-1]))):
        same(index.updated(day), CatalogIndex(day))
    assert index.lists == CatalogIndex(catalog).lists  # the day before's index is not changed
