"""The creator's side: the viewer posts a video; it is checked, reviewed, and enters the catalog when it passes.

A post goes through, in order:

1. validation, as an import's row (`catalog.parse_row`, the one gate for
   catalog text): every bad field gives one line naming it (PostError);
   nothing is written;
2. the duplicate check (`duplicates.find`): a near-duplicate of a catalog
   video is refused, naming it;
3. review (`review.review`, rules as data): it passes, or is held "for
   review" with its reasons.

Every submission that gets past validation is one `post` event whose detail
holds the post's fields, its id, the poster and the outcome; a passed post's
video is added to the catalog in the same transaction (by the viewer's
handle, uploaded now). The events log is the truth: `Posts.apply` turns
`post` events (and the `set` of the handle and the word list) into the list
of the viewer's posts, for the live app and the rebuild alike. A held or
refused post can be edited and submitted again (`Posting.submit(...,
edit=ID)`): a new `post` event for the same id.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from difflib import get_close_matches
from typing import Any

from .catalog import CatalogError, parse_row
from .clock import Clock
from .duplicates import find
from .keywords import words
from .review import Rules, review, shipped_rules
from .store import Store
from .video import ORIGINAL_SOUND, Video

FIELDS = ("title", "caption", "hashtags", "sound", "genre", "length")
"""What the creator gives (the catalog's duration_s is called length here)."""
DEFAULT_HANDLE = "you"
"""The poster's name until the viewer sets a handle (the setting `handle`)."""
HANDLE, WORDS = "handle", "review_words"
"""The settings posting reads: the poster's handle and the viewer's review word list."""
PASSED, HELD, REFUSED = "passed", "held", "refused"
_CATALOG_NAME = {"length": "duration_s"}
_GOOD = {
    "id": "my-0",
    "title": "t",
    "caption": "",
    "creator": "you",
    "genre": "g",
    "hashtags": [],
    "sound": "s",
    "duration_s": 30,
    "uploaded_at": 0,
}
"""A valid row: each field of a post is checked in it alone, so every bad field is named, not only the first."""


class PostError(Exception):
    """A post that cannot be submitted; `lines` has one line per bad field (`field 'title': is missing`)."""

    def __init__(self, lines: list[str], fields: dict[str, str] | None = None) -> None:
        self.lines = lines
        self.fields = fields or {}
        """field -> what is wrong with it (the form shows each under its field)."""
        super().__init__("; ".join(lines))


@dataclass(frozen=True)
class Post:
    """One of the viewer's posts as last submitted, and what became of it."""

    id: str
    title: str
    caption: str
    hashtags: tuple[str, ...]
    sound: str
    genre: str
    length: float
    creator: str
    status: str
    """PASSED (in the catalog), HELD (for review: `reasons`) or REFUSED (a duplicate of `match`)."""
    reasons: tuple[str, ...] = ()
    match: str | None = None
    """The id of the video a refused post duplicates."""
    submitted_at: str = ""
    """When it was last submitted (UTC, ISO 8601): a passed post's upload time."""
    submissions: int = 1

    def video(self) -> Video:
        """The catalog's video of this post (what a passed post adds)."""
        uploaded = datetime.fromisoformat(self.submitted_at.replace("Z", "+00:00")).timestamp()
        return Video(
            self.id,
            self.title,
            self.caption,
            self.creator,
            (self.genre,),
            self.hashtags,
            self.sound,
            self.length,
            uploaded,
        )

    def fields(self) -> dict[str, Any]:
        """The post's fields as the creator gives them (what an edit starts from)."""
        return {
            "title": self.title,
            "caption": self.caption,
            "hashtags": list(self.hashtags),
            "sound": self.sound,
            "genre": self.genre,
            "length": self.length,
        }

    def outcome(self) -> str:
        """What became of it, in words."""
        if self.status == PASSED:
            return "passed review: in the catalog"
        if self.status == HELD:
            return "held for review: " + "; ".join(self.reasons)
        return "refused: " + "; ".join(self.reasons)


@dataclass
class Posts:
    """The viewer's posts and posting settings, as the events log gives them."""

    posts: dict[str, Post] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def apply(self, event: dict[str, Any]) -> None:
        """Change the state by one event of the log (others are ignored)."""
        action = event["action"]
        if action == "post":
            d = json.loads(event["detail"])
            before = self.posts.get(d["id"])
            self.posts[d["id"]] = Post(
                d["id"],
                d["title"],
                d["caption"],
                tuple(d["hashtags"]),
                d["sound"],
                d["genre"],
                float(d["length"]),
                d["creator"],
                d["status"],
                tuple(d.get("reasons", ())),
                d.get("match"),
                d["at"],
                before.submissions + 1 if before else 1,
            )
        elif action == "set":
            key, value = json.loads(event["detail"])
            if key in (HANDLE, WORDS):
                self.settings[key] = value

    @property
    def handle(self) -> str:
        return self.settings.get(HANDLE) or DEFAULT_HANDLE

    def newest_first(self) -> list[Post]:
        return list(reversed(self.posts.values()))


def rebuild(events: Iterable[dict[str, Any]]) -> Posts:
    """The posts the events log gives."""
    state = Posts()
    for event in events:
        state.apply(event)
    return state


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_handle(handle: str, current: str | None = None) -> str:
    """A handle as a catalog's creator field takes it (`@` dropped); PostError names what is wrong. The `current`
    handle stays good as it is: one taken before the rule on its characters (`ana-cooks`) still posts."""
    try:
        kept = parse_row({**_GOOD, "creator": handle}, "handle", 1).creator
    except CatalogError as err:
        raise PostError([f"handle: {err.errors[0].message}" if err.errors else str(err)]) from None
    if any(c.isspace() for c in kept):  # "@a b" reads as @a and a word after it, on a card and in a search
        raise PostError([f"handle: {kept!r} has a space; a handle is one word, such as ana.cooks"])
    # As the apps' handles: letters, digits, _ and . ("@bad!handle" was kept, and read as words and a mark); accents
    # written as marks of their own (e + U+0301) are letters too.
    odd = _marks(kept, "._")
    if odd and kept != current:
        raise PostError([f"handle: {kept!r} has {odd}; a handle is letters, digits, _ and ., such as ana.cooks"])
    return kept


def _marks(text: str, allowed: str) -> str:
    """The characters of `text` other than letters, digits and `allowed`, each quoted once ('' when none); accents
    written as marks of their own (e + U+0301) are letters too."""
    odd = sorted({c for c in text if not (c.isalnum() or c in allowed or unicodedata.category(c).startswith("M"))})
    return " ".join(repr(c) for c in odd)


def hashtag_problem(hashtags: Iterable[str]) -> str | None:
    """What is wrong with a post's hashtags beyond an import's rules (None: nothing). As the apps' hashtags: letters,
    digits and _ ("#c++" showed as #c++ on the card, and a search for it found "c"; "#bar;baz" read as two)."""
    for tag in hashtags:
        if odd := _marks(tag, "_"):
            return f"#{tag} has {odd}; a hashtag is letters, digits and _, such as #bread_baking"
    return None


def genre_problem(genre: str, genres: Collection[str]) -> str | None:
    """What is wrong with posting in `genre` when the catalog has `genres` (None: nothing). A post joins one of
    the catalog's genres: a mistyped one would start a genre of its own that no viewer's taste or feed knows."""
    if not genres or genre in genres:
        return None
    near = get_close_matches(genre, sorted(genres), n=1, cutoff=0.75)
    hint = f"did you mean {near[0]!r}?" if near else f"one of: {', '.join(sorted(genres))}"
    return f"{genre!r} is not a genre of the catalog ({hint})"


def original_sound(creator: str) -> str:
    """The sound of a post given none: the video's own audio, named after its creator (shared with no other video)."""
    return f"{ORIGINAL_SOUND}{creator}"


def validate(fields: dict[str, Any], creator: str, video_id: str, now: float, genres: Collection[str] = ()) -> Video:
    """The post's video, checked as an import checks a row, its genre one of `genres` (the catalog's; any when
    empty); PostError lists every bad field, one line each."""
    # A field it does not know is named beside the bad ones, not instead of them (QA: a file's "extra" key hid its
    # bad caption, genre and length until it was taken out).
    unknown = [
        f"field '{name}': not a field of a post ({', '.join(FIELDS)})" for name in sorted(set(fields) - set(FIELDS))
    ]
    row = {_CATALOG_NAME.get(k, k): v for k, v in fields.items() if k in FIELDS}
    sound = row.get("sound")
    if sound is None or (isinstance(sound, str) and not sound.strip()):  # "   " as "": none given, the default
        row["sound"] = original_sound(creator)
    base = {**_GOOD, "creator": creator, "id": video_id, "uploaded_at": now}
    problems: dict[str, str] = {}
    for name in FIELDS:
        catalog_name = _CATALOG_NAME.get(name, name)
        try:
            checked = parse_row({**base, catalog_name: row.get(catalog_name)}, "post", 1, now=now)
        except CatalogError as err:
            problems[name] = err.errors[0].message if err.errors else str(err)
            continue
        if name == "genre" and (problem := genre_problem(checked.genre, genres)) is not None:
            problems[name] = problem  # as the row gives it: trimmed, lower case
        if name == "hashtags" and (problem := hashtag_problem(checked.hashtags)) is not None:
            problems[name] = problem
    if problems or unknown:
        raise PostError([*unknown, *(f"field '{name}': {message}" for name, message in problems.items())], problems)
    return parse_row({**base, **row}, "post", 1, now=now)


def word_key(word: str) -> str:
    """A word list entry as review compares it (case and accents folded): 'läcker' and 'LACKER' are one entry."""
    return " ".join(words(word))


class Posting:
    """The viewer's posts on one data file: submit, edit and resubmit, list; the seam a front end talks to.

    `also` are told every event posting writes (the app passes its session's
    state, so a handle set here is a setting there too).
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        rules: Rules | None = None,
        also: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.rules = rules or shipped_rules()
        self.also = also
        self.state = rebuild(store.posting_events())

    @property
    def handle(self) -> str:
        return self.state.handle

    @property
    def words(self) -> list[str]:
        """The review word list in use: the viewer's (the setting `review_words`), else the shipped one."""
        listed = self.state.settings.get(WORDS)
        return list(self.rules.words if listed is None else listed)

    def refresh(self) -> None:
        """Catch up with the log: another tiktui on the file (`tiktui post` beside a running app) may have posted."""
        self.state = rebuild(self.store.posting_events())

    def posts(self) -> list[Post]:
        """The viewer's posts, newest first, as the log holds them now."""
        self.refresh()
        return self.state.newest_first()

    def get(self, post_id: str) -> Post | None:
        return self.state.posts.get(post_id)

    def _commit(
        self, event: dict[str, Any], video: Video | None = None, first: tuple[dict[str, Any], ...] = ()
    ) -> None:
        """Write the event after the events `first` (and a passed post's video, in the same transaction), then apply
        them."""
        try:
            self.store.post(event, video, first)
        except ValueError as err:  # another tiktui on the file added the same video a moment ago
            raise PostError([f"not posted: {err}"]) from None
        for done in (*first, event):
            self.state.apply(done)
            if self.also is not None:
                self.also(done)

    def _setting(self, key: str, value: Any) -> dict[str, Any]:
        return {
            "ts": self.clock.utc(),
            "view_id": None,
            "video_id": None,
            "action": "set",
            "detail": json.dumps([key, value]),
        }

    def set_handle(self, handle: str) -> str:
        """Post as `handle` from now on (a setting); return it as kept. PostError when it is not a valid name, or is
        a catalog creator's (the viewer's own posts aside)."""
        kept = self.check_handle(handle)
        if kept != self.handle:
            self._commit(self._setting(HANDLE, kept))
        return kept

    def check_handle(self, handle: str) -> str:
        """`handle` as `set_handle` would keep it, nothing written; PostError as it gives."""
        kept = check_handle(handle, self.handle)
        if kept != self.handle:
            theirs = [vid for vid in self.store.creator_videos(kept) if vid not in self.state.posts]
            if theirs:  # posts under it would sit on their page beside their videos, as theirs
                raise PostError(
                    [f"handle: @{kept} is a creator in the catalog ({theirs[0]} is theirs); choose one of your own"]
                )
        return kept

    def set_words(self, listed: list[str]) -> list[str]:
        """Replace the review word list with the viewer's (a setting); return it as kept. PostError (nothing changed)
        for an entry that review would match otherwise than it reads: review compares words (letters and digits,
        case and accents folded), so 'c++' would hold 'vitamin c' and '!!!' nothing at all."""
        kept, seen = [], set()
        for word in listed:
            compared = word_key(word)
            if not compared:
                raise PostError([f"word list: {word!r} has no letter or digit to look for; the list was not changed"])
            if not all(ch.isalnum() or ch.isspace() or unicodedata.combining(ch) for ch in word):
                raise PostError(
                    [
                        f"word list: {word!r} would be looked for as {compared!r} (review compares letters and "
                        "digits alone): give it as that, or leave it out; the list was not changed"
                    ]
                )
        for word in (" ".join(w.split()) for w in listed if w.strip()):
            if word_key(word) not in seen:  # the first spelling of each, once, in the order given
                seen.add(word_key(word))
                kept.append(word)
        if kept != self.words:
            self._commit(self._setting(WORDS, kept))
        return kept

    def _new_id(self) -> str:
        n = len(self.state.posts) + 1
        while f"my-{n}" in self.state.posts or self.store.has_video(f"my-{n}"):
            n += 1
        return f"my-{n}"

    def submit(self, fields: dict[str, Any], edit: str | None = None, handle: str | None = None) -> Post:
        """Check, de-duplicate and review a post (or an edit of a held or refused one: fields not given keep
        their value) and record what became of it; PostError (nothing written) when it cannot be submitted.

        `handle`: a new post's, set with it (`set_handle`) only when the post is recorded: a post refused as
        invalid changed the handle all the same, and the next post went out under the name typed with it."""
        self.refresh()  # a new id past every post in the log, and an edit of the post as it stands there
        creator = self.handle
        first: tuple[dict[str, Any], ...] = ()
        bad_handle: list[str] = []  # said with the fields' faults, not alone before them (QA: a fix at a time)
        handle_fault: dict[str, str] = {}
        if handle is not None and edit is None:
            try:
                kept = self.check_handle(handle)
            except PostError as err:
                bad_handle = err.lines
                handle_fault = {"handle": err.lines[0].removeprefix("handle: ")}
            else:
                if kept != creator:
                    creator, first = kept, (self._setting(HANDLE, kept),)
        if edit is not None:
            before = self.get(edit)
            if before is None:
                editable = [p for p, post in self.state.posts.items() if post.status != PASSED]
                # Only the ones that can be edited: the list of every post grew with each (QA).
                said = ", ".join(editable[-5:]) if editable else "none: only a held or refused post can be"
                more = f" and {len(editable) - 5} more (tiktui post --list)" if len(editable) > 5 else ""
                raise PostError([f"no post {edit!r} to edit (yours to edit: {said}{more})"])
            if before.status == PASSED:
                raise PostError([f"{edit} passed review and is in the catalog: it can no longer be edited"])
            fields = {**before.fields(), **fields}
            creator = before.creator  # an edit stays the post it was, under its handle
        now = self.clock.utc()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # as the log keeps it: replay gives the same
        video_id = edit or self._new_id()
        try:
            video = validate(fields, creator, video_id, now.timestamp(), self.store.genres())
        except PostError as err:
            raise PostError([*bad_handle, *err.lines], {**handle_fault, **err.fields}) from None
        if bad_handle:
            raise PostError(bad_handle, handle_fault)
        sound = "" if video.sound == original_sound(video.creator) else video.sound  # its own audio: none shared
        match = find(
            self.store.conn, video.title, video.caption, " ".join(video.hashtags), sound, video.duration_s, video_id
        )
        same = self.store.same_content(video)
        reasons: tuple[str, ...]
        matched: str | None
        if match is not None:
            status, reasons, matched = REFUSED, (match.describe(),), match.video_id
        elif same is not None:
            status, reasons, matched = REFUSED, (f'same title, creator and length as {same[0]} "{same[1]}"',), same[0]
        else:
            reasons_held = review(
                self.rules.with_words(self.state.settings.get(WORDS)), video.title, video.caption, video.hashtags
            )
            status, reasons, matched = (HELD, tuple(reasons_held), None) if reasons_held else (PASSED, (), None)
        detail = {
            "id": video_id,
            "title": video.title,
            "caption": video.caption,
            "hashtags": list(video.hashtags),
            "sound": video.sound,
            "genre": video.genre,
            "length": video.duration_s,
            "creator": video.creator,
            "status": status,
            "reasons": list(reasons),
            "match": matched,
            "at": _iso(now),
        }
        event = {"ts": now, "view_id": None, "video_id": video_id, "action": "post", "detail": json.dumps(detail)}
        self._commit(event, video if status == PASSED else None, first)
        return self.state.posts[video_id]
