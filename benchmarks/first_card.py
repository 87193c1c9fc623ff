"""Time and memory to the first card, against a bare Textual app: `python -m benchmarks.first_card`.

Both programs are started the same way, in a real pseudo-terminal (100x40,
xterm-256color): a fresh Python process, timed from the fork to the moment
the terminal receives the words "why this video" (tiktui's first card; the
bare app, a Header, a Static and a Footer, shows the same words in its
Static). Peak memory is the process's high-water resident set (VmHWM) at
that moment, CPU the time it spent on a processor by then (what a busy
machine's other programs do not add to). Runs alternate, medians are
quoted, and the ratios are against the bare app measured in the same run:
these machines are shared and noisy.

`--videos N` starts tiktui on a data file holding N synthetic videos
instead of the shipped catalog; `--views N` gives it N past views.

It also times `tiktui --version` and `tiktui --help` against `python -c pass`
(the same interpreter, alternating runs, medians): a command that only
answers must not pay for the app's imports.
"""

from __future__ import annotations

import argparse
import os
import pty
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

MARK = b"why this video"
BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("why this video: the reference")
        yield Footer()

Bare().run()
"""


def first_paint(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> tuple[float, int, float]:
    """(seconds from fork to MARK on the terminal, peak resident KiB by then, CPU seconds by then) for one run of
    `argv`."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    seen = b""
    try:
        while MARK not in seen:
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(f"{' '.join(argv)}: no first card after {timeout:.0f} s:\n{seen[-500:]!r}")
            try:
                seen = seen[-4096:] + os.read(fd, 65536)
            except OSError as err:
                raise RuntimeError(f"{' '.join(argv)} ended before its first card:\n{seen[-500:]!r}") from err
        took = time.perf_counter() - t0
        return took, peak_kib(pid), cpu_seconds(pid)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc: this benchmark needs Linux")


def cpu_seconds(pid: int) -> float:
    """Time the process has spent on a CPU (the scheduler's count, in ns): what other programs on a busy
    machine do not add to, unlike the wall time."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def command_times(runs: int, env: dict[str, str]) -> list[tuple[str, float]]:
    """(command, median seconds from start to exit) of `python -c pass`, `tiktui --version` and `--help`."""
    import subprocess

    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "tiktui --version": [sys.executable, "-m", "tuiapp", "--version"],
        "tiktui --help": [sys.executable, "-m", "tuiapp", "--help"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):  # the first round warms the files up and is not counted
        for name, argv in commands.items():
            t0 = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - t0)
    return [(name, statistics.median(runs_[1:])) for name, runs_ in times.items()]


def terminal_env() -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="40")
    env.pop("NO_COLOR", None)
    # As on a user's machine, where pip compiled the modules: the warm-up run writes what is missing.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def prepare(data_dir: Path, videos: int, views: int, picked: bool = False) -> None:
    """A data file as a viewer leaves it: the shipped catalog or `videos` synthetic ones, `views` past views
    (random videos, or with `picked` the ones the feed picked for that viewer)."""
    from recommender.clock import FakeClock
    from recommender.feed import FeedSession, stored_catalog
    from recommender.store import Store

    from .synthetic import add_history, add_videos

    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(data_dir / "tiktui.db")
    if videos:
        add_videos(store, videos)
    else:
        stored_catalog(store, FakeClock())
    if views:
        add_history(store, views, picked=picked)
        # Quitting tiktui keeps a snapshot, the count of videos seen and where the lists' seen fronts end: start
        # from them, as a returning viewer does (one card shown, then quit).
        import random

        session = FeedSession(store, stored_catalog(store, FakeClock()), FakeClock(), random.Random(0))
        session.start()
        session.close()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--videos", type=int, default=0, help="synthetic videos (0: the shipped catalog)")
    parser.add_argument("--views", type=int, default=0, help="past views in the history")
    parser.add_argument("--picked", action="store_true", help="a history of the feed's own picks, not of random videos")
    parser.add_argument("--keep", metavar="DIR", help="keep the data file here, and reuse it when it is there")
    args = parser.parse_args()
    env = terminal_env()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.keep) if args.keep else Path(tmp) / "data"
        if not (data / "tiktui.db").exists():
            prepare(data, args.videos, args.views, args.picked)
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE_APP)
        programs = {"bare Textual app": [sys.executable, str(bare_script)]}
        if args.views:  # the same catalog with no history, for the history's own cost
            prepare(Path(tmp) / "empty", args.videos, 0)
            programs["tiktui, no history"] = [sys.executable, "-m", "tuiapp", "--data-dir", str(Path(tmp) / "empty")]
        programs[f"tiktui, {args.views:,} views" if args.views else "tiktui"] = [
            sys.executable,
            "-m",
            "tuiapp",
            "--data-dir",
            str(data),
        ]
        results: dict[str, list[tuple[float, int, float]]] = {name: [] for name in programs}
        for argv in programs.values():  # one warm-up each: the first start reads files cold
            first_paint(argv, env)
        for _ in range(args.runs):
            for name, argv in programs.items():
                results[name].append(first_paint(argv, env))
    catalog = f"{args.videos:,} synthetic videos" if args.videos else "the shipped catalog"
    print(f"first card, {catalog}, {args.views:,} past views (median of {args.runs}, alternating runs):")
    ref_t, ref_m, ref_c = (statistics.median(r[i] for r in results["bare Textual app"]) for i in range(3))
    for name, runs in results.items():
        t, m, c = (statistics.median(r[i] for r in runs) for i in range(3))
        p99 = max(x for x, _, _ in runs)
        print(
            f"  {name:<26} {t * 1000:7.1f} ms (slowest {p99 * 1000:6.1f})  {t / ref_t:4.2f}x   "
            f"peak {m / 1024:6.1f} MiB  {m / ref_m:4.2f}x   CPU {c * 1000:6.1f} ms  {c / ref_c:4.2f}x"
        )
    if len(results) > 2:  # the history's own cost: against the same catalog with no history
        (_, empty), (name, full) = list(results.items())[1:]
        ratios = [statistics.median(r[i] for r in full) / statistics.median(r[i] for r in empty) for i in range(3)]
        print(f"  {name} against no history: {ratios[0]:.2f}x time, {ratios[1]:.2f}x memory, {ratios[2]:.2f}x CPU")
    (reference, ref), *answers = command_times(max(args.runs, 9), env)
    print(f"commands that only answer (median of {max(args.runs, 9)}, alternating runs):")
    print(f"  {reference:<26} {ref * 1000:7.1f} ms   1.00x")
    for name, took in answers:
        print(f"  {name:<26} {took * 1000:7.1f} ms   {took / ref:4.2f}x")


if __name__ == "__main__":
    main()
