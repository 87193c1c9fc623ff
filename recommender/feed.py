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
from collections.abc import Callable, Iterable, MutableSet
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .cards import Card, Lane, Playback, Showing
from .clock import Clock
from .feeds import FEEDS
from .index import Shelf
from .keywords import KeywordFilter, normal, refusal
from .policy import TOPIC_LEVELS, Policy, Recommendation, Rules
from .posting import DEFAULT_HANDLE, HANDLE
from .profile import TasteProfile
from .replay import SNAPSHOT_FORMAT, ViewerState, controls, rebuild, view_detail
from .screen_time import BREAK_EVERY, DAILY_LIMIT, Day, Reminders, days, local_day, minutes_setting, parse_time
from .signals import View
from .store import CorruptError, Store
from .stored_index import StoredIndex
from .video import Catalog, Video
from .words import plural

if TYPE_CHECKING:
    from .pages import Following
    from .search import Results

BACK_LIMIT = 200
"""Cards kept for going back."""
SCREEN_HOLDS = frozenset({"screen", "small", "blur"})
"""Reasons a front end gives for cards not being seen: another screen, a window too small, no focus."""
SNAPSHOT_AFTER = 2000
"""Events replayed at start-up past which a fresh snapshot is written at once (else at quit)."""
NAVIGATION = frozenset({"back", "away", "hidden"})
"""Ways of leaving a card that are no verdict on it: going back, or going to another feed, page or list (and
quitting: `close`), or a rule made since hiding it (restricted mode turned on, its creator muted elsewhere)."""

PROTECTED = frozenset({"restricted", "passcode"})
"""Settings changed only through their own methods: with a passcode set, loosening them asks for it."""


class PasscodeRefused(Exception):
    """A change that loosens the limits was asked without the right passcode; its text says why, for the viewer."""


FREE_TRIES = 5
"""Wrong passcodes in a row before the next must wait (QA: 0000 to 0005 were tried by hand in five seconds)."""
FIRST_WAIT_S, LONGEST_WAIT_S = 60, 3600
"""The wait after FREE_TRIES wrong in a row, doubled with each wrong one after, up to LONGEST_WAIT_S."""


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
        check_passcode: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.speed = speed
        self.feed = feed
        self.check_passcode = check_passcode
        """(passcode, stored hash) -> whether they match; without it a set passcode can never be given."""
        self.policy = Policy(catalog, rng)
        self.catalog: Shelf = self.policy.index
        """The videos, read as needed: a catalog in memory, or the store's (`Store.index`)."""
        store.session = f"{rng.getrandbits(48):012x}"
        self.state = load_state(store, self.catalog)
        self._started_at_event = self.state.last_event_id
        self._heard = self._started_at_event
        """The newest event `catch_up` has looked past."""
        if isinstance(self.catalog, StoredIndex):  # seen: what has a view, asked of SQLite (the lists leave it out)
            self.policy.shown = store.seen_set(self.catalog)
        else:
            self.policy.shown = store.shown_ids()
        if feed not in FEEDS:
            raise ValueError(f"no feed named {feed!r} (the feeds: {', '.join(FEEDS)})")
        self.lanes: dict[str, Lane] = {feed: Lane(feed)}
        """Each feed's cards, kept while another plays."""
        self.list: Lane | None = None
        """The list being played (a page, Saved, search results), over the feed; None when the feed plays."""
        self._following: Following | None = None
        """The Following feed's walk over the followed creators' newest videos, made when first watched."""
        self._following_seen: MutableSet[str] = self.policy.shown
        self.number = 0
        self._remembered = False
        """Whether the policy was told the cards before this session (`_remember`, with the first card)."""
        self.wait_for_draw = False
        """Set by a front end that reports `drawn`: until then a new card is not a view."""
        self.empty = ""
        """Why nothing is on screen, in the viewer's words (the rules leave nothing to show)."""
        self.hidden: set[str] = set()
        """Why the screen cannot be seen now (some of SCREEN_HOLDS): every card on screen is held for them."""
        self.started = clock.monotonic()
        """When this session began: the session timer and break reminders count from here."""
        self.reminders = Reminders()
        self._today: tuple[tuple[date, int, int], int] | None = None
        """(key, ms) of today's finished views, kept until the day or the card on screen changes."""
        self._words: tuple[frozenset[str], KeywordFilter] = (frozenset(), KeywordFilter())
        if restricted and not self.restricted:  # `--restricted` turns it on, and it stays on (never off)
            self._steer("set", ["restricted", True])

    @property
    def profile(self) -> TasteProfile:
        return self.state.profile

    @property
    def first_start(self) -> bool:
        """Whether the log held nothing when this session began: a new viewer (no read of the file: it may be
        damaged, which the first card's write finds and says)."""
        return self._started_at_event == 0

    @property
    def restricted(self) -> bool:
        """Restricted mode: mature videos are hidden."""
        return bool(self.state.settings.get("restricted"))

    def warm(self) -> None:
        """Read ahead what the first trial slot will walk (`Policy.warm`): for the app, once, on idle."""
        self.policy.warm()

    def read_ahead(self) -> None:
        """Read ahead the lists the For You feed's next pick walks (`Policy.read_ahead`): for the app, on idle
        after each card; nothing on another track (a list, Following)."""
        if self.lane.ids is None and self.lane.name != "following":
            self.policy.read_ahead(self.profile, self.rules)

    @property
    def keywords(self) -> list[str]:
        """The viewer's keyword filters, as typed, in order."""
        return sorted((v for k, v in self.state.muted if k == "keyword"), key=lambda v: (normal(v), v))

    @property
    def rules(self) -> Rules:
        words = frozenset(v for k, v in self.state.muted if k == "keyword")
        if words != self._words[0]:
            self._words = (words, KeywordFilter.of(words))
        return Rules(
            frozenset(self.state.muted), self.restricted, FEEDS[self.feed], self._words[1], dict(self.state.topics)
        )

    @property
    def list_rules(self) -> Rules:
        """The rules a page, a list, the Saved list and search hold to: the viewer's (restricted mode, mutes,
        keyword filters, topics), not the feed's genres. The STEM feed chooses what it picks; it hides no saved
        video, no page's video and no search result."""
        return replace(self.rules, genres=None)

    @property
    def lane(self) -> Lane:
        """The track on screen: the list being played, else the feed."""
        return self.list or self.lanes[self.feed]

    @property
    def history(self) -> list[Showing]:
        """The cards of the track on screen, for going back."""
        return self.lane.history

    @property
    def at(self) -> int:
        """Index in `history` of the card on screen; len(history) when none is (nothing left to show)."""
        return self.lane.at

    @at.setter
    def at(self, index: int) -> None:
        self.lane.at = index

    @property
    def current(self) -> Showing | None:
        return self.history[self.at] if self.at < len(self.history) else None

    # -- the card on screen -------------------------------------------------------

    def start(self) -> Card | None:
        """Show the first card (or, after a change of rules, one at last, or another when the rules now hide the
        one on screen); None when nothing fits."""
        if self.current is None:
            if not self._remembered:  # the session's first card comes after the cards on record
                self._remember()
            self._write_and_show([], self._pick())
        elif self.lane.ids is None and not self.list_rules.allows(self.current.rec.video):
            return self._leave("hidden", +1)
        return self.card()

    def _remember(self) -> None:
        """Tell the policy the last cards on screen before this session: the rule of no two in a row by one creator
        or sound, and the diversity re-rank's run of genres, hold across a restart. Read with the first card, not as
        the session is made: a damaged row is found where the app reports damage, as the first pick's rows are."""
        before = [self.catalog.get(vid) for vid in self.store.last_shown(self.policy.recent_genres.maxlen or 0)]
        self.policy.remember([v for v in before if v is not None])
        self._remembered = True

    def _drop_hidden(self) -> None:
        """Take out of the tracks the cards the viewer's rules hide now (restricted mode turned on, a mute, a keyword
        filter; `_steer` asks, as a rule is made, and `catch_up`, as another tiktui's is taken in): going back never
        shows one again, nor does a list played on. The card on screen stays until it is left (`start` moves past
        it). A list loses the hidden videos it has not reached too, and its places are counted again."""
        rules = self.list_rules
        if not rules.rules_out:
            return
        for lane in [*self.lanes.values(), *([self.list] if self.list is not None else [])]:
            on_screen = self._on_screen_in(lane)
            kept = [s for s in lane.history if s is on_screen or rules.allows(s.rec.video)]
            if lane.ids is not None:
                stays = on_screen.rec.video.id if on_screen is not None else None
                shown = {s.rec.video.id for s in kept}
                hidden = {
                    vid
                    for vid in lane.ids
                    if vid != stays
                    and vid not in shown
                    and (v := self.catalog.get(vid)) is not None
                    and not rules.allows(v)
                }
                if hidden:
                    lane.first -= sum(1 for vid in lane.ids[: lane.first] if vid in hidden)
                    lane.ids = tuple(vid for vid in lane.ids if vid not in hidden)
            self._keep_only(lane, kept, on_screen)

    def _on_screen_in(self, lane: Lane) -> Showing | None:
        """The card of `lane` on screen: its card at `at` when it is the track being watched. Another feed's card
        there only resumes when that feed is watched again, and gives way like the rest: a creator muted from the
        For You feed had its card still playing on going back to Following (QA)."""
        watched = self.list if self.list is not None else self.lanes.get(self.feed)
        return lane.history[lane.at] if lane is watched and lane.at < len(lane.history) else None

    @staticmethod
    def _keep_only(lane: Lane, kept: list[Showing], on_screen: Showing | None) -> None:
        """Keep only `kept` of `lane`'s history; its place stays on the card on screen, or where the first card
        left out was (the next one kept after it resumes, or a new pick)."""
        if len(kept) == len(lane.history):
            return
        ids = {id(s) for s in kept}
        before = sum(1 for s in lane.history[: lane.at] if id(s) in ids)
        lane.history[:] = kept
        lane.at = kept.index(on_screen) if on_screen is not None else before

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
            rec.video.id in self.state.liked,  # liked on any view of it: the heart stays red
            f["shared"] or cur.before[0],
            f["commented"] or cur.before[1],
            rec.video.creator in self.profile.following,
            self.number,
            cur.view_id,
            "idle" in play.holds,
            rec.video.id in self.state.saved,
            self.may_follow(rec.video.creator),
        )

    def drawn(self, view_id: int) -> None:
        """The front end drew the card of `view_id`: it is a view now."""
        for showing in [*self.history[-3:], *([self.current] if self.current else [])]:
            if showing.view_id == view_id and not showing.drawn:
                showing.drawn, showing.drawn_at = True, self.clock.monotonic()

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
        """Like the card's video, or unlike it when it is liked (on this view or an earlier one: the heart is
        red); return True when now liked. The view teaches a like only when it was liked on this view."""
        cur = self._on_card()
        liked = cur.rec.video.id not in self.state.liked
        self._commit(self._event("like" if liked else "unlike"))
        cur.flags["liked"] = liked
        return liked

    @property
    def own_handle(self) -> str:
        """The viewer's own creator name, under which their posts are listed (the setting `handle`)."""
        return str(self.state.settings.get(HANDLE) or DEFAULT_HANDLE)

    def may_follow(self, creator: str) -> bool:
        """Whether following `creator` is offered: not the viewer themselves (an old follow of them can still go)."""
        return creator != self.own_handle or creator in self.profile.following

    def toggle_follow(self) -> bool:
        """Follow the card's creator, or unfollow; return True when now following. The viewer's own videos' creator
        is the viewer: never followed."""
        cur = self._on_card()
        creator = cur.rec.video.creator
        if not self.may_follow(creator):
            return False
        following = creator not in self.profile.following
        self._commit(self._event("follow" if following else "unfollow", creator))
        cur.flags["followed"] = following
        return following

    def toggle_save(self) -> bool:
        """Save the card's video to the Saved list, or take it off; return True when now saved."""
        cur = self._on_card()
        saved = cur.rec.video.id not in self.state.saved
        self._commit(self._event("save" if saved else "unsave"))
        cur.flags["saved"] = saved
        return saved

    def set_following(self, creator: str, following: bool = True) -> None:
        """Follow (or unfollow) a creator from their page: a control, about no card."""
        if following and not self.may_follow(creator):
            return
        if (creator in self.profile.following) != following:
            self._commit(self._control("follow" if following else "unfollow", creator))

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

    def comments(self, video_id: str) -> list[str]:
        """The viewer's own comments on a video, oldest first (read through its views: both lookups indexed)."""
        return self.store.comments(video_id)

    def not_interested(self) -> Card | None:
        """Mark the card "not interested" and move on; `undo_not_interested` can take it back. A card that never
        reached the screen (keys pressed faster than cards are drawn) was not refused, only passed: a plain swipe."""
        if not self.can_refuse():
            return self._leave("next", +1)
        cur = self._on_card()
        self._commit(self._event("not_interested"))
        cur.flags["not_interested"] = True
        return self._leave("nope", +1)

    def can_refuse(self) -> bool:
        """Whether "not interested" now is a refusal of the card on screen: it was drawn and taken in (not flashed)."""
        cur = self._on_card()
        return cur.taken_in(self.clock.monotonic())

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

    def can_go_back(self) -> bool:
        """Whether there is a card before this one (in a list: an earlier video of the list)."""
        lane = self.lane
        return self.at > 0 or (lane.ids is not None and lane.first > 0)

    def previous(self) -> Card | None:
        """Swipe down: back to the card before, as it was left; None when there is none."""
        if not self.can_go_back():
            return None
        if self.current is None:  # nothing on screen: just go back
            if self.at > 0:
                self._return_to(self.at - 1, [])
            else:
                self._write_and_show([], self._earlier(), front=True)
            return self.card()
        return self._leave("back", -1)

    # -- feeds and lists --------------------------------------------------------------

    def switch_feed(self, feed: str) -> Card | None:
        """Watch another feed (foryou, following, stem); its card resumes where it was, or its first is picked.

        Leaving a card for another feed is navigation, not a verdict. A list
        being played is closed.
        """
        if feed not in FEEDS:
            raise ValueError(f"no feed named {feed!r} (the feeds: {', '.join(FEEDS)})")
        if feed == self.feed and self.list is None:
            return self.card()
        return self._go(feed, None, self._control("feed", feed))

    def open_list(self, source: str, ids: list[str], start: int = 0, reason: str = "") -> Card | None:
        """Play a given list of videos from `start` instead of picks: `next` and `previous` walk it.

        `source` names where the list comes from ("page:creator:NAME",
        "page:hashtag:TAG", "page:sound:NAME", "saved", "search:..."): each
        view of it is recorded with it, and learned from like a feed's.
        `close_list` goes back to the feed where it was. None when no video of
        the list from `start` on is in the catalog (see `empty`).
        """
        if not 0 <= start < len(ids):
            raise ValueError(f"start {start} is outside the list of {len(ids)} videos")
        # Videos no longer in the catalog, or hidden by the viewer's rules, are left out: the list's places are its
        # cards'.
        allows = self.list_rules.allows  # ... and neither restricted mode, a mute nor a keyword filter hides it
        kept = [i for i, vid in enumerate(ids) if (v := self.catalog.get(vid)) is not None and allows(v)]
        start = next((n for n, i in enumerate(kept) if i >= start), len(kept))
        if start == len(kept):
            self.empty = "None of the list's videos from there on is in the catalog."
            return None
        lane = Lane(source, ids=tuple(ids[i] for i in kept), reason=reason or list_reason(source), first=start)
        detail = json.dumps({"source": source, "start": start, "count": len(ids)})
        return self._go(self.feed, lane, self._control("list", detail))

    def close_list(self) -> Card | None:
        """Stop playing the list: back to the feed, its card resuming where it was."""
        if self.list is None:
            return self.card()
        return self._go(self.feed, None, self._control("feed", self.feed))

    @property
    def list_source(self) -> str | None:
        """The source of the list being played, or None when the feed plays."""
        return self.list.name if self.list is not None else None

    def list_place(self) -> tuple[int, int] | None:
        """(1-based place of the card on screen, length) in the list being played; None otherwise."""
        lane = self.list
        if lane is None or lane.ids is None or self.current is None:
            return None
        return lane.first + lane.at + 1, len(lane.ids)

    def page(self, kind: str, value: str) -> list[Video]:
        """A page's videos: a creator's newest first; a hashtag's or a sound's best first."""
        return self.page_listing(kind, value)[0]

    def page_listing(self, kind: str, value: str) -> tuple[list[Video], bool]:
        """`page`, and whether the catalog holds more of them than a page lists (PAGE_LIMIT)."""
        allows = self.list_rules.allows  # restricted mode, mutes and keyword filters hold on pages too
        from .pages import PAGE_LIMIT, page_videos

        found = page_videos(self.catalog, kind, value, PAGE_LIMIT + 1, allows)
        return found[:PAGE_LIMIT], len(found) > PAGE_LIMIT

    def saved_videos(self) -> list[Video]:
        """The Saved list, newest first (videos no longer in the catalog, or hidden by the viewer's rules, left out)."""
        allows = self.list_rules.allows
        found = (self.catalog.get(vid) for vid in self.state.saved_ids())
        return [v for v in found if v is not None and allows(v)]

    def seen(self, video_id: str) -> bool:
        """Whether the viewer has had this video on screen."""
        return video_id in self.policy.shown

    def _control(self, action: str, detail: str) -> dict[str, Any]:
        return {"ts": self.clock.utc(), "view_id": None, "video_id": None, "action": action, "detail": detail}

    def _go(self, feed: str, lst: Lane | None, event: dict[str, Any]) -> Card | None:
        """Show another track: leave the card on screen (navigation), then resume the track's card or pick one."""
        lanes = dict(self.lanes)

        def go(events: list[dict[str, Any]], finish: tuple[int, View, Any] | None) -> Recommendation | None:
            if events:  # written after the card's leave: not stamped before it (the log's times follow its order)
                event["ts"] = max(event["ts"], events[-1]["ts"])
            self.feed, self.list = feed, lst
            lane = self.lanes.setdefault(feed, Lane(feed)) if lst is None else lst
            if lane.at < len(lane.history):  # its card resumes
                self._return_to(lane.at, [*events, event], finish)
                return None
            rec = self._pick()
            self._write_and_show([*events, event], rec, finish)
            return rec

        if self.current is not None:
            return self._leave("away", 0, go)
        before = (self.feed, self.list)
        try:
            go([], None)
        except BaseException:
            (self.feed, self.list), self.lanes = before, lanes
            raise
        return self.card()

    def _leave(
        self,
        how: str,
        step: int,
        then: Callable[[list[dict[str, Any]], tuple[int, View, Any] | None], Recommendation | None] | None = None,
    ) -> Card | None:
        """Leave the card on screen and show the one `step` away (a new pick past the end), or do `then`."""
        cur = self.current
        assert cur is not None
        self.catch_up()  # the next pick holds to what another tiktui on the file set meanwhile
        now, ended = self.clock.monotonic(), self.clock.utc()
        was_drawn = cur.drawn
        cur.drawn = cur.taken_in(now)  # left at a glance (j, n, k, tab held): a burst, not a view
        view = cur.view(now)
        if cur.learned is None and how in NAVIGATION:
            view = replace(view, skippable=False)  # going back, or elsewhere, is navigation, not a verdict
        leave = self._event("leave", view_detail(view, how, cur.drawn, cur.learned), cur)
        checkpoint, undo_point, policy_point = (
            self.state.checkpoint(cur.rec.video),
            self.state.last_learned,
            self.policy.checkpoint(),
        )
        lane, lane_point, where = self.lane, (self.lane.first, self.lane.at), (self.feed, self.list, dict(self.lanes))
        self.state.apply(leave, self.catalog)  # learned first, so the next pick knows this card ...
        target = self.at + step
        rec = None
        finish = (cur.view_id, view, ended) if cur.drawn else None  # a card never drawn is not a finished view
        try:
            if then is not None:
                rec = then([leave], finish)
            elif target < 0:
                rec = self._earlier()
                self._write_and_show([leave], rec, finish, front=True)
            elif target >= len(self.history):
                rec = self._pick()
                self._write_and_show([leave], rec, finish)
            else:
                self._return_to(target, [leave], finish)
        except BaseException:  # ... but only kept once the write went through
            cur.drawn = was_drawn  # still on screen: watched from now on, it is a view
            self.state.restore(checkpoint)
            self.state.last_learned = undo_point
            self.policy.restore(policy_point, rec)
            self.feed, self.list, self.lanes = where
            lane.first, lane.at = lane_point
            raise
        if cur.drawn:  # a card never drawn taught nothing, and its row stays unfinished
            cur.learned = view
        cur.play.hold("away", now)  # a pause stays: the card is come back to as it was left
        if not self.list_rules.allows(cur.rec.video):  # muted from (`x`): kept while on screen, never gone back to
            self._drop_hidden()
        return self.card()

    def catch_up(self) -> bool:
        """Take in the controls another tiktui on the file set since the last look (restricted mode turned on in
        another terminal, a mute, a keyword filter, a topic, a follow, the passcode): made again from the log's
        control events in their order, as a start would make them (`replay.controls`). True when there were any.
        Their views and likes are left to the next start."""
        last, others = self.store.news_since(self._heard)
        self._heard = last
        if not others:
            return False
        made = controls(self.store.control_events())
        self.state.muted, self.state.topics, self.state.settings = made.muted, made.topics, made.settings
        for profile in self.state.profiles:
            if profile.following != made.profile.following:
                profile.following.clear()
                profile.following.update(made.profile.following)
        self._drop_hidden()  # as a rule made here does: the way back holds nothing it hides
        return True

    def _pick(self) -> Recommendation | None:
        """The next card of the track on screen: the list's next video, or the feed's pick."""
        lane = self.lane
        if lane.ids is not None:
            return self._from_list(lane, range(lane.last + 1, len(lane.ids)))
        if lane.name == "following":
            return self._following_pick()
        try:
            rec = self.policy.next(self.profile, self.clock.utc().timestamp(), self.rules)
        except LookupError:
            self.empty = self._why_empty()
            return None
        self.empty = ""
        return rec

    def _earlier(self) -> Recommendation | None:
        """In a list, when its first card walked is on screen (or none is): the video before it."""
        lane = self.lane
        if lane.ids is None or lane.at > 0 or lane.first == 0:
            return None
        return self._from_list(lane, range(lane.first - 1, -1, -1), forward=False)

    def _from_list(self, lane: Lane, places: range, forward: bool = True) -> Recommendation | None:
        assert lane.ids is not None
        for i in places:
            video = self.catalog.get(lane.ids[i])
            if video is not None:
                self.policy.mark_shown(video)
                self.empty = ""
                return Recommendation(video, lane.reason, lane.name)
        if forward:
            self.empty = "The end of the list. k goes back; escape leaves the list."
        return None

    def _following_pick(self) -> Recommendation | None:
        """The Following feed: the newest video not seen yet by a creator the viewer follows."""
        if self._following is None:
            from .pages import Following

            self._following = Following(self.catalog)
        if self._following_seen is not self.policy.shown:  # the catalog was started over: walk again
            self._following.reset()
            self._following_seen = self.policy.shown
        shown, rules, following = self.policy.shown, self.rules, self.profile.following
        video = self._following.next(following, shown.__contains__, rules.allows)
        if video is None:
            how = "press f on a card to follow its creator, or o to open a creator's page and follow them there"
            muted = sum(("creator", c) in self.state.muted for c in following)
            if not following:
                lead = "Following is empty: you follow nobody yet. To follow someone"
            elif muted == len(following):  # not "seen every video": none of theirs is shown at all
                who = "the creator you follow is" if muted == 1 else f"all {muted} creators you follow are"
                lead = f"Following shows nothing: {who} muted (unmute in settings, press ,). To follow more"
            else:
                let = " that your mutes, keyword filters and restricted mode let through" if rules.rules_out else ""
                hidden = f" ({muted} of them muted: settings, press ,)" if muted else ""
                lead = f"You have seen every video of the {plural(len(following), 'creator')} you follow{let}{hidden}"
                lead += ". To follow more"
            self.empty = f"{lead}, {how}" + ("." if not following else "; 1 goes back to For You.")
            return None
        self.policy.mark_shown(video)
        self.empty = ""
        # Not "new from": the feed lists their videos newest first that you have not seen, and an 18-day-old one
        # was called new (QA).
        return Recommendation(video, f"from @{video.creator}, whom you follow", "following")

    def _write_and_show(
        self,
        events: list[dict[str, Any]],
        rec: Recommendation | None,
        finish: tuple[int, View, Any] | None = None,
        front: bool = False,
    ) -> None:
        started = self.clock.utc()
        opened = (
            None
            if rec is None
            else {
                "video_id": rec.video.id,
                "feed": self.lane.name,
                "started_at": started,
                "reason": rec.reason,
                "source": rec.source,
            }
        )
        view_id = self.store.record(events, finish=finish, open_view=opened)
        if rec is None:
            self.at = len(self.history)
            return
        showing = Showing(
            rec,
            view_id or 0,
            Playback(rec.video.duration_s, self.speed, self.clock.monotonic()),
            drawn=not self.wait_for_draw,
            drawn_at=self.clock.monotonic(),
            before=self.store.shared_or_commented(rec.video.id, view_id or 0, self.state.removed),
        )
        lane = self.lane
        if front:  # a list walked backwards from where it was opened
            lane.history.insert(0, showing)
            lane.first -= 1
            lane.at = 0
        else:
            lane.history.append(showing)
            if len(lane.history) > BACK_LIMIT and lane.ids is None:  # a list keeps its walked part whole
                del lane.history[0]
            lane.at = len(lane.history) - 1
        self.number += 1
        self._sync_holds()

    def _return_to(self, index: int, events: list[dict[str, Any]], finish: tuple[int, View, Any] | None = None) -> None:
        """Show the card at `index` of the track on screen again: its view resumes (a `return` event)."""
        target = self.history[index]
        self.store.record([*events, self._event("return", None, target)], finish=finish)
        self.at = index
        self.number += 1
        now = self.clock.monotonic()
        # Flashed past before, or left for search at a glance: it is on screen again (a front end that reports
        # drawing draws no new card for it), and a view unless it is left at a glance again.
        if not target.drawn:
            target.drawn, target.drawn_at = True, now
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
                "Turn it off in settings (press ,), or import other videos."
            )
        if self.state.muted and len(videos):
            return (
                "Nothing to show: your mutes and keyword filters hide every video this feed could show. "
                "Press , for settings (or p for your profile) and unmute something."
            )
        return "Nothing to show: the catalog holds no video this feed can show."

    def close(self) -> None:
        """Leave the card on screen (quitting counts as leaving it) and keep a snapshot to start fast."""
        cur = self.current
        if cur is not None:
            now, ended = self.clock.monotonic(), self.clock.utc()
            cur.drawn = cur.taken_in(now)  # quit at a glance, as a swipe at one: not a view
            view = cur.view(now)
            if cur.learned is None:  # quitting says nothing against the card on screen: what was done still counts
                view = replace(view, skippable=False)
            leave = self._event("leave", view_detail(view, "close", cur.drawn, cur.learned), cur)
            self.store.record([leave], finish=(cur.view_id, view, ended) if cur.drawn else None)
            self.state.apply(leave, self.catalog)
            if cur.drawn:
                cur.learned = view
            self.at = len(self.history)
        last = self.store.last_event_id()
        if last > self._started_at_event and not self.store.others_since(self._started_at_event):
            self.state.last_event_id = last
            self.store.save_snapshot(last, SNAPSHOT_FORMAT, self.state.dump())
        if isinstance(self.catalog, StoredIndex):  # the next start counts only the views after these
            self.store.keep_seen(self.catalog)

    # -- search -------------------------------------------------------------------------

    def search(self, text: str) -> Results:
        """Videos, creators, hashtags and sounds matching `text` as typed so far, within the viewer's rules.

        Nothing is recorded: a search is no verdict on taste, and what is
        typed stays on the screen (see `recommender.search`).
        """
        from .search import search  # read when a search is first typed, not at start

        return search(self.store.conn, text, self.list_rules)

    # -- steering -----------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        """The viewer's choice for `key` (the newest `set` event), or `default`."""
        return self.state.settings.get(key, default)

    def set(self, key: str, value: Any, passcode: str | None = None) -> None:
        """Remember a choice: an event, so it is replayed like everything else (not restricted mode or the
        passcode: `set_restricted`, `set_passcode`). Loosening a screen-time limit (off, or more minutes) asks
        for the passcode when one is set (PasscodeRefused)."""
        if key in PROTECTED:
            raise ValueError(f"{key} is changed with set_{key}")
        if key in (DAILY_LIMIT, BREAK_EVERY):
            self.catch_up()  # judged against the limit and passcode on file, not this tiktui's last look
            old, new = minutes_setting(self.state.settings.get(key)), minutes_setting(value)
            if old is not None and (new is None or new > old):
                self.unlock(passcode)
        if self.state.settings.get(key) != value:
            self._steer("set", [key, value])

    @property
    def hides_any(self) -> bool:
        """Whether the viewer's rules hide any video (a mute, a keyword filter, restricted mode): an empty search
        or page then says so, or it reads as if nothing were there."""
        return bool(self.state.muted) or self.restricted

    def mute(self, kind: str, value: str, muted: bool = True, passcode: str | None = None) -> None:
        """Never show (or show again) videos with this genre, creator, hashtag, sound or keyword.

        Removing a keyword filter loosens the limits: with a passcode set, it
        asks for it (PasscodeRefused).
        """
        if kind == "keyword" and not muted:
            self.catch_up()
        if ((kind, value) in self.state.muted) != muted:
            if kind == "keyword" and not muted:
                self.unlock(passcode)
            self._steer("mute" if muted else "unmute", [kind, value])

    # -- the viewer's controls: keyword filters, topics, restricted mode, refresh ----------------------

    def add_keyword(self, text: str) -> str:
        """Add a keyword filter (a word or a short phrase); return it as kept. ValueError says what is wrong."""
        text = " ".join(text.split())
        why = refusal(text, self.keywords)
        if why is not None:
            raise ValueError(why)
        self.mute("keyword", text)
        return text

    def topic(self, genre: str) -> str:
        """more, normal or less: what the viewer asked of this genre."""
        return self.state.topics.get(genre, "normal")

    def set_topic(self, genre: str, level: str) -> None:
        """Ask the ranking for more, normal or less of a genre (see policy.TOPIC_SCORE)."""
        if level not in TOPIC_LEVELS:
            raise ValueError(f"a topic is one of {', '.join(TOPIC_LEVELS)}, not {level!r}")
        if self.topic(genre) != level:
            self._steer("topic", [genre, level])

    @property
    def locked(self) -> bool:
        """A passcode is set: turning restricted mode off or loosening a limit asks for it."""
        return bool(self.state.settings.get("passcode"))

    def passcode_wait(self) -> float:
        """Seconds before a passcode may be tried again (0: now): FREE_TRIES wrong in a row make the next wait."""
        if self.state.wrong_passcodes is None:
            return 0.0
        tries, last_ms = self.state.wrong_passcodes
        if tries < FREE_TRIES:
            return 0.0
        wait = min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** min(tries - FREE_TRIES, 12))
        return max(0.0, last_ms / 1000 + wait - self.clock.utc().timestamp())

    def passcode_waiting(self) -> str:
        """Why a passcode cannot be tried now, for the viewer ('' when it can): asked before the passcode is."""
        wait = self.passcode_wait()
        if not wait:
            return ""
        left = plural(round(wait / 60), "minute") if wait >= 60 else plural(math.ceil(wait), "second")
        return f"Too many wrong passcodes: try again in {left}"

    def unlock(self, passcode: str | None) -> None:
        """PasscodeRefused unless `passcode` is the one set (none set: nothing asked), as the file says now: a passcode
        another tiktui on the file set since this one last looked counts (QA: one set in a second terminal was not
        asked for in the first, which turned restricted mode off without it). Each try is an event; while too many
        wrong ones in a row make the next wait (`passcode_wait`), it is refused untried."""
        self.catch_up()
        stored = self.state.settings.get("passcode")
        if not stored:
            return
        if waiting := self.passcode_waiting():
            raise PasscodeRefused(waiting)
        right = bool(passcode and self.check_passcode is not None and self.check_passcode(passcode, stored))
        self._steer("passcode", {"right": right})
        if not right:
            raise PasscodeRefused("Wrong passcode")

    def set_restricted(self, on: bool, passcode: str | None = None) -> None:
        """Turn restricted mode on (always allowed) or off (asks for the passcode when one is set)."""
        if not on:
            self.catch_up()
        if on != self.restricted:
            if not on:
                self.unlock(passcode)
            self._steer("set", ["restricted", on])

    def set_passcode(self, hashed: str | None, passcode: str | None = None) -> None:
        """Set, change (`passcode` is the old one) or remove (None) the passcode's salted hash.

        The session never sees the passcode itself, only its hash (made by the
        front end) and, to change or remove it, the old one to check.
        """
        self.unlock(passcode)
        self._steer("set", ["passcode", hashed])

    def refresh(self) -> None:
        """Refresh For You: learning starts over (history kept and marked); `undo_refresh` takes it back."""
        cur = self.current
        detail: dict[str, Any] = {"at": self.clock.utc().isoformat(timespec="seconds")}
        # Before it: every view but the card on screen's, a list played from it and come back from included.
        last_view = self.store.last_view_id()
        if cur is not None:
            detail["on_screen"] = cur.view_id
            if last_view == cur.view_id:
                last_view = self.store.last_view_id(before=cur.view_id)
            if cur.learned is not None:  # left once and come back to: what it taught so far, the fresh profile learns
                detail["taught"] = {"video_id": cur.rec.video.id, **json.loads(view_detail(cur.learned, "refresh"))}
        self._steer("refresh", {"last_view": last_view, **detail})
        self.policy.cold_genres.clear()  # the probe of the first cards starts over too

    @property
    def can_undo_refresh(self) -> bool:
        return self.state.before_refresh is not None

    def undo_refresh(self) -> bool:
        """Put back the profile as it would be without the last refresh; False when there is none to undo."""
        if not self.can_undo_refresh:
            return False
        self._steer("undo_refresh", None)
        return True

    def history_rows(self, limit: int = 200) -> list[dict[str, Any]]:
        """The cards watched, newest first, with what was done on each and why it was picked (removed ones left
        out; the card on screen too, until it is left)."""
        return self.store.history(limit)

    def forget_view(self, view_id: int) -> None:
        """Remove a card from the history and what it taught: the profile is learned again from the log without
        it (a replay: about a second per 10,000 views). The video stays seen: it does not come back."""
        cur = self.current
        if cur is not None and cur.view_id == view_id:
            raise ValueError("the card on screen is not in the history yet")
        row = self.store.conn.execute("SELECT video_id FROM views WHERE id = ?", [view_id]).fetchone()
        if row is None:
            raise ValueError(f"no view {view_id}")
        self._commit(
            {"ts": self.clock.utc(), "view_id": view_id, "video_id": row[0], "action": "forget_view", "detail": None}
        )
        state = rebuild(self.store.events(), self.catalog, removed=self.store.removed_views())
        state.last_learned = None  # nothing learned before can be taken back exactly now
        self.state = state
        # Nor does its card come back: left for another feed, it played on as the same view on going back (QA),
        # and so did a list's on going back to it (a list loses the video, and its places are counted again).
        for lane in [*self.lanes.values(), *([self.list] if self.list is not None else [])]:
            gone = {s.rec.video.id for s in lane.history if s.view_id == view_id}
            if not gone:
                continue
            if lane.ids is not None:
                lane.first -= sum(1 for vid in lane.ids[: lane.first] if vid in gone)
                lane.ids = tuple(vid for vid in lane.ids if vid not in gone)
            self._keep_only(lane, [s for s in lane.history if s.view_id != view_id], self._on_screen_in(lane))

    def before_refresh(self, view_id: int) -> bool:
        """Whether a view of the history came before the refresh in force (it taught the profile set aside)."""
        refreshed = self.state.refreshed
        return (
            refreshed is not None
            and view_id <= (refreshed.get("last_view") or 0)
            and view_id != refreshed.get("on_screen")
        )

    def _steer(self, action: str, detail: Any) -> None:
        """Commit a setting or control: an event about no card. A rule that can hide videos (a mute, a keyword
        filter, restricted mode) takes them out of the way back at once, not at every swipe after."""
        self._commit(
            {
                "ts": self.clock.utc(),
                "view_id": None,
                "video_id": None,
                "action": action,
                "detail": None if detail is None else json.dumps(detail),
            }
        )
        if action in ("mute", "set"):
            self._drop_hidden()

    # -- screen time ----------------------------------------------------------------------

    def session_seconds(self) -> float:
        """How long this session has been open."""
        return self.clock.monotonic() - self.started

    def today(self) -> date:
        """The viewer's local day now (the clock says where days begin)."""
        return local_day(self.clock.utc(), self.clock.utc_offset)

    def screen_days(self, count: int = 7) -> list[Day]:
        """Minutes and cards of the last `count` local days, oldest first (finished cards: see `watched_today_ms`)."""
        today = self.today()
        return days(self._rows_since(today - timedelta(days=count - 1)), today, self.clock.utc_offset, count)

    def _rows_since(self, first: date) -> list[tuple[datetime, int]]:
        # The UTC moment the local day `first` began (the offset of now; a day's margin is read anyway).
        now = self.clock.utc()
        start = datetime.combine(first, datetime.min.time(), now.tzinfo) - self.clock.utc_offset(now)
        return [(parse_time(at), ms) for at, ms in self.store.views_since(start - timedelta(days=1))]

    def watched_today_ms(self) -> int:
        """Today's watching so far: the finished cards of today and the time on the card on screen."""
        today, cur = self.today(), self.current
        key = (today, self.number, len(self.history))
        if self._today is None or self._today[0] != key:
            self._today = (key, days(self._rows_since(today), today, self.clock.utc_offset, 1)[0].dwell_ms)
        played = 0
        if cur is not None:
            played = round(cur.play.played(self.clock.monotonic()) * 1000)
            played -= cur.learned.dwell_ms if cur.learned is not None else 0  # its row holds what came before
        return self._today[1] + max(0, played)

    def reminders_due(self) -> list[str]:
        """The reminders the viewer asked for that are due now, each given once (none while both are off)."""
        limit, every = minutes_setting(self.setting(DAILY_LIMIT)), minutes_setting(self.setting(BREAK_EVERY))
        if limit is None and every is None:
            return []
        today_ms = self.watched_today_ms() if limit is not None else 0
        return self.reminders.due(self.session_seconds(), today_ms, self.today(), daily_limit=limit, break_every=every)


def list_reason(source: str) -> str:
    """Why a card of a list is on screen, from the list's source."""
    kind, _, value = source.partition(":")
    if kind == "page":
        what, _, name = value.partition(":")
        if what == "creator":
            return f"from @{name}'s page"
        if what == "hashtag":
            return f"from the #{name} page"
        if what == "sound":
            return f"from the page of the sound {name}"
    if source == "saved":
        return "from your Saved list"
    if source == "history":
        return "from your history"
    if kind == "search":
        return f"from your search: {value}"
    return f"from {source}"


def load_state(store: Store, catalog: Catalog | Shelf, *, keep_snapshot: bool = True) -> ViewerState:
    """The viewer's state: the stored snapshot, then every event after it replayed.

    When many events had to be replayed, a fresh snapshot is kept at once,
    unless `keep_snapshot` is false (a reader inside a read transaction: an export).
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

    removed = store.removed_views(after=snap[0] if snap else 0)
    if start is not None and not removed <= start.removed:  # a card was removed since: the snapshot learned it
        snap, start, removed = None, None, store.removed_views()
    try:
        state = rebuild(counted(store.events(after=snap[0] if snap else 0)), catalog, start, removed)
    except (ValueError, KeyError, TypeError) as err:  # an event's detail that tiktui never wrote: damage
        raise CorruptError(f"an event cannot be read: {err}") from None
    state.last_learned = None  # a new session cannot take back an older one's "not interested"
    if keep_snapshot and replayed >= SNAPSHOT_AFTER:
        store.save_snapshot(state.last_event_id, SNAPSHOT_FORMAT, state.dump())
    return state


def rebuild_profile(events: Iterable[dict[str, Any]], catalog: Catalog | Shelf) -> TasteProfile:
    """A profile learned from the events log alone."""
    events = list(events)
    removed = {e["view_id"] for e in events if e["action"] == "forget_view"}
    return rebuild(events, catalog, removed=removed).profile


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
    """`import_catalog` of batches of rows as `stored_index.catalog_rows` makes them from a file's checked rows."""
    stored_catalog(store, clock)
    added, skipped = store.import_rows(batches, finishing)
    return added, [*duplicates, *skipped]  # a file's repeats are all known once it is read
