"""A video and a catalog of them: plain values, no I/O (reading and checking catalog files is `catalog.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

FIELDS = (
    "id",
    "title",
    "caption",
    "creator",
    "genre",
    "hashtags",
    "sound",
    "duration_s",
    "uploaded_at",
    "views",
    "completion_rate",
    "likes",
    "shares",
    "comments",
    "mature",
    "related",
)
"""The catalog schema, in the order a CSV file lists it. See README.md. The same order is
the `videos` table's (`stored_index.py`)."""

ORIGINAL_SOUND = "original sound - "
"""How a video's own audio is named: `original sound - CREATOR` (a post given no sound, and most of the catalog)."""


def original_of(sound: str) -> str | None:
    """The creator whose own audio `sound` is, or None for a sound of its own name.

    >>> [original_of(s) for s in ("original sound - nadia_codes", "Lo-fi Orbit - Vesna", "original sound - ")]
    ['nadia_codes', None, None]
    """
    return (sound.removeprefix(ORIGINAL_SOUND) or None) if sound.startswith(ORIGINAL_SOUND) else None


@dataclass(frozen=True, slots=True)
class Video:
    """One short video and what the wider audience made of it."""

    id: str
    title: str
    caption: str
    creator: str
    genres: tuple[str, ...]
    hashtags: tuple[str, ...]
    sound: str
    duration_s: float
    uploaded_at: float
    """Upload time, Unix seconds UTC."""
    views: int = 0
    completion_rate: float = 0.5
    likes: int = 0
    shares: int = 0
    comments: int = 0
    mature: bool = False
    related: tuple[str, ...] = ()
    """Videos the wider audience co-engaged with, best first (shipped, never fetched)."""
    related_weights: tuple[float, ...] = ()
    """How strongly each related video goes with this one, 0..1 (1.0 when not given)."""
    verdict: float | None = None
    """The audience's mean reward for this video, in (-1, 1), when known directly (the lab's movies)."""

    @property
    def genre(self) -> str:
        """The main genre: the first one."""
        return self.genres[0]

    @property
    def content_key(self) -> tuple[str, str, int]:
        """Same title, creator and duration: the same video uploaded twice."""
        return (" ".join(self.title.casefold().split()), self.creator.casefold(), round(self.duration_s))


def content_text(title: str, creator: str, duration_s: float) -> str:
    """`Video.content_key` as one text (how the `videos` table keeps it); two keys differ, so do their texts.

    Separated by U+001F, which neither part holds: `split()` takes it for a space in the title, and a creator,
    one line, holds no control character.

    >>> content_text("My  Pasta", "Ana", 29.6)
    'my pasta\\x1fana\\x1f30'
    """
    return f"{' '.join(title.casefold().split())}\x1f{creator.casefold()}\x1f{round(duration_s)}"


@dataclass(frozen=True)
class Catalog:
    """An ordered, validated set of videos with unique ids."""

    videos: tuple[Video, ...]
    as_of: float | None = None
    """When the catalog's audience figures were taken (Unix seconds), if known."""
    duplicates: tuple[str, ...] = field(default=())
    """Lines describing rows left out because they repeat an id or content."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {v.id: v for v in self.videos})

    def __len__(self) -> int:
        return len(self.videos)

    def get(self, video_id: str) -> Video | None:
        return self._by_id.get(video_id)  # type: ignore[attr-defined]

    def __getitem__(self, video_id: str) -> Video:
        return self._by_id[video_id]  # type: ignore[attr-defined]

    def __contains__(self, video_id: object) -> bool:
        return video_id in self._by_id  # type: ignore[attr-defined]

    @property
    def genres(self) -> list[str]:
        return sorted({g for v in self.videos for g in v.genres})

    def rebased(self, now: float) -> Catalog:
        """Shift upload times so the catalog was taken at `now`.

        The shipped catalog is a snapshot: on first run its newest uploads
        are fresh, and from then on they age in real time.
        """
        if self.as_of is None:
            return self
        shift = now - self.as_of
        return Catalog(tuple(replace(v, uploaded_at=v.uploaded_at + shift) for v in self.videos), now, self.duplicates)
