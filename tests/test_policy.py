"""Choosing the next card: cold start, no repeats, diversity, mutes."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter

from recommender.policy import Policy, Rules
from recommender.profile import TasteProfile, length
from recommender.signals import View
from recommender.standing import LESS, MORE, standing
from recommender.store import Store


def run(catalog, n, rules=None, seed=0, like=lambda v: False):
    rules = rules or Rules()
    policy = Policy(catalog, random.Random(seed))
    profile = TasteProfile()
    picks = []
    for _ in range(n):
        rec = policy.next(profile, catalog.as_of, rules)
        picks.append(rec)
        v = rec.video
        ms = int(v.duration_s * 1000)
        profile.learn_one(v, View(v.id, ms, ms if like(v) else 600, ms if like(v) else 600))
    return picks


def test_cold_start_is_widely_liked_and_wide(catalog):
    picks = run(catalog, 10)
    median = sorted(v.completion_rate for v in catalog.videos)[len(catalog) // 2]
    assert all(p.video.completion_rate >= median for p in picks)
    assert len({p.video.genre for p in picks}) >= 8
    assert all(p.reason == "popular now" for p in picks)


def test_no_repeats_and_never_the_same_creator_or_sound_twice_in_a_row(catalog):
    picks = run(catalog, 300, like=lambda v: v.genre == "cooking")
    ids = [p.video.id for p in picks]
    assert len(set(ids)) == len(ids)
    for a, b in itertools.pairwise(picks):
        assert a.video.creator != b.video.creator
        assert a.video.sound != b.video.sound


def test_muted_and_mature_videos_never_appear(catalog):
    rules = Rules(muted=frozenset({("genre", "cooking"), ("hashtag", "fyp")}), restricted=True)
    picks = run(catalog, 200, rules, like=lambda v: v.genre == "cooking")
    assert not any(p.video.genre == "cooking" or "fyp" in p.video.hashtags or p.video.mature for p in picks)


def test_stem_feed_only_shows_science_math_and_tech(catalog):
    rules = Rules(genres=frozenset({"science", "math", "tech"}))
    assert {p.video.genre for p in run(catalog, 60, rules)} <= {"science", "math", "tech"}


def test_every_pick_says_why(catalog):
    picks = run(catalog, 80, like=lambda v: v.genre == "cooking")
    assert all(p.reason for p in picks)
    assert any(p.reason.startswith("because you") for p in picks)
    assert any(p.reason.startswith("exploring") for p in picks)


def test_two_liked_genres_come_interleaved_not_in_blocks(catalog):
    """No run of more than 4 cards of one genre once the viewer has enjoyed both (the diversity re-rank)."""
    for seed in range(4):
        picks = run(catalog, 100, seed=seed, like=lambda v: v.genre in ("pets", "comedy"))
        genres = [r.video.genre for r in picks]
        both = max(genres.index("pets"), genres.index("comedy"))
        assert both < 60, seed
        longest = max(len(list(g)) for _, g in itertools.groupby(genres[both + 1 :]))
        assert longest <= 4, (seed, longest)
        assert sum(g in ("pets", "comedy") for g in genres[both + 1 :]) >= 0.75 * len(genres[both + 1 :])


def test_exploration_stays_away_from_a_genre_the_viewer_keeps_skipping(catalog):
    picks = run(catalog, 150, seed=1, like=lambda v: v.genre != "dance")
    explored = [r.video.genre for r in picks[40:] if r.source == "explore"]
    assert explored and "dance" not in explored


def test_a_genre_skipped_just_before_a_change_of_taste_comes_back_within_25_cards(catalog):
    """A dance fan who skipped fitness a few times, then turns to fitness: the feed finds it again (a no from before
    the change is doubted once the feed fails), within the drifter's 25 cards, rather than ranking fitness last."""
    fitness = [v for v in catalog.videos if v.genre == "fitness"]
    for seed in range(3):
        policy, profile = Policy(catalog, random.Random(seed)), TasteProfile()

        def show(v, liked, profile=profile):
            ms = int(v.duration_s * 1000)
            profile.learn_one(v, View(v.id, ms, ms if liked else 600, ms if liked else 600))

        for i in range(60):
            if i in (30, 45, 55):  # fitness met (and skipped) shortly before the change
                policy.mark_shown(fitness[i])
                show(fitness[i], False)
            else:
                v = policy.next(profile, catalog.as_of).video
                show(v, v.genre == "dance")
        assert profile.offset("genre", "fitness") < 0
        genres = []
        for _ in range(40):
            v = policy.next(profile, catalog.as_of).video
            genres.append(v.genre)
            show(v, v.genre == "fitness")
        recovered = next(
            (end for end in range(10, len(genres) + 1) if genres[end - 10 : end].count("fitness") >= 6), None
        )
        assert recovered is not None and recovered <= 25, (seed, genres)


def test_a_followed_creator_s_other_videos_come_next(catalog):
    """A viewer who enjoys nothing else follows a creator on first sight (one of six videos): the creator's other
    videos come back in the next ten cards, for most such creators, rather than after the best of their genre."""
    counts = Counter(v.creator for v in catalog.videos)
    back = []
    for creator in sorted(c for c, n in counts.items() if n == 6)[:12]:
        policy, profile = Policy(catalog, random.Random(0)), TasteProfile()

        def watch(v, enjoyed, profile=profile):
            ms = int(v.duration_s * 1000)
            seen = ms if enjoyed else 600
            profile.learn_one(v, View(v.id, ms, seen, seen, liked=enjoyed, followed=enjoyed))

        for _ in range(30):
            watch(policy.next(profile, catalog.as_of).video, False)
        first = next(v for v in catalog.videos if v.creator == creator)
        policy.mark_shown(first)
        watch(first, True)
        profile.following.add(creator)
        picks = []
        for _ in range(10):
            picks.append(v := policy.next(profile, catalog.as_of).video)
            watch(v, v.creator == creator)
        back.append(sum(v.creator == creator for v in picks))
    assert sum(n >= 2 for n in back) >= 6, back


def test_a_reason_never_names_evidence_against_the_video(catalog):
    """A viewer who skips short videos, with a negative learned weight on length (the per-viewer fit can give one):
    the weight times the offset is positive, the largest term, and the card said "because you stay on videos under
    10 s long" of the lengths the viewer leaves at once. A reason is only evidence for the video: a like, a stay."""
    profile = TasteProfile()
    short = [v for v in catalog.videos if v.duration_s < 10][:12]
    for v in short:  # left at once, every one
        profile.learn_one(v, View(v.id, round(v.duration_s * 1000), 300, 300))
    assert profile.offset("length", "under 10 s") < 0
    weights = list(profile.combination.weights)
    weights[1:5] = [0.0, 0.0, 0.0, -0.5]  # creator, hashtag, sound nothing; length negative
    profile.combination.weights = weights
    policy = Policy(catalog, random.Random(0))
    video = next(v for v in catalog.videos if v.duration_s < 10 and v not in short)
    assert profile.terms(video)["length"] > 0  # the double negative
    reason = policy.explain(profile, video, catalog.as_of or 0.0)
    assert "stay on videos" not in reason, reason


def test_a_reason_never_says_you_like_what_the_profile_says_you_watch_less_than_most(catalog):
    """A skimmer who leaves nearly every card early and #storytime ones a little later: the learner ranks #storytime
    up (above their own usual), and the card said "because you like #storytime videos" while the profile screen read
    #storytime "less than most viewers". The reason now says what is true beside that reading."""
    profile, policy = TasteProfile(), Policy(catalog, random.Random(0))
    for _ in range(80):
        v = policy.next(profile, catalog.as_of).video
        ms = round(v.duration_s * 1000)
        seen = round(ms * (0.3 if "storytime" in v.hashtags else 0.05))
        profile.learn_one(v, View(v.id, ms, seen, seen))
    assert standing(profile, "hashtag", "storytime").words == LESS
    tagged = [v for v in catalog.videos if "storytime" in v.hashtags and v.id not in policy.shown]
    reasons = {policy.explain(profile, v, catalog.as_of or 0.0) for v in tagged}
    assert not any("like #storytime" in r for r in reasons), reasons
    assert "because you linger on #storytime videos" in reasons, reasons


def test_a_reason_never_names_a_hashtag_on_more_videos_than_a_genre_holds(catalog):
    """QA: "because you like #fyp videos" on card after card. #fyp is on a third of the catalog, more than any genre
    holds: it says nothing of a taste. A cooking fan's cards name #pasta, #recipe ... or another kind of evidence."""
    policy = Policy(catalog, random.Random(0))
    assert policy.index.broad("fyp") and policy.index.broad("foryou") and not policy.index.broad("pasta")
    profile, reasons = TasteProfile(), Counter()
    for _ in range(150):
        rec = policy.next(profile, catalog.as_of)
        v = rec.video
        reasons[rec.reason] += 1
        ms = round(v.duration_s * 1000)
        seen = ms if "cooking" in v.genres else ms // 2
        profile.learn_one(v, View(v.id, ms, seen, seen, liked="cooking" in v.genres))
    assert profile.offset("hashtag", "fyp") > 0  # learned, and ranked by: only not named
    named = {r.split("#")[1].split()[0] for r in reasons if "#" in r and r.startswith("because")}
    assert named and not any(policy.index.broad(tag) for tag in named), reasons
    assert {"pasta", "recipe"} & named, reasons


def test_no_reason_of_any_kind_names_a_broad_hashtag(catalog):
    """QA: the ranked reasons were mended, but exploration still said "exploring: another look at #trending" and
    "exploring: #foryoupage is new to you" (17 of 11,200 sim cards). Viewers of a genre and of a broad tag itself."""
    named = Counter()
    for seed in range(8):
        for enjoys in (lambda v: "cooking" in v.genres, lambda v: "foryoupage" in v.hashtags):
            profile, policy = TasteProfile(), Policy(catalog, random.Random(seed))
            for _ in range(70):
                rec = policy.next(profile, catalog.as_of)
                v, ms = rec.video, round(rec.video.duration_s * 1000)
                seen = ms if enjoys(v) else 700
                profile.learn_one(v, View(v.id, ms, seen, seen, liked=enjoys(v)))
                named.update(tag.rstrip(".,:") for tag in re.findall(r"#(\S+)", rec.reason))
    assert named and not [tag for tag in named if policy.index.broad(tag)], named


def test_a_stored_catalog_tells_a_broad_hashtag_as_the_catalog_in_memory_does(catalog, tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    store.add_videos(list(catalog.videos))
    shelf, memory = store.index(), Policy(catalog, random.Random(0)).index
    tags = sorted({h for v in catalog.videos for h in v.hashtags})
    assert [shelf.broad(h) for h in tags] == [memory.broad(h) for h in tags]
    assert sum(shelf.broad(h) for h in tags) == 5  # fyp, foryou, viral, foryoupage, trending
    store.close()


def test_a_card_says_you_like_a_hashtag_only_where_the_profile_reads_more_than_most(catalog):
    """QA: a viewer who left every card within a second and stayed 4 s on #fyp ones was told "because you like
    #wildlife videos" of a hashtag the profile read "not enough to tell yet" when the card came (and "less than most
    viewers" soon after). Every reason that says "like", at the moment it is given, agrees with the profile."""
    for stay in ("fyp", "storytime"):
        profile, policy = TasteProfile(), Policy(catalog, random.Random(1))
        said = Counter()
        for _ in range(120):
            rec = policy.next(profile, catalog.as_of)
            v = rec.video
            if rec.reason.startswith("because you like #"):
                tag = rec.reason.removeprefix("because you like #").removesuffix(" videos")
                assert standing(profile, "hashtag", tag).words == MORE, (rec.reason, standing(profile, "hashtag", tag))
                said["like"] += 1
            elif rec.reason.startswith("because you linger on #"):
                said["stay"] += 1
            ms = round(v.duration_s * 1000)
            seen = min(ms, 4000) if stay in v.hashtags else 700
            profile.learn_one(v, View(v.id, ms, seen, seen))
        assert said["stay"], said


def test_a_card_says_you_stay_on_a_length_only_where_the_profile_reads_more_than_most(catalog):
    """QA: a card said "because you stay on videos up to 10 s long" while the profile read that length "about as
    much as most"; below "more", it says the viewer lingers on them, as for a hashtag or a sound."""
    said = Counter()
    for seed in range(4):
        profile, policy = TasteProfile(), Policy(catalog, random.Random(seed))
        for _ in range(120):
            rec = policy.next(profile, catalog.as_of)
            v, ms = rec.video, round(rec.video.duration_s * 1000)
            if rec.reason.startswith(("because you stay on videos", "because you linger on videos")):
                words = standing(profile, "length", length(v.duration_s)).words
                assert (words == MORE) == rec.reason.startswith("because you stay"), (rec.reason, words)
                said[rec.reason.split()[2]] += 1
            seen = ms if v.duration_s <= 15 else min(ms, 2000)
            profile.learn_one(v, View(v.id, ms, seen, seen))
    assert said, said


def test_exploring_a_genre_met_before_never_calls_it_new(catalog):
    """A genre met and skipped long ago, its evidence faded below one view: exploration said "sports is new to you"."""
    profile = TasteProfile()
    sports = next(v for v in catalog.videos if v.genres == ("sports",))
    profile.learn_one(sports, View(sports.id, round(sports.duration_s * 1000), 500, 500))
    others = [v for v in catalog.videos if "sports" not in v.genres][:200]
    for v in others:
        profile.learn_one(v, View(v.id, round(v.duration_s * 1000), 2000, 2000))
        if profile.weight("genre", "sports") < 0.5:
            break
    assert 0.0 < profile.weight("genre", "sports") < 1.0
    policy = Policy(catalog, random.Random(0))
    reasons = {rec.reason for rec in (policy._explore(profile, Rules()) for _ in range(200)) if rec is not None}
    assert "exploring: sports is new to you" not in reasons, reasons
    assert "exploring: another look at sports" in reasons, reasons
