"""How long the duplicate check of a post takes as the catalog grows: `python -m benchmarks.duplicate_speed`.

For each size it grows a data file as `search_speed` does (synthetic audience
figures wearing the shipped catalog's text, so titles recur hundreds of times
at a million videos: the hard case for a candidate list), then checks POSTS
posts with `duplicates.find`, as `tiktui post` does: half are near-copies of
a video in the file (its title and caption recased, punctuated, one caption
word dropped), half are new text (random words of the shipped catalog). It
prints p50, p99 and the largest per post, beside two references from the
same run on the same file: a point lookup by id, and comparing a post with
every video (a scan of the whole catalog, what the index saves; a few posts
only). The scan also checks the index's answer: every post the scan finds a
duplicate for, the index must find one for too (recall). Each size runs in
its own process.

    python -m benchmarks.duplicate_speed --sizes 100000,1000000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from recommender.duplicates import compare, find
from recommender.store import Store

from .fresh import one_run
from .search_speed import data_file

POSTS = 200
"""Posts checked per size (half near-copies, half new text)."""
SCANNED = 3
"""Posts also compared with every video (the reference; it takes seconds each at a million)."""


def posts(conn, n: int, seed: int = 7) -> list[tuple[str, str, str, str, float]]:
    """(title, caption, hashtags, sound, length) of `n` posts: near-copies of videos in the file, and new text."""
    rng = random.Random(seed)
    count = conn.execute("SELECT MAX(rowid) FROM videos").fetchone()[0]
    vocab: list[str] = []
    out = []
    for i in range(n):
        title, caption, hashtags, sound, length = conn.execute(
            "SELECT title, caption, hashtags, sound, duration_s FROM videos WHERE rowid >= ? LIMIT 1",
            [rng.randint(1, count)],
        ).fetchone()
        vocab.extend(title.split())
        if i % 2 == 0:
            words = caption.split()
            if len(words) > 6:
                words.pop(rng.randrange(len(words)))
            out.append(
                (title.upper() + "!", " ".join(words), " ".join(json.loads(hashtags)), "another sound", length + 3)
            )
        else:
            made = " ".join(rng.choice(vocab) for _ in range(rng.randint(3, 8)))
            out.append((made, " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 12))), "", sound, 20.0))
    return out


def scan(conn, post: tuple[str, str, str, str, float]) -> str | None:
    """The duplicate found by comparing the post with every video (the reference)."""
    for row in conn.execute("SELECT id, title, caption, hashtags, sound, duration_s FROM videos"):
        if compare(*post, (row[0], row[1], row[2] or "", row[3] or "", row[4], row[5])) is not None:
            return row[0]
    return None


def percentiles(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"p50": statistics.median(ms), "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))], "max": ms[-1]}


def run_one(path: Path) -> dict:
    store = Store.open(path)
    conn = store.conn
    checks = posts(conn, POSTS)
    find(conn, "warm up", "", "", "s", 10)
    timed, found, flagged = [], 0, 0
    for i, post in enumerate(checks):
        t0 = time.perf_counter()
        match = find(conn, *post)
        timed.append((time.perf_counter() - t0) * 1000)
        if i % 2 == 0:
            found += match is not None  # a near-copy: it must be caught
        else:
            flagged += match is not None  # new text: a catch is a near-duplicate by chance (or a false alarm)
    lookups = []
    for i in range(200):
        t0 = time.perf_counter()
        conn.execute("SELECT * FROM videos WHERE id = ?", [f"s{i * 37}"]).fetchone()
        lookups.append((time.perf_counter() - t0) * 1000)
    scans, missed, dupes = [], 0, 0
    for post in checks[:SCANNED]:
        t0 = time.perf_counter()
        truth = scan(conn, post)
        scans.append((time.perf_counter() - t0) * 1000)
        if truth is not None:
            dupes += 1
            missed += find(conn, *post) is None
    store.close()
    return {
        "check": percentiles(timed),
        "found": found,
        "flagged": flagged,
        "lookup": percentiles(lookups),
        "scan": statistics.median(scans),
        "scanned": len(scans),
        "scan_dupes": dupes,
        "missed": missed,
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
            f"{'videos':>10} {'posts':>5} {'caught':>7} {'new hit':>7} | {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} | "
            f"{'lookup p50':>10} | {'scan ms':>9} {'scan/p50':>9} | recall"
        )
        for n in sorted(int(s) for s in args.sizes.split(",")):
            path = data_file(folder, n)
            r = one_run("duplicate_speed", str(path))
            c = r["check"]
            kept = r["scan_dupes"] - r["missed"]
            print(
                f"{n:>10,} {POSTS:>5} {r['found']:>3}/{POSTS // 2:<3} {r['flagged']:>3}/{POSTS // 2:<3} | "
                f"{c['p50']:7.2f} {c['p99']:7.2f} {c['max']:7.2f} | "
                f"{r['lookup']['p50']:10.4f} | {r['scan']:9.0f} {r['scan'] / c['p50']:8.0f}x | "
                f"{kept}/{r['scan_dupes']} of {r['scanned']} scanned",
                flush=True,
            )
    print("ms per post checked (duplicates.find, as tiktui post runs it); caught: near-copies found; new hit: new")
    print("text found a duplicate of; scan: every video compared (median); recall: the scan's duplicates found.")


if __name__ == "__main__":
    main()
