"""How long `tiktui import` takes and how much memory it needs: `python -m benchmarks.import_speed`.

Writes a synthetic JSON catalog of each size (`synthetic.py`), then runs the
real command on a fresh data file, as a user would, and prints its wall time,
the time per 1,000 videos and its peak memory (the child's high-water
resident set). The reference in the same run is the smallest size.

    python -m benchmarks.import_speed --sizes 10000,100000,1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from .synthetic import videos


def write_catalog(path: Path, n: int) -> None:
    """`n` synthetic videos in the catalog schema (README), one JSON object each."""
    with path.open("w") as f:
        f.write('{"videos": [\n')
        for i, v in enumerate(videos(n, seed=5)):
            row = {
                "id": f"i{v.id}",
                "title": v.title,
                "caption": v.caption,
                "creator": v.creator,
                "genre": v.genre,
                "hashtags": list(v.hashtags),
                "sound": v.sound,
                "duration_s": v.duration_s,
                "uploaded_at": datetime.fromtimestamp(v.uploaded_at, UTC).isoformat().replace("+00:00", "Z"),
                "views": v.views,
                "completion_rate": round(v.completion_rate, 4),
                "likes": v.likes,
                "shares": v.shares,
                "comments": v.comments,
                "related": [f"i{r}" for r in v.related],
            }
            f.write(("," if i else "") + json.dumps(row) + "\n")
        f.write("]}\n")


def run_import(data: Path, path: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one `tiktui import` in a child process."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tuiapp", "--data-dir", str(data), "import", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took = time.perf_counter() - t0
    return took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"{'videos':>10} {'file MiB':>9} {'seconds':>8} {'ms / 1,000':>10} {'peak MiB':>9}")
    reference = None
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "catalog.json"
            write_catalog(path, n)
            took, peak = run_import(Path(tmp) / "data", path)
            per = took / n * 1e6
            reference = reference or per
            print(
                f"{n:>10,} {path.stat().st_size / 2**20:9.0f} {took:8.1f} {per:10.0f} {peak:9.0f}"
                f"   ({per / reference:.2f}x the smallest, per video)",
                flush=True,
            )
    print(
        "peak MiB is the largest child so far (getrusage): each row's figure covers the imports above it too;\n"
        "a file of 8 MiB or more is read by a second process of its own (read_ahead.py), not added in."
    )


if __name__ == "__main__":
    main()
