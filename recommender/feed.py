"""FeedSession: the one seam between a front end and the recommender.

It ties the store, the profile and the policy: a card is shown (a view row),
key presses are recorded (events, committed at once), and on a swipe the
view is finished, committed, learned from, and the next card is picked.
The terminal app, the simulator and the tests all drive it the same way.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from .catalog import Catalog, Video
from .clock import Clock
from .policy import STEM_GENRES, Policy, Recommendation, Rules
from .profile import TasteProfile, features
from .signals import View
from .store import Store

FEEDS = {"foryou": None, "stem": STEM_GENRES}
"""Named feeds and the genres each is limited to (None: all)."""


class Playback:
    """Where playback of one card is, from the clock: pauses, loops and replays."""

    def __init__(self, duration_s: float, speed: float, now: float) -> None:
        self.duration = duration_s
        self.speed = speed
        self.wall = 0.0
        self.since: float | None = now
        self.segment_start = 0.0
        self.replays = 0
        self.earlier_loops = 0
        self.furthest = 0.0

    def played(self, now: float) -> float:
        """Seconds on screen while playing (pauses excluded)."""
        return self.wall + (now - self.since if self.since is not None else 0.0)

    def video_time(self, now: float) -> float:
        return (self.played(now) - self.segment_start) * self.speed

    def position(self, now: float) -> float:
        return math.fmod(self.video_time(now), self.duration)

    def loops(self, now: float) -> int:
        """Times the video started again: at its end, or by the replay key."""
        return self.earlier_loops + int(self.video_time(now) // self.duration) + self.replays

    def watched(self, now: float) -> float:
        """Video seconds seen in the first pass, at most the duration."""
        return max(self.furthest, min(self.video_time(now), self.duration))

    @property
    def paused(self) -> bool:
        return self.since is None

    def pause(self, now: float) -> None:
        if self.since is not None:
            self.wall += now - self.since
            self.since = None

    def resume(self, now: float) -> None:
        if self.since is None:
            self.since = now

    def replay(self, now: float) -> None:
        self.furthest = self.watched(now)
        self.earlier_loops += int(self.video_time(now) // self.duration)
        self.segment_start = self.played(now)
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
    shared: bool
    commented: bool
    following: bool
    number: int
    """1 for the first card of this session, counting swipes back too."""


class FeedSession:
    """One viewer's feed on one database."""

    def __init__(self, store: Store, catalog: Catalog, clock: Clock, rng: random.Random, *,
                 speed: float = 1.0, feed: str = "foryou", restricted: bool = False) -> None:
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.speed = speed
        self.feed = feed
        self.policy = Policy(catalog, rng)
        store.session = f"{rng.getrandbits(48):012x}"
        self.profile = rebuild_profile(store.events(), catalog)
        for vid in store.shown_ids():
            if vid in catalog:
                self.policy.mark_shown(catalog[vid])
        self.policy.last = None
        muted = store.get_setting("muted", [])
        self.rules = Rules(frozenset(tuple(m) for m in muted), restricted, FEEDS[feed])
        self.history: list[Recommendation] = []
        self.at = -1
        self.number = 0
        self._rec: Recommendation | None = None
        self._play: Playback | None = None
        self._flags: dict[str, bool] = {}
        self._view_id = 0

    # -- the card on screen -------------------------------------------------------

    def start(self) -> Card:
        """Show the first card."""
        if self._rec is None:
            self._advance()
        return self.card()

    @property
    def on_screen(self) -> bool:
        """Whether a card is showing (start() was called and close() was not)."""
        return self._rec is not None

    def card(self) -> Card:
        now = self.clock.monotonic()
        rec, play, f = self._rec, self._play, self._flags
        assert rec is not None and play is not None, "start() the session first"
        return Card(rec.video, rec.reason, rec.source, play.position(now), play.loops(now), play.paused,
                    f["liked"], f["shared"], f["commented"],
                    f["followed"] or rec.video.creator in self.profile.following, self.number)

    def _event(self, action: str, detail: str | None = None) -> None:
        self.store.add_event(self._view_id, self._rec.video.id, action, self.clock.utc(), detail)

    def toggle_pause(self) -> bool:
        """Pause or resume; return True when now paused."""
        now = self.clock.monotonic()
        if self._play.paused:
            self._play.resume(now)
            self._event("resume")
        else:
            self._play.pause(now)
            self._event("pause")
        return self._play.paused

    def replay(self) -> None:
        """Start the video again from the beginning (a re-watch)."""
        self._play.replay(self.clock.monotonic())
        self._play.resume(self.clock.monotonic())
        self._event("replay")

    # Each action is written first and shown after: a refused write changes nothing on screen.

    def toggle_like(self) -> bool:
        liked = not self._flags["liked"]
        self._event("like" if liked else "unlike")
        self._flags["liked"] = liked
        return liked

    def toggle_follow(self) -> bool:
        following = not self.card().following
        self._event("follow" if following else "unfollow", self._rec.video.creator)
        self._flags["followed"] = following
        if not following:
            self.profile.following.discard(self._rec.video.creator)
        return following

    def share(self) -> str:
        """Record a share; return the link to hand out."""
        link = f"tiktui://video/{self._rec.video.id}"
        self._event("share", link)
        self._flags["shared"] = True
        return link

    def comment(self, text: str) -> None:
        text = text.strip()
        if text:
            self._event("comment", text)
            self._flags["commented"] = True

    def not_interested(self) -> Card:
        """Mark the card "not interested" and move on."""
        self._event("not_interested")
        self._flags["not_interested"] = True
        return self.next()

    # -- swiping ------------------------------------------------------------------------

    def next(self) -> Card:
        """Swipe up: finish this card (committed, learned) and show the next."""
        self._finish()
        if self.at + 1 < len(self.history):
            self.at += 1
            self._show(self.history[self.at])
        else:
            self._advance()
        return self.card()

    def previous(self) -> Card | None:
        """Swipe down: back to the card before, if there is one."""
        if self.at <= 0:
            return None
        self._finish()
        self.at -= 1
        self._show(self.history[self.at])
        return self.card()

    def _advance(self) -> None:
        rec = self.policy.next(self.profile, self.clock.utc().timestamp(), self.rules)
        self.history.append(rec)
        self.at = len(self.history) - 1
        self._show(rec)

    def _show(self, rec: Recommendation) -> None:
        self._rec = rec
        self.number += 1
        self._play = Playback(rec.video.duration_s, self.speed, self.clock.monotonic())
        self._flags = {"liked": False, "shared": False, "commented": False, "followed": False,
                       "not_interested": False}
        self._view_id = self.store.start_view(rec.video.id, self.feed, self.clock.utc(), rec.reason, rec.source)

    def _finish(self) -> View:
        now = self.clock.monotonic()
        video, play, f = self._rec.video, self._play, self._flags
        view = View(video.id, round(video.duration_s * 1000), round(play.played(now) * 1000),
                    round(play.watched(now) * 1000), play.loops(now), f["liked"], f["shared"], f["commented"],
                    f["followed"], f["not_interested"])
        self.store.finish_view(self._view_id, view, self.clock.utc())  # the truth first ...
        self.profile.learn_one(video, view)  # ... then what is learned from it
        self.store.save_profile([{"kind": k, "value": v, "score": round(self.profile.offset(k, v), 6),
                                  "weight": round(self.profile.weight(k, v), 6)} for k, v in features(video)])
        return view

    def close(self) -> None:
        """Finish the card on screen (quitting counts as leaving it)."""
        if self._rec is not None:
            self._finish()
            self._rec = None

    # -- steering -----------------------------------------------------------------------

    def mute(self, kind: str, value: str, muted: bool = True) -> None:
        """Never show (or show again) videos with this genre, creator, hashtag or sound."""
        current = set(self.rules.muted)
        (current.add if muted else current.discard)((kind, value))
        self.rules = Rules(frozenset(current), self.rules.restricted, self.rules.genres)
        self.store.set_setting("muted", sorted(current))


def views_from_events(events: Iterable[dict[str, Any]]) -> Iterable[View]:
    """Rebuild every finished view from the events log, in the order they finished."""
    open_views: dict[int, dict[str, bool]] = defaultdict(dict)
    for e in events:
        flags = open_views[e["view_id"]]
        action = e["action"]
        if action in ("like", "unlike"):
            flags["liked"] = action == "like"
        elif action in ("follow", "unfollow"):
            flags["followed"] = action == "follow"
        elif action == "share":
            flags["shared"] = True
        elif action == "comment":
            flags["commented"] = True
        elif action == "not_interested":
            flags["not_interested"] = True
        elif action == "leave":
            s = json.loads(e["detail"])
            del open_views[e["view_id"]]
            yield View(e["video_id"], s["duration_ms"], s["dwell_ms"], s["watched_ms"], s["loops"], **flags)


def rebuild_profile(events: Iterable[dict[str, Any]], catalog: Catalog) -> TasteProfile:
    """A profile learned from the events log alone."""
    profile = TasteProfile()
    for view in views_from_events(events):
        video = catalog.get(view.video_id)
        if video is not None:
            profile.learn_one(video, view)
    return profile


def stored_catalog(store: Store, clock: Clock) -> Catalog:
    """The store's catalog; on first run, the shipped one, as of now."""
    if store.video_count() == 0:
        from .catalog import load_catalog, shipped_catalog_path

        store.add_videos(load_catalog(shipped_catalog_path()).rebased(clock.utc().timestamp()).videos)
    return store.catalog()


def import_catalog(store: Store, catalog: Catalog, clock: Clock) -> tuple[int, list[str]]:
    """Add a validated catalog's new videos in one transaction; return (added, lines about what was left out).

    Repeats of an id or of content (title, creator, duration) already in the
    database are reported and left out, as are repeats inside the file.
    """
    existing = stored_catalog(store, clock)
    ids = {v.id for v in existing.videos}
    keys = {v.content_key: v.id for v in existing.videos}
    fresh, skipped = [], list(catalog.duplicates)
    for v in catalog.videos:
        if v.id in ids:
            skipped.append(f"video {v.id!r}: id already in the catalog, left out")
        elif v.content_key in keys:
            skipped.append(f"video {v.id!r}: same title, creator and duration as {keys[v.content_key]!r}, left out")
        else:
            fresh.append(v)
    return store.add_videos(fresh), skipped
