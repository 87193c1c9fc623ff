"""Retrieval indexes: candidates for a pick without walking the whole catalog.

Every genre, creator, hashtag and sound has its videos ordered by the
audience's verdict, best first; fresh uploads are ordered newest first; poor
videos oldest first (for second chances). A `Cursor` walks one list and
remembers how far the front is already seen, so a pick costs about the same
at 600 videos as at a million.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .lifecycle import POOR
from .profile import features
from .signals import audience_reward
from .video import Catalog, Video


class CatalogIndex:
    """Lists of videos by feature, ordered by the audience's verdict."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.prior: dict[str, float] = {v.id: audience_reward(v) for v in catalog.videos}
        by_quality = sorted(catalog.videos, key=lambda v: (-self.prior[v.id], v.id))
        self.lists: dict[tuple[str, str], list[Video]] = {}
        for v in by_quality:
            for key in features(v):
                self.lists.setdefault(key, []).append(v)
        self.lists[("all", "")] = by_quality
        self.lists[("fresh", "")] = sorted(catalog.videos, key=lambda v: (-v.uploaded_at, v.id))
        self.lists[("poor", "")] = sorted(
            (v for v in by_quality if self.prior[v.id] < POOR), key=lambda v: (v.uploaded_at, v.id)
        )
        completions = sorted(v.completion_rate for v in catalog.videos)
        self.median_completion = completions[len(completions) // 2]
        self.genres = catalog.genres

    def values(self, kind: str) -> list[str]:
        return [value for (k, value) in self.lists if k == kind]


class Cursor:
    """Walks lists of the index past what is seen, remembering where each front is."""

    def __init__(self, index: CatalogIndex) -> None:
        self.index = index
        self.front: dict[tuple[str, str], int] = {}

    def reset(self) -> None:
        self.front.clear()

    def walk(self, key: tuple[str, str], seen: Callable[[Video], bool]) -> Iterator[Video]:
        """Yield the unseen videos of one list in order; the seen front is skipped for good."""
        videos = self.index.lists.get(key, [])
        i = self.front.get(key, 0)
        while i < len(videos) and seen(videos[i]):
            i += 1
        self.front[key] = i
        for j in range(i, len(videos)):  # by index: slicing would copy the list's tail
            if not seen(videos[j]):
                yield videos[j]

    def take(
        self, key: tuple[str, str], n: int, seen: Callable[[Video], bool], ok: Callable[[Video], bool]
    ) -> list[Video]:
        """The first `n` unseen videos of one list that pass `ok`."""
        out: list[Video] = []
        budget = 50 * n  # a list mostly filtered away by the rules is not walked to its end
        for v in self.walk(key, seen):
            budget -= 1
            if len(out) >= n or budget < 0:
                break
            if ok(v):
                out.append(v)
        return out
