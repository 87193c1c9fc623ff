"""A live video's stage, day by day, from its figures (lifecycle.next_life): each rule on its own."""

from __future__ import annotations

from recommender.lifecycle import COOL_AFTER, MAX_TRIES, RETRY_AFTER, Life, born, first_batch, next_life

N = 1000
PAR = 6.0


def step(life: Life, day: int, views: int, score: float, exit_rise: float = 0.0, authority: float = 1.0) -> Life:
    return next_life(life, day, views, score, PAR, exit_rise, N, authority)


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
    assert step(life, 0, 3, 2 * PAR) == life  # 3 of 40: not judged yet
    life = step(step(step(life, 0, 0, 0.0), 1, 0, 0.0), 2, 0, 0.0)
    assert (life.stage, life.batch) == ("standard", 40)


def test_authority_sizes_the_first_batch():
    assert first_batch(N, 2.0) > first_batch(N, 1.0) > first_batch(N, 0.6)
    assert first_batch(N, 10.0) == first_batch(N, 2.5) and first_batch(N, 0.0) == first_batch(N, 0.5)
