"""Retrieval indexes: candidates for a pick without walking the whole catalog.

Every genre, creator, hashtag, sound and length bucket has its videos
ordered by the audience's verdict, best first (`rank` = minus the verdict, then
the id);
fresh uploads are ordered newest first; poor videos oldest first (for second
chances). A `Shelf` hands out any of these lists a chunk at a time, after a
token marking where the last chunk ended. `CatalogIndex` is a shelf over a
catalog in memory (simulations, the lab, tests); `stored_index.StoredIndex`
is the same shelf read from SQLite as needed, so the app starts and picks in
about the same time at a thousand videos as at a million. A `Cursor` walks
one list and remembers how far its front is already seen.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .lifecycle import POOR
from .profile import features
from .signals import audience_reward
from .video import Catalog, Video

Key = tuple[str, str]
"""A list of the index: ("genre", "cooking"), ("creator", ...), ("hashtag", ...), ("sound", ...),
("length", "under 10 s"), ("all", ""), ("fresh", "") or ("poor", "")."""

BY_ID = "by id"
"""What a chunk or a buffer holds for a video instead of its row: `read` finds it by its id."""


class Shelf(Protocol):
    """What a pick reads from: videos by id, and the index's lists a chunk at a time."""

    genres: list[str]
    """Every genre in the catalog, sorted."""
    median_completion: float
    """The catalog's median completion rate (the cold start's bar for "widely liked")."""

    def __len__(self) -> int: ...

    def get(self, video_id: str) -> Video | None: ...

    def chunk(self, key: Key, after: Any, n: int, everything: bool = False) -> list[tuple[Any, str, Any]]:
        """Up to `n` videos of list `key` after the one whose token is `after` (None: from the start), as
        (token, id, what `read` needs: BY_ID, or None when `rows` must be asked): a walk skips seen ids
        without reading them. A shelf may leave out videos it knows are seen, unless `everything` (a page)."""
        ...

    def rows(self, ids: list[str]) -> dict[str, Any]:
        """What `read` needs for these ids, read together (those left out are read by id)."""
        ...

    def read(self, video_id: str, raw: Any) -> Video | None:
        """The video a chunk listed, from what it or `rows` gave with it (BY_ID: read it by id, as `get` does)."""
        ...

    def any_video(self, *, genres: frozenset[str] | None = None, unrestricted: bool = False) -> bool:
        """Whether any video has one of `genres` (None: any), and is not marked mature when `unrestricted`."""
        ...

    def broad(self, hashtag: str) -> bool:
        """Whether more of the catalog's videos carry `hashtag` than an average genre holds (`broad_bar`): a tag of
        the feed as a whole (#fyp, #foryou, #viral), not a taste a reason can name."""
        ...

    def start_over(self) -> Callable[[], None]:
        """The viewer's seen set was emptied (the catalog starts over): list seen videos again. Returns what takes
        it back (the seen set put back: a start over that found nothing to show either, or a pick not kept)."""
        ...


def nothing() -> None:
    """Nothing to take back (`Shelf.start_over`)."""


def list_order(key: Key, video: Video) -> tuple:
    """The position of `video` in list `key`: the token a shelf hands out with it."""
    if key[0] == "fresh":
        return (-video.uploaded_at, _descending(video.id))
    if key[0] == "poor":
        return (video.uploaded_at, video.id)
    return (-audience_reward(video), video.id)


def _descending(text: str) -> tuple[int, ...]:
    """A sort key that orders strings backwards (newest-first ties broken by the id, descending)."""
    return (*(-ord(c) for c in text), 1)


def broad_bar(videos: int, genres: int) -> int:
    """Videos a hashtag must be on to be broad (`Shelf.broad`): as many as an average genre holds. In the shipped
    catalog #fyp is on 1,580 of 5,000 videos, #foryou 830, #viral 570, where a genre holds 312 on average: a reason
    "because you like #fyp videos" named nothing of the viewer's taste.

    >>> broad_bar(5000, 16)
    312
    """
    return videos // max(1, genres)


def _median_completion(catalog: Catalog) -> float:
    completions = sorted(v.completion_rate for v in catalog.videos)
    return completions[len(completions) // 2] if completions else 0.0


class CatalogIndex:
    """A shelf over a catalog held in memory."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.get = catalog._by_id.get  # type: ignore[attr-defined]  # a pick's hot path: the dict's own method
        """The video with this id, or None."""
        self.lists: dict[Key, list[tuple[tuple, str, str]]] = {}
        quality = sorted((list_order(("all", ""), v), v.id, BY_ID) for v in catalog.videos)
        for token, vid, _ in quality:
            for key in features(catalog[vid]):
                self.lists.setdefault(key, []).append((token, vid, BY_ID))
        self.lists[("all", "")] = quality
        self.lists[("fresh", "")] = sorted((list_order(("fresh", ""), v), v.id, BY_ID) for v in catalog.videos)
        self.lists[("poor", "")] = sorted(
            (list_order(("poor", ""), catalog[vid]), vid, BY_ID) for token, vid, _ in quality if -token[0] < POOR
        )
        self._tokens = {key: [item[0] for item in items] for key, items in self.lists.items()}
        self.median_completion = _median_completion(catalog)
        self.genres = catalog.genres
        bar = broad_bar(len(catalog), len(self.genres))
        self._broad = frozenset(
            value for (kind, value), items in self.lists.items() if kind == "hashtag" and len(items) > bar
        )

    def updated(self, catalog: Catalog) -> CatalogIndex:
        """The index of `catalog`, the same as `CatalogIndex(catalog)`, from this one: when `catalog` holds this
        one's videos in the same order, a few with other audience figures (a simulated audience's next day), only
        those few move in the lists they are on; else it is built afresh. This index is not changed.

        A day's index was built afresh for every day of every process, some 60 ms: at a small audience, a third
        of the day's work (tests/test_day_index.py compares the two)."""
        old = self.catalog.videos
        if len(old) != len(catalog.videos):
            return CatalogIndex(catalog)
        changed = [(was, now) for was, now in zip(old, catalog.videos, strict=True) if was is not now]
        for was, now in changed:
            if was.id != now.id or was.uploaded_at != now.uploaded_at or features(was) != features(now):
                return CatalogIndex(catalog)
        new = object.__new__(CatalogIndex)
        new.catalog = catalog
        new.get = catalog._by_id.get  # type: ignore[attr-defined]
        new.lists, new._tokens = dict(self.lists), dict(self._tokens)
        copied: set[Key] = set()

        def own(key: Key) -> tuple[list[tuple[tuple, str, str]], list[tuple]]:
            """The list `key` of the new index, copied from this one's the first time it changes."""
            if key not in copied:
                copied.add(key)
                new.lists[key], new._tokens[key] = list(new.lists[key]), list(new._tokens[key])
            return new.lists[key], new._tokens[key]

        def move(key: Key, token: tuple | None, to: tuple | None, vid: str) -> None:
            """Take `vid` out of list `key` at `token` (None: it was not on it) and put it in at `to` (None: none)."""
            items, tokens = own(key)
            if token is not None:
                at = bisect_left(tokens, token)
                del items[at], tokens[at]
            if to is not None:
                at = bisect_left(tokens, to)
                items.insert(at, (to, vid, BY_ID))
                tokens.insert(at, to)

        every = ("all", "")
        for was, now in changed:
            token, to = list_order(every, was), list_order(every, now)
            if token != to:
                for key in (*features(now), every):
                    move(key, token, to, now.id)
            poor = list_order(("poor", ""), now)  # the same place whatever the figures: on the list or not
            if (-token[0] < POOR) != (-to[0] < POOR):
                move(("poor", ""), poor if -token[0] < POOR else None, poor if -to[0] < POOR else None, now.id)
        new.median_completion = _median_completion(catalog)
        new.genres = catalog.genres
        new._broad = self._broad  # the same videos on the same lists
        return new

    def __len__(self) -> int:
        return len(self.catalog)

    def chunk(self, key: Key, after: Any, n: int, everything: bool = False) -> list[tuple[Any, str, Any]]:
        items = self.lists.get(key, [])
        start = 0 if after is None else bisect_right(self._tokens[key], after)
        return list(items[start : start + n])

    def read(self, video_id: str, raw: Any) -> Video | None:
        return self.catalog.get(video_id)

    def rows(self, ids: list[str]) -> dict[str, Any]:
        return {}

    def start_over(self) -> Callable[[], None]:
        return nothing  # a catalog in memory lists every video: the seen set alone passes over them

    def any_video(self, *, genres: frozenset[str] | None = None, unrestricted: bool = False) -> bool:
        return any(
            (genres is None or genres.intersection(v.genres)) and not (unrestricted and v.mature)
            for v in self.catalog.videos
        )

    def broad(self, hashtag: str) -> bool:
        return hashtag in self._broad


MAX_LISTS = 500
"""Lists a cursor keeps buffered; the least recently walked is let go past this (it is read again if needed)."""
CHUNK = 16
"""Videos fetched at a time by a cursor (doubling while one walk goes deeper, up to MAX_CHUNK)."""
MAX_CHUNK = 256
READ_AHEAD = 16
"""Unseen videos whose rows a walk reads together, when the shelf hands out keys only."""


class Cursor:
    """Walks lists of a shelf past what is seen, remembering where each front is."""

    def __init__(self, shelf: Shelf) -> None:
        self.shelf = shelf
        self.buffers: dict[Key, _Buffer] = {}

    def reset(self) -> None:
        self.buffers.clear()

    def _front(self, key: Key, seen: Callable[[str], bool]) -> _Buffer:
        """The buffer of one list, its seen front skipped for good (only keys are fetched for it, a chunk at a
        time), most recently used last."""
        buf = self.buffers.pop(key, None)  # put back last: the dict's order is the order of use
        if buf is None:
            buf = _Buffer()
            if len(self.buffers) >= MAX_LISTS:
                del self.buffers[next(iter(self.buffers))]
        self.buffers[key] = buf
        shelf, items = self.shelf, buf.items
        while True:
            i, end = buf.start, len(items)
            while i < end and seen(items[i][1]):
                i += 1
            buf.start = i
            if i < end or not buf.fill(shelf, key):
                break
        buf.compact()
        return buf

    def _read(self, items: list[tuple[Any, str, Any]], i: int, seen: Callable[[str], bool]) -> Video | None:
        """The video at place `i` of a buffer, read (the rows of the next unseen ones together, when the shelf
        handed out keys only); None when it is seen or the shelf no longer has it."""
        token, vid, raw = items[i]
        if seen(vid):
            video = None
        else:
            if raw is None:  # the rows of the next unseen ones are read together
                shelf = self.shelf
                ahead = [(j, v) for j, (_, v, r) in enumerate(items[i : i + READ_AHEAD], i) if r is None]
                rows = shelf.rows([v for _, v in ahead if not seen(v)])
                for j, v in ahead:
                    items[j] = (items[j][0], v, rows.get(v, BY_ID))
                raw = items[i][2]
            video = self.shelf.read(vid, raw)
        if raw is not BY_ID:
            items[i] = (token, vid, BY_ID)  # read (the shelf keeps what it decoded) or seen: keep only the place
        return video

    def walk(self, key: Key, seen: Callable[[str], bool]) -> Iterator[Video]:
        """Yield the videos of one list in order whose ids are not `seen`; the seen front is skipped for good."""
        buf = self._front(key, seen)
        shelf, items, read = self.shelf, buf.items, self._read
        i = buf.start
        while i < len(items) or buf.fill(shelf, key, len(items) - buf.start + 1):
            video = read(items, i, seen)
            if video is not None:
                yield video
            i += 1

    def take(
        self, key: Key, n: int, seen: Callable[[str], bool], ok: Callable[[Video], bool] | None, depth: int = 50
    ) -> list[Video]:
        """The first `n` unseen videos of one list that pass `ok` (None: any), looking at most `depth` x `n`
        unseen ones.

        `walk`, written out as one loop (a pick takes from a dozen lists, some 350 videos: a generator's step
        per video was a tenth of a pick): a video the shelf hands out whole (BY_ID) and unseen is read at once."""
        out: list[Video] = []
        if n <= 0:
            return out
        budget = depth * n  # a list mostly filtered away by the rules is not walked to its end
        buf = self._front(key, seen)
        shelf, items, get, read = self.shelf, buf.items, self.shelf.get, self._read
        append = out.append
        i = buf.start
        while i < len(items) or buf.fill(shelf, key, len(items) - buf.start + 1):
            _, vid, raw = items[i]
            video = get(vid) if raw is BY_ID and not seen(vid) else None if raw is BY_ID else read(items, i, seen)
            i += 1
            if video is None:
                continue
            if ok is None:
                append(video)
                if len(out) >= n:
                    break
            else:
                budget -= 1
                if budget < 0:
                    break
                if ok(video):
                    append(video)
                    if len(out) >= n:
                        break
        return out


class _Buffer:
    """The fetched part of one list, from its unseen front (`start`) on."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, str, Any]] = []
        self.start = 0
        self.done = False
        self.chunk = CHUNK

    def fill(self, shelf: Shelf, key: Key, want: int = 1) -> bool:
        """Make sure `want` items past `start` are fetched, if the list has them; whether they are."""
        while len(self.items) - self.start < want and not self.done:
            after = self.items[-1][0] if self.items else None
            got = shelf.chunk(key, after, self.chunk)
            self.items.extend(got)
            self.done = len(got) < self.chunk
            self.chunk = min(MAX_CHUNK, self.chunk * 2)
        return len(self.items) - self.start >= want

    def compact(self) -> None:
        """Forget the seen front once it is most of the buffer."""
        if self.start > 256 and self.start * 2 > len(self.items):
            del self.items[: self.start]
            self.start = 0
