"""A trial waits for the audience's trial slots: a small audience whose feeds are still on their first cards (which
take no trial slot) does not time a new post out unwatched. The app's `a` (My videos) runs such an audience, and
every post it showed had 0 views: its trial went on as standard on day 3, before any viewer had a trial slot."""

from __future__ import annotations

import dataclasses

from recommender.audience import simulate
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.video import Video
from tuiapp.screens.my_videos import AUDIENCE


def test_a_post_under_the_apps_small_audience_is_watched_on_its_trial():
    catalog = load_catalog(shipped_catalog_path())
    rates = sorted(v.completion_rate for v in catalog.videos)
    post = Video(
        "my-1", "My grandmother's pasta, in one pan", "", "newcook", ("cooking",), ("pasta",), "radio", 28.0, 0
    )
    post = dataclasses.replace(post, completion_rate=rates[len(rates) // 2])
    run = simulate(catalog, posted=[(post, 0)], start=catalog.as_of, **AUDIENCE)
    (life,) = run.videos
    assert life.days[-1].views > 0, [(d.stage, d.views) for d in life.days]
    first_watched = next(d for d in life.days if d.views)
    assert all(d.stage == "trial" for d in life.days if d.day < first_watched.day), "it waited on its trial"
