"""How long a pick takes as the catalog and the history grow: `python -m benchmarks.pick_speed`.

For each catalog size (synthetic, grown by `synthetic.py` into a data file,
read through the app's `StoredIndex`) and each history (a profile that has
learned that many past views, those videos marked seen), it times picks the
way the app makes them (`Policy.next`, then the view is learned) and prints
p50, p99 and the largest, beside the same picks on 1,000 videos with no
history measured in the same run, and the process's peak memory. Each
configuration runs in its own process, so each peak is its own.

    python -m benchmarks.pick_speed --sizes 1000,100000,1000000 --views 0,20000,100000

With `--against DIR` (another checkout, e.g. `/work/main`) it instead runs each configuration with this checkout's
code and DIR's in turns (`--rounds` each, every run in a fresh process) and prints both one's p50 and p99 and
their ratios: a change's gain, paired on a noisy machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from recommender.policy import Policy, Rules
from recommender.profile import TasteProfile
from recommender.signals import View
from recommender.store import Store

from .fresh import one_run
from .gc_pauses import record_pauses
from .synthetic import AS_OF, GENRES, add_videos

PICKS = 400


def data_file(folder: Path, videos: int) -> Path:
    """A data file with `videos` synthetic videos, made once per folder and size."""
    path = folder / f"catalog-{videos}" / "tiktui.db"
    if not path.exists():
        path.parent.mkdir(parents=True)
        store = Store.open(path)
        add_videos(store, videos)
        store.close()
    return path


def view_of(video, fan: bool, rng: random.Random) -> View:
    ms = round(video.duration_s * 1000)
    watched = ms if fan else rng.randint(300, max(301, ms // 3))
    return View(video.id, ms, watched, watched, liked=fan and rng.random() < 0.3)


def run_one(path: Path, views: int, picks: int, ahead: bool = False) -> dict:
    """Picks on one data file after `views` past views; in this process. `ahead`: between picks, untimed, the
    lists the next pick walks are read ahead, as the app does on idle after each card (`Policy.read_ahead`)."""
    store = Store.open(path)
    index = store.index()
    rng = random.Random(7)
    profile = TasteProfile()
    policy = Policy(index, random.Random(0))
    tastes = set(GENRES[:3])
    ids = [row[0] for row in store.conn.execute("SELECT id FROM videos")]
    for vid in rng.sample(ids, min(views, len(ids))):  # a long history: learned, and seen
        video = index.get(vid)
        assert video is not None
        profile.learn_one(video, view_of(video, video.genre in tastes, rng))
        policy.shown.add(vid)
    del ids
    gc.collect()
    gc.freeze()  # as the app does once the first card is up (tuiapp.app)
    pauses = record_pauses()
    took, learn, early = [], [], []
    rules = Rules()
    for _ in range(picks):
        if ahead:
            t = time.perf_counter()
            policy.read_ahead(profile, rules)
            early.append(time.perf_counter() - t)
        t0 = time.perf_counter()
        rec = policy.next(profile, AS_OF)
        t1 = time.perf_counter()
        profile.learn_one(rec.video, view_of(rec.video, rec.video.genre in tastes, rng))
        t2 = time.perf_counter()
        took.append(t1 - t0)
        learn.append(t2 - t1)
    took.sort()
    return {
        "p50": statistics.median(took) * 1000,
        "p99": took[int(0.99 * len(took))] * 1000,
        "max": took[-1] * 1000,
        "learn_p99": sorted(learn)[int(0.99 * len(learn))] * 1000,
        "ahead_p50": statistics.median(early) * 1000 if early else 0.0,
        "gc_max": max(pauses, default=0.0) * 1000,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


HERE = Path(__file__).resolve().parent.parent
"""This checkout: its code is what a run measures (a run's folder comes first on its path)."""


def measure(path: Path, views: int, picks: int, code: Path = HERE, ahead: bool = False) -> dict:
    """One configuration, in a fresh process running the code of the checkout `code`."""
    return one_run("pick_speed", str(path), str(views), str(picks), *["--ahead"] * ahead, code=code)


def paired(other: Path, path: Path, size: int, views: int, picks: int, rounds: int, ahead: bool = False) -> None:
    """This checkout's and `other`'s picks on one configuration, in turns (`rounds` each, every run in a fresh
    process): each one's p50 and p99 per run, their medians, and the ratio of the medians (`ahead`: as `run_one`)."""
    runs: dict[Path, list[dict]] = {HERE: [], other: []}
    for _ in range(rounds):
        for code, got in runs.items():
            got.append(measure(path, views, picks, code, ahead))

    def figures(got: list[dict]) -> str:
        p50, p99 = statistics.median(r["p50"] for r in got), statistics.median(r["p99"] for r in got)
        each = " ".join(f"{r['p50']:.2f}/{r['p99']:.2f}" for r in got)
        return f"p50 {p50:.2f} p99 {p99:.2f} ms (p50/p99 each run: {each})"

    mine, theirs = runs[HERE], runs[other]
    ratio50 = statistics.median(r["p50"] for r in theirs) / statistics.median(r["p50"] for r in mine)
    ratio99 = statistics.median(r["p99"] for r in theirs) / statistics.median(r["p99"] for r in mine)
    print(
        f"paired, {size:,} videos, {views:,} past views, {rounds} runs each in turns: this checkout {figures(mine)}; "
        f"{other} {figures(theirs)}: p50 {ratio50:.2f}x, p99 {ratio99:.2f}x",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--views", default="0,20000,100000")
    parser.add_argument("--picks", type=int, default=PICKS)
    parser.add_argument("--keep", metavar="DIR", help="keep the synthetic data files here (and reuse them)")
    parser.add_argument("--against", metavar="DIR", type=Path, help="another checkout to time in turns with this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--ahead", action="store_true", help="read the next pick's lists ahead between picks, as the app does on idle"
    )
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(Path(args.one[0]), int(args.one[1]), int(args.one[2]), args.ahead)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        if args.against:
            for size in (int(s) for s in args.sizes.split(",")):
                path = data_file(folder, size)
                for views in (int(v) for v in args.views.split(",")):
                    paired(args.against.resolve(), path, size, views, args.picks, args.rounds, args.ahead)
            return
        reference = measure(data_file(folder, 1000), 0, args.picks, ahead=args.ahead)
        heads = ("videos", "past views", "p50 ms", "p99 ms", "max ms", "p99 / ref", "peak MiB", "longest GC ms")
        print(" ".join(f"{h:>{w}}" for h, w in zip(heads, (10, 10, 8, 8, 8, 9, 9, 13), strict=True)))
        for size in (int(s) for s in args.sizes.split(",")):
            path = data_file(folder, size)
            for views in (int(v) for v in args.views.split(",")):
                r = measure(path, views, args.picks, ahead=args.ahead)
                print(
                    f"{size:>10,} {views:>10,} {r['p50']:8.2f} {r['p99']:8.2f} {r['max']:8.2f} "
                    f"{r['p99'] / reference['p99']:8.1f}x {r['peak_mib']:9.0f} {r['gc_max']:13.1f}",
                    flush=True,
                )
                if args.ahead:
                    print(f"{'':>21} read ahead on idle before each pick: p50 {r['ahead_p50']:.2f} ms", flush=True)
        print(f"reference: 1,000 videos, no history, p99 {reference['p99']:.2f} ms (same run)")


if __name__ == "__main__":
    main()
