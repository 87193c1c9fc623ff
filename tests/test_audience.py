"""The seeds' theories about a video's life, as seeded runs of the simulated audience (recommender.audience)."""

from __future__ import annotations

from functools import cache

from recommender.audience import AudienceRun, VideoLife, reach_chart, simulate
from recommender.figures import MAX_POINTS, LiveFigures
from recommender.lifecycle import COOL_AFTER, DAY
from recommender.signals import View
from recommender.video import Catalog, Video

GENRES = ("cooking", "pets", "comedy", "dance", "tech", "travel")
AS_OF = 400 * DAY


def old(i: int) -> Video:
    """A catalog video from long before the run, with middling figures."""
    genre = GENRES[i % len(GENRES)]
    return Video(
        f"old{i:03d}",
        f"{genre} clip {i}",
        "",
        f"maker{i % 23}",
        (genre,),
        (f"{genre}{i % 4}",),
        f"tune{i % 31}",
        20.0 + (i * 7) % 40,
        AS_OF - (30 + i % 200) * DAY,
        views=5000 + 37 * i,
        completion_rate=0.2 + 0.4 * ((i * 13) % 10) / 10,
        likes=300 + i,
        shares=20,
        comments=10,
    )


CATALOG = Catalog(tuple(old(i) for i in range(600)), AS_OF)


def post(vid: str, creator: str, genre: str, craft: float, duration: float = 25.0) -> Video:
    """A new video; `craft` (its completion_rate) is how well it is made: how often a viewer who fits it enjoys it."""
    return Video(
        vid, f"{vid} title", "", creator, (genre,), (f"{genre}0",), f"{vid} sound", duration, 0.0, completion_rate=craft
    )


POSTS = (
    (post("loved", "ana", "cooking", 0.95), 0),
    (post("disliked", "bo", "pets", 0.02, duration=58.0), 0),
    (post("ana-2", "ana", "comedy", 0.5), 5),
    (post("bo-2", "bo", "comedy", 0.5), 5),
    (post("cy-1", "cy", "comedy", 0.5), 5),
)
DAYS = 12


@cache
def run(seed: int = 0) -> AudienceRun:
    return simulate(CATALOG, viewers=60, days=DAYS, swipes_per_day=10, seed=seed, posted=POSTS, workers=2)


def new_views(life: VideoLife) -> list[int]:
    return [d.views - (life.days[i - 1].views if i else 0) for i, d in enumerate(life.days)]


SEEDS = range(20)
"""A theory is a statement about most runs, not one: a first batch is a handful of viewers, so one seeded run can
push a loved video a few days late or bring a poor one back after the run's end. Each holds in MOST of SEEDS. Asked
of 5 seeds (3 of them), a theory held or broke with changes to the viewers' side alone (refitting their prior
moved the loved video's life from 3 of seeds 0-4 to 1, and from 13 of 0-19 to 11): 20 runs are a measurement,
5 a coin (`python -m benchmarks.audience_theories --seeds 0-19`)."""
MOST = len(SEEDS) // 2 + 1
"""More than half."""


def in_most_runs(check, most: int = MOST) -> None:
    """`check(run)` raises where a run breaks the theory; it must hold in `most` of SEEDS."""
    broken = {}
    for seed in SEEDS:
        try:
            check(run(seed))
        except (AssertionError, ValueError) as err:  # ValueError: a stage the theory needs never came
            broken[seed] = str(err).splitlines()[0]
    assert len(SEEDS) - len(broken) >= most, broken


def loved_grows_then_cools(r: AudienceRun) -> None:
    life = r.life("loved")
    stages = [d.stage for d in life.days]
    wider = [d for d in life.days if d.stage == "pushed wider"]
    assert stages[0] == "trial" and len(wider) >= 2, stages
    batches = [d.batch for d in wider]
    assert batches == sorted(batches) and batches[-1] >= 3 * life.days[0].batch, batches
    views = new_views(life)
    trial_views = views[: stages.index("pushed wider")]
    assert max(views) > 2 * max(trial_views), views  # the widened batches reached more viewers than the first
    cooled = stages.index("cooling")
    assert COOL_AFTER - 1 <= cooled - life.posted_day <= COOL_AFTER + 1, stages
    assert all(s == "cooling" for s in stages[cooled:])
    assert sum(views[cooled:]) / len(views[cooled:]) < max(views) / 2, views
    assert life.days[-1].score > 1.5 * r.audience[-1].par


def disliked_pauses_then_returns(r: AudienceRun) -> None:
    life = r.life("disliked")
    stages = [d.stage for d in life.days]
    assert "held back" in stages and "second chance" in stages, stages
    held = stages.index("held back")
    assert stages[:held] and all(s == "trial" for s in stages[:held]), stages
    views = new_views(life)
    paused = [i for i, s in enumerate(stages) if s == "held back"]
    assert all(life.days[i].batch == 0 and views[i] == 0 for i in paused), (stages, views)
    back = stages.index("second chance")
    assert back > held + 1, stages
    assert life.days[back].batch > 0 and sum(views[back:]) > 0, (stages, views)
    # It came back when the audience began to leave more often ("delay momentum").
    exits = [a.exit_rate for a in r.audience]
    assert exits[back - 1] > exits[back - 2], exits


def authority_gives_larger_first_batches(r: AudienceRun) -> None:
    ana, bo, cy = (r.life(v).days[0] for v in ("ana-2", "bo-2", "cy-1"))
    assert ana.stage == bo.stage == cy.stage == "trial"
    assert ana.batch > cy.batch > bo.batch > 0, (ana, cy, bo)


def test_a_loved_video_grows_in_steps_as_its_batches_widen_then_cools_after_about_a_week():
    in_most_runs(loved_grows_then_cools)


def test_a_disliked_video_is_paused_and_comes_back_later():
    in_most_runs(disliked_pauses_then_returns)


def test_a_creator_whose_first_videos_did_well_gets_larger_first_batches():
    # Three in four of SEEDS, more than the others: authority reads the earlier videos' whole trials, judged on their
    # evidence, so it holds more often (19 of seeds 0-19 and 40 of 100-139; 14 and 37 under the rule before).
    in_most_runs(authority_gives_larger_first_batches, most=3 * len(SEEDS) // 4)


def test_looping_a_video_does_not_raise_its_score():
    loved = run().life("loved")
    assert all(0 <= d.score <= MAX_POINTS for life in run().videos for d in life.days)
    once, looped = LiveFigures(), LiveFigures()
    ms = 25_000
    for viewer in range(20):
        liked = viewer % 3 == 0
        once.add(View("loved", ms, 2 * ms, ms, loops=1, liked=liked))
        looped.add(View("loved", ms, 40 * ms, ms, loops=39, liked=liked))
    # Each view: a re-watch (10) and a completion (8), 7 of the 20 liked (2): 18.7, however long the loops.
    assert looped.score == once.score == 18 + 2 * 7 / 20
    assert looped.rewatched == once.rewatched == 20
    assert loved.days[-1].score <= MAX_POINTS


def test_views_never_fall_and_days_count_from_the_start():
    for life in run().videos:
        assert [d.day for d in life.days] == list(range(life.posted_day, DAYS))
        views = [d.views for d in life.days]
        assert views == sorted(views)


def test_the_same_seed_gives_the_same_run_on_one_process_or_two():
    small = dict(viewers=12, days=3, swipes_per_day=8, seed=4, posted=POSTS[:2])
    assert simulate(CATALOG, workers=1, **small).as_json() == simulate(CATALOG, workers=2, **small).as_json()


def test_the_reach_chart_draws_every_day_with_its_stage():
    life = run().life("loved")
    lines = reach_chart(life)
    assert lines[0].startswith("loved by ana, posted day 0:")
    assert lines[-1].split()[1:] == [
        {"trial": "T", "pushed wider": "W", "standard": "S", "cooling": "C"}[d.stage] for d in life.days
    ]
    assert all("[" not in line for line in lines)


def test_on_a_small_audience_every_trial_ends():
    """Twelve viewers, most of whom a video does not fit: its trial was widened for ever (its batch already every
    viewer), or waited on days when the feeds took trial slots and gave it none (QA: a post on trial from day 3 to
    day 39 of `sim --audience 12`). Each is judged within about a week."""
    small = simulate(CATALOG, viewers=12, days=20, swipes_per_day=10, seed=0, posted=POSTS, workers=1)
    for life in small.videos:
        trial_days = sum(1 for d in life.days if d.stage == "trial")
        assert trial_days <= COOL_AFTER + 1, (life.id, [d.stage for d in life.days])
    # Nor is one judged unwatched on days its feeds came to no trial slot (review: five viewers at four swipes a day
    # reach a slot every few days, and two posts went on as standard on day 5 with no view at all).
    fewer = simulate(CATALOG, viewers=5, days=12, swipes_per_day=4, seed=0, posted=POSTS, workers=1)
    for life in fewer.videos:
        left = next((d for d in life.days if d.stage != "trial"), None)
        if left is not None and left.day - life.posted_day < COOL_AFTER:
            assert life.days[left.day - life.posted_day - 1].views, (life.id, [d.stage for d in life.days])


def test_posted_videos_come_in_the_order_of_their_numbers():
    """QA: ids sorted as text put my-10 and my-11 before my-2, and the charts showed those first."""
    posts = tuple((post(f"my-{n}", "ana", "cooking", 0.5), 0) for n in (10, 2, 1, 11))
    small = simulate(CATALOG, viewers=6, days=1, swipes_per_day=2, seed=0, posted=posts, workers=1)
    assert [life.id for life in small.videos] == ["my-1", "my-2", "my-10", "my-11"]
