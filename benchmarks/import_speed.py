"""How long `tiktui import` takes and how much memory it needs: `python -m benchmarks.import_speed`.

Writes a synthetic JSON catalog of each size (`synthetic.py`), then runs the
real command on a fresh data file, as a user would, and prints two moments of
it: "catalog imported" (the command prints that line once the catalog's
transaction has committed: the feed works) and "search complete" (the command
has added the videos to search's index, after that, and ended). For each, the
wall time and the CPU time so far (both processes, user + system, read from
/proc at the first); then the time per 1,000 videos to the first, and the
peak memory (the child's high-water resident set).

The reference, measured in the same run on the same file, is reading it
alone: the second process an import starts (`recommender.read_ahead`), which
reads, checks and marshals every row, its output thrown away. A catalog can be
imported no faster than that; on two free cores about as fast plus what comes
after its last row (the indexes dropped while it was written). On a shared
machine the ratio moves less than the seconds do. With --runs N each size runs N times, the import and its reference
in turn, and the medians are shown.

    python -m benchmarks.import_speed --sizes 10000,100000,1000000 --runs 3

`--against DIR` imports each size with this checkout and with the one in DIR
(another branch's worktree), in turn, first one then the other: a change's
figures beside the code before it, on the same file, at the same load.

`--search N` checks instead that search is as fast on an index built as the
command builds it (after the catalog, in steps) as on one built in the import's
transaction: the same catalog of N videos (`search_speed.realistic`) is
imported both ways, in turn, and `search_speed.run_one` types its queries on
each (CPU per keystroke, p50 and p99).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from .fresh import one_run
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


def _cpu() -> float:
    """CPU seconds (user + system) of the children waited for so far, and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a command run to its end, its output thrown away."""
    cpu, t0 = _cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0, _cpu() - cpu


def _proc_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a running process and the children it has waited for (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run_import(data: Path, path: Path, code: Path | None = None) -> tuple[float, float, float, float, float]:
    """(seconds, CPU seconds) to "catalog imported", the same to the end (search complete), and the peak MiB so
    far, of one `tiktui import` in a child process (of the checkout at `code`, if given)."""
    cpu, t0 = _cpu(), time.perf_counter()
    command = [sys.executable, "-m", "tuiapp", "--data-dir", str(data), "import", str(path)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=code)
    assert child.stdout is not None
    catalog = catalog_cpu = None
    for line in child.stdout:
        if line.startswith("imported ") and catalog is None:
            catalog, catalog_cpu = time.perf_counter() - t0, _proc_cpu(child.pid)
    if child.wait() != 0:
        raise SystemExit(f"tiktui import failed (exit status {child.returncode})")
    took, used = time.perf_counter() - t0, _cpu() - cpu
    assert catalog is not None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return catalog, used if catalog_cpu is None else catalog_cpu, took, used, peak


def run_reader(path: Path) -> tuple[float, float]:
    """(seconds, CPU seconds) of reading and checking the file as an import's second process does, alone."""
    return _timed([sys.executable, "-m", "recommender.read_ahead", str(path), "", "5000", _BUILDER])


_BUILDER = "recommender.stored_index:catalog_rows"
"""What the import builds of each row (tuiapp/cli.py `import_file`)."""


def search_built(folder: Path, n: int, in_steps: bool) -> Path:
    """A data file of `n` realistic videos, its search index built in steps after the catalog or in its transaction."""
    import itertools

    from recommender.store import Store

    from .search_speed import realistic

    path = folder / ("steps" if in_steps else "at_once") / "tiktui.db"
    path.parent.mkdir(parents=True)
    store = Store.open(path)
    source = realistic(n)
    batches = iter(lambda: list(itertools.islice(source, 5000)), [])
    store.import_rows(store.video_rows(batches), search_later=in_steps)
    if in_steps:
        store.build_search(copy_beside=True)
    store.close()
    return path


def check_search(n: int, runs: int) -> None:
    print(f"{'search index built':>20} {'cpu p50 ms':>10} {'cpu p99 ms':>10} {'index MiB':>9}")
    for _ in range(runs):
        for in_steps in (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                path = search_built(Path(tmp), n, in_steps)
                got = one_run("search_speed", str(path))
                name = "after, in steps" if in_steps else "in the import"
                print(
                    f"{name:>20} {got['cpu']['p50']:10.1f} {got['cpu']['p99']:10.1f} {got['index_mib']:9.0f}",
                    flush=True,
                )


def against(n: int, other: Path, runs: int) -> None:
    """`n` videos imported by this checkout and by `other`, in turn (which goes first alternates), `runs` times."""
    here = Path(__file__).resolve().parent.parent
    print(f"{'videos':>10} {'checkout':>30} {'catalog s':>10} {'CPU s':>7} {'search s':>9} {'CPU s':>7} {'load':>5}")
    got: dict[Path, list[tuple[float, float, float, float, float]]] = {here: [], other: []}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.json"
        write_catalog(path, n)
        for run in range(runs):
            for code in (here, other) if run % 2 == 0 else (other, here):
                with tempfile.TemporaryDirectory(dir=tmp) as data:
                    result = run_import(Path(data), path, code)
                got[code].append(result)
                catalog, catalog_cpu, took, cpu, _ = result
                print(
                    f"{n:>10,} {str(code)[-30:]:>30} {catalog:10.1f} {catalog_cpu:7.1f} {took:9.1f} {cpu:7.1f}"
                    f" {os.getloadavg()[0]:5.1f}",
                    flush=True,
                )
    median = statistics.median
    for code, results in got.items():
        print(
            f"{'median':>10} {str(code)[-30:]:>30} {median(r[0] for r in results):10.1f}"
            f" {median(r[1] for r in results):7.1f} {median(r[2] for r in results):9.1f}"
            f" {median(r[3] for r in results):7.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=1, help="imports (and references) per size; medians shown")
    parser.add_argument("--search", type=int, metavar="N", help="compare search on indexes built both ways instead")
    parser.add_argument(
        "--against", type=Path, metavar="DIR", help="import each size with the checkout in DIR too, in turn (paired)"
    )
    args = parser.parse_args()
    if args.search:
        check_search(args.search, args.runs)
        return
    if args.against:
        for n in sorted(int(s) for s in args.sizes.split(",")):
            against(n, args.against.resolve(), args.runs)
        return
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(
        f"{'videos':>10} {'file MiB':>9} {'catalog s':>10} {'CPU s':>7} {'search s':>9} {'CPU s':>7}"
        f" {'ms / 1,000':>10} {'peak MiB':>9} {'read alone s':>13} {'CPU s':>7} {'catalog / read':>15}"
    )
    median = statistics.median
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "catalog.json"
            write_catalog(path, n)
            imports, reads = [], []
            for run in range(args.runs):
                reads.append(run_reader(path))
                imports.append(run_import(Path(tmp) / f"data{run}", path))
            catalog, catalog_cpu = median(r[0] for r in imports), median(r[1] for r in imports)
            took, cpu, peak = median(r[2] for r in imports), median(r[3] for r in imports), imports[-1][4]
            read, read_cpu = median(t for t, _ in reads), median(c for _, c in reads)
            ratio = median(r[0] / t for r, (t, _) in zip(imports, reads, strict=True))
            print(
                f"{n:>10,} {path.stat().st_size / 2**20:9.0f} {catalog:10.1f} {catalog_cpu:7.1f} {took:9.1f} {cpu:7.1f}"
                f" {catalog / n * 1e6:10.0f} {peak:9.0f} {read:13.1f} {read_cpu:7.1f} {ratio:14.2f}x",
                flush=True,
            )
    print(
        'catalog s: wall seconds to the line "imported ..." (the catalog committed: the feed works); search s: to the\n'
        "end (search's index complete too). CPU s: user + system of every process the command ran, up to each.\n"
        "catalog / read: the median of each run's catalog seconds over the reading alone before it. peak MiB is the\n"
        "largest child so far (getrusage): each row's figure covers the imports above it too; a file of 8 MiB or\n"
        "more is read by a second process of its own (read_ahead.py), not added in."
    )


if __name__ == "__main__":
    main()
