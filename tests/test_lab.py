"""The lab on small MovieLens-layout directories made here (never the shared data)."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from lab.catalog import build_catalog, rating_view
from lab.data import load
from lab.errors import LabDataError
from lab.folds import splits
from lab.replay import run

GENRES = ["Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi"]


def write_layout(path, users=60, movies=120, seed=1):
    """Viewers who each love two genres; movies have a quality everyone sees."""
    rng = random.Random(seed)
    path.mkdir()
    genre_of = {m: rng.choice(GENRES) for m in range(1, movies + 1)}
    quality = {m: rng.gauss(0, 0.5) for m in genre_of}
    with open(path / "movies.csv", "w") as f:
        f.write("movieId,title,genres\n")
        for m, g in genre_of.items():
            f.write(f'{m},"Movie {m} ({1980 + m % 40})",{g}|Drama\n')
    with open(path / "ratings.csv", "w") as f:
        f.write("userId,movieId,rating,timestamp\n")
        for u in range(1, users + 1):
            loves = rng.sample(GENRES, 2)
            for m in rng.sample(sorted(genre_of), 50):
                score = 3 + quality[m] + (1.5 if genre_of[m] in loves else -0.5) + rng.gauss(0, 0.4)
                f.write(f"{u},{m},{min(5.0, max(0.5, round(score * 2) / 2))},{1000 + m}\n")
    with open(path / "tags.csv", "w") as f:
        f.write("userId,movieId,tag,timestamp\n")
        for m, g in genre_of.items():
            f.write(f"{1 + m % users},{m},{g.lower()} vibes,1\n")
    return path


def test_rating_table_orders_rewards():
    from recommender.signals import reward

    rewards = [reward(rating_view("m", r)) for r in (1.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)]
    assert rewards == sorted(rewards)


def test_missing_file_and_bad_row_name_file_row_field(tmp_path):
    data = write_layout(tmp_path / "ml")
    (data / "tags.csv").unlink()
    with pytest.raises(LabDataError, match=r"tags.csv: missing"):
        load(data)
    write_layout(tmp_path / "ml2")
    lines = (tmp_path / "ml2" / "ratings.csv").read_text().splitlines()
    lines[7] = "3,5,seven,100"
    (tmp_path / "ml2" / "ratings.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(LabDataError, match=r"ratings.csv: row 7, field 'rating': not a valid value: 'seven'"):
        load(tmp_path / "ml2")


def test_blank_lines_and_a_byte_order_mark_are_read_and_a_shifted_row_or_a_folder_is_named(tmp_path):
    """QA: a blank line (one at the end, as editors leave) was "field 'userId': missing"; a byte-order mark, as Excel
    writes, refused the header; a row with a fifth field was taken as if it had four; a folder was "missing"."""
    data = write_layout(tmp_path / "ml")
    whole = load(data)
    ratings = (data / "ratings.csv").read_text().splitlines()
    (data / "ratings.csv").write_text("\ufeff" + "\n".join([*ratings[:300], "", *ratings[300:]]) + "\n\n")
    (data / "movies.csv").write_text((data / "movies.csv").read_text() + "\n")
    again = load(data)
    assert again.pool(7) == whole.pool(7) and len(again.user) == len(whole.user) and again.movies == whole.movies
    ratings[12] += ",extra"
    (data / "ratings.csv").write_text("\n".join(ratings) + "\n")
    with pytest.raises(LabDataError, match=r"ratings.csv: row 12: 5 fields, the header has 4$"):
        load(data)
    # Review: a column of the file's own, in its header too, loaded before and does; so does a trailing comma.
    ratings[0] += ",source"
    wide = [ratings[0], *(line if line.endswith("extra") else line + ",web" for line in ratings[1:])]
    (data / "ratings.csv").write_text("\n".join(wide) + "\n")
    assert load(data).pool(7) == whole.pool(7)
    (data / "ratings.csv").write_text("\n".join([ratings[0][: -len(",source")], *(r + "," for r in ratings[1:12])]))
    assert len(load(data).user) == 11
    (data / "ratings.csv").unlink()
    (data / "ratings.csv").mkdir()
    with pytest.raises(LabDataError, match=r"ratings.csv: is a folder \(the MovieLens layout needs"):
        load(data)


def tiny_layout(path, ratings):
    path.mkdir()
    (path / "movies.csv").write_text(
        "movieId,title,genres\n" + "".join(f"{m},Movie {m} (1995),Drama\n" for m in range(1, 9))
    )
    (path / "ratings.csv").write_text(
        "userId,movieId,rating,timestamp\n" + "".join(f"{u},{m},4.0,1\n" for u, m in ratings)
    )
    (path / "tags.csv").write_text("userId,movieId,tag,timestamp\n")
    return path


def test_too_little_data_is_one_line_and_no_movie_rated_twice_is_no_crash(tmp_path):
    """One viewer: nobody is left to teach the figures (it crashed on a division by zero). Six viewers who never
    rated one movie twice: no neighbours at all (it crashed in the neighbours' sums); nobody has enough ratings to
    be scored at K=10, and the table says so by its counts."""
    with pytest.raises(LabDataError, match=r"too little data: .*1 viewer in"):
        run(tiny_layout(tmp_path / "one", [(1, 1)]), ks=(10,))
    report = run(tiny_layout(tmp_path / "apart", [(u, u) for u in range(1, 7)]), ks=(10,))
    assert report["scored"] == 0


def test_lab_learns_tastes_and_beats_the_baselines(tmp_path):
    report = run(write_layout(tmp_path / "ml"), ks=(10,), seed=0)
    lift = {r["policy"]: r["lift_share"] for r in report["results"]}
    assert lift["tiktui"] > lift["quality"] > lift["random"]
    assert report["users"] == 60 and all(r["users"] == 60 for r in report["results"])


def test_the_split_lab_gives_the_figures_of_the_lab_before_the_split(tmp_path):
    """Pinned from lab/movielens.py as it was (one module, dicts): the baselines and the catalog tiktui sees."""
    data = write_layout(tmp_path / "ml")
    report = run(data, ks=(10, 20), seed=3)
    got = {(r["policy"], r["k"]): (r["lift_share"], r["mean_rating"], r["users"]) for r in report["results"]}
    assert got[("quality", 10)] == (0.3279, 3.64, 60) and got[("quality", 20)] == (0.316, 3.4758, 60)
    assert got[("popularity", 10)] == (0.1037, 3.2883, 60) and got[("popularity", 20)] == (0.0351, 3.1667, 60)
    assert got[("random", 10)] == (-0.0044, 3.1108, 60) and got[("random", 20)] == (-0.0016, 3.1187, 60)
    first = next(splits(load(data), None, 3, None))
    assert sorted(first.scored) == [4, 5, 6, 12, 22, 23, 24, 30, 36, 44, 46, 52]
    catalog = build_catalog(first.train)
    before = {  # views, likes, completion, verdict, first neighbours and their weights, tags
        "m1": (17, 4, 0.23529411764705882, 0.17964921743290063, "m40 m44 m23 m56", "0.2285 0.1913 0.1866 0.1774"),
        "m7": (25, 4, 0.32, 0.03311426889248154, "m66 m6 m78 m13", "0.2606 0.2118 0.1818 0.1721"),
        "m42": (20, 7, 0.35, 0.3714808185852656, "m6 m10 m82 m73", "0.3048 0.2465 0.242 0.1978"),
    }
    tags = {"m1": ["comedy-vibes"], "m7": ["horror-vibes"], "m42": ["horror-vibes"]}
    for vid, (views, likes, completion, verdict, related, weights) in before.items():
        v = catalog[vid]
        assert (v.views, v.likes, v.completion_rate, list(v.hashtags)) == (views, likes, completion, tags[vid])
        assert v.verdict == pytest.approx(verdict, abs=1e-12)
        assert (list(v.related[:4]), list(v.related_weights[:4])) == (
            related.split(),
            list(map(float, weights.split())),
        )


def test_weights_are_fitted_per_fold_and_learn_that_genres_count_here(tmp_path):
    """Viewers of the layout love two genres each: every fold's fit says genre offsets and co-engagement foretell
    their ratings, and the kinds this data does not have (creators, sounds) count nothing."""
    report = run(write_layout(tmp_path / "ml"), ks=(10,), seed=0)
    assert len(report["weights"]) == 5
    assert all(w["genre"] > 0.05 and w["related"] > 0.5 and w["creator"] == w["sound"] == 0 for w in report["weights"])
    precision = {r["policy"]: r["precision"] for r in report["results"]}
    assert precision["tiktui"] > precision["random"]


def test_train_dir_replays_every_viewer_with_figures_from_elsewhere(tmp_path):
    report = run(write_layout(tmp_path / "dev"), train_dir=write_layout(tmp_path / "train", seed=2), ks=(10, 20))
    assert report["train"].endswith("train") and {r["k"] for r in report["results"]} == {10, 20}
    lift = {r["policy"]: r["lift_share"] for r in report["results"] if r["k"] == 10}
    assert (lift["quality"], lift["popularity"], lift["random"]) == (0.0078, 0.0237, 0.0289)  # as before the split


def test_lab_json_is_the_same_across_runs_with_one_seed(tmp_path):
    data = write_layout(tmp_path / "ml")
    outs = []
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-m", "tuiapp", "lab", "--data", str(data), "--k", "10,20", "--json", "--seed", "4"],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(out.stdout)
        assert set(report) >= {"data", "train", "users", "seconds", "results"} and report["train"] is None
        assert set(report["results"][0]) == {
            "policy", "k", "users", "lift_share", "stderr", "precision", "precision_stderr", "mean_rating"
        }  # fmt: skip
        report.pop("seconds")
        outs.append(report)
    assert outs[0] == outs[1]
    assert "viewers" in out.stderr, "a progress bar on stderr"


def test_lab_ceiling_uses_the_lab_folds_and_knowing_more_helps(tmp_path, monkeypatch, capsys):
    from benchmarks import lab_ceiling

    data = write_layout(tmp_path / "ml")
    monkeypatch.setattr(sys, "argv", ["lab_ceiling", "--data", str(data), "--k", "10,20"])
    lab_ceiling.main()
    rows = {
        line.split("|")[1].strip(): [float(c.split("+-")[0]) for c in line.split("|")[2:4]]
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("| ") and "+-" in line
    }
    quality = {r["k"]: r["lift_share"] for r in run(data, ks=(10, 20))["results"] if r["policy"] == "quality"}
    assert rows["quality"] == pytest.approx([quality[10], quality[20]], abs=1e-3)
    assert rows["hindsight"][1] > rows["online"][1] > rows["quality"][1]


def test_the_verdict_is_squashed_as_gently_as_the_training_viewers_ratings_say(tmp_path):
    """Movies loved by most and skipped by the rest, beside movies everyone merely finishes: the app's squash makes
    the safe ones the crowd's favourites; fitted on the training viewers, the verdict puts the loved ones first."""
    from lab.verdict import fit_scale
    from recommender.signals import SCALE

    rng = random.Random(5)
    path = tmp_path / "ml"
    path.mkdir()
    (path / "movies.csv").write_text(
        "movieId,title,genres\n" + "".join(f"{m},Movie {m} (1999),Drama\n" for m in range(1, 81))
    )
    with open(path / "ratings.csv", "w") as f:
        f.write("userId,movieId,rating,timestamp\n")
        for u in range(1, 81):
            for m in range(1, 81):
                rating = (5.0 if rng.random() < 0.6 else 2.0) if m % 2 else 3.5
                f.write(f"{u},{m},{rating},1\n")
    (path / "tags.csv").write_text("userId,movieId,tag,timestamp\n")
    train = next(splits(load(path), None, 0, None)).train
    scale = fit_scale(train, seed=0)
    assert scale > SCALE
    loved, safe = build_catalog(train, scale)["m1"], build_catalog(train, scale)["m2"]
    assert loved.verdict > safe.verdict
    assert build_catalog(train)["m1"].verdict < build_catalog(train)["m2"].verdict  # the app's own squash


def lab_cli(*args):
    return subprocess.run([sys.executable, "-m", "tuiapp", "lab", *map(str, args)], capture_output=True, text=True)


def test_a_k_beyond_every_viewer_prints_a_table_and_says_why_no_one_was_scored(tmp_path):
    """`--k` larger than any viewer's ratings (0 scored) ended in "something went wrong inside tiktui" (a figure of
    None formatted); then it printed a table of dashes that did not say why (QA)."""
    data = write_layout(tmp_path / "ml")
    out = lab_cli("--data", data, "--k", "200")
    assert out.returncode == 0 and "crash.log" not in out.stderr, out.stderr
    rows = [line for line in out.stdout.splitlines() if line.startswith("| tiktui |")]
    assert rows == ["| tiktui | 200 | - | - | - | - | 0 |"] and "Paired margins" not in out.stdout
    assert out.stdout.startswith(f"tiktui lab --data {data} --k 200 --seed 0: 60 viewers, 0 scored")  # reruns it
    assert "rated at least K+10 movies, and the most any rated here is 50 (K up to 40)" in out.stdout
    strict = json.loads(lab_cli("--data", data, "--k", "200", "--json").stdout, parse_constant=pytest.fail)
    assert strict["results"][0]["lift_share"] is None  # it printed NaN


def test_a_train_set_holding_the_scored_viewers_is_never_taught_by_them(tmp_path):
    """QA: `--train` given the data itself scored every viewer on figures their own ratings made (0.49 at K=10
    against 0.43 honestly). The same viewers (id and ratings) are left out of the figures; when none is left, one
    line says why. Other viewers who only share an id (held-out viewers numbered from 1 again) stay."""
    data = write_layout(tmp_path / "ml")
    same = lab_cli("--data", data, "--train", data)
    assert same.returncode == 1 and same.stdout == "", same.stdout
    assert same.stderr.strip() == (
        f"tiktui: {data}: every viewer there is one scored from {data}, with the same ratings: a viewer is scored on "
        "figures from other viewers (leave out --train to cross-fit the data's viewers)"
    )
    both = write_layout(tmp_path / "both", users=80)  # viewers 1-60 as in ml (the same seed), 61-80 others
    report = run(data, train_dir=both, ks=(10,))
    assert report["notes"] == [
        f"60 of the scored viewers are in {both} too, with the same ratings: left out of the figures there, which "
        "never come from the viewer being replayed"
    ]
    assert not run(data, train_dir=write_layout(tmp_path / "other", seed=2), ks=(10,))["notes"]
