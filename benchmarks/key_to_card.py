"""Key press to new card, in a real terminal: `python -m benchmarks.key_to_card`.

    python -m benchmarks.key_to_card [--videos 100000] [--swipes 80] [--motion full|low|off] [--keep DIR]
                                     [--checkout DIR]

tiktui is started on a data file of `--videos` synthetic videos in a pseudo-terminal (100x40,
xterm-256color, as `first_card` starts it) and swiped `--swipes` times like a person: a random
0.25-0.5 s (seeded) between presses of `j`. A reader thread stamps every chunk the terminal
receives. When the app has quit, the views table says which card each press brought (view 1 is
the first card, view i+1 the card of press i), and each press is timed to the first chunk after it
(with ANSI escape sequences stripped) that holds:

- "@creator" of that card (its overlay line): the card can be read. When the card before had the
  same creator, its title ("video N", unique in the synthetic catalog) is looked for instead,
  since redraws of the old card would show the same handle.
- the card's length in its playback bar (" / 0:24"): the first frame of the new card. With
  `--motion full` the card slides in from below over 150 ms and its overlay, docked at the
  frame's bottom, comes into view last: the first frame shows the top of the picture and the
  bar. When the card before had the same length, the first frame is not told apart, and the
  creator's time stands in for it.

A press is looked for until the next press; one that is not shown by then is looked for until the
next card shows, and reported as late (counted) or as never shown (listed, left out of the
figures). The reference, measured in the same run just before tiktui and swiped with the same
pauses, is a bare Textual app (Header, Static, Footer) whose `j` puts "@refN" in its Static.
Peak memory is each process's VmHWM just before it is asked to quit. Each program is started by a
small launcher that times every garbage collection in it (`gc.callbacks`, stamped with the same
monotonic clock as the presses) and writes them out when the program ends: the longest pause that
began between a press and its card being readable is reported (the product's limit: 20 ms), and the
longest anywhere during the swipes. The CPU each process used from the first press to the last card (all its
threads, from /proc) is given per swipe. Figures only: nothing here asserts a time; the product's target
is a p99 within 50 ms.

Each press is also given the CPU its program used (all threads, the scheduler's nanoseconds) from that press
to the next, and the five slowest swipes are listed by number with that CPU: a slow swipe that used little CPU
waited for a core (other work on the machine), one that used much did work (where it falls tells what).
`--checkout DIR` runs the tiktui of another checkout (`/work/main`, say) on the same terms, for runs paired
with it; the header line gives the load average at the start of the run.
"""

from __future__ import annotations

import argparse
import bisect
import fcntl
import json
import os
import pty
import random
import re
import signal
import sqlite3
import statistics
import struct
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from .first_card import MARK, peak_kib, terminal_env

SIZE = (100, 40)
"""Columns and rows of the terminal."""
TARGET_MS = 50.0
"""The product's target for the p99 from key to new card."""
GC_LIMIT_MS = 20.0
"""The product's limit for one collection's pause during a swipe."""
SETTLE = 1.0
"""Seconds after the first card before the first swipe (start-up is `first_card`'s business)."""
SLOWEST = 5
"""How many of the slowest swipes are listed, by number."""
WAIT = 60.0
"""Longest wait for a first card or for a quit."""
ANSI = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, up to BEL or ST
    rb"|[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    rb"|[@-Z\\-_])"  # two-byte sequences
)
REF_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Reference(App):
    BINDINGS = [("j", "next", "Next"), ("q", "quit", "Quit")]
    n = 0

    def compose(self):
        yield Header()
        yield Static("why this video: the reference", id="card")
        yield Footer()

    def action_next(self):
        self.n += 1
        self.query_one("#card", Static).update(f"@ref{self.n} · the reference card")

Reference().run()
"""
GC_LAUNCHER = """
import gc, json, os, runpy, sys, time

out, how, what = sys.argv[1:4]
if how == "-m":  # as `python -m` does: modules are found from the working directory
    sys.path.insert(0, os.getcwd())
sys.argv = [what] + sys.argv[4:]
pauses, began = [], []

def timed(phase, info):
    if phase == "start":
        began.append((time.perf_counter(), time.thread_time()))
    elif began:
        start, cpu = began.pop()
        pauses.append((start, time.perf_counter() - start, info["generation"], time.thread_time() - cpu))

gc.callbacks.append(timed)
try:
    if how == "-m":
        runpy.run_module(what, run_name="__main__", alter_sys=True)
    else:
        runpy.run_path(what, run_name="__main__")
finally:
    with open(out, "w") as f:
        json.dump(pauses, f)
"""
"""Runs a module (-m) or script with each collection timed: (start, seconds, generation, CPU seconds of the
collecting thread: on a busy machine the wall time also holds time the process waited for a core)."""


class Terminal:
    """One program in one pty; `chunks` is every read from it, stamped with `time.perf_counter()`."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str | None = None) -> None:
        self.argv = argv
        self.chunks: list[tuple[float, bytes]] = []
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the terminal has its size before the program looks
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
                if cwd is not None:
                    os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.status: int | None = None
        self.problems: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: the program has gone
                return
            if not chunk:
                return
            self.chunks.append((time.perf_counter(), chunk))  # one append: safe across threads in CPython

    def tail(self, n: int = 600) -> bytes:
        return b"".join(c for _, c in self.chunks[-20:])[-n:]

    def wait_for(self, mark: bytes) -> None:
        deadline = time.perf_counter() + WAIT
        while mark not in b"".join(c for _, c in self.chunks):
            if not self.running:
                raise RuntimeError(f"{' '.join(self.argv)} ended ({self.status}) before {mark!r}:\n{self.tail()!r}")
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{' '.join(self.argv)}: no {mark!r} after {WAIT:.0f} s:\n{self.tail()!r}")
            time.sleep(0.01)

    def press(self, key: bytes) -> float:
        """Send a key; return when it was sent."""
        at = time.perf_counter()
        os.write(self.fd, key)
        return at

    @property
    def running(self) -> bool:
        if self.status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.status = os.waitstatus_to_exitcode(status)
        return False

    def quit(self) -> None:
        """Press q and wait for the program to end (killed after `WAIT`); close the pty."""
        self.press(b"q")
        deadline = time.perf_counter() + WAIT
        while self.running and time.perf_counter() < deadline:
            time.sleep(0.02)
        if self.running:
            os.kill(self.pid, signal.SIGKILL)
            self.status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            self.problems.append(f"did not quit on q within {WAIT:.0f} s: killed")
        self._reader.join(timeout=5)
        os.close(self.fd)


def stripped(chunks: list[tuple[float, bytes]], start: int, end: int) -> bytes:
    return ANSI.sub(b"", b"".join(c for _, c in chunks[start:end]))


def first_shown(chunks: list[tuple[float, bytes]], start: int, end: int, marker: re.Pattern[bytes]) -> int | None:
    """Index of the first chunk in [start, end) by which the output since `start`, stripped, holds `marker`."""
    if start >= end or not marker.search(stripped(chunks, start, end)):
        return None
    lo, hi = start, end - 1  # the smallest hi with the marker in chunks[start : hi + 1]
    while lo < hi:
        mid = (lo + hi) // 2
        if marker.search(stripped(chunks, start, mid + 1)):
            hi = mid
        else:
            lo = mid + 1
    return lo


@dataclass
class Swipes:
    """The presses of one run and what each brought."""

    name: str
    keys: list[float] = field(default_factory=list)
    peak_kib: int = 0
    readable: list[float | None] = field(default_factory=list)
    """Seconds from each press to its card being readable; None: never shown."""
    first_frame: list[float | None] = field(default_factory=list)
    late: list[int] = field(default_factory=list)
    """Presses (from 1) whose card showed only after the next press."""
    unmatched: int = 0
    """Presses that wrote no view (no new card): counted as never shown, though which ones is not known."""
    stand_ins: dict[str, int] = field(default_factory=dict)
    """How often a marker stood in for another (a repeated creator or length)."""
    problems: list[str] = field(default_factory=list)
    collections: list[tuple[float, float, int, float]] = field(default_factory=list)
    """Every collection in the program: (when it began, seconds, generation, CPU seconds)."""
    cpu: float = 0.0
    """CPU seconds the program used (all its threads) from the first press to its last card's time to show."""
    spent: list[float] = field(default_factory=list)
    """CPU seconds the program used (all its threads, the scheduler's count) from each press to the next."""


def swipe(
    argv: list[str], env: dict[str, str], delays: list[float], name: str, cwd: str | None = None
) -> tuple[Swipes, Terminal]:
    """Start `argv` (a module or script and its arguments) under the collection-timing launcher, wait for its
    first card, press j after each delay, then quit; the output and the collections are kept."""
    with tempfile.TemporaryDirectory() as tmp:
        launcher, pauses = Path(tmp) / "launch.py", Path(tmp) / "gc.json"
        launcher.write_text(GC_LAUNCHER)
        run, term = _swipe([sys.executable, str(launcher), str(pauses), *argv], env, delays, name, cwd)
        if pauses.exists():
            run.collections = [(float(a), float(b), int(g), float(c)) for a, b, g, c in json.loads(pauses.read_text())]
        else:
            run.problems.append("its collections were not written out")
    return run, term


def _swipe(
    argv: list[str], env: dict[str, str], delays: list[float], name: str, cwd: str | None = None
) -> tuple[Swipes, Terminal]:
    term = Terminal(argv, env, cwd)
    run = Swipes(name)
    try:
        term.wait_for(MARK)
        time.sleep(SETTLE)
        cpu = cpu_seconds(term.pid)
        marks: list[float] = []
        for delay in delays:
            time.sleep(delay)
            marks.append(thread_cpu(term.pid))
            run.keys.append(term.press(b"j"))
            if not term.running:
                raise RuntimeError(f"{name} ended ({term.status}) during the swipes:\n{term.tail()!r}")
        time.sleep(0.5)  # the last card's time to show
        run.cpu = cpu_seconds(term.pid) - cpu
        marks.append(thread_cpu(term.pid))
        run.spent = [b - a for a, b in pairwise(marks)]
        run.peak_kib = peak_kib(term.pid)
    finally:
        term.quit()
    run.problems += term.problems
    if term.status:
        run.problems.append(f"exited with status {term.status}")
    return run, term


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a running process, all its threads (/proc: 10 ms steps)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu(pid: int) -> float:
    """CPU seconds of a running process, all its threads, in the scheduler's nanoseconds (not /proc's 10 ms
    ticks: precise enough for one swipe)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):  # a thread that ended meanwhile
            continue
    return total / 1e9


def measure(run: Swipes, chunks: list[tuple[float, bytes]], markers: Sequence[tuple[re.Pattern[bytes], ...]]) -> None:
    """Time each press to the first chunk showing its markers (`markers[i]`: readable, then first frame)."""
    times = [t for t, _ in chunks]
    starts = [bisect.bisect_left(times, k) for k in run.keys] + [len(chunks)]
    kinds = len(markers[0]) if markers else 0
    found: list[list[int | None]] = [
        [first_shown(chunks, starts[i], starts[i + 1], m[k]) for k in range(kinds)] for i, m in enumerate(markers)
    ]
    for i, (key, m) in enumerate(zip(run.keys, markers, strict=True)):
        for k in range(kinds):
            if found[i][k] is None:  # not before the next press: look on until the next card shows
                nxt = found[i + 1][0] if i + 1 < len(found) else None
                found[i][k] = first_shown(chunks, starts[i], (nxt + 1) if nxt is not None else len(chunks), m[k])
                if k == 0 and found[i][k] is not None:
                    run.late.append(i + 1)
        at = [None if f is None else times[f] - key for f in found[i]]
        run.readable.append(at[0])
        # The first frame is at the latest the one that makes the card readable (the bar may be written after).
        run.first_frame.append(None if at[0] is None else min(at[0], at[-1] if at[-1] is not None else at[0]))


def gc_row(run: Swipes) -> None:
    """The longest collection that began between a press and its card (and the longest during the swipes)."""
    if not run.keys:
        return
    during = [
        (seconds, cpu, gen, i + 1)
        for start, seconds, gen, cpu in run.collections
        for i, (key, shown) in enumerate(zip(run.keys, run.readable, strict=False))
        if shown is not None and key <= start <= key + shown
    ]
    end = run.keys[-1] + (run.readable[len(run.keys) - 1] or 0.5)
    anywhere = [seconds for start, seconds, *_ in run.collections if run.keys[0] <= start <= end]
    longest = max(during, default=None)
    worst = (
        f"{longest[0] * 1000:5.1f} ms (CPU {longest[1] * 1000:.1f} ms, gen {longest[2]}, swipe {longest[3]})"
        if longest
        else "none"
    )
    full = sum(1 for *_, gen, _ in during if gen == 2)
    print(
        f"    {run.name}: longest GC pause in a swipe {worst}, {len(during)} collection(s) in swipes "
        f"({full} full); "
        f"longest while swiping {max(anywhere, default=0.0) * 1000:.1f} ms;  limit {GC_LIMIT_MS:.0f} ms: "
        f"{'within' if not longest or longest[0] * 1000 <= GC_LIMIT_MS else 'over'}"
    )


def card_markers(cards: list[tuple[str, str, float]], run: Swipes) -> list[tuple[re.Pattern[bytes], ...]]:
    """For each press, (readable, first frame) markers of the card it brought; `cards` holds the card before too."""
    out: list[tuple[re.Pattern[bytes], ...]] = []
    for (creator, _, length), (new_creator, title, new_length) in pairwise(cards):
        if new_creator == creator:
            run.stand_ins["title for a repeated creator"] = run.stand_ins.get("title for a repeated creator", 0) + 1
            readable = re.compile(re.escape(title.encode()) + rb"(?!\w)")
        else:
            readable = re.compile(re.escape(b"@" + new_creator.encode()) + rb"(?!\w)")
        if clock_text(new_length) == clock_text(length):
            run.stand_ins["creator for a repeated length"] = run.stand_ins.get("creator for a repeated length", 0) + 1
            frame = readable
        else:
            frame = re.compile(re.escape(f" / {clock_text(new_length)}".encode()) + rb"(?![\d:])")
        out.append((readable, frame))
    return out


def clock_text(seconds: float) -> str:
    """As the playback bar writes a length (`tuiapp.widgets.playback_bar.clock_text`)."""
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def views_since(db: Path, after: int) -> list[tuple[str, str, float]]:
    """(creator, title, length in seconds) of each card shown after view `after`, in order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT videos.creator, videos.title, videos.duration_s FROM views v"
            " JOIN videos ON videos.id = v.video_id WHERE v.id > ? ORDER BY v.id",
            (after,),
        ).fetchall()
    finally:
        conn.close()


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def prepare(data: Path, videos: int) -> None:
    from recommender.store import Store

    from .synthetic import add_videos

    data.mkdir(parents=True, exist_ok=True)
    store = Store.open(data / "tiktui.db")
    add_videos(store, videos)
    store.close()


def summary(values: list[float | None]) -> tuple[float, float, float, int] | None:
    """(p50, p99, max) in ms and how many were shown; None when none was."""
    shown = sorted(v * 1000 for v in values if v is not None)
    if not shown:
        return None
    p99 = statistics.quantiles(shown, n=100, method="inclusive")[98] if len(shown) > 1 else shown[0]
    return statistics.median(shown), p99, shown[-1], len(shown)


def row(label: str, values: list[float | None], peak: int | None = None) -> float | None:
    s = summary(values)
    mem = f"  peak {peak / 1024:6.1f} MiB" if peak else ""
    if s is None:
        print(f"  {label:<34} nothing shown{mem}")
        return None
    p50, p99, top, n = s
    worst = max(range(len(values)), key=lambda i: values[i] or 0.0) + 1
    print(
        f"  {label:<34} p50 {p50:6.1f}  p99 {p99:6.1f}  max {top:6.1f} ms (swipe {worst:>3})"
        f"  shown {n}/{len(values)}{mem}"
    )
    return p99


def slowest(run: Swipes, n: int = SLOWEST) -> str:
    """The `n` slowest swipes of a run, as "#swipe ms", slowest first (where they fall tells a cause)."""
    shown = [(v, i + 1) for i, v in enumerate(run.readable) if v is not None]
    cpu = run.spent + [0.0] * len(run.readable)
    return ", ".join(f"#{i} {v * 1000:.1f} (CPU {cpu[i - 1] * 1000:.1f})" for v, i in sorted(shown, reverse=True)[:n])


def report(run: Swipes) -> None:
    missing = [i + 1 for i, v in enumerate(run.readable[: len(run.readable) - run.unmatched]) if v is None]
    if missing:
        print(f"  ! {run.name}: {len(missing)} swipe(s) never showed their card: {missing}")
    if run.unmatched:
        print(f"  ! {run.name}: {run.unmatched} press(es) brought no new card (no view written): counted as not shown")
    if run.late:
        print(f"  ! {run.name}: {len(run.late)} swipe(s) showed their card only after the next press: {run.late}")
    for what, n in run.stand_ins.items():
        print(f"  ({run.name}: {n} swipe(s) timed by the {what})")
    for problem in run.problems:
        print(f"  ! {run.name}: {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--videos", type=int, default=100_000, help="synthetic videos in the data file")
    parser.add_argument("--swipes", type=int, default=80)
    parser.add_argument("--motion", choices=("full", "low", "off"), default="full")
    parser.add_argument("--seed", type=int, default=0, help="seeds the pauses between presses")
    parser.add_argument("--keep", metavar="DIR", help="keep the data file here, and reuse it when it is there")
    parser.add_argument(
        "--checkout", metavar="DIR", help="run the tiktui of this checkout (another worktree: runs paired with it)"
    )
    args = parser.parse_args()
    env = terminal_env()
    rng = random.Random(args.seed)
    delays = [rng.uniform(0.25, 0.5) for _ in range(args.swipes)]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(args.keep) if args.keep else Path(tmp) / "data"
        db = data / "tiktui.db"
        if not db.exists():
            prepare(data, args.videos)
        catalog = count(db, "SELECT COUNT(*) FROM videos")
        ref_script = Path(tmp) / "reference.py"
        ref_script.write_text(REF_APP)

        ref, ref_term = swipe(["-", str(ref_script)], env, delays, "bare Textual app")
        ref_markers = [(re.compile(rb"@ref%d(?!\w)" % (i + 1)),) for i in range(len(ref.keys))]
        measure(ref, ref_term.chunks, ref_markers)

        before = count(db, "SELECT COALESCE(MAX(id), 0) FROM views")
        argv = ["-m", "tuiapp", "--data-dir", str(data), "--motion", args.motion]
        app, app_term = swipe(argv, env, delays, "tiktui", args.checkout)
        cards = views_since(db, before)
        if len(cards) != len(app.keys) + 1:
            app.problems.append(
                f"{len(cards)} views were written for {len(app.keys)} presses and the first card: "
                "presses and cards are not one to one, so some may be paired with the wrong card"
            )
        markers = card_markers(cards, app)[: len(app.keys)]
        app.unmatched = len(app.keys) - len(markers)
        app.keys = app.keys[: len(markers)]
        measure(app, app_term.chunks, markers)
        app.readable += [None] * app.unmatched
        app.first_frame += [None] * app.unmatched

    print(
        f"key j to new card: {catalog:,} videos, --motion {args.motion}, {len(delays)} swipes "
        f"{0.25:.2f}-{0.5:.2f} s apart (seed {args.seed}), a {SIZE[0]}x{SIZE[1]} xterm-256color pty"
        + (f"; tiktui of {args.checkout}" if args.checkout else "")
        + f"; load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
    )
    ref_p99 = row("bare Textual app: @refN shown", ref.readable, ref.peak_kib)
    row("tiktui: first frame of the card", app.first_frame)
    app_p99 = row("tiktui: @creator shown", app.readable, app.peak_kib)
    if ref_p99 and app_p99:
        print(
            f"  p99 @creator / reference: {app_p99 / ref_p99:.2f}x;  target p99 <= {TARGET_MS:.0f} ms: "
            f"{'within' if app_p99 <= TARGET_MS else 'over'}"
        )
    print(
        "  CPU per swipe (the whole process, its ticks between presses included): "
        + ",  ".join(f"{run.name} {run.cpu / max(1, len(delays)) * 1000:.1f} ms" for run in (ref, app))
    )
    for run in (ref, app):
        spent = sorted(run.spent)
        p99 = statistics.quantiles(spent, n=100, method="inclusive")[98] if len(spent) > 1 else 0.0
        print(
            f"  {run.name}: CPU from a press to the next, p50 {statistics.median(spent or [0.0]) * 1000:.1f}"
            f"  p99 {p99 * 1000:.1f} ms;  slowest swipes, ms (CPU till the next press): {slowest(run)}"
        )
    print("  collections (timed in each process):")
    for run in (ref, app):
        gc_row(run)
    for run in (ref, app):
        report(run)


if __name__ == "__main__":
    main()
