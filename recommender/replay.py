"""The viewer's state as a function of the events log: one `apply` for the live app and the rebuild.

The log is the truth. The running app writes each event and then applies it
to its `ViewerState`; start-up applies the stored events after the last
snapshot. Because both go through `apply`, the live state and the one rebuilt
from the log cannot differ.

Events that change the state:
- `leave`: a card left; its detail holds the whole view (times, loops, what
  was done, how it was left). The first leave of a view is learned; a later
  one (the viewer came back to it) amends it; a card never drawn is skipped.
- `undo`: "not interested" taken back; its effect is removed exactly.
- `follow` / `unfollow`: the creator in the detail.
- `mute` / `unmute`: `[kind, value]` in the detail; two tiktuis' mutes merge.
  Kinds: genre, creator, hashtag, sound, and keyword (a keyword filter).
- `topic`: `[genre, level]`, "more", "normal" or "less" (the policy honours it).
- `set`: `[key, value]`, a choice such as the motion level, restricted mode
  (`restricted`) or the passcode's salted hash (`passcode`; never the passcode).
- `refresh`: For You starts learning over. The profile learned so far is kept
  aside, still learning, so `undo_refresh` can put it back exactly (as if the
  refresh had not happened); one refresh can be undone, until the next (a
  refresh again before anything was learned keeps the first one's). The
  detail `{"last_view": N, "at": ...}` marks the views up to N as before it.
- `save` / `unsave`: the event's video joins (or leaves) the Saved list.
- `like` / `unlike`: the event's video is (or is no longer) one the viewer likes, whichever view it was on:
  the heart a later view of it shows. What a view teaches is still its leave's (`liked` is per view).
- `forget_view`: a card removed from the history (its `view_id`): what it
  taught is taken out. A profile cannot subtract one view exactly, so the
  state is rebuilt from the log with that view's leaves skipped (`removed`,
  read from the log before the replay: `rebuild(..., removed=...)`).
Every other action (show, pause, hold, ...) is history: the leave
that closes the view carries what it means.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from .index import Shelf
from .packed import pack_evidence, pack_related, unpack_evidence, unpack_related
from .profile import Checkpoint, TasteProfile
from .screen_time import event_time
from .signals import View
from .video import Catalog, Video

SNAPSHOT_FORMAT = 20
"""Bumped whenever the profile's shape or learning changes: an older snapshot is then ignored and replayed.
(10: learned weights beside the packed evidence and related videos of `packed.py`; 11: the genres of the first views
read again against the viewer's baseline, `TasteProfile.cold_genres`; 12: the videos liked, `ViewerState.liked`;
13: a refresh again before anything was learned keeps the first one's undo; 14: "not interested" on a card come
back to can be undone exactly; 15: an undone refresh puts back the refresh in force before it; 16: a refresh on a
card come back to teaches the fresh profile what that card taught so far; 17: "not interested" said on a card come
back to counts toward keeping its genre out; 18: each feature's level beyond the audience, `Evidence.level`, which
the profile's words read; 19: a video seen to the end is never a quick skip, and a card left by navigation a
moment in teaches nothing, `View.censored`; 20: the level's own steps and views behind it, `Evidence.seen`.)"""
VIEW_FIELDS = (
    "duration_ms",
    "dwell_ms",
    "watched_ms",
    "loops",
    "liked",
    "shared",
    "commented",
    "followed",
    "not_interested",
    "skippable",
    "saved",
)


CONTROLS = ("mute", "unmute", "topic", "set", "follow", "unfollow", "passcode")
"""The actions of the viewer's controls: what they make (the mutes and keyword filters, the topics, the settings, the
follows) depends on these events alone, in their order, so another tiktui's can be taken in as they come
(`FeedSession.catch_up`) and give what a replay of the whole log gives."""


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def controls(events: Iterable[dict[str, Any]]) -> ViewerState:
    """A state holding only what the control events `events` (in their order) make: `muted`, `topics`, `settings`,
    and the follows (`profile.following`)."""
    state = ViewerState()
    for event in events:
        if event["action"] in CONTROLS:
            state.apply(event, Catalog(()))
    return state


def view_detail(view: View, how: str, seen: bool = True, before: View | None = None) -> str:
    """The detail of a `leave` event: the view as left, how, and what was learned of it before."""
    detail: dict[str, Any] = {k: v for k, v in asdict(view).items() if k in VIEW_FIELDS}
    detail["how"] = how
    if not seen:
        detail["seen"] = False
    if before is not None:
        detail["before"] = {k: v for k, v in asdict(before).items() if k in VIEW_FIELDS}
    return json.dumps(detail, separators=(",", ":"))


def view_from(video_id: str, detail: dict[str, Any]) -> View:
    """A View from a leave detail."""
    return View(video_id, **{k: detail[k] for k in VIEW_FIELDS if k in detail})


@dataclass
class ViewerState:
    """What the events log says about the viewer: the taste profile, follows and mutes."""

    profile: TasteProfile = field(default_factory=TasteProfile)
    muted: set[tuple[str, str]] = field(default_factory=set)
    settings: dict[str, Any] = field(default_factory=dict)
    """The viewer's choices (motion ...), each the value of its newest `set` event."""
    saved: dict[str, None] = field(default_factory=dict)
    """The Saved list: video ids in the order saved (oldest first; `saved_ids` gives newest first)."""
    liked: dict[str, None] = field(default_factory=dict)
    """The videos liked and not unliked since, on any view (a removed view's likes left out), in the order liked."""
    topics: dict[str, str] = field(default_factory=dict)
    """genre -> "more" or "less": the viewer's wishes for the ranking (a genre not here is normal)."""
    before_refresh: TasteProfile | None = None
    """The profile as it would be without the last refresh (it keeps learning): what `undo_refresh` restores."""
    refreshed: dict[str, Any] | None = None
    """The refresh in force: {"event": its id, "at": when (UTC, ISO), "last_view": the last view before it}."""
    removed: set[int] = field(default_factory=set)
    """Views removed from the history (`forget_view`): their leaves teach nothing."""
    last_event_id: int = 0
    last_learned: tuple[int, tuple[Checkpoint, Checkpoint | None], View, View | None] | None = None
    """The newest view learned, if it was "not interested": (view id, the profiles before it, the view, and the view it
    corrected when the viewer had come back to the card, else None)."""
    wrong_passcodes: tuple[int, int] | None = None
    """Passcodes given wrong in a row since the last right one, and when the last was (Unix milliseconds, as the log
    keeps it): a `passcode` event each try; many in a row make the next wait (`FeedSession.passcode_wait`)."""
    refreshed_before: dict[str, Any] | None = None
    """The refresh that was in force before the last one (`refreshed` of `before_refresh`): an undo puts it back, and
    the cards before it read "before the refresh" again."""

    def apply(self, event: dict[str, Any], catalog: Catalog | Shelf) -> None:
        """Change the state by one event of the log."""
        action, detail = event["action"], event.get("detail") or "null"
        if event.get("id"):
            self.last_event_id = event["id"]
        if action == "leave":
            if event["view_id"] not in self.removed:
                self._leave(event, json.loads(detail), catalog)
        elif action == "forget_view":
            self.removed.add(event["view_id"])  # what it taught is out once the log is replayed (see `rebuild`)
        elif action == "undo":
            self._undo(event["view_id"], view_from(event["video_id"], json.loads(detail)), catalog)
        elif action in ("follow", "unfollow"):
            for profile in self.profiles:
                (profile.following.add if action == "follow" else profile.following.discard)(detail)
        elif action in ("mute", "unmute"):
            kind, value = json.loads(detail)
            (self.muted.add if action == "mute" else self.muted.discard)((kind, value))
        elif action == "topic":
            genre, level = json.loads(detail)
            if level in ("more", "less"):
                self.topics[genre] = level
            else:
                self.topics.pop(genre, None)
        elif action == "set":
            key, value = json.loads(detail)
            self.settings[key] = value
        elif action == "passcode":  # a passcode tried: {"right": bool}
            tries, right = self.wrong_passcodes[0] if self.wrong_passcodes else 0, json.loads(detail)["right"]
            moment = event_time(event["ts"])
            self.wrong_passcodes = None if right else (tries + 1, (moment - EPOCH) // timedelta(milliseconds=1))
        elif action in ("like", "unlike"):
            if event["view_id"] not in self.removed:
                self.liked.pop(event["video_id"], None)
                if action == "like":
                    self.liked[event["video_id"]] = None
        elif action in ("save", "unsave"):
            self.saved.pop(event["video_id"], None)  # saved again: it moves to the top
            if action == "save":
                self.saved[event["video_id"]] = None
        elif action == "refresh":
            fresh = TasteProfile()
            fresh.following = set(self.profile.following)  # follows are choices, not learning: they stay
            # Refreshed again before the fresh profile learned anything (but the card it was refreshed on): the undo
            # still puts back what was learned before the first (it put back the empty profile, and everything
            # learned was lost).
            taught_before = bool(self.refreshed and self.refreshed.get("taught"))
            again = self.before_refresh is not None and self.profile.views_learned == int(taught_before)
            self.before_refresh, self.profile = (self.before_refresh if again else self.profile), fresh
            if not again:
                self.refreshed_before = self.refreshed
            self.refreshed = {**(json.loads(detail) or {}), "event": event.get("id")}
            self.last_learned = None
            taught = self.refreshed.get("taught")
            video = catalog.get(taught["video_id"]) if taught else None
            if taught and video is not None:  # the card on screen, left once and come back to: its leaves amend
                fresh.learn_one(video, view_from(video.id, taught))
        elif action == "undo_refresh" and self.before_refresh is not None:
            self.profile, self.before_refresh, self.refreshed = self.before_refresh, None, self.refreshed_before
            self.refreshed_before = None
            self.last_learned = None

    @property
    def profiles(self) -> list[TasteProfile]:
        """The profile in use and, after a refresh, the one kept for its undo: every view teaches both."""
        return [self.profile] if self.before_refresh is None else [self.profile, self.before_refresh]

    def checkpoint(self, video: Video) -> tuple[Checkpoint, Checkpoint | None]:
        """What learning from a view of `video` may change, in every profile: `restore` puts it back."""
        kept = self.before_refresh
        return self.profile.checkpoint(video), (kept.checkpoint(video) if kept is not None else None)

    def restore(self, checkpoint: tuple[Checkpoint, Checkpoint | None]) -> None:
        self.profile.restore(checkpoint[0])
        if self.before_refresh is not None and checkpoint[1] is not None:
            self.before_refresh.restore(checkpoint[1])

    def _leave(self, event: dict[str, Any], detail: dict[str, Any], catalog: Catalog | Shelf) -> None:
        video = catalog.get(event["video_id"])
        if video is None or detail.get("seen") is False:
            return
        view = view_from(video.id, detail)
        before = view_from(video.id, detail["before"]) if "before" in detail else None
        if view.censored and (before is None or before.censored):  # it teaches nothing: the last undo point stands
            return  # (QA: `n`, `k` a moment later, `u`: "too late to undo", and the refusal stuck)
        # Only "not interested" can be taken back: only then is the profile before it kept. A card come back to
        # corrects what it taught (`amend`); its "not interested" is taken back as exactly as a first view's.
        checkpoint = self.checkpoint(video) if view.not_interested else None
        self._learn(video, view, before)
        self.last_learned = (event["view_id"], checkpoint, view, before) if checkpoint else None

    def _learn(self, video: Video, view: View, before: View | None) -> None:
        """Every profile learns a view: a first one (`before` None), or one correcting the view `before`."""
        for profile in self.profiles:
            if before is None:
                profile.learn_one(video, view)
            else:
                profile.amend(video, before, view)

    def _undo(self, view_id: int, view: View, catalog: Catalog | Shelf) -> None:
        """Take "not interested" back from a view: as if it had been left without it."""
        video = catalog.get(view.video_id)
        if video is None:
            return
        kept = replace(view, not_interested=False)
        if self.last_learned is not None and self.last_learned[0] == view_id:
            _, checkpoint, _, before = self.last_learned
            self.restore(checkpoint)
            self._learn(video, kept, before)
            self.last_learned = (view_id, checkpoint, kept, before)
        else:  # something was learned since (another tiktui on the file): correct it instead
            for profile in self.profiles:
                profile.amend(video, view, kept)

    def saved_ids(self) -> list[str]:
        """The Saved list, newest first."""
        return list(reversed(self.saved))

    def can_undo(self, view_id: int) -> bool:
        """Whether taking back "not interested" on this view would be exact (nothing learned since)."""
        return self.last_learned is not None and self.last_learned[0] == view_id

    # -- a snapshot -----------------------------------------------------------

    def dump(self) -> str:
        """The state as JSON (without the undo point: a snapshot is taken between sessions)."""
        kept = self.before_refresh
        return json.dumps(
            {
                "profile": _packed(self.profile),
                "muted": sorted(self.muted),
                "settings": self.settings,
                "saved": list(self.saved),
                "liked": list(self.liked),
                "topics": self.topics,
                "before_refresh": _packed(kept) if kept is not None else None,
                "refreshed": self.refreshed,
                "refreshed_before": self.refreshed_before,
                "removed": sorted(self.removed),
                "wrong_passcodes": self.wrong_passcodes,
            },
            separators=(",", ":"),
        )

    @classmethod
    def load(cls, text: str, last_event_id: int) -> ViewerState:
        data = json.loads(text)
        kept = data["before_refresh"]
        return cls(
            _unpacked(data["profile"]),
            {(k, v) for k, v in data["muted"]},
            data["settings"],
            dict.fromkeys(data.get("saved", [])),  # a snapshot from before Saved existed: nothing was saved
            dict.fromkeys(data["liked"]),
            dict(data["topics"]),
            _unpacked(kept) if kept is not None else None,
            data["refreshed"],
            set(data.get("removed", [])),
            last_event_id,
            refreshed_before=data["refreshed_before"],
            wrong_passcodes=tuple(w) if (w := data.get("wrong_passcodes")) else None,
        )


def _packed(profile: TasteProfile) -> dict[str, Any]:
    """`TasteProfile.dump` with its two big tables packed (`packed.py`): a few thousand rows each."""
    data = profile.dump()
    data["evidence"], data["related"] = pack_evidence(data["evidence"]), pack_related(data["related"])
    return data


def _unpacked(data: dict[str, Any]) -> TasteProfile:
    """The profile `_packed` described; its two big tables are read from the packed rows as needed."""
    evidence, related = unpack_evidence(data["evidence"]), unpack_related(data["related"])
    profile = TasteProfile.load({**data, "evidence": [], "related": {}})
    profile.evidence, profile.related = evidence, related
    return profile


def rebuild(
    events: Iterable[dict[str, Any]],
    catalog: Catalog | Shelf,
    start: ViewerState | None = None,
    removed: Iterable[int] = (),
) -> ViewerState:
    """The state the events log gives, from `start` (a snapshot) or from nothing; `removed`: the views the
    log removes from the history (their `forget_view` events may come after them)."""
    state = start or ViewerState()
    state.removed.update(removed)
    for event in events:
        state.apply(event, catalog)
    return state
