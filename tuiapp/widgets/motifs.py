"""Moving pictures made from a video's id and genre: palettes, motif families and frames (pure, no I/O).

A picture is a grid of *levels*, 0 (the palette's darkest colour) to `TOP`
(its brightest), one per pixel. `frame(seed, genre, t, width, height)` draws
one: the genre chooses the palette and the motif family, the seed (from the
video id, `seed_of`) chooses the family's parameters, and `t` is the time in
the video, in seconds. The same arguments always give the same rows, so a
frame is a function of the video and its position: pausing freezes it,
replaying restarts it, and with `duration` given a loop repeats it.

Each family is one small class whose `draw` says what it paints. Speed comes
from tables built once per seed or per size (a sine table, distance grids),
so a frame is a few list comprehensions over integers.
"""

from __future__ import annotations

import math
import random
import zlib
from functools import lru_cache
from typing import Any

LEVELS = 32
"""Colours in a palette; a pixel is an index into it (five bits: few styles, long runs)."""
TOP = LEVELS - 1
"""The brightest level."""

RGB = tuple[int, int, int]
Rows = list[list[int]]


def seed_of(video_id: str) -> int:
    """A stable seed for a video id (crc32: the same in every process, unlike `hash`)."""
    return zlib.crc32(video_id.encode("utf-8"))


def _mix(seed: int, *keys: int) -> float:
    """A stable pseudo-random number in [0, 1) for a seed and some integers (a column, a bar, a star)."""
    return zlib.crc32(repr((seed, *keys)).encode()) / 2**32


def _wave(amplitude: int) -> tuple[int, ...]:
    """A sine over 256 steps (one turn), as integers from 0 to `amplitude`."""
    return tuple(round((1 + math.sin(2 * math.pi * i / 256)) / 2 * amplitude) for i in range(256))


WAVE = _wave(TOP)
"""One turn of a sine, 0..TOP; index it with `& 255` (256 steps to a turn)."""
WAVE_THIRD = _wave(TOP // 3)
"""Three of these added stay within 0..TOP."""
WAVE_HALF = _wave(TOP // 2)


def _turns(t: float, per_second: float) -> int:
    """How far a phase moving `per_second` turns a second has gone at `t`, in 256ths of a turn."""
    return int(t * per_second * 256)


def _clamp(level: float) -> int:
    return 0 if level < 0 else TOP if level > TOP else int(level)


@lru_cache(maxsize=4)
def _distances(w: int, h: int) -> tuple[tuple[float, ...], ...]:
    """Each pixel's distance from the frame's centre, for every seed of a size (a new video's picture is made
    from these tables, not from a square root per pixel)."""
    cx, cy = (w - 1) / 2, (h - 1) / 2
    return tuple(tuple(math.hypot(x - cx, y - cy) for x in range(w)) for y in range(h))


@lru_cache(maxsize=4)
def _angles(w: int, h: int) -> tuple[tuple[float, ...], ...]:
    """Each pixel's angle about the frame's centre, in 256ths of a turn, for every seed of a size."""
    cx, cy = (w - 1) / 2, (h - 1) / 2
    turn = 256 / (2 * math.pi)
    return tuple(tuple(math.atan2(y - cy, x - cx) * turn for x in range(w)) for y in range(h))


class Motif:
    """One family of moving pictures; `seed` varies its parameters, so two videos of a genre differ."""

    name = "motif"

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._grids: dict[tuple[int, int], Any] = {}

    def draw(self, t: float, w: int, h: int) -> Rows:
        """`h` rows of `w` levels at time `t` (seconds); `w` and `h` are at least 1."""
        raise NotImplementedError

    def grid(self, w: int, h: int) -> Any:
        """Tables that depend on the size only, built once per size (one size kept at a time)."""
        key = (w, h)
        if key not in self._grids:
            self._grids = {key: self.build(w, h)}
        return self._grids[key]

    def build(self, w: int, h: int) -> Any:
        """The size tables of `grid` (none unless a family needs them)."""
        return None


class Plasma(Motif):
    """Three sine waves (across, down and diagonal) drifting at their own speeds: soft colour clouds."""

    name = "plasma"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.kx, self.ky, self.kd = rng.randint(3, 9), rng.randint(3, 9), rng.randint(2, 6)
        self.speeds = [rng.uniform(0.05, 0.25) * rng.choice((-1, 1)) for _ in range(3)]

    def draw(self, t: float, w: int, h: int) -> Rows:
        a1, a2, a3 = (_turns(t, s) for s in self.speeds)
        across = [WAVE_THIRD[(x * self.kx + a1) & 255] for x in range(w)]
        diagonal = [x * self.kd for x in range(w)]
        rows = []
        for y in range(h):
            down = WAVE_THIRD[(y * self.ky - a2) & 255]
            shift = y * self.kd + a3
            rows.append([c + down + WAVE_THIRD[(d + shift) & 255] for c, d in zip(across, diagonal, strict=True)])
        return rows


class Stripes(Motif):
    """Diagonal bands of three or four colours sliding past: a runway, a racing track."""

    name = "stripes"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.dx, self.dy = rng.randint(3, 8), rng.randint(3, 8) * rng.choice((-1, 1))
        self.speed = rng.uniform(0.15, 0.5)
        bands = [rng.randint(2, 8), rng.randint(11, 17), rng.randint(20, 25), rng.randint(27, TOP)][: rng.randint(3, 4)]
        rng.shuffle(bands)  # distinct levels in a seeded order
        # A band profile of 256 steps: each band a flat level with a soft two-step edge into the next.
        width = 256 // len(bands)
        self.profile = []
        for i in range(256):
            band, into = divmod(i, width)
            here, ahead = bands[band % len(bands)], bands[(band + 1) % len(bands)]
            self.profile.append(here if into < width - 8 else (here + ahead) // 2)

    def draw(self, t: float, w: int, h: int) -> Rows:
        a = _turns(t, self.speed)
        across = [x * self.dx for x in range(w)]
        profile = self.profile
        return [[profile[(c + shift) & 255] for c in across] for shift in (y * self.dy - a for y in range(h))]


class Ripples(Motif):
    """Rings spreading out from one or two points, like drops on water or a pulse."""

    name = "ripples"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.centres = [(rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)) for _ in range(rng.randint(1, 2))]
        self.spacing = rng.uniform(14, 28)  # 256ths of a turn per pixel outwards: rings every 9 to 18 pixels
        self.speed = rng.uniform(0.4, 0.9)

    def build(self, w: int, h: int) -> Any:
        hypot, spacing = math.hypot, self.spacing
        grids = []
        for fx, fy in self.centres:
            across, cy = [x - fx * w for x in range(w)], fy * h
            grids.append([[int(hypot(dx, dy) * spacing) for dx in across] for dy in (y - cy for y in range(h))])
        return grids

    def draw(self, t: float, w: int, h: int) -> Rows:
        a = _turns(t, self.speed)
        grids = self.grid(w, h)
        if len(grids) == 1:
            return [[WAVE[(d - a) & 255] for d in row] for row in grids[0]]
        return [
            [WAVE_HALF[(d1 - a) & 255] + WAVE_HALF[(d2 - a) & 255] for d1, d2 in zip(r1, r2, strict=True)]
            for r1, r2 in zip(*grids, strict=True)
        ]


class Spiral(Motif):
    """A spiral of two to five arms turning about the centre."""

    name = "spiral"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.arms = rng.randint(2, 5)
        self.twist = rng.uniform(4, 12) * rng.choice((-1, 1))  # 256ths of a turn per pixel from the centre
        self.spin = rng.uniform(0.2, 0.6) * rng.choice((-1, 1))

    def build(self, w: int, h: int) -> Any:
        arms, twist = self.arms, self.twist
        return [
            [int(a * arms + d * twist) for a, d in zip(angles, distances, strict=True)]
            for angles, distances in zip(_angles(w, h), _distances(w, h), strict=True)
        ]

    def draw(self, t: float, w: int, h: int) -> Rows:
        a = _turns(t, self.spin)
        grid = self.grid(w, h)
        return [[WAVE[(b - a) & 255] for b in row] for row in grid]


class Equaliser(Motif):
    """Bars rising and falling like a music equaliser, brighter towards the top."""

    name = "equaliser"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.bar, self.gap = rng.randint(2, 4), rng.randint(1, 2)
        self.tempo = rng.uniform(0.6, 1.6)
        self._bars: list[tuple[float, float, float, float]] = []

    def _bar_params(self, i: int) -> tuple[float, float, float, float]:
        """Two beats (frequency and phase each) for bar `i`, stable for any width."""
        while len(self._bars) <= i:
            k = len(self._bars)
            f1, p1, f2, p2 = (_mix(self.seed, k, j) for j in range(4))
            self._bars.append((f1, p1, f2, p2))
        return self._bars[i]

    def draw(self, t: float, w: int, h: int) -> Rows:
        step = self.bar + self.gap
        heights = []
        for i in range((w + step - 1) // step):
            f1, p1, f2, p2 = self._bar_params(i)
            beat = 0.5 + 0.5 * math.sin(2 * math.pi * ((0.5 + f1) * self.tempo * t + p1))
            swell = 0.6 + 0.4 * math.sin(2 * math.pi * ((0.2 + f2 * 0.3) * t + p2))
            heights.append((0.08 + 0.87 * beat * swell) * h)
        # Each column's bar height in pixels (-1 in a gap between bars).
        columns = [heights[x // step] if x % step < self.bar else -1.0 for x in range(w)]
        rows = []
        for y in range(h):
            up = h - y  # pixels from the bottom, 1 for the last row
            lit = 6 + (TOP - 6) * up // h
            back = 1 if up > 2 else 3  # a faint floor line
            rows.append([lit if c >= up else back for c in columns])
        return rows


class Bubbles(Motif):
    """Round bubbles rising and swaying over a soft gradient, each with a rim and a glint."""

    name = "bubbles"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.bubbles = [
            # x (fraction of width), radius (fraction of height), rise (heights a second), sway, phase
            (rng.random(), rng.uniform(0.04, 0.12), rng.uniform(0.05, 0.18), rng.uniform(0.5, 3), rng.random())
            for _ in range(rng.randint(6, 14))
        ]
        self.light = rng.randint(4, 9)

    def draw(self, t: float, w: int, h: int) -> Rows:
        rows = [[self.light * (y + 1) // h] * w for y in range(h)]
        for fx, fr, rise, sway, phase in self.bubbles:
            r = max(1.0, fr * h)
            travel = h + 2 * r
            cy = h + r - ((phase + t * rise) % 1.0) * travel
            cx = fx * w + sway * math.sin(2 * math.pi * (t * 0.3 + phase))
            for y in range(max(0, int(cy - r)), min(h, int(cy + r) + 1)):
                row = rows[y]
                for x in range(max(0, int(cx - r)), min(w, int(cx + r) + 1)):
                    d = math.hypot(x - cx, y - cy)
                    if d <= r:
                        row[x] = TOP - 4 if d > r - 1 else min(TOP - 6, row[x] + 6)  # rim, then a see-through body
            gx, gy = int(cx - r / 2), int(cy - r / 2)
            if r >= 2 and 0 <= gx < w and 0 <= gy < h:
                rows[gy][gx] = TOP  # the glint
        return rows


class Orbits(Motif):
    """Dots circling a glowing centre on tilted orbits, each trailing a fading tail."""

    name = "orbits"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.dots = [
            # radius (fraction of the smaller side), squash, turns a second, phase
            (rng.uniform(0.15, 0.48), rng.uniform(0.4, 1.0), rng.uniform(0.1, 0.5) * rng.choice((-1, 1)), rng.random())
            for _ in range(rng.randint(3, 6))
        ]
        self.glow = rng.uniform(0.5, 1.2)

    def build(self, w: int, h: int) -> Any:
        glow, size = self.glow, max(1, min(w, h))
        return [  # _clamp, inline
            [0 if (v := 12 - d * 24 * glow / size) < 0 else TOP if v > TOP else int(v) for d in row]
            for row in _distances(w, h)
        ]

    def draw(self, t: float, w: int, h: int) -> Rows:
        background = self.grid(w, h)
        rows = [row[:] for row in background]
        cx, cy, size = (w - 1) / 2, (h - 1) / 2, min(w, h)
        for radius, squash, speed, phase in self.dots:
            for back, level in ((4, 10), (3, 14), (2, 18), (1, 22), (0, TOP)):  # the tail, then the dot
                angle = 2 * math.pi * ((t - back * 0.08) * speed + phase)
                x = round(cx + math.cos(angle) * radius * size)
                y = round(cy + math.sin(angle) * radius * size * squash)
                spots = ((x, y), (x + 1, y), (x, y + 1), (x + 1, y + 1)) if back == 0 else ((x, y),)
                for px, py in spots:
                    if 0 <= px < w and 0 <= py < h and rows[py][px] < level:
                        rows[py][px] = level
        return rows


class Starfield(Motif):
    """Stars flying out of the centre towards the viewer, brighter and bigger as they come close."""

    name = "starfield"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.stars = [(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.random()) for _ in range(rng.randint(70, 140))]
        self.speed = rng.uniform(0.08, 0.25)

    def draw(self, t: float, w: int, h: int) -> Rows:
        rows = [[1 if y * 3 < h else 0] * w for y in range(h)]
        cx, cy, scale = w / 2, h / 2, max(w, h) * 0.15
        for sx, sy, z0 in self.stars:
            z = 1.0 - ((z0 + t * self.speed) % 1.0) * 0.95  # from far (1) to near (0.05), then again
            x, y = int(cx + sx / z * scale), int(cy + sy / z * scale)
            if 0 <= x < w and 0 <= y < h:
                level = _clamp(TOP * (1.1 - z))
                rows[y][x] = max(rows[y][x], level)
                if z < 0.3 and x + 1 < w:
                    rows[y][x + 1] = max(rows[y][x + 1], level - 4)
        return rows


class Rain(Motif):
    """Streaks of rain falling at their own speeds, each brightest at its head."""

    name = "rain"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.density = rng.uniform(0.35, 0.75)
        self.pace = rng.uniform(0.5, 1.2)
        self._columns: list[tuple[float, float, int] | None] = []

    def _drop(self, x: int) -> tuple[float, float, int] | None:
        """Column `x`'s drop (speed in heights a second, phase, length), or None for a dry column."""
        while len(self._columns) <= x:
            k = len(self._columns)
            wet = _mix(self.seed, k, 0) < self.density
            speed, phase, length = _mix(self.seed, k, 1), _mix(self.seed, k, 2), 3 + int(_mix(self.seed, k, 3) * 6)
            self._columns.append((self.pace * (0.5 + speed), phase, length) if wet else None)
        return self._columns[x]

    def draw(self, t: float, w: int, h: int) -> Rows:
        rows = [[2 + 6 * y // h] * w for y in range(h)]
        for x in range(w):
            drop = self._drop(x)
            if drop is None:
                continue
            speed, phase, length = drop
            head = int(((phase + t * speed) % 1.0) * (h + length))
            for k in range(length):
                y = head - k
                if 0 <= y < h:
                    rows[y][x] = TOP - k * (TOP - 10) // length
        return rows


class Sunrise(Motif):
    """A sun rising and setting over hills; the sky brightens and warms with it."""

    name = "sunrise"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.period = rng.uniform(12, 30)  # seconds for a whole day
        self.phase = rng.uniform(0.1, 0.4)  # starts in the morning
        self.sun_x = rng.uniform(0.25, 0.75)
        self.horizon = rng.uniform(0.6, 0.75)
        self.hills = [(rng.uniform(1, 4), rng.random(), rng.uniform(0.03, 0.1)) for _ in range(3)]

    def build(self, w: int, h: int) -> Any:
        """The hill line: for each column, the first pixel row of ground."""
        return [
            int(h * (self.horizon - sum(a * math.sin(2 * math.pi * (f * x / max(w, 1) + p)) for f, p, a in self.hills)))
            for x in range(w)
        ]

    def draw(self, t: float, w: int, h: int) -> Rows:
        ground = self.grid(w, h)
        height = math.sin(2 * math.pi * (t / self.period + self.phase))  # -1 night .. 1 noon
        horizon = h * self.horizon
        rows = []
        for y in range(h):
            sky = _clamp(4 + 10 * (height + 1) / 2 + 8 * y / max(horizon, 1))
            land = 1 + (y * 3) // h
            rows.append([sky if y < g else land for g in ground])
        cx, cy, r = self.sun_x * w, horizon * (1 - 0.8 * height), max(1.5, h * 0.08)
        for y in range(max(0, int(cy - r - 2)), min(h, int(cy + r + 3))):
            row = rows[y]
            for x in range(max(0, int(cx - r - 2)), min(w, int(cx + r + 3))):
                if y < ground[x]:
                    d = math.hypot(x - cx, y - cy)
                    if d <= r:
                        row[x] = TOP
                    elif d <= r + 2:
                        row[x] = max(row[x], TOP - 6)  # the glow
        return rows


class Tiles(Motif):
    """A scrolling checkerboard of tiles with grout lines; some tiles pulse, like blocks in a game."""

    name = "tiles"

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        rng = random.Random(seed)
        self.size = rng.randint(4, 8)
        self.vx, self.vy = rng.uniform(-3, 3), rng.uniform(1, 4) * rng.choice((-1, 1))  # pixels a second
        self.tones = (rng.randint(3, 8), rng.randint(10, 16))
        self.pulse = rng.uniform(0.3, 0.8)
        self.phases = [[rng.randrange(256) for _ in range(32)] for _ in range(32)]  # one per tile, repeating

    def draw(self, t: float, w: int, h: int) -> Rows:
        s, a = self.size, _turns(t, self.pulse)
        ox, oy = int(t * self.vx), int(t * self.vy)  # how far the board has scrolled, in pixels
        columns = [((x + ox) // s, (x + ox) % s == 0) for x in range(w)]
        rows = []
        for y in range(h):
            ty, grout = divmod(y + oy, s)
            if grout == 0:
                rows.append([1] * w)
                continue
            phases = self.phases[ty & 31]
            rows.append(
                [
                    1 if edge else self.tones[(tx + ty) & 1] + WAVE_HALF[(phases[tx & 31] + a) & 255] // 2
                    for tx, edge in columns
                ]
            )
        return rows


FAMILIES: dict[str, type[Motif]] = {
    cls.name: cls
    for cls in (Plasma, Stripes, Ripples, Spiral, Equaliser, Bubbles, Orbits, Starfield, Rain, Sunrise, Tiles)
}
"""Every motif family by name."""

GENRES: dict[str, tuple[str, tuple[RGB, RGB, RGB, RGB]]] = {
    # genre: (family, four palette stops from darkest to brightest)
    "art": ("plasma", ((30, 8, 48), (150, 30, 120), (245, 120, 60), (255, 235, 160))),
    "comedy": ("orbits", ((20, 18, 60), (200, 80, 40), (250, 190, 40), (255, 250, 220))),
    "cooking": ("bubbles", ((40, 14, 6), (160, 40, 20), (240, 130, 40), (255, 230, 180))),
    "dance": ("spiral", ((12, 0, 30), (110, 20, 170), (250, 60, 160), (170, 250, 255))),
    "diy": ("tiles", ((24, 30, 34), (30, 110, 110), (200, 150, 90), (245, 235, 215))),
    "fashion": ("stripes", ((16, 6, 12), (120, 20, 50), (230, 120, 150), (255, 235, 240))),
    "fitness": ("ripples", ((4, 30, 14), (20, 140, 60), (190, 230, 40), (250, 255, 220))),
    "gaming": ("tiles", ((6, 6, 20), (40, 40, 220), (40, 230, 120), (240, 255, 250))),
    "math": ("spiral", ((4, 8, 32), (30, 70, 180), (60, 200, 230), (240, 250, 255))),
    "music": ("equaliser", ((10, 4, 24), (120, 30, 160), (240, 70, 140), (255, 230, 90))),
    "nature": ("rain", ((6, 24, 16), (30, 100, 60), (120, 190, 140), (225, 245, 250))),
    "pets": ("bubbles", ((40, 26, 16), (150, 100, 60), (235, 175, 120), (255, 240, 215))),
    "science": ("orbits", ((2, 10, 30), (10, 90, 120), (60, 210, 220), (235, 255, 255))),
    "sports": ("stripes", ((8, 14, 40), (30, 60, 160), (220, 40, 50), (250, 250, 250))),
    "tech": ("starfield", ((0, 2, 10), (20, 40, 120), (60, 170, 255), (240, 250, 255))),
    "travel": ("sunrise", ((14, 10, 50), (120, 50, 120), (250, 130, 60), (255, 240, 150))),
}
"""Each catalog genre's motif family and palette; any other genre borrows one of these by its hash."""


def known_genre(genre: str) -> str:
    """The catalog genre whose look `genre` takes: itself, or one picked by a stable hash of its name."""
    if genre in GENRES:
        return genre
    names = sorted(GENRES)
    return names[zlib.crc32(genre.encode("utf-8")) % len(names)]


def family_of(genre: str) -> str:
    """The name of the motif family drawn for `genre`."""
    return GENRES[known_genre(genre)][0]


@lru_cache(maxsize=32)
def palette(genre: str) -> tuple[RGB, ...]:
    """`LEVELS` colours for `genre`, darkest first, blended evenly through its four stops."""
    stops = GENRES[known_genre(genre)][1]
    colours = []
    for level in range(LEVELS):
        at = level / TOP * (len(stops) - 1)
        i = min(int(at), len(stops) - 2)
        f = at - i
        red, green, blue = (round(lo + (hi - lo) * f) for lo, hi in zip(stops[i], stops[i + 1], strict=True))
        colours.append((red, green, blue))
    return tuple(colours)


@lru_cache(maxsize=64)
def motif(seed: int, genre: str) -> Motif:
    """The motif of a video: its genre's family with parameters from its seed (kept for reuse)."""
    return FAMILIES[family_of(genre)](seed)


def frame(seed: int, genre: str, t: float, width: int, height: int, duration: float | None = None) -> Rows:
    """One frame: `height` rows of `width` levels (0..TOP) at `t` seconds into the video.

    With `duration`, `t` is taken modulo it, so a loop repeats the video's
    frames. Pure: the same arguments give the same rows. A size of 0 gives
    empty rows.

    >>> frame(seed_of("v1"), "music", 1.5, 4, 3) == frame(seed_of("v1"), "music", 1.5, 4, 3)
    True
    >>> len(frame(1, "art", 0, 5, 2)), len(frame(1, "art", 0, 5, 2)[0])
    (2, 5)
    """
    if width <= 0 or height <= 0:
        return [[] for _ in range(max(0, height))]
    if duration is not None and duration > 0:
        t %= duration
    return motif(seed, genre).draw(t, width, height)
