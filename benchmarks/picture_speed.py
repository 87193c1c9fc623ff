"""What the moving picture costs: `python -m benchmarks.picture_speed [--seconds 10] [--swipes 200] [--colors 256]`.

In one run, against today's card (a static title in the picture's place) measured the same way:

(a) frame: building one frame (motif + half-block strips) per genre, at the portrait picture of a
    120x40 terminal (38x35 cells), at the card's picture area at 120x40, and at the full 120x40;
(b) playing: the real card (`VideoCard`, the app's stylesheet) headless at 120x40 for `--seconds`,
    ticking as the feed does (every `screens.feed.TICK`; today's card every 0.1 s), with the genre
    of most segments playing, and then tiktui itself (feed screen, session, a fresh data folder)
    swiped on to a card of that genre: frames drawn a second, the process's CPU share (CPU time /
    wall time), the bytes a terminal would receive, and Python's full garbage collections (count,
    longest). Headless Textual skips turning screen updates into terminal bytes, so these apps do
    that themselves: its cost is counted as a terminal's would be;
(c) swiping: `--swipes` new cards, each timed from `show` until the screen update holding it is
    written ("on screen", Textual's refresh scheduling included), and as the work alone
    (`show` and rendering every line of the picture, synchronously): p50 and p99, today's card
    and the picture in alternating blocks of 25 so both meet the same machine load.

Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Region
from textual.widgets import Static

import tuiapp
from recommender.cards import Card
from recommender.catalog_file import load_catalog, shipped_catalog_path
from tuiapp.app import TikTuiApp, open_session
from tuiapp.screens.feed import TICK
from tuiapp.widgets import motifs
from tuiapp.widgets.picture import Picture, cells_for, half_block_row
from tuiapp.widgets.video_card import VideoCard

TERMINAL = (120, 40)
TODAY_TICK = 0.1
"""The feed's tick before the picture (`screens/feed.py` ticks every `TICK` now)."""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# -- (a) one frame ----------------------------------------------------------------------------


def frame_costs(sizes: dict[str, tuple[int, int]], frames: int = 45) -> dict[str, dict[str, tuple[float, int]]]:
    """Per size, per genre: mean milliseconds to build a frame's strips, and its segments."""
    results: dict[str, dict[str, tuple[float, int]]] = {}
    for label, (w, h) in sizes.items():
        per_genre = {}
        for genre in sorted(motifs.GENRES):
            seed, cells = motifs.seed_of(f"bench-{genre}"), cells_for(genre, "truecolor")
            motifs.frame(seed, genre, 0.0, w, 2 * h)  # size tables and styles: once per card, not per frame
            segments = 0
            start = time.perf_counter()
            for i in range(frames):
                pixels = motifs.frame(seed, genre, i / 15, w, 2 * h)
                rows = [half_block_row(pixels[2 * y], pixels[2 * y + 1], cells) for y in range(h)]
                segments += sum(map(len, rows))
            per_genre[genre] = ((time.perf_counter() - start) / frames * 1000, segments // frames)
        results[label] = per_genre
    return results


# -- (b) and (c): the real card, headless -------------------------------------------------------


class CountsBytes(App):
    """An app that turns each screen update into terminal bytes, as a terminal app would, and counts them.

    Headless Textual builds each update but skips that step; counting it here
    puts its cost in the CPU share, and its size in the bytes a second.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bytes_out = 0
        self.updates = 0
        self.written = asyncio.Event()
        """Set when an update has been written (a swipe waits for it)."""

    def _display(self, screen: Any, renderable: Any) -> None:
        if renderable is not None and hasattr(renderable, "render_segments"):
            self.bytes_out += len(renderable.render_segments(self.console).encode())
            self.updates += 1
            self.written.set()
        super()._display(screen, renderable)


def make_app(moving: bool, motion: str, videos: list[Any]) -> Any:
    """The card as the feed shows it: its picture moving, or a static title in its place (today's card).

    With the picture, the card ticks every `TICK` as the feed does (the tick
    seeks the picture); today's card ticked every 0.1 s, its Picture is hidden
    and a title Static stands where it was.
    """

    class Bench(CountsBytes):
        CSS_PATH = str(Path(tuiapp.__file__).parent / "tiktui.tcss")
        CSS = "#bench-title { height: 100%; }"

        def __init__(self) -> None:
            super().__init__()
            self.video = videos[0]
            self.started = time.monotonic()
            self.picture: Picture | None = None
            self.title_ref: Static | None = None
            """Today's card: the title in the picture's place."""

        def compose(self) -> ComposeResult:
            yield VideoCard(id="card")

        async def on_mount(self) -> None:
            picture = self.query_one(VideoCard).query_one(Picture)
            if moving:
                self.picture = picture
                picture.motion = motion  # type: ignore[assignment]
            else:
                picture.display = False  # the card still shows and seeks it: a comparison and a no-op refresh
                self.title_ref = Static(id="bench-title", markup=False)
                await picture.parent.mount(self.title_ref, after=picture)  # type: ignore[union-attr]
            self.swipe(self.video)
            self.set_interval(TICK if moving else TODAY_TICK, self.tick)

        def card(self) -> Card:
            position = (time.monotonic() - self.started) % self.video.duration_s
            return Card(self.video, "popular now", "popular", position, 0, False, False, False, False, False, 1)

        def swipe(self, video: Any) -> None:
            """What the feed does on a swipe: the card shows the next video."""
            self.video, self.started = video, time.monotonic()
            self.query_one(VideoCard).show(self.card(), time.time())
            if self.title_ref is not None:
                self.title_ref.update(Content(video.title))

        def tick(self) -> None:
            """The feed's tick: the picture, the playback bar and the rail."""
            with suppress(NoMatches):  # the app may be closing
                self.query_one(VideoCard).tick(self.card())

    return Bench()


class GcPauses:
    """Python's full (generation 2) collections while it is on: how many, and the longest pause."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._start = 0.0

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                self._start = time.perf_counter()
            else:
                self.pauses.append((time.perf_counter() - self._start) * 1000)


def measure(app: Any, picture: Picture | None, seconds: float) -> Any:
    """Frames a second, CPU share, bytes a second and full collections of `app` over `seconds` (a coroutine)."""

    async def run() -> dict[str, float]:
        frames = picture.frames_drawn if picture else 0
        wall, cpu, sent, updates = time.perf_counter(), time.process_time(), app.bytes_out, app.updates
        with GcPauses() as gcs:
            await asyncio.sleep(seconds)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return {
            "fps": ((picture.frames_drawn - frames) if picture else 0) / wall,
            "cpu": cpu / wall,
            "kib_s": (app.bytes_out - sent) / wall / 1024,
            "updates_s": (app.updates - updates) / wall,
            "gc_full": len(gcs.pauses),
            "gc_ms": max(gcs.pauses, default=0.0),
        }

    return run()


async def play(moving: bool, motion: str, video: Any, seconds: float) -> dict[str, float]:
    """The card playing `video` (see `make_app`), measured for `seconds`."""
    app = make_app(moving, motion, [video])
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.pause(0.5)  # settle: first layout, styles, size tables
        return await measure(app, app.picture, seconds)


async def play_tiktui(genre: str, seconds: float) -> tuple[str, dict[str, float]]:
    """tiktui itself (feed screen, session, a fresh data folder), swiped on to a card of `genre` if one comes."""

    class Tiktui(CountsBytes, TikTuiApp):
        CSS_PATH = str(Path(tuiapp.__file__).parent / "tiktui.tcss")  # relative paths follow the subclass's file

    with tempfile.TemporaryDirectory() as folder:
        app = Tiktui(open_session(Path(folder) / "tiktui.db"))
        async with app.run_test(size=TERMINAL) as pilot:
            await pilot.pause(0.5)
            for _ in range(60):
                card = app.session.card()
                if card is None or card.video.genre == genre:
                    break
                await pilot.press("j")
                await pilot.pause(0.05)
            await pilot.pause(0.5)
            card = app.session.card()
            return card.video.genre if card else "-", await measure(app, app.screen.query_one(Picture), seconds)


Sample = tuple[float, bool]
"""A swipe's milliseconds, and whether a full garbage collection ran during it."""


async def swipes(moving: bool, videos: list[Any]) -> tuple[list[Sample], list[Sample]]:
    """Each swipe through `videos`: on screen (show until the update is written), and the work alone.

    Every swipe shows another video (a repeat could be served from the picture's cache).
    """
    app = make_app(moving, "full", videos)
    screen, work = [], []
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.pause(0.3)
        shown: Any = app.picture or app.title_ref
        size = shown.size
        for warm_up in videos[-3:]:  # a block's first swipes pay for styles and caches made once per app
            app.written.clear()
            app.swipe(warm_up)
            await app.written.wait()
        with GcPauses() as gcs:
            for on_screen, alone in zip(videos[1::2], videos[2::2], strict=False):
                app.written.clear()
                collections, start = len(gcs.pauses), time.perf_counter()
                app.swipe(on_screen)
                await app.written.wait()
                screen.append(((time.perf_counter() - start) * 1000, len(gcs.pauses) > collections))
                await asyncio.sleep(0.02)
                # The work alone: show the next video and render every line of what shows it, synchronously.
                collections, start = len(gcs.pauses), time.perf_counter()
                app.swipe(alone)
                shown.render_lines(Region(0, 0, size.width, size.height))
                work.append(((time.perf_counter() - start) * 1000, len(gcs.pauses) > collections))
                await asyncio.sleep(0.02)
    return screen, work


def compare_swipes(videos: list[Any], count: int, block: int = 25) -> dict[str, list[Sample]]:
    """`count` swipes each for today's card and the picture, in alternating blocks so both meet the same load."""
    samples: dict[str, list[Sample]] = {"screen today": [], "work today": [], "screen picture": [], "work picture": []}
    for first in range(0, count, block):
        chunk = videos[2 * first : 2 * (first + min(block, count - first)) + 1]
        for moving, name in ((False, "today"), (True, "picture")):
            screen, work = asyncio.run(swipes(moving, chunk))
            samples[f"screen {name}"] += screen
            samples[f"work {name}"] += work
    return samples


async def picture_area() -> tuple[int, int]:
    """The cells the picture gets in the card at 120x40."""
    app = make_app(True, "full", list(load_catalog(shipped_catalog_path()).videos[:1]))
    async with app.run_test(size=TERMINAL) as pilot:
        await pilot.pause()
        width, height = app.picture.content_size
        return width, height


def report_frames(sizes: dict[str, tuple[int, int]]) -> dict[str, dict[str, tuple[float, int]]]:
    print("\n(a) one frame, motif + strips, ms (mean of 45 frames); segments per frame")
    costs = frame_costs(sizes)
    print(f"{'size':<16} {'mean ms':>8} {'worst ms':>9} {'worst genre':<12} {'segments':>9}")
    for label, per_genre in costs.items():
        worst = max(per_genre, key=lambda g: per_genre[g][0])
        mean = statistics.mean(ms for ms, _ in per_genre.values())
        print(f"{label:<16} {mean:>8.2f} {per_genre[worst][0]:>9.2f} {worst:<12} {per_genre[worst][1]:>9}")
    return costs


def report_playing(video: Any, seconds: float) -> None:
    genre = video.genre
    print(f"\n(b) playing {seconds:.0f} s headless at 120x40, {genre} ({motifs.family_of(genre)}), the most segments")
    played, tiktui = asyncio.run(play_tiktui(genre, seconds))
    rows = [
        ("today: static card", asyncio.run(play(False, "full", video, seconds))),
        ("card, --motion full", asyncio.run(play(True, "full", video, seconds))),
        ("card, --motion low", asyncio.run(play(True, "low", video, seconds))),
        (f"tiktui itself, {played}", tiktui),
    ]
    base_cpu = rows[0][1]["cpu"]
    print(
        f"{'app':<24} {'frames/s':>9} {'CPU %':>7} {'vs today':>9} {'updates/s':>10} {'KiB/s out':>10}"
        f" {'full GCs':>9} {'longest':>8}"
    )
    for label, r in rows:
        print(
            f"{label:<24} {r['fps']:>9.1f} {r['cpu'] * 100:>7.1f} {r['cpu'] / base_cpu:>8.1f}x {r['updates_s']:>10.1f} "
            f"{r['kib_s']:>10.1f} {r['gc_full']:>9.0f} {r['gc_ms']:>6.0f}ms"
        )


def report_swipes(videos: list[Any], count: int) -> None:
    print(f"\n(c) {count} swipes through the catalog (all genres), ms; today and picture in alternating blocks")
    print("    no-GC: leaving out swipes during which a full garbage collection ran (they hit both cards alike)")
    samples = compare_swipes(videos, count)
    print(f"{'':<28} {'p50':>7} {'p99':>7} {'p50 +':>7} {'p99 +':>7}   {'no-GC p99':>9} {'p99 +':>7} {'GC hit':>6}")
    for what, label in (("screen", "on screen"), ("work", "work (show + render)")):
        today = samples[f"{what} today"]
        for name in ("today", "picture"):
            runs = samples[f"{what} {name}"]
            every, no_gc = [ms for ms, _ in runs], [ms for ms, gc_ran in runs if not gc_ran]
            line = f"{label + ', ' + name:<28} {pct(every, 0.5):>7.2f} {pct(every, 0.99):>7.2f} "
            if name == "today":
                line += f"{'':>15}   {pct(no_gc, 0.99):>9.2f} {'':>7}"
            else:
                base, base_no_gc = [ms for ms, _ in today], [ms for ms, gc_ran in today if not gc_ran]
                line += (
                    f"{pct(every, 0.5) - pct(base, 0.5):>+7.2f} {pct(every, 0.99) - pct(base, 0.99):>+7.2f}   "
                    f"{pct(no_gc, 0.99):>9.2f} {pct(no_gc, 0.99) - pct(base_no_gc, 0.99):>+7.2f}"
                )
            print(f"{line} {sum(gc_ran for _, gc_ran in runs):>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="wall time each playing app is measured")
    parser.add_argument("--swipes", type=int, default=200)
    parser.add_argument("--colors", choices=("truecolor", "256"), default="truecolor")
    args = parser.parse_args()
    # The terminal the app believes it has (read by Rich when each app starts).
    os.environ["COLORTERM"] = "truecolor" if args.colors == "truecolor" else ""
    os.environ["TERM"] = "xterm-256color"
    os.environ.pop("NO_COLOR", None)

    print(f"cpus {os.cpu_count()} (load average {os.getloadavg()[0]:.1f}), colours {args.colors}, terminal 120x40")
    catalog = load_catalog(shipped_catalog_path())
    area = asyncio.run(picture_area())
    card = f"card {area[0]}x{area[1]}"
    costs = report_frames({"portrait 38x35": (38, 35), card: area, "full 120x40": TERMINAL})
    heavy = max(costs[card], key=lambda g: costs[card][g][1])  # most segments: most work for Textual and the terminal
    report_playing(next(v for v in catalog.videos if v.genre == heavy), args.seconds)
    report_swipes(list(catalog.videos[: 2 * args.swipes + 1]), args.swipes)


if __name__ == "__main__":
    main()
