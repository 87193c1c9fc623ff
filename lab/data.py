"""Reading a MovieLens-layout directory (ml-latest-small's files) into columns.

Ratings are read in chunks of lines parsed by numpy and kept as three
columns (viewer, movie, rating), grouped by viewer with each viewer's rows
in file order: 25 million ratings take about 0.5 GB where dicts of dicts
took several. A chunk that numpy cannot parse, or whose values break a
rule, is read again row by row to name the first bad row and field.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path

import numpy as np

from .errors import LabDataError

CHUNK_LINES = 1_000_000
"""Lines of ratings.csv parsed at a time: bounds the parser's memory, not the result's."""
RATING_FIELDS = ("userId", "movieId", "rating", "timestamp")
_ROW = np.dtype([("user", "i8"), ("movie", "i8"), ("rating", "f8"), ("timestamp", "i8")])


@dataclass
class Dataset:
    """Ratings, movies and tags of one MovieLens-layout directory."""

    path: Path
    user: np.ndarray
    """Per rating: the viewer (int64), grouped by viewer, ascending; each viewer's rows in file order."""
    movie: np.ndarray
    """Per rating: the movie (int64)."""
    stars: np.ndarray
    """Per rating: 0.5 to 5.0 in half stars (float64)."""
    movies: dict[int, tuple[str, tuple[str, ...], int | None]]
    """movie -> (title, genres, release year)"""
    tags: dict[int, list[tuple[int, str]]]
    """movie -> [(user, tag)]"""
    viewers: np.ndarray = field(init=False)
    """Every viewer id, ascending."""
    starts: np.ndarray = field(init=False)
    """Where each viewer's rows start in the columns (and, last, where they end)."""

    def __post_init__(self) -> None:
        self.viewers, first = np.unique(self.user, return_index=True)
        self.starts = np.append(first, len(self.user))

    def rows(self, viewer: int) -> slice:
        i = int(np.searchsorted(self.viewers, viewer))
        if i == len(self.viewers) or self.viewers[i] != viewer:
            raise KeyError(viewer)
        return slice(int(self.starts[i]), int(self.starts[i + 1]))

    def pool(self, viewer: int) -> dict[int, float]:
        """One viewer's ratings, movie -> rating, in file order."""
        rows = self.rows(viewer)
        return dict(zip(self.movie[rows].tolist(), self.stars[rows].tolist(), strict=True))

    def counts(self) -> dict[int, int]:
        """Ratings per viewer."""
        return dict(zip(self.viewers.tolist(), np.diff(self.starts).tolist(), strict=True))

    @cached_property
    def ratings(self) -> dict[int, dict[int, float]]:
        """Every viewer's pool as dicts: for small data (the ceiling benchmark); the lab itself never builds it."""
        return {v: self.pool(v) for v in self.viewers.tolist()}


def _lines(path: Path, fields: tuple[str, ...], width: list[int] | None = None) -> Iterator[str]:
    """The file's lines after a checked header (its first columns `fields`; `width`, when given, is told how many
    columns the header has)."""
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "not a regular file" if path.exists() else "missing"
        raise LabDataError(f"{path}: {what} (the MovieLens layout needs movies.csv, ratings.csv and tags.csv)")
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:  # -sig: a byte-order mark, as Excel writes one
            header = next(csv.reader([f.readline()]), None)
            if header is None or tuple(h.strip() for h in header[: len(fields)]) != fields:
                raise LabDataError(
                    f"{path}: row 0 (header), field '-': expected {','.join(fields)}, got "
                    f"{','.join(header or [])[:80]!r}"
                )
            if width is not None:
                width[:] = [len(header)]
            yield from f
    except UnicodeDecodeError as err:
        raise LabDataError(f"{path}: not UTF-8 text ({err.reason})") from None


def _rows(
    path: Path, fields: tuple[str, ...], first: int = 1, lines: Iterable[str] | None = None, width: int | None = None
):
    """Each row with its number (1 the first after the header), blank lines skipped and counted. A row with a value
    past the header's columns (`width`) is refused: a shifted column is a different file, not a value to guess (a
    trailing comma, an empty cell past them, is no value)."""
    said = [len(fields)]
    for n, row in enumerate(csv.reader(_lines(path, fields, said) if lines is None else lines), start=first):
        if not row:
            continue
        columns = said[0] if width is None else width
        if len(row) > columns and any(cell.strip() for cell in row[columns:]):
            raise LabDataError(f"{path}: row {n}: {len(row)} fields, the header has {columns}")
        yield n, row


def _field(path: Path, number: int, row: list[str], index: int, name: str, kind: Callable):
    if index >= len(row):
        raise LabDataError(f"{path}: row {number}, field '{name}': missing")
    try:
        return kind(row[index])
    except ValueError:
        raise LabDataError(f"{path}: row {number}, field '{name}': not a valid value: {row[index][:40]!r}") from None


def _rating(text: str) -> float:
    value = float(text)
    if not 0.5 <= value <= 5.0 or value * 2 != int(value * 2):
        raise ValueError(text)
    return value


def _parse_rows(path: Path, first: int, lines: list[str], movies: dict, width: int) -> np.ndarray:
    """Read a chunk row by row, as csv does (quotes, blank lines), raising for its first bad row."""
    rows = []
    for n, row in _rows(path, RATING_FIELDS, first, lines, width):
        user = _field(path, n, row, 0, "userId", int)
        mid = _field(path, n, row, 1, "movieId", int)
        rating = _field(path, n, row, 2, "rating", _rating)
        timestamp = _field(path, n, row, 3, "timestamp", int)
        if mid not in movies:
            raise LabDataError(f"{path}: row {n}, field 'movieId': {mid} is not in movies.csv")
        rows.append((user, mid, rating, timestamp))
    return np.array(rows, dtype=_ROW)


def _read_ratings(path: Path, movies: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    known = np.array(sorted(movies), dtype=np.int64)
    users, mids, stars = [], [], []
    width = [len(RATING_FIELDS)]
    lines = _lines(path, RATING_FIELDS, width)
    first = 1
    while chunk := list(islice(lines, CHUNK_LINES)):
        # Four columns in the header: all four read, so a row with a fifth field goes the slow way, to be named.
        # More (a column of the file's own): the four read, the others left.
        columns = None if width[0] == len(RATING_FIELDS) else range(len(RATING_FIELDS))
        try:
            block = np.loadtxt(chunk, delimiter=",", dtype=_ROW, usecols=columns, ndmin=1, comments=None)
            r = block["rating"]
            fast = len(block) == len(chunk) and bool(
                np.all((r >= 0.5) & (r <= 5.0) & (r * 2 == np.floor(r * 2))) and np.isin(block["movie"], known).all()
            )
        except ValueError:
            fast = False
        if not fast:  # name the first bad row, or read what numpy would not (quoted fields, blank lines)
            block = _parse_rows(path, first, chunk, movies, width[0])
            r = block["rating"]
        users.append(block["user"])
        mids.append(block["movie"])
        stars.append(r)
        first += len(chunk)
    if not sum(len(u) for u in users):
        raise LabDataError(f"{path}: holds no ratings")
    user, movie, star = np.concatenate(users), np.concatenate(mids), np.concatenate(stars)
    del users, mids, stars
    return _one_per_pair(user, movie, star)


def _one_per_pair(user: np.ndarray, movie: np.ndarray, star: np.ndarray):
    """Group by viewer (file order kept within one); a movie rated twice by one viewer keeps its last rating."""
    order = np.argsort(user, kind="stable")
    user, movie, star = user[order], movie[order], star[order]
    del order
    key = user * (int(movie.max()) + 1) + movie
    ordered = np.sort(key)
    once = not bool((ordered[1:] == ordered[:-1]).any())
    del ordered
    if not once:  # rare: the first row's place, the last row's rating (as a dict would keep it)
        by_key = np.argsort(key, kind="stable")
        sorted_keys = key[by_key]
        group_start = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        group_end = np.r_[group_start[1:], len(key)] - 1
        star[by_key[group_start]] = star[by_key[group_end]]
        keep = np.sort(by_key[group_start])
        user, movie, star = user[keep], movie[keep], star[keep]
    return user, movie, star


def load(path: str | Path) -> Dataset:
    """Read and check a directory in the MovieLens ml-latest-small layout."""
    path = Path(path)
    if not path.is_dir():
        raise LabDataError(f"{path}: not a directory")
    movies: dict[int, tuple[str, tuple[str, ...], int | None]] = {}
    file = path / "movies.csv"
    for n, row in _rows(file, ("movieId", "title", "genres")):
        mid = _field(file, n, row, 0, "movieId", int)
        title = _field(file, n, row, 1, "title", str)
        genres = _field(file, n, row, 2, "genres", str)
        names = tuple(g.strip().lower() for g in genres.split("|") if g.strip() and g != "(no genres listed)")
        year = re.search(r"\((\d{4})\)\s*$", title)
        movies[mid] = (title, names or ("none",), int(year.group(1)) if year else None)
    user, movie, stars = _read_ratings(path / "ratings.csv", movies)
    tags: dict[int, list[tuple[int, str]]] = defaultdict(list)
    file = path / "tags.csv"
    for n, row in _rows(file, ("userId", "movieId", "tag", "timestamp")):
        viewer = _field(file, n, row, 0, "userId", int)
        mid = _field(file, n, row, 1, "movieId", int)
        tag = "-".join(_field(file, n, row, 2, "tag", str).lower().split())
        if tag:
            tags[mid].append((viewer, tag))
    return Dataset(path, user, movie, stars, movies, dict(tags))
