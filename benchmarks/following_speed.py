"""How long a Following pick takes: `python -m benchmarks.following_speed`.

On a synthetic data file (`synthetic.py`, read through the app's
`StoredIndex`), a viewer follows 50 creators (drawn at random from those with
videos) and takes picks from the Following feed the way the app does
(`pages.Following.next`: each followed creator's newest unseen video, the
newest of those), each pick then marked seen. Printed beside it, in the same
run and process: For You picks (`Policy.next`) on the same file, and the
query plan of a creator's newest-first read (it must use the index, never
scan the table). p50, p99, largest, and the process's peak memory.

    python -m benchmarks.following_speed --sizes 100000,1000000
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from recommender.pages import Following
from recommender.policy import Policy, Rules
from recommender.profile import TasteProfile
from recommender.store import Store

from .pick_speed import data_file
from .synthetic import AS_OF

PICKS = 400
FOLLOWED = 50


def figures(ms: list[float]) -> str:
    ms = sorted(ms)
    return f"p50 {statistics.median(ms):.2f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.2f} ms, largest {ms[-1]:.2f} ms"


def run_one(path: Path) -> None:
    store = Store.open(path)
    index = store.index()
    rng = random.Random(3)
    creators = [c for (c,) in store.conn.execute("SELECT DISTINCT creator FROM videos")]
    followed = set(rng.sample(creators, FOLLOWED))
    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM videos v WHERE v.creator = ? ORDER BY v.uploaded_at DESC, v.id DESC LIMIT 16",
        ["creator1"],
    ).fetchall()
    videos = sum(
        store.conn.execute(
            f"SELECT COUNT(*) FROM videos WHERE creator IN ({','.join('?' * len(followed))})", list(followed)
        ).fetchone()
    )
    seen: set[str] = set()
    feed = Following(index)
    rules = Rules()
    times = []
    for _ in range(PICKS):
        start = time.perf_counter()
        video = feed.next(followed, seen.__contains__, rules.allows)
        times.append((time.perf_counter() - start) * 1000)
        if video is None:
            break
        seen.add(video.id)
    policy = Policy(index, random.Random(1))
    profile = TasteProfile()
    foryou = []
    for _ in range(PICKS):
        start = time.perf_counter()
        policy.next(profile, AS_OF, rules)
        foryou.append((time.perf_counter() - start) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(index):,} videos, {FOLLOWED} creators followed ({videos:,} videos by them), {len(times)} picks")
    print(f"  query plan: {'; '.join(row[-1] for row in plan)}")
    print(f"  Following pick: {figures(times)}")
    print(f"  For You pick (reference, same run): {figures(foryou)}")
    print(f"  peak memory {peak:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--folder", help="where the data files are kept (default: a temporary folder)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(Path(args.one))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.folder or tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            path = data_file(folder, size)
            subprocess.run([sys.executable, "-m", "benchmarks.following_speed", "--one", str(path)], check=True)


if __name__ == "__main__":
    main()
