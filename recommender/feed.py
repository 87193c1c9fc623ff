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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from .clock import Clock
from .feeds import FEEDS
from .index import Shelf
from .policy import Policy, Recommendation, Rules
from .profile import TasteProfile
from .replay import SNAPSHOT_FORMAT, ViewerState, rebuild, view_detail
from .signals import View
from .store import CorruptError, Store
from .stored_index import StoredIndex
from .video import Catalog, Video

IDLE_LOOPS = 3
"""A card that loops this many times on its own, with no key pressed, stops: "still watching?" ..."""
IDLE_SECONDS = 120.0
"""... as does one that plays this long with no key pressed."""
BACK_LIMIT = 200
"""Cards kept for going back."""
SCREEN_HOLDS = frozenset({"screen", "small", "blur"})
"""Reasons a front end gives for cards not being seen: another screen, a window too small, no focus."""
SNAPSHOT_AFTER = 2000
"""Events replayed at start-up past which a fresh snapshot is written at once (else at quit)."""


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

    def played(self, now: float) -> float:
        """Seconds on screen while playing (pauses and holds excluded)."""
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
        """Paused by the viewer."""
        return "paused" in self.holds

    def hold(self, reason: str, now: float) -> bool:
        """Stop the clock for `reason`; False when it already held for it."""
        self.settle(now)
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
        self.input_played, self.input_loops = self.played(now), self.loops(now)

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
    view_id: int = 0
    idle: bool = False
    """Stopped after looping on its own: the front end asks "still watching?"."""


@dataclass
class Showing:
    """One card of this session's history: its view, playback and what was done on it."""

    rec: Recommendation
    view_id: int
    play: Playback
    flags: dict[str, bool] = field(
        default_factory=lambda: dict.fromkeys(("liked", "shared", "commented", "followed", "not_interested"), False)
    )
    learned: View | None = None
    """What the profile has learned of this view (None until it is first left)."""
    drawn: bool = True
    """Whether the card reached the screen: one never drawn is not a view."""

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
        )


class FeedSession:
    """One viewer's feed on one database.

    Every action is written to the events log first and applied to the
    viewer's state after, through the same `ViewerState.apply` that rebuilds
    it at start-up: the live profile and the rebuilt one cannot differ. A
    swipe (leave this card, pick the next, open its view) is one transaction;
    if it fails, nothing in memory changes.
    """

    def __init__(
        self,
        store: Store,
        catalog: Catalog | Shelf,
        clock: Clock,
        rng: random.Random,
        *,
        speed: float = 1.0,
        feed: str = "foryou",
        restricted: bool = False,
    ) -> None:
        self.store = store
        self.clock = clock
        self.speed = speed
        self.feed = feed
        self.restricted = restricted
        self.policy = Policy(catalog, rng)
        self.catalog: Shelf = self.policy.index
        """The videos, read as needed: a catalog in memory, or the store's (`Store.index`)."""
        store.session = f"{rng.getrandbits(48):012x}"
        self.state = load_state(store, self.catalog)
        self._started_at_event = self.state.last_event_id
        self.policy.shown.update(store.shown_ids())
        self.history: list[Showing] = []
        self.at = 0
        """Index in `history` of the card on screen; len(history) when none is (nothing left to show)."""
        self.number = 0
        self.wait_for_draw = False
        """Set by a front end that reports `drawn`: until then a new card is not a view."""
        self.empty = ""
        """Why nothing is on screen, in the viewer's words (the rules leave nothing to show)."""
        self.hidden: set[str] = set()
        """Why the screen cannot be seen now (some of SCREEN_HOLDS): every card on screen is held for them."""

    @property
    def profile(self) -> TasteProfile:
        return self.state.profile

    @property
    def rules(self) -> Rules:
        return Rules(frozenset(self.state.muted), self.restricted, FEEDS[self.feed])

    @property
    def current(self) -> Showing | None:
        return self.history[self.at] if self.at < len(self.history) else None

    # -- the card on screen -------------------------------------------------------

    def start(self) -> Card | None:
        """Show the first card (or, after a change of rules, one at last); None when nothing fits."""
        if self.current is None:
            self._write_and_show([], self._pick())
        return self.card()

    @property
    def on_screen(self) -> bool:
        """Whether a card is showing."""
        return self.current is not None

    def card(self) -> Card | None:
        """The card on screen now, or None (see `empty`)."""
        cur = self.current
        if cur is None:
            return None
        now = self.clock.monotonic()
        rec, play, f = cur.rec, cur.play, cur.flags
        play.settle(now)
        return Card(
            rec.video,
            rec.reason,
            rec.source,
            play.position(now),
            play.loops(now),
            play.paused,
            f["liked"],
            f["shared"],
            f["commented"],
            rec.video.creator in self.profile.following,
            self.number,
            cur.view_id,
            "idle" in play.holds,
        )

    def drawn(self, view_id: int) -> None:
        """The front end drew the card of `view_id`: it is a view now."""
        for showing in self.history[-3:]:
            if showing.view_id == view_id:
                showing.drawn = True

    def _event(self, action: str, detail: str | None = None, showing: Showing | None = None) -> dict[str, Any]:
        showing = showing or self.current
        return {
            "ts": self.clock.utc(),
            "view_id": showing.view_id if showing else None,
            "video_id": showing.rec.video.id if showing else None,
            "action": action,
            "detail": detail,
        }

    def _commit(self, *events: dict[str, Any]) -> None:
        """Write events, then apply them: a refused write changes nothing."""
        self.store.record(list(events))
        for event in events:
            self.state.apply(event, self.catalog)

    def _on_card(self) -> Showing:
        cur = self.current
        if cur is None:
            raise LookupError("no card on screen")
        cur.play.touch(self.clock.monotonic())
        return cur

    def toggle_pause(self) -> bool:
        """Pause or resume; return True when now paused."""
        cur, now = self._on_card(), self.clock.monotonic()
        paused = not cur.play.paused
        self._commit(self._event("pause" if paused else "resume"))
        (cur.play.hold if paused else cur.play.release)("paused", now)
        return paused

    def hold(self, reason: str) -> None:
        """Cards cannot be seen (another screen, a small window, the terminal unfocused): stop the clock."""
        if reason not in self.hidden:
            if self.current is not None:
                self._commit(self._event("hold", reason))
            self.hidden.add(reason)
            self._sync_holds()

    def release(self, reason: str) -> None:
        """Cards can be seen again."""
        if reason in self.hidden:
            if self.current is not None:
                self._commit(self._event("release", reason))
            self.hidden.discard(reason)
            self._sync_holds()

    def _sync_holds(self) -> None:
        """The card on screen is held for exactly the reasons the screen is hidden."""
        cur, now = self.current, self.clock.monotonic()
        if cur is not None:
            for reason in SCREEN_HOLDS - self.hidden:
                cur.play.release(reason, now)
            for reason in self.hidden:
                cur.play.hold(reason, now)

    def wake(self) -> None:
        """A key or click: idle time starts over ("still watching?" answered)."""
        if self.current is not None:
            self.current.play.touch(self.clock.monotonic())

    def replay(self) -> None:
        """Start the video again from the beginning (a re-watch)."""
        cur, now = self._on_card(), self.clock.monotonic()
        self._commit(self._event("replay"))
        cur.play.replay(now)
        cur.play.release("paused", now)
        cur.play.touch(now)

    def toggle_like(self) -> bool:
        cur = self._on_card()
        liked = not cur.flags["liked"]
        self._commit(self._event("like" if liked else "unlike"))
        cur.flags["liked"] = liked
        return liked

    def toggle_follow(self) -> bool:
        cur = self._on_card()
        creator = cur.rec.video.creator
        following = creator not in self.profile.following
        self._commit(self._event("follow" if following else "unfollow", creator))
        cur.flags["followed"] = following
        return following

    def share(self) -> str:
        """Record a share; return the link to hand out."""
        cur = self._on_card()
        link = f"tiktui://video/{quote(cur.rec.video.id, safe='')}"
        self._commit(self._event("share", link))
        cur.flags["shared"] = True
        return link

    def comment(self, text: str) -> None:
        text = text.strip()
        if text:
            cur = self._on_card()
            self._commit(self._event("comment", text))
            cur.flags["commented"] = True

    def not_interested(self) -> Card | None:
        """Mark the card "not interested" and move on; `undo_not_interested` can take it back."""
        cur = self._on_card()
        self._commit(self._event("not_interested"))
        cur.flags["not_interested"] = True
        return self._leave("nope", +1)

    def can_undo(self, view_id: int) -> bool:
        """Whether "not interested" on view `view_id` can still be taken back exactly."""
        return self.state.can_undo(view_id) and any(s.view_id == view_id for s in self.history)

    def undo_not_interested(self, view_id: int) -> bool:
        """Take back "not interested" on a view: its effect on the profile is removed."""
        if not self.can_undo(view_id):
            return False
        showing = next(s for s in self.history if s.view_id == view_id)
        learned = showing.learned
        assert learned is not None
        event = self._event("undo", view_detail(learned, "nope"), showing)
        self._commit(event)
        showing.flags["not_interested"] = False
        showing.learned = replace(learned, not_interested=False)
        return True

    # -- swiping ------------------------------------------------------------------------

    def next(self) -> Card | None:
        """Swipe up: leave this card (committed, learned) and show the next."""
        if self.current is None:
            return self.start()
        return self._leave("next", +1)

    def previous(self) -> Card | None:
        """Swipe down: back to the card before, as it was left; None when there is none."""
        if self.at == 0:
            return None
        if self.current is None:  # nothing on screen: just go back
            self._return_to(self.at - 1, [])
            return self.card()
        return self._leave("back", -1)

    def _leave(self, how: str, step: int) -> Card | None:
        """Leave the card on screen and show the one `step` away (a new pick past the end)."""
        cur = self.current
        assert cur is not None
        now, ended = self.clock.monotonic(), self.clock.utc()
        view = cur.view(now)
        if cur.learned is None and how == "back":
            view = replace(view, skippable=False)  # going back is navigation, not a verdict
        leave = self._event("leave", view_detail(view, how, cur.drawn, cur.learned), cur)
        checkpoint, undo_point, policy_point = (
            self.profile.checkpoint(cur.rec.video),
            self.state.last_learned,
            self.policy.checkpoint(),
        )
        self.state.apply(leave, self.catalog)  # learned first, so the next pick knows this card ...
        target = self.at + step
        rec = None
        try:
            if target >= len(self.history):
                rec = self._pick()
                self._write_and_show([leave], rec, (cur.view_id, view, ended))
            else:
                self._return_to(target, [leave], (cur.view_id, view, ended))
        except BaseException:  # ... but only kept once the write went through
            self.profile.restore(checkpoint)
            self.state.last_learned = undo_point
            self.policy.restore(policy_point, rec)
            raise
        cur.learned = view
        cur.play.hold("away", now)
        cur.play.release("paused", now)
        return self.card()

    def _pick(self) -> Recommendation | None:
        try:
            rec = self.policy.next(self.profile, self.clock.utc().timestamp(), self.rules)
        except LookupError:
            self.empty = self._why_empty()
            return None
        self.empty = ""
        return rec

    def _write_and_show(
        self, events: list[dict[str, Any]], rec: Recommendation | None, finish: tuple[int, View, Any] | None = None
    ) -> None:
        started = self.clock.utc()
        opened = (
            None
            if rec is None
            else {
                "video_id": rec.video.id,
                "feed": self.feed,
                "started_at": started,
                "reason": rec.reason,
                "source": rec.source,
            }
        )
        view_id = self.store.record(events, finish=finish, open_view=opened)
        if rec is None:
            self.at = len(self.history)
            return
        self.history.append(
            Showing(
                rec,
                view_id or 0,
                Playback(rec.video.duration_s, self.speed, self.clock.monotonic()),
                drawn=not self.wait_for_draw,
            )
        )
        if len(self.history) > BACK_LIMIT:
            del self.history[0]
        self.at = len(self.history) - 1
        self.number += 1
        self._sync_holds()

    def _return_to(self, index: int, events: list[dict[str, Any]], finish: tuple[int, View, Any] | None = None) -> None:
        target = self.history[index]
        self.store.record([*events, self._event("return", None, target)], finish=finish)
        self.at = index
        self.number += 1
        now = self.clock.monotonic()
        target.play.release("away", now)
        target.play.touch(now)
        self._sync_holds()

    def _why_empty(self) -> str:
        """Which rule leaves nothing to show, and how to undo it."""
        videos = self.catalog
        if self.rules.genres is not None and not videos.any_video(genres=self.rules.genres):
            return (
                "The STEM feed is empty: this catalog has no science, math or tech videos. "
                "Start tiktui without --feed stem, or import some."
            )
        if self.restricted and not videos.any_video(unrestricted=True):
            return (
                "Restricted mode hides every video in this catalog (all are marked mature). "
                "Start tiktui without --restricted, or import other videos."
            )
        if self.state.muted and len(videos):
            return (
                "Nothing to show: your mutes hide every video this feed could show. "
                "Press p to open your profile and unmute a genre."
            )
        return "Nothing to show: the catalog holds no video this feed can show."

    def close(self) -> None:
        """Leave the card on screen (quitting counts as leaving it) and keep a snapshot to start fast."""
        cur = self.current
        if cur is not None:
            now, ended = self.clock.monotonic(), self.clock.utc()
            view = cur.view(now)
            leave = self._event("leave", view_detail(view, "close", cur.drawn, cur.learned), cur)
            self.store.record([leave], finish=(cur.view_id, view, ended))
            self.state.apply(leave, self.catalog)
            cur.learned = view
            self.at = len(self.history)
        last = self.store.last_event_id()
        if last > self._started_at_event and not self.store.others_since(self._started_at_event):
            self.state.last_event_id = last
            self.store.save_snapshot(last, SNAPSHOT_FORMAT, self.state.dump())

    # -- steering -----------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        """The viewer's choice for `key` (the newest `set` event), or `default`."""
        return self.state.settings.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Remember a choice: an event, so it is replayed like everything else."""
        if self.state.settings.get(key) != value:
            self._steer("set", [key, value])

    def mute(self, kind: str, value: str, muted: bool = True) -> None:
        """Never show (or show again) videos with this genre, creator, hashtag or sound."""
        if ((kind, value) in self.state.muted) != muted:
            self._steer("mute" if muted else "unmute", [kind, value])

    def _steer(self, action: str, detail: list[Any]) -> None:
        """Commit a setting or control: an event about no card."""
        self._commit(
            {"ts": self.clock.utc(), "view_id": None, "video_id": None, "action": action, "detail": json.dumps(detail)}
        )


def load_state(store: Store, catalog: Catalog | Shelf) -> ViewerState:
    """The viewer's state: the stored snapshot, then every event after it replayed.

    When many events had to be replayed, a fresh snapshot is kept at once.
    """
    snap = store.load_snapshot(SNAPSHOT_FORMAT)
    try:
        start = ViewerState.load(snap[1], snap[0]) if snap else None
    except (ValueError, KeyError, TypeError):  # a damaged snapshot is only a lost shortcut: replay it all
        snap, start = None, None
    replayed = 0

    def counted(events: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        nonlocal replayed
        for e in events:
            replayed += 1
            yield e

    try:
        state = rebuild(counted(store.events(after=snap[0] if snap else 0)), catalog, start)
    except (ValueError, KeyError, TypeError) as err:  # an event's detail that tiktui never wrote: damage
        raise CorruptError(f"an event cannot be read: {err}") from None
    state.last_learned = None  # a new session cannot take back an older one's "not interested"
    if replayed >= SNAPSHOT_AFTER:
        store.save_snapshot(state.last_event_id, SNAPSHOT_FORMAT, state.dump())
    return state


def rebuild_profile(events: Iterable[dict[str, Any]], catalog: Catalog | Shelf) -> TasteProfile:
    """A profile learned from the events log alone."""
    return rebuild(events, catalog).profile


def stored_catalog(store: Store, clock: Clock) -> StoredIndex:
    """The store's catalog, read as needed; on first run, the shipped one is put there, as of now."""
    index = store.index()
    if len(index) == 0:
        from .catalog_file import load_catalog, shipped_catalog_path

        store.add_videos(load_catalog(shipped_catalog_path()).rebased(clock.utc().timestamp()).videos)
        index = store.index()
    return index


def import_catalog(
    store: Store,
    catalog: Catalog | Iterable[list[Video]],
    clock: Clock,
    duplicates: Iterable[str] = (),
    finishing: Callable[[], None] | None = None,
) -> tuple[int, list[str]]:
    """Add a validated catalog's new videos in one transaction; return (added, lines about what was left out).

    `catalog` is a Catalog or batches of videos as a file is read (which may
    raise: nothing is then written). Repeats of an id or of content (title,
    creator, duration) already in the database are reported and left out;
    `duplicates` are the lines about repeats inside the file; `finishing` is
    called once every row is read, before the catalog's indexes are built.
    """
    if isinstance(catalog, Catalog):
        duplicates = catalog.duplicates
        batches: Iterable[list[Video]] = [list(catalog.videos)]
    else:
        batches = catalog
    return import_rows(store, store.video_rows(batches), clock, duplicates, finishing)


def import_rows(
    store: Store,
    batches: Iterable[list[tuple[Any, ...]]],
    clock: Clock,
    duplicates: Iterable[str] = (),
    finishing: Callable[[], None] | None = None,
) -> tuple[int, list[str]]:
    """`import_catalog` of batches of rows as `stored_index.catalog_row` makes them from a file's checked rows."""
    stored_catalog(store, clock)
    added, skipped = store.import_rows(batches, finishing)
    return added, [*duplicates, *skipped]  # a file's repeats are all known once it is read
