"""A live video's stage, day by day, from its figures (lifecycle.next_life): each rule on its own."""

from __future__ import annotations

from recommender.figures import LiveFigures
from recommender.lifecycle import COOL_AFTER, MAX_TRIES, RETRY_AFTER, WIDEN, Life, born, first_batch, next_life

N = 1000
PAR = 6.0
AUDIENCE = LiveFigures(views=10_000, points=60_000, squares=10_000 * (7**2 + 6**2))
"""A day of the whole audience: 6 points a view (par), one view's points spread 7 about it."""


def step(
    life: Life, day: int, views: int, score: float, exit_rise: float = 0.0, authority: float = 1.0, size: int = N
) -> Life:
    got = LiveFigures(views=views, points=round(score * views), squares=round(score * score * views))
    return next_life(life, day, got, AUDIENCE, exit_rise, size, authority)


def test_a_good_score_pushes_wider_in_steps_until_about_a_week_then_cools():
    life = born(0, N, 1.0)
    batches, stages = [], []
    for day in range(12):
        life = step(life, day, life.batch, 2 * PAR)
        batches.append(life.batch)
        stages.append(life.stage)
    assert stages[: COOL_AFTER - 1] == ["pushed wider"] * (COOL_AFTER - 1)
    assert batches[:3] == [120, 360, 1000]  # 40 -> x3 -> x3 -> the whole audience
    assert stages[COOL_AFTER - 1 :] == ["cooling"] * (12 - COOL_AFTER + 1)
    assert batches[COOL_AFTER - 1 :] == sorted(batches[COOL_AFTER - 1 :], reverse=True) and batches[-1] < 100


def test_a_poor_score_pauses_until_the_audience_leaves_more_often():
    life = step(born(0, N, 1.0), 0, 40, 0.3 * PAR)
    assert (life.stage, life.batch) == ("held back", 0)
    assert step(life, RETRY_AFTER, 0, 0.0, exit_rise=0.0) == life  # the audience is content: it waits
    assert step(life, 1, 0, 0.0, exit_rise=0.05) == life  # too soon
    back = step(life, RETRY_AFTER, 0, 0.0, exit_rise=0.05)
    assert (back.stage, back.batch, back.start, back.tries) == ("second chance", 40, RETRY_AFTER + 1, 1)


def test_second_chances_run_out():
    life = born(0, N, 1.0)
    day = 0
    for _ in range(MAX_TRIES + 1):
        life = step(life, day, life.batch, 0.1 * PAR)
        assert life.stage == "held back"
        day += RETRY_AFTER
        life = step(life, day, 0, 0.0, exit_rise=0.05)
        day += 1
    assert life.stage == "held back" and life.tries == MAX_TRIES


def test_an_unwatched_trial_waits_then_goes_on_as_standard():
    life = born(0, N, 1.0)
    few = step(life, 0, 3, 0.0)  # 3 views, all skipped: too few to call it poor
    assert (few.stage, few.batch) == ("trial", 40)
    life = step(step(step(life, 0, 0, 0.0), 1, 0, 0.0), 2, 0, 0.0)
    assert (life.stage, life.batch) == ("standard", 40)


def test_a_trial_is_judged_only_once_its_score_is_clear_of_par():
    small = born(0, 100, 1.0)  # a first batch of 5
    assert small.batch == 5
    # Five views at 1.5 x par: as likely a middling video's luck (one view strays by 7 points) as a good one's.
    unclear = step(small, 0, 5, 1.5 * PAR, size=100)
    assert (unclear.stage, unclear.batch) == ("trial", WIDEN * 5)  # its batch watched it: tried on a wider one
    assert step(unclear, 1, 5, 1.5 * PAR, size=100).stage == "trial"  # 10 views: still not clear
    good = step(step(unclear, 1, 5, 1.5 * PAR, size=100), 2, 30, 1.5 * PAR, size=100)  # 40 views: clear of 1.15
    assert (good.stage, good.batch) == ("pushed wider", 3 * WIDEN * 5)
    # Five views at 0.4 x par are not yet clear below par; fifteen are; five that all scored 0 are.
    weak = step(small, 0, 5, 0.4 * PAR, size=100)
    assert (weak.stage, weak.batch) == ("trial", WIDEN * 5)
    assert step(weak, 1, 10, 0.4 * PAR, size=100).stage == "held back"
    assert step(small, 0, 5, 0.0, size=100).stage == "held back"


def test_a_trial_that_stays_unclear_on_its_wider_batch_goes_on_as_standard():
    life = step(born(0, 100, 1.0), 0, 5, PAR, size=100)
    assert (life.stage, life.batch) == ("trial", 15)
    life = step(life, 1, 10, PAR, size=100)  # 15 views at par: neither clearly good nor clearly poor
    assert (life.stage, life.batch) == ("standard", 15)


def test_a_video_pushed_wider_keeps_its_batch_until_the_wider_viewers_say_clearly():
    wide = step(born(0, N, 1.0), 0, 40, 2 * PAR)
    assert (wide.stage, wide.batch) == ("pushed wider", 120)
    still = step(wide, 1, 10, 1.2 * PAR)  # 10 of the wider viewers, about as good: not clear either way
    assert (still.stage, still.batch) == ("pushed wider", 120)
    assert step(still, 2, 110, 0.8 * PAR).stage == "standard"  # 120 views under par: clearly not good any more
    assert step(still, 2, 110, 2 * PAR).batch == 360  # clearly good: wider again


def test_authority_sizes_the_first_batch():
    assert first_batch(N, 2.0) > first_batch(N, 1.0) > first_batch(N, 0.6)
    assert first_batch(N, 10.0) == first_batch(N, 2.5) and first_batch(N, 0.0) == first_batch(N, 0.5)


def test_a_trial_on_an_audience_too_small_to_widen_it_is_judged_once_every_viewer_watched_it():
    """An audience of 5 is the whole first batch: widening it changes nothing, and the trial was widened every day
    for ever (QA: `sim --audience 5 --days 40` showed it on trial, batch 5, 5 views, from day 16 to day 39)."""
    life = born(0, 5, 1.0)
    assert life.batch == 5
    unclear = step(life, 0, 5, PAR, size=5)  # every viewer watched it, at par: not clear either way
    assert (unclear.stage, unclear.batch) == ("standard", 5)


def test_a_trial_the_audience_passed_over_counts_its_days_unwatched():
    """Days on which the audience's feeds were still on their first cards (no trial slot) do not count; days on
    which they took trial slots and none went to this video do."""
    life = born(0, N, 1.0)
    for day in range(3):
        life = next_life(life, day, LiveFigures(), AUDIENCE, 0.0, N, 1.0, trials_served=False)
    assert life.stage == "trial"
    for day in range(3, 6):
        life = next_life(life, day, LiveFigures(), AUDIENCE, 0.0, N, 1.0, trials_served=True)
        assert life.stage == ("standard" if day == 5 else "trial")


def test_a_trial_still_watched_a_view_at_a_time_goes_on_as_standard_after_a_week():
    life = born(0, N, 1.0)
    for day in range(COOL_AFTER - 1):
        life = step(life, day, 1, PAR)  # one view a day: never its batch, never unwatched
        assert life.stage == "trial"
    assert step(life, COOL_AFTER - 1, 1, PAR).stage == "standard"
