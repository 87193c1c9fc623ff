"""One card of a session: its playback from the clock (`Playback`), what a front end draws of it (`Card`), what the
session keeps of it (`Showing`), and the tracks of cards a session keeps (`Lane`).

`FeedSession` (feed.py) drives these; nothing here reads the store or the clock itself: the time is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .policy import Recommendation
from .signals import COMPLETE_RATIO, View
from .video import Video

REWATCH_GRACE_S = 1.0
"""A video that ran on past its end counts as playing again (a loop, a re-watch) once this many seconds of it (a
quarter of it, if shorter) played on: the viewer who finishes a video and swipes half a second after it started
again finished it, and did not watch it again. Without it every finish in the app was a re-watch ("because you
re-watched 38 cooking videos" of a viewer who watched each once, to the end)."""
IDLE_LOOPS = 3
"""A card that loops this many times on its own, with no key pressed, stops: "still watching?" ..."""
IDLE_SECONDS = 120.0
"""... as does one that plays this long with no key pressed."""
GLANCE_S = 0.2
"""A card left within this many seconds on screen and playing, with nothing done on it, flashed past (a held key,
a burst): not a view, as one never drawn is not (holding j made 29 cards of 17-64 ms quick skips, holding n 12
"not interested"). A person's quickest swipe of a card they took in is longer; a simulated viewer's is 0.3 s."""


class Playback:
    """Where playback of one card is, from the clock: pauses, holds, loops and replays.

    The clock runs only while nothing holds the card: the viewer's pause
    ("paused"), another screen on top, a window too small, the terminal
    unfocused, the card off screen ("away"), or "idle" (it looped on its own
    for a while). Unseen time is not watching.
    """

    def __init__(self, duration_s: float, speed: float, now: float) -> None:
        self.duration = duration_s
        self.speed = speed
        self.wall = 0.0
        self.since: float | None = now
        self.holds: set[str] = set()
        self.segment_start = 0.0
        self.replays = 0
        self.earlier_loops = 0
        self.furthest = 0.0
        self.input_played = 0.0
        """Seconds played at the last key press: idle time counts from there."""
        self.input_loops = 0
        self.paused_once = False
        """The viewer paused it at some point: a card paused at once was taken in, however little of it played."""

    def played(self, now: float) -> float:
        """Seconds on screen while playing (pauses and holds excluded)."""
        return self.wall + (now - self.since if self.since is not None else 0.0)

    def video_time(self, now: float) -> float:
        return (self.played(now) - self.segment_start) * self.speed

    def position(self, now: float) -> float:
        return math.fmod(self.video_time(now), self.duration)

    def loops(self, now: float) -> int:
        """Times the video started again: at its end (once REWATCH_GRACE_S of it played on), or by the replay key
        once it was seen through."""
        return self._passes(now, min(REWATCH_GRACE_S, self.duration / 4))

    def _passes(self, now: float, grace: float = 0.0) -> int:
        """Passes begun after the first (by the replay key too), a pass counted once `grace` seconds of it played."""
        return self.earlier_loops + int(max(0.0, self.video_time(now) - grace) // self.duration) + self.replays

    def watched(self, now: float) -> float:
        """Video seconds seen in the first pass, at most the duration."""
        return max(self.furthest, min(self.video_time(now), self.duration))

    @property
    def paused(self) -> bool:
        """Paused by the viewer."""
        return "paused" in self.holds

    def hold(self, reason: str, now: float) -> bool:
        """Stop the clock for `reason`; False when it already held for it."""
        self.settle(now)
        if reason == "paused":
            self.paused_once = True
        if reason in self.holds:
            return False
        if self.since is not None:
            self.wall += now - self.since
            self.since = None
        self.holds.add(reason)
        return True

    def release(self, reason: str, now: float) -> bool:
        """Lift one hold; the clock runs again once none is left. False when it did not hold for it."""
        if reason not in self.holds:
            return False
        self.holds.discard(reason)
        if not self.holds:
            self.since = now
        return True

    def settle(self, now: float) -> None:
        """Stop at the exact moment the card went idle, if it has."""
        if self.since is None:
            return
        wraps = self.input_loops + IDLE_LOOPS - self.earlier_loops - self.replays
        limit = min(self.input_played + IDLE_SECONDS, self.segment_start + wraps * self.duration / self.speed)
        if self.played(now) >= limit:
            self.wall, self.since = limit, None
            self.holds.add("idle")

    def touch(self, now: float) -> None:
        """A key was pressed: idle time starts over, and an idle card plays again."""
        self.settle(now)
        self.release("idle", now)
        # The passes begun, not the loops on record (REWATCH_GRACE_S): idle time counts whole passes from the key.
        self.input_played, self.input_loops = self.played(now), self._passes(now)

    def replay(self, now: float) -> None:
        """Start again from the beginning. A re-watch (a loop) only once the pass on screen was seen through
        (COMPLETE_RATIO of it): a restart a second in is not watching it again, nor is the key pressed again and
        again once it was seen (five presses counted five loops), nor right after the video looped on its own (that
        loop is counted already: the key counted it twice)."""
        seen_through = self.position(now) >= COMPLETE_RATIO * self.duration
        self.furthest = self.watched(now)
        self.earlier_loops += int(self.video_time(now) // self.duration)
        self.segment_start = self.played(now)
        if seen_through:
            self.replays += 1


@dataclass(frozen=True)
class Card:
    """What a front end shows for the card on screen, at one moment."""

    video: Video
    reason: str
    source: str
    position_s: float
    loops: int
    paused: bool
    liked: bool
    """The video is liked, on this view or an earlier one (the heart stays red; `l` then unlikes)."""
    shared: bool
    commented: bool
    following: bool
    number: int
    """1 for the first card of this session, counting swipes back too."""
    view_id: int = 0
    idle: bool = False
    """Stopped after looping on its own: the front end asks "still watching?"."""
    saved: bool = False
    """In the viewer's Saved list."""
    followable: bool = True
    """Following its creator is offered: not on the viewer's own video (`FeedSession.may_follow`)."""


@dataclass
class Showing:
    """One card of this session's history: its view, playback and what was done on it."""

    rec: Recommendation
    view_id: int
    play: Playback
    flags: dict[str, bool] = field(
        default_factory=lambda: dict.fromkeys(
            ("liked", "shared", "commented", "followed", "not_interested", "saved"), False
        )
    )
    learned: View | None = None
    """What the profile has learned of this view, and what its row holds (None until it is first left after it was
    drawn: until then its row is unfinished, not a view in the history or the day's figures)."""
    drawn: bool = True
    """Whether the card reached the screen: one never drawn is not a view."""
    drawn_at: float = 0.0
    """When it did (the session clock's monotonic seconds)."""
    before: tuple[bool, bool] = (False, False)
    """Whether an earlier view of the video was shared, and commented on: the rail's counts keep them (the share and
    the comment are the video's, as the like is), while this view records only what is done on it."""

    def flashed(self, now: float) -> bool:
        """Left before it could be taken in, the first time, with nothing done on it: not a view. Taken in is
        GLANCE_S on screen and playing, or paused by the viewer: time hidden under another screen, in a window too
        small or out of focus is not looking (a card covered by the profile at once, then quit on it, was a view of
        0% that taught "less", once for every start: QA)."""
        if self.learned is not None or self.play.paused_once or any(self.flags.values()):
            return False
        return min(now - self.drawn_at, self.play.played(now)) < GLANCE_S

    def taken_in(self, now: float) -> bool:
        """Drawn, and not left at a glance (`flashed`): leaving it now makes it a view, and a refusal a refusal."""
        return self.drawn and not self.flashed(now)

    def view(self, now: float) -> View:
        video, play, f = self.rec.video, self.play, self.flags
        play.settle(now)
        return View(
            video.id,
            round(video.duration_s * 1000),
            round(play.played(now) * 1000),
            round(play.watched(now) * 1000),
            play.loops(now),
            f["liked"],
            f["shared"],
            f["commented"],
            f["followed"],
            f["not_interested"],
            skippable=self.learned.skippable if self.learned is not None else True,
            saved=f["saved"],
        )


@dataclass
class Lane:
    """One track of cards with its own history: a feed (it picks) or a list of videos (it walks them in order).

    The feed's cards are kept while a list plays: going back to the feed
    resumes its card where it was.
    """

    name: str
    """The feed (foryou, following, stem) or the list's source ("page:creator:NAME", "saved", "search:...")."""
    history: list[Showing] = field(default_factory=list)
    at: int = 0
    """Index in `history` of the card on screen; len(history) when none is."""
    ids: tuple[str, ...] | None = None
    """A list's video ids, in order (None: a feed, which picks)."""
    reason: str = ""
    """What a list's cards say about why they are there."""
    first: int = 0
    """In a list: the index in `ids` of history[0] (a list's history is the part of it walked, in order)."""

    @property
    def last(self) -> int:
        """In a list: the index in `ids` of the last card of `history` (first - 1 before any)."""
        return self.first + len(self.history) - 1
