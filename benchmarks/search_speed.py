"""How long a search takes per keystroke as the catalog grows: `python -m benchmarks.search_speed`.

For each size it grows a data file (audience figures from `synthetic.py`;
titles, captions, creators, hashtags and sounds from the shipped catalog's,
with creators multiplied as the catalog grows, so words recur as they do in
a real feed), then types each of QUERIES letter by letter and times the
search the app runs on every prefix (`recommender.search.search`, as the
search screen calls it through `FeedSession.search`). It prints p50, p99 and
the largest per keystroke, beside two references measured in the same run
on the same file: a `SELECT 1` round trip and a point lookup of a video by
id. Each size runs in its own process.

    python -m benchmarks.search_speed --sizes 100000,1000000
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.policy import Rules
from recommender.search import search
from recommender.store import Store
from recommender.video import Video

from .fresh import one_run
from .synthetic import videos as synthetic_videos

QUERIES = [
    "banana bread",
    "regex",
    "cinnamon rolls",
    "deadlift",
    "original sound",
    "pov",
    "day in my life",
    "coding linux",
    "foodtok",
    "fyp",
    "iris",
    "chen",
    "lunar heartbeat",
    "slowed reverb",
    "neon orbit",
    "grandma reacts",
    "nobody talks about",
    "explaining regex to my mom",
    "self checkout",
    "catsoftiktok",
    "dogs",
    "street food tokyo",
    "guitar cover",
    "hot take",
    "rating every",
    "roommate storytime",
    "satisfying",
    "kpop dance",
    "part 2",
    "zzqx nothing matches",
]
"""What viewers type: titles, creators, hashtags and sounds of the shipped catalog, and one that finds nothing."""


def realistic(n: int, seed: int = 1) -> Iterator[Video]:
    """`n` synthetic videos wearing the shipped catalog's text (creators get a suffix per 5,000 videos)."""
    shipped = load_catalog(shipped_catalog_path()).videos
    rng = random.Random(seed)
    for i, v in enumerate(synthetic_videos(n, seed)):
        text, other = rng.choice(shipped), rng.choice(shipped)
        cycle = i // len(shipped)
        creator = text.creator if cycle == 0 else f"{text.creator}.{cycle}"
        sound = f"original sound - {creator}" if text.sound.startswith("original sound") else text.sound
        yield replace(
            v,
            title=text.title,
            caption=other.caption if rng.random() < 0.5 else text.caption,
            creator=creator,
            hashtags=text.hashtags,
            sound=sound,
            mature=text.mature,
        )


def data_file(folder: Path, n: int) -> Path:
    path = folder / f"search-{n}" / "tiktui.db"
    if not path.exists():
        path.parent.mkdir(parents=True)
        store = Store.open(path)
        source = realistic(n)
        store.import_videos(iter(lambda: list(itertools.islice(source, 50_000)), []))
        store.close()
    return path


def percentiles(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"p50": statistics.median(ms), "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))], "max": ms[-1]}


def run_one(path: Path) -> dict:
    """Every prefix of every query, as typed; in this process."""
    store = Store.open(path)
    conn = store.conn
    ids = [r[0] for r in conn.execute("SELECT id FROM videos ORDER BY random() LIMIT 2000")]
    rules = Rules(restricted=True, muted=frozenset({("hashtag", "fyp")}))
    for q in QUERIES:  # warm the page cache, as a viewer's second search is
        search(conn, q, rules)
    typed, cpu, found = [], [], []
    for q in QUERIES:
        for end in range(1, len(q) + 1):
            t0, c0 = time.perf_counter(), time.thread_time()
            results = search(conn, q[:end], rules)
            typed.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
        found.append(len(results.videos))
    one, lookup = [], []
    for vid in ids:
        t0 = time.perf_counter()
        conn.execute("SELECT 1").fetchone()
        t1 = time.perf_counter()
        conn.execute("SELECT * FROM videos WHERE id = ?", [vid]).fetchone()
        t2 = time.perf_counter()
        one.append((t1 - t0) * 1000)
        lookup.append((t2 - t1) * 1000)
    size = conn.execute(
        "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'video_search%' OR name LIKE 'search_names%'"
    ).fetchone()[0]
    store.close()
    return {
        "keystrokes": len(typed),
        "typed": percentiles(typed),
        "cpu": percentiles(cpu),
        "select1": percentiles(one),
        "lookup": percentiles(lookup),
        "found_full_queries": sum(1 for f in found if f),
        "index_mib": size / 2**20,
        "file_mib": path.stat().st_size / 2**20,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--folder", type=Path, help="keep the data files here (default: a temporary folder)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        print(
            f"{'videos':>10} {'keys':>5} | {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} | {'cpu p50':>7} {'cpu p99':>7} | "
            f"{'SELECT 1 p50':>12} "
            f"{'lookup p50':>10} {'lookup p99':>10} | {'index MiB':>9} {'file MiB':>8} {'peak MiB':>8}"
        )
        for n in sorted(int(s) for s in args.sizes.split(",")):
            t0 = time.perf_counter()
            path = data_file(folder, n)
            built = time.perf_counter() - t0
            r = one_run("search_speed", str(path))
            t, c, s1, lk = r["typed"], r["cpu"], r["select1"], r["lookup"]
            print(
                f"{n:>10,} {r['keystrokes']:>5} | {t['p50']:7.2f} {t['p99']:7.2f} {t['max']:7.2f} | "
                f"{c['p50']:7.2f} {c['p99']:7.2f} | "
                f"{s1['p50']:12.4f} {lk['p50']:10.4f} {lk['p99']:10.4f} | {r['index_mib']:9.1f} "
                f"{r['file_mib']:8.1f} {r['peak_mib']:8.0f}   (file grown in {built:.0f} s)",
                flush=True,
            )
    print("Rules during the run: restricted mode and one muted hashtag (#fyp), as a viewer might have.")
    print("ms per keystroke: wall time, and the searching thread's CPU time (a busy machine's waits left out).")


if __name__ == "__main__":
    main()
