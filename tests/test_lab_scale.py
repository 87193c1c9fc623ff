"""The lab at scale: the synthetic 25M-shaped generator, --viewers samples, neighbours in blocks, numpy optional."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pytest

from benchmarks import ml25m_synth
from benchmarks.ml25m_synth import generate
from lab import neighbours
from lab.data import load
from lab.folds import sample_viewers
from lab.learners import Popularity, Quality, RandomOrder
from lab.replay import run
from tests.test_lab import write_layout


def test_generator_writes_the_movielens_layout_with_long_tails(tmp_path, monkeypatch):
    monkeypatch.setattr(ml25m_synth, "CHUNK_VIEWERS", 70)  # several chunks, as at full size
    counts = generate(tmp_path / "a", viewers=300, movies=2000, ratings=45_000, seed=1, log=lambda _: None)
    assert counts["viewers"] == 300 and counts["movies"] == 2000 and counts["ratings"] == 45_000 and counts["tags"] > 0
    data = load(tmp_path / "a")  # the lab's own reader checks every row
    assert data.viewers.tolist() == list(range(1, 301)) and len(data.stars) == 45_000 and len(data.movies) == 2000
    per_viewer = np.diff(data.starts)
    assert per_viewer.min() >= 20 and np.median(per_viewer) < per_viewer.mean() < per_viewer.max() / 2
    per_movie = np.sort(np.bincount(data.movie, minlength=2001)[1:])[::-1]
    assert per_movie[0] > 10 * np.median(per_movie[per_movie > 0]), "popularity falls off steeply"
    assert set(np.unique(data.stars).tolist()) <= {s / 2 for s in range(1, 11)} and 3.0 < data.stars.mean() < 4.0
    assert (np.sum(data.stars == np.floor(data.stars))) > len(data.stars) / 2, "whole stars more common"
    assert sum(len(g) for _, g, _ in data.movies.values()) > len(data.movies), "some movies have several genres"
    generate(tmp_path / "b", viewers=300, movies=2000, ratings=45_000, seed=1, log=lambda _: None)
    digest = [hashlib.sha256((tmp_path / d / "ratings.csv").read_bytes()).hexdigest() for d in "ab"]
    assert digest[0] == digest[1], "one seed, one set"


def test_viewers_scores_a_seeded_sample_and_learns_from_the_rest(tmp_path):
    data = write_layout(tmp_path / "ml", users=80)
    learners = lambda: [Quality(), Popularity(), RandomOrder()]  # noqa: E731
    first = run(data, ks=(10,), seed=5, viewers=25, learners=learners())
    again = run(data, ks=(10,), seed=5, viewers=25, learners=learners())
    other = run(data, ks=(10,), seed=6, viewers=25, learners=learners())
    for report in (first, again):
        report.pop("seconds")
    assert first == again and first["scored"] == 25 and first["results"][0]["users"] == 25
    assert first["plan"] == "sample of 25, the rest train" and other["results"] != first["results"]
    assert sample_viewers(range(1, 81), 25, 5) == sample_viewers(range(80, 0, -1), 25, 5)
    assert sample_viewers(range(1, 81), 25, 5) != sample_viewers(range(1, 81), 25, 6)


def test_too_many_viewers_is_one_line_and_a_failure(tmp_path):
    data = write_layout(tmp_path / "ml", users=30)
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", "lab", "--data", str(data), "--viewers", "31"], capture_output=True, text=True
    )
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip() == "tiktui: --viewers 31: the data has 30 viewers (ask for 1 to 30)"


def test_neighbours_summed_in_blocks_of_viewers_are_the_same_neighbours(tmp_path, monkeypatch):
    data = load(write_layout(tmp_path / "ml"))
    viewers = data.viewers.tolist()
    index = neighbours.neighbour_index(data, viewers)
    ((gram, counts),) = neighbours.group_sums(data, [viewers], index)
    whole = neighbours.top_neighbours(gram, counts, index)
    monkeypatch.setattr(neighbours, "USER_BLOCK", 7)
    ((gram7, counts7),) = neighbours.group_sums(data, [viewers], index)
    assert np.array_equal(counts7, counts) and np.allclose(gram7, gram, atol=1e-4)
    blocked = neighbours.top_neighbours(gram7, counts7, index)
    assert [ids[:5] for ids, _ in blocked.values()] == [ids[:5] for ids, _ in whole.values()]
    monkeypatch.setattr(neighbours, "NEIGHBOUR_MOVIES", 20)
    kept = neighbours.neighbour_index(data, viewers)
    rated = np.bincount(data.movie)
    assert len(kept) == 20 and min(rated[list(kept)]) >= np.sort(rated)[-20]


def test_lab_without_numpy_says_how_to_add_it(tmp_path):
    fake = tmp_path / "hide" / "numpy"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('numpy is not installed here')\n")
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", "lab", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{tmp_path / 'hide'}:.", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 1 and out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert "pip install 'tiktui[lab]'" in out.stderr and "pip install '.[lab]'" in out.stderr


@pytest.mark.parametrize("bad", ["0", "-3"])
def test_viewers_must_be_positive(tmp_path, bad):
    data = write_layout(tmp_path / "ml", users=30)
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", "lab", "--data", str(data), "--viewers", bad], capture_output=True, text=True
    )
    assert out.returncode != 0 and "--viewers" in out.stderr and "Traceback" not in out.stderr


def test_co_ratings_of_many_viewers_are_summed_over_a_seeded_sample(tmp_path, monkeypatch):
    data = load(write_layout(tmp_path / "ml"))
    viewers = data.viewers.tolist()
    index = neighbours.neighbour_index(data, viewers)
    monkeypatch.setattr(neighbours, "NEIGHBOUR_VIEWERS", 20)
    ((_, counts),) = neighbours.group_sums(data, [viewers], index, seed=1)
    ((_, again),) = neighbours.group_sums(data, [viewers], index, seed=1)
    ((_, other),) = neighbours.group_sums(data, [viewers], index, seed=2)
    assert np.trace(counts) == 20 * 50, "20 viewers' 50 ratings each, every movie of this set in the index"
    assert np.array_equal(counts, again) and not np.array_equal(counts, other)
