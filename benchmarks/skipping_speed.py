"""What a viewer who skips every card costs a swipe: `python -m benchmarks.skipping_speed [--against DIR]`.

On a data file holding the shipped catalog, read through the app's
`StoredIndex` as the app reads it, a fresh viewer skips SWIPES cards: the
cold start's probe, then (every card skipped) the lost feed's search
(`Policy._search`), which walks every genre's first 40. It prints the time
to the first card and the median swipe. With `--against DIR` (another
checkout, e.g. `/work/main`) it runs this checkout's code and DIR's in
turns, each run in a fresh process, and prints both and their ratio: the
machine is shared and noisy, so the runs alternate and medians are quoted.

    python -m benchmarks.skipping_speed --against /work/main --rounds 5
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SWIPES = 40
HERE = Path(__file__).resolve().parent.parent


def run_one(path: Path, seed: int) -> dict:
    """One fresh viewer on a copy of `path`: ms to the first card, and each skipped swipe's ms."""
    from recommender.clock import FakeClock
    from recommender.feed import FeedSession, stored_catalog
    from recommender.store import Store

    clock = FakeClock()
    store = Store.open(path)
    start = time.perf_counter()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(seed))
    session.start()
    first = (time.perf_counter() - start) * 1000
    swipes = []
    for _ in range(SWIPES):
        clock.advance(0.5)  # a quick skip
        t = time.perf_counter()
        session.next()
        swipes.append((time.perf_counter() - t) * 1000)
    session.close()
    store.close()
    return {"first": first, "swipe": statistics.median(swipes)}


def data_file(folder: Path) -> Path:
    from recommender.catalog_file import load_catalog, shipped_catalog_path
    from recommender.store import Store

    path = folder / "catalog.db"
    store = Store.open(path)
    store.add_videos(load_catalog(shipped_catalog_path()).videos)
    store.close()
    return path


def measure(code: Path, source: Path, folder: Path, seed: int) -> dict:
    """One run of `code`'s checkout in a fresh process, on a fresh copy of `source`."""
    copy = folder / f"run{seed}.db"
    shutil.copy(source, copy)
    child = [sys.executable, __file__, "--child", str(code), str(copy), str(seed)]
    out = subprocess.run(child, cwd=code, capture_output=True, text=True, check=True)
    copy.unlink()
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout to run in turns with this one")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each (default: 5)")
    parser.add_argument("--child", nargs=3, metavar=("CODE", "FILE", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # one run, with CODE's recommender
        code, path, seed = args.child
        sys.path.insert(0, code)
        print(json.dumps(run_one(Path(path), int(seed))))
        return
    with tempfile.TemporaryDirectory(prefix="tiktui-skipping-") as tmp:
        folder = Path(tmp)
        source = data_file(folder)
        codes = [("this", HERE)] + ([("against", args.against.resolve())] if args.against else [])
        got: dict[str, list[dict]] = {name: [] for name, _ in codes}
        for seed in range(args.rounds):
            for name, code in codes if seed % 2 == 0 else codes[::-1]:
                got[name].append(measure(code, source, folder, seed))
    med = {name: {k: statistics.median(r[k] for r in runs) for k in ("first", "swipe")} for name, runs in got.items()}
    print(f"python -m benchmarks.skipping_speed: shipped catalog, {SWIPES} skipped swipes, medians of {args.rounds}")
    for name, code in codes:
        print(f"  {code}: first card {med[name]['first']:.1f} ms, swipe {med[name]['swipe']:.2f} ms")
    if args.against:
        this, other = med["this"], med["against"]
        print(f"  ratio: first card {this['first'] / other['first']:.2f}x, swipe {this['swipe'] / other['swipe']:.2f}x")


if __name__ == "__main__":
    main()
