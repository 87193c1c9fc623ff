"""Lists to play from: a creator's videos newest first, a hashtag's and a sound's best first, the Following feed.

A creator page and the Following feed need a creator's videos by upload time,
newest first; the index's own lists (`Shelf.chunk`) order a creator by the
audience's verdict. `Newest` is a shelf of that one extra list, read from the
`videos_by_creator_uploaded` index of the file (or sorted in memory for a
catalog held in memory), so a Following pick reads a few rows per followed
creator once and then walks them, never the table.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from .index import BY_ID, Cursor, Key, Shelf, list_order
from .stored_newest import newest_chunk
from .video import Video

PAGE_LIMIT = 200
"""Videos a page lists: a creator's newest, a hashtag's or sound's best."""


class Newest:
    """A shelf of one kind of list, ("newest", creator): that creator's videos, newest upload first."""

    def __init__(self, shelf: Shelf) -> None:
        self.shelf = shelf
        self.conn = getattr(shelf, "conn", None)
        """The SQLite connection of a stored catalog (`StoredIndex`), or None for one in memory."""
        self._lists: dict[str, tuple[list[tuple[Any, str, str]], list[Any]]] = {}

    def chunk(self, key: Key, after: Any, n: int, everything: bool = False) -> list[tuple[Any, str, Any]]:
        creator = key[1]
        if self.conn is not None:
            return newest_chunk(self.conn, creator, after, n)
        items, tokens = self._memory(creator)
        start = 0 if after is None else bisect_right(tokens, after)
        return items[start : start + n]

    def _memory(self, creator: str) -> tuple[list[tuple[Any, str, str]], list[Any]]:
        found = self._lists.get(creator)
        if found is None:
            videos = getattr(self.shelf, "catalog", None)
            mine = [v for v in getattr(videos, "videos", ()) if v.creator == creator]
            items = sorted((list_order(("fresh", ""), v), v.id, BY_ID) for v in mine)
            found = self._lists[creator] = (items, [t for t, _, _ in items])
        return found

    def read(self, video_id: str, raw: Any) -> Video | None:
        return self.shelf.read(video_id, raw)

    def rows(self, ids: list[str]) -> dict[str, Any]:
        return self.shelf.rows(ids)

    def get(self, video_id: str) -> Video | None:
        return self.shelf.get(video_id)


def page_videos(
    shelf: Shelf, kind: str, value: str, limit: int = PAGE_LIMIT, allows: Callable[[Video], bool] | None = None
) -> list[Video]:
    """The videos a page lists, up to `limit` of those `allows` passes: a creator's newest first; a hashtag's or a
    sound's best first. The list is read on past what the rules hide: restricted mode listed 197 of a hashtag's
    221 videos where it allowed 218, the 200 read less the mature among them."""
    source: Any = Newest(shelf) if kind == "creator" else shelf
    key = ("newest", value) if kind == "creator" else (kind, value)
    out: list[Video] = []
    after = None
    while len(out) < limit:
        want = limit - len(out)
        listed = source.chunk(key, after, want, everything=True)  # a page lists what was seen too
        rows = source.rows([vid for _, vid, raw in listed if raw is None])  # read together, not one by one
        for _, vid, raw in listed:
            video = source.read(vid, rows.get(vid, raw))
            if video is not None and (allows is None or allows(video)):
                out.append(video)
        if len(listed) < want:
            break
        after = listed[-1][0]
    return out


class Following:
    """The Following feed: the newest unseen video of the creators the viewer follows."""

    def __init__(self, shelf: Shelf) -> None:
        self.cursor = Cursor(Newest(shelf))  # type: ignore[arg-type]

    def reset(self) -> None:
        """Forget where each list was walked to (what counts as seen started again)."""
        self.cursor.reset()

    def next(self, following: set[str], seen: Callable[[str], bool], ok: Callable[[Video], bool]) -> Video | None:
        """The newest video by any of `following` that is not `seen` and passes `ok`; None when there is none."""
        fronts = []
        for creator in following:
            found = self.cursor.take(("newest", creator), 1, seen, ok)
            if found:
                fronts.append(found[0])
        best = heapq.nlargest(1, fronts, key=lambda v: (v.uploaded_at, v.id))
        return best[0] if best else None
