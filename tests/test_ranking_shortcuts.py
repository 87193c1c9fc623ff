"""The ranking's shortcuts (offsets once a pick, feature keys once a video) rank exactly as the plain formula does.

A shortcut that moved a score by one bit could reorder two candidates and change what a viewer is shown, so these
compare for equality, on a profile that has met a change of taste (its old noes doubted), with topics and follows.
"""

from __future__ import annotations

import heapq
import random

from recommender.lifecycle import BONUS
from recommender.policy import FOLLOW_SCORE, Policy, Rules
from recommender.profile import TasteProfile
from recommender.signals import View


def plain_ranked(policy: Policy, profile: TasteProfile, pool, now, rules, doubted):
    """What `Policy._exploit` ranked by before the shortcuts: the formula, term by term, per candidate."""
    personal = profile.scorer(doubted)
    liked = policy._liked(profile, rules)
    return [
        (
            -policy.score(profile, v, now, personal)
            - policy.topic_score(v, rules)
            # A followed creator's video loses nothing to its stage: the follow makes up a negative bonus.
            - (
                (FOLLOW_SCORE - min(0.0, BONUS[policy.stage_of(v, now, policy.prior(v))]))
                if v.creator in profile.following
                else 0.0
            )
            + policy.run_penalty(v, liked),
            v.id,
            v,
        )
        for v in pool
    ]


def plain_terms(profile: TasteProfile, video) -> list[float]:
    """The genre, creator and hashtag terms of `raw_terms` as written before its loops: sums and maxima of offsets."""
    tags = max(profile.offset("hashtag", h) for h in video.hashtags) if video.hashtags else 0.0
    genre = sum(profile.offset("genre", g) for g in video.genres) / len(video.genres)
    return [genre, profile.offset("creator", video.creator) if video.creator else 0.0, tags]


def lived(catalog, views: int, rules: Rules, seed: int = 0):
    """A viewer who likes cooking, then turns to dance (a failing feed: noes doubted), follows a creator."""
    rng = random.Random(seed)
    policy, profile = Policy(catalog, random.Random(seed)), TasteProfile()
    for i in range(views):
        v = policy.next(profile, catalog.as_of, rules).video
        liked = v.genre == ("cooking" if i < views // 2 else "dance") or rng.random() < 0.1
        ms = int(v.duration_s * 1000)
        watched = ms if liked else 600
        profile.learn_one(v, View(v.id, ms, watched * (2 if liked and rng.random() < 0.2 else 1), watched))
        if liked and len(profile.following) < 2:
            profile.following.add(v.creator)
        yield policy, profile


def test_the_ranking_scores_every_candidate_as_the_formula_does(catalog):
    rules = Rules(topics={"comedy": "more", "gaming": "less"})
    checked = doubted_seen = 0
    for step, (policy, profile) in enumerate(lived(catalog, 140, rules)):
        if step % 7:
            continue
        doubted = profile.doubted
        doubted_seen += doubted is not None
        pool = list(policy.candidates(profile, rules, doubted).values())
        fast = policy.ranked(profile, pool, catalog.as_of, rules, doubted)
        assert fast == plain_ranked(policy, profile, pool, catalog.as_of, rules, doubted)
        assert profile.personal_scores(pool, doubted) == [profile.scorer(doubted)(v) for v in pool]
        fit = profile.fitter()  # a trial slot's: offsets worked out once for all of them
        assert [fit(v) for v in pool] == [profile.fit_one(v) for v in pool]
        assert [profile.raw_terms(v)[:3] for v in pool] == [plain_terms(profile, v) for v in pool]
        checked += 1
    assert checked == 20 and doubted_seen > 0  # the doubted path was compared too


def test_top_and_loved_are_the_best_offsets_as_read_one_by_one(catalog):
    *_, (_, profile) = lived(catalog, 120, Rules(), seed=3)
    for kind in ("creator", "hashtag", "sound"):
        values = {v for c, s, tags, _ in profile.recent for v in {"creator": [c], "sound": [s]}.get(kind, tags)}
        values.discard("")
        rows = [(v, profile.offset(kind, v)) for v in values]
        assert profile.top(kind, 4) == heapq.nsmallest(4, rows, key=lambda r: (-r[1], r[0]))
    related = {vid for *_, rel in profile.recent for vid in rel}
    best = heapq.nsmallest(30, ((-profile.related_offset(vid), vid) for vid in related))
    assert profile.loved(30) == [vid for score, vid in best if score < 0]
    assert profile.loved(30)  # the viewer loved some: the comparison is not of two empty lists
