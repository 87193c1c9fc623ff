"""The lab's learner interface: a new learner is one class, run end to end by the lab's own replay."""

from __future__ import annotations

from collections import defaultdict

import pytest

from lab.folds import TrainingSet
from lab.learners import Quality, RandomOrder
from lab.replay import run
from tests.test_lab import write_layout


class GenreFan:
    """A toy learner: the movie whose genres the viewer rated best so far (unknown genres hopeful)."""

    name = "genre-fan"

    def __init__(self) -> None:
        self.shown: list[tuple[int, list[int], float | None]] = []

    def fit(self, train: TrainingSet) -> None:
        self.genres = {m: genres for m, (_, genres, _) in train.movies.items()}
        self.viewers_fitted = len(train.viewers)

    def start(self, viewer: int) -> None:
        self.sums: dict[str, list[float]] = defaultdict(lambda: [4.0, 1.0])  # one hopeful pseudo-rating

    def pick(self, remaining):
        best = max(remaining, key=lambda m: max(self.sums[g][0] / self.sums[g][1] for g in self.genres[m]))
        self.shown.append((best, list(remaining), None))
        return best

    def observe(self, movie: int, rating: float) -> None:
        picked, remaining, _ = self.shown[-1]
        assert picked == movie
        self.shown[-1] = (picked, remaining, rating)
        for g in self.genres[movie]:
            self.sums[g][0] += rating
            self.sums[g][1] += 1


def test_a_toy_learner_is_one_class_and_runs_end_to_end(tmp_path):
    toy = GenreFan()
    report = run(write_layout(tmp_path / "ml"), ks=(10, 20), seed=1, learners=[toy, Quality(), RandomOrder()])
    lift = {(r["policy"], r["k"]): r["lift_share"] for r in report["results"]}
    assert lift[("genre-fan", 10)] > lift[("random", 10)] + 0.2, "it learns the two loved genres"
    assert {(p["versus"], p["k"]) for p in report["paired"]} == {
        ("quality", 10),
        ("quality", 20),
        ("random", 10),
        ("random", 20),
    }
    assert all(p["policy"] == "genre-fan" for p in report["paired"])
    # the protocol: 20 picks per viewer, each from what is left, each rating revealed after its pick
    assert len(toy.shown) == 60 * 20 and all(rating is not None for _, _, rating in toy.shown)
    for n in range(0, len(toy.shown), 20):
        picks = [m for m, _, _ in toy.shown[n : n + 20]]
        assert len(set(picks)) == 20 and all(m in remaining for m, remaining, _ in toy.shown[n : n + 20])
    assert 40 <= toy.viewers_fitted <= 50, "fitted on the other folds' viewers only"


def test_precision_counts_picks_rated_four_or_more(tmp_path):
    report = run(write_layout(tmp_path / "ml"), ks=(10,), seed=0, learners=[Quality(), RandomOrder()])
    row = {r["policy"]: r for r in report["results"]}
    assert 0 <= row["random"]["precision"] < row["quality"]["precision"] <= 1
    (margin,) = report["paired"]
    assert margin["precision_difference"] == pytest.approx(
        row["quality"]["precision"] - row["random"]["precision"], abs=2e-4
    )
