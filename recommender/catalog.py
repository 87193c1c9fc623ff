"""Videos and the catalog: the one place a catalog file is read and checked.

A catalog is JSON (`{"as_of": ISO time, "videos": [...]}` or a bare list) or
CSV with the same field names. Every row is validated; an error names the
file, the row (1-based, the CSV header is not a row) and the field.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

MAX_CAPTION = 10_000
"""Longest caption kept; a longer one is an error, not silently cut."""


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


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row of a catalog file."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}, field '{self.field}': {self.message}"


class CatalogError(Exception):
    """A catalog that cannot be used; `errors` lists every bad row found."""

    def __init__(self, errors: list[RowError] | str) -> None:
        self.errors = errors if isinstance(errors, list) else []
        super().__init__(str(errors[0]) if isinstance(errors, list) else errors)

    def lines(self, limit: int = 20) -> list[str]:
        """One line per bad row, at most `limit`, then how many more."""
        if not self.errors:
            return [str(self)]
        shown = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            shown.append(f"... and {len(self.errors) - limit} more bad rows")
        return shown


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

    def rebased(self, now: float) -> "Catalog":
        """Shift upload times so the catalog was taken at `now`.

        The shipped catalog is a snapshot: on first run its newest uploads
        are fresh, and from then on they age in real time.
        """
        if self.as_of is None:
            return self
        shift = now - self.as_of
        return Catalog(tuple(replace(v, uploaded_at=v.uploaded_at + shift) for v in self.videos), now, self.duplicates)


def _text(value: Any, name: str, *, required: bool = True, limit: int = 500) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"must be text, got {type(value).__name__}")
    if required and not value.strip():
        raise ValueError("must not be empty")
    if len(value) > limit:
        raise ValueError(f"is {len(value)} characters, at most {limit}")
    return value


def _number(value: Any, lo: float, hi: float, *, integer: bool = False) -> float:
    if isinstance(value, bool):
        raise ValueError("must be a number, got true/false")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(f"must be a number, got {value!r:.40}") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"must be a number, got {value!r:.40}")
    if integer and value != int(value):
        raise ValueError(f"must be a whole number, got {value}")
    if not lo <= value <= hi:
        raise ValueError(f"must be between {lo:g} and {hi:g}, got {value:g}")
    return int(value) if integer else float(value)


def _list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [p for p in value.replace("|", " ").split() if p]
    if isinstance(value, list) and all(isinstance(p, str) for p in value):
        return value
    raise ValueError("must be a list of text")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "yes", "no", ""):
        return value.strip().lower() in ("true", "1", "yes")
    raise ValueError(f"must be true or false, got {value!r:.40}")


def _time(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value, 0, 4102444800)
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 time")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"must be an ISO 8601 time, got {value!r:.40}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def _tag(tag: str) -> str:
    tag = tag.strip().lstrip("#").strip()
    if not tag:
        raise ValueError("has an empty hashtag")
    if len(tag) > 60:
        raise ValueError("has a hashtag longer than 60 characters")
    return tag.lower()


FIELDS = (
    "id", "title", "caption", "creator", "genre", "hashtags", "sound", "duration_s", "uploaded_at",
    "views", "completion_rate", "likes", "shares", "comments", "mature", "related",
)
"""The catalog schema, in the order a CSV file lists it. See README.md."""
REQUIRED = ("id", "title", "creator", "genre", "sound", "duration_s", "uploaded_at")


def parse_row(row: dict[str, Any], file: str, number: int) -> Video:
    """Validate one catalog row; raise CatalogError naming the field at fault.

    >>> v = parse_row({"id": "v1", "title": "Pasta", "creator": "ana", "genre": "Cooking",
    ...     "hashtags": "#pasta #food", "sound": "original", "duration_s": 30,
    ...     "uploaded_at": "2026-11-01T10:00:00Z"}, "c.csv", 1)
    >>> (v.genre, v.hashtags)
    ('cooking', ('pasta', 'food'))
    >>> parse_row({"id": "v2"}, "c.csv", 2)
    Traceback (most recent call last):
    ...
    recommender.catalog.CatalogError: c.csv: row 2, field 'title': is missing
    """
    if not isinstance(row, dict):
        raise CatalogError([RowError(file, number, "-", "must be an object with the catalog fields")])
    current = "-"
    try:
        for name in REQUIRED:
            current = name
            if row.get(name) in (None, ""):
                raise ValueError("is missing")
        current = "id"
        vid = _text(row["id"], "id", limit=64).strip()
        current = "title"
        title = _text(row["title"], "title", limit=300)
        current = "caption"
        caption = _text(row.get("caption", ""), "caption", required=False, limit=MAX_CAPTION)
        current = "creator"
        creator = _text(row["creator"], "creator", limit=100).strip().lstrip("@")
        current = "genre"
        genre = _text(row["genre"], "genre", limit=40).strip().lower()
        current = "hashtags"
        hashtags = tuple(dict.fromkeys(_tag(t) for t in _list(row.get("hashtags"))))
        if len(hashtags) > 12:
            raise ValueError(f"has {len(hashtags)} hashtags, at most 12")
        current = "sound"
        sound = _text(row["sound"], "sound", limit=200)
        current = "duration_s"
        duration = _number(row["duration_s"], 1, 600)
        current = "uploaded_at"
        uploaded = _time(row["uploaded_at"])
        current = "views"
        views = int(_number(row.get("views", 0), 0, 1e12, integer=True))
        current = "completion_rate"
        completion = _number(row.get("completion_rate", 0.5), 0, 1)
        counts = {}
        for name in ("likes", "shares", "comments"):
            current = name
            counts[name] = int(_number(row.get(name, 0), 0, 1e12, integer=True))
        current = "mature"
        mature = _bool(row.get("mature", False))
        current = "related"
        related = tuple(_list(row.get("related")))
    except ValueError as err:
        raise CatalogError([RowError(file, number, current, str(err))]) from None
    return Video(vid, title, caption, creator, (genre,), hashtags, sound, duration, uploaded,
                 views, completion, counts["likes"], counts["shares"], counts["comments"], mature, related)


def parse_rows(rows: Iterable[Any], file: str, as_of: float | None = None) -> Catalog:
    """Validate every row; keep the first of any repeated id or content.

    Raises CatalogError listing every bad row, so nothing half-valid is used.
    """
    videos: list[Video] = []
    errors: list[RowError] = []
    duplicates: list[str] = []
    ids: set[str] = set()
    keys: dict[tuple, str] = {}
    for number, row in enumerate(rows, start=1):
        try:
            video = parse_row(row, file, number)
        except CatalogError as err:
            errors.extend(err.errors)
            continue
        if video.id in ids:
            duplicates.append(f"{file}: row {number}, field 'id': duplicate id {video.id!r}, left out")
            continue
        if video.content_key in keys:
            duplicates.append(
                f"{file}: row {number}: same title, creator and duration as {keys[video.content_key]!r}, left out"
            )
            continue
        ids.add(video.id)
        keys[video.content_key] = video.id
        videos.append(video)
    if errors:
        raise CatalogError(errors)
    if not videos:
        raise CatalogError([RowError(file, 0, "-", "holds no videos")])
    return Catalog(tuple(videos), as_of, tuple(duplicates))


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file (JSON or CSV, by its ending)."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(f"{name}: no such catalog file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogError(f"{name}: cannot be read: {err}") from None
    if path.suffix.lower() == ".csv":
        return parse_rows(csv.DictReader(raw.splitlines()), name)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise CatalogError(f"{name}: not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    as_of = None
    if isinstance(data, dict):
        if "as_of" in data:
            try:
                as_of = _time(data["as_of"])
            except ValueError as err:
                raise CatalogError(f"{name}: field 'as_of' {err}") from None
        data = data.get("videos")
    if not isinstance(data, list):
        raise CatalogError(f"{name}: must hold a list of videos (or an object with 'videos')")
    return parse_rows(data, name, as_of)


def shipped_catalog_path() -> Path:
    """Where the catalog that ships with tiktui lies."""
    from importlib.resources import files

    return Path(str(files("fixtures") / "catalog.json"))
