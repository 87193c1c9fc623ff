"""A feed that knows nothing of a viewer tries what it has never shown them, and a failing feed looks again at its one
thin yes before anything else (issue 16, points 2 and 5, on personas the targets do not name).

A lost feed's picks (`Policy._search`) are the widest videos, and those repeat the same few common hashtags: a fan
of #learnontiktok (209 videos, all in science, tech and math) met it at swipe 46-55 on 6 seeds of 10, and a silent fan
of #dayinmylife (200 across 16 genres) at swipe 86-87 on 8. A lost feed's exploration slots now show the video that
tries the most creators, hashtags and sounds the viewer never met (`Policy._untried`).
"""

from __future__ import annotations

import random

import pytest

from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.personas import Persona, Taste
from recommender.policy import Policy
from recommender.profile import TasteProfile
from recommender.sim import run_persona

from .test_fitted_prior import watched
from .test_probes import _catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(shipped_catalog_path())


@pytest.mark.parametrize(
    ("tag", "style", "seed"),
    [
        ("learnontiktok", "fan", 2),
        ("learnontiktok", "fan", 5),
        ("dayinmylife", "silent", 0),
        ("dayinmylife", "silent", 4),
    ],
)
def test_a_hashtag_the_widest_videos_never_carry_is_found_by_trying_the_untried(catalog, tag, style, seed):
    fan = Persona(f"#{tag} fan", Taste(hashtags=frozenset({tag})), style=style, swipes=50)
    run = run_persona(fan, catalog, seed)
    first = next((s.n for s in run.seen if s.enjoyed), None)
    assert first is not None and first <= 36, f"first #{tag} video at swipe {first}"
    assert run.on_taste_31_50 >= 0.7, f"{run.on_taste_31_50:.0%} of swipes 31-50 with #{tag}"


@pytest.mark.parametrize("seed", range(10))
def test_a_failing_feed_explores_its_thin_yes_first(seed):
    # One storytime video loved, then everything skipped: the feed fails (half of the last ten cards skipped), and
    # its one lead is that thin yes. Every exploration slot looks at it until it is shown: a genre's exploration
    # instead (half the slots, before) spent the slot on what the skips already said.
    catalog, stories = _catalog()
    policy = Policy(catalog, random.Random(seed), cold_cards=0)
    profile = TasteProfile()
    profile.learn_one(stories[0], watched(stories[0], 1.0, like=True))
    policy.mark_shown(stories[0])
    for _ in range(60):
        rec = policy.next(profile, now=0.0)
        if rec.source == "explore":
            break
        profile.learn_one(rec.video, watched(rec.video, 0.05))
    assert profile.exit_rate >= 0.5
    assert rec.source == "explore" and rec.reason.startswith("exploring: another look at"), rec
