"""Catalog files: the one place a catalog is read and checked (the values themselves are `video.py`).

A catalog is JSON (`{"as_of": ISO time, "videos": [...]}` or a bare list) or
CSV with the same field names (a header row, then one row per video; quoted
fields may span lines; a UTF-8 byte-order mark is fine). Every row is
validated; an error names the file, the row (1-based, the CSV header is not
a row) and the field, on one line.

`CatalogFile` is the gate for every catalog, imported or shipped; it reads a
file as a stream, a chunk at a time, and yields validated videos in batches, so
a file of a million videos needs no more memory than a batch and the ids and
contents seen. `load_catalog` reads one whole into a Catalog through it. Either way:

- a file must be a regular file (never a folder, device or FIFO, which are
  refused without being opened) of at most MAX_FILE_BYTES, in UTF-8;
- one-line fields (id, creator, genre, sound, each hashtag, each related id)
  refuse control characters (C0 including tab and line breaks, DEL, C1),
  bidi overrides, isolates and marks, and line or paragraph separators; free
  text (title, caption) keeps them, and the UI shows them harmlessly;
- no text holds a lone surrogate, and required text must show something;
- a JSON object may not repeat a key; numbers must be of sensible size;
- upload times lie between 1970 and 2100, and, when a reference time `now`
  is given, at most MAX_FUTURE_S after it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from .video import Catalog, Video

MAX_CAPTION = 10_000
"""Longest caption kept; a longer one is an error, not silently cut."""
MAX_FILE_BYTES = 512 * 1024 * 1024
"""Largest catalog file read (512 MiB); a bigger one is refused before it is read."""
MAX_FUTURE_S = 86_400.0
"""How far past `now` an upload time may lie (a day: clocks and time zones disagree)."""
EARLIEST, LATEST = 0.0, 4_102_444_800.0
"""Upload times lie in 1970-01-01 .. 2100-01-01 (Unix seconds)."""
CHUNK_BYTES = 1024 * 1024
"""How much of a catalog file is read at a time (1 MiB)."""


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


# One-line fields: C0 controls (tab and line feed too), DEL, C1 (NEL U+0085 too), the Arabic letter mark,
# LRM/RLM, line and paragraph separators, bidi embeddings/overrides and isolates, and lone surrogates.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
# Free text keeps everything a str can hold but lone surrogates (JSON "\ud800" escapes): not characters at all.
_NOT_TEXT = re.compile(r"[\ud800-\udfff]")
# Nothing visible: whitespace, controls, zero-width and bidi characters, fillers, variation selectors, tags.
_INVISIBLE = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]*"
)
_LINE_BREAKS = "\n\v\f\r\x1c\x1d\x1e\x85"
_YEARS = "1970 and 2100"
_SECONDS = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


class _LongNumber:
    """A JSON integer too long for `int` (thousands of digits), kept so its row and field can be named."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _show(value: Any) -> str:
    """`value` for an error message: short and cheap, even when huge or deeply nested."""
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _LongNumber):
        return f"a number with {value.digits} digits"
    if isinstance(value, int) and value.bit_length() > 256:
        return f"a number with about {int((value.bit_length() - 1) * math.log10(2)) + 1} digits"
    if isinstance(value, (int, float)):
        return repr(value)
    return {list: "a list", dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


def _character(ch: str) -> str:
    """What a refused character is, for an error message.

    >>> _character("\\x1b"), _character("\\u2028"), _character("\\u202e")
    ('a control character U+001B', 'a line separator U+2028', 'a bidi control U+202E')
    """
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code == 0x2028:
        kind = "a line separator"
    elif code == 0x2029:
        kind = "a paragraph separator"
    elif ch in _LINE_BREAKS:
        kind = "a line break"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "a control character"
    else:
        kind = "a bidi control"
    return f"{kind} U+{code:04X}"


def _check_chars(value: str, one_line: bool) -> None:
    """Refuse what `value` may not hold: one pass of a compiled character class."""
    bad = (_NOT_ONE_LINE if one_line else _NOT_TEXT).search(value)
    if bad:
        raise ValueError(f"contains {_character(bad.group())}")


def _text(value: Any, name: str, *, required: bool = True, limit: int = 500, one_line: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        kind = "int" if isinstance(value, _LongNumber) else type(value).__name__
        raise ValueError(f"must be text, got {kind}")
    if len(value) > limit:
        raise ValueError(f"is {len(value)} characters, at most {limit}")
    bad = (_NOT_ONE_LINE if one_line else _NOT_TEXT).search(value)
    if bad:
        raise ValueError(f"contains {_character(bad.group())}")
    if required and _INVISIBLE.fullmatch(value):
        raise ValueError("must not be empty" if not value.strip() else "shows nothing (only invisible characters)")
    return value


def _number(value: Any, lo: float, hi: float, *, integer: bool = False, span: str = "") -> float:
    """A finite number in lo..hi (`span` names that range in messages); huge ints are compared exactly."""
    if isinstance(value, bool):
        raise ValueError("must be a number, got true/false")
    if isinstance(value, _LongNumber):
        raise ValueError(f"is a number with {value.digits} digits, far too long")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(f"must be a number, got {_show(value)}") from None
    if isinstance(value, int):  # compared exactly: a huge int never goes through float
        if not lo <= value <= hi:
            raise ValueError(f"must be between {span or f'{lo:g} and {hi:g}'}, got {_show(value)}")
        return value if integer else float(value)
    if not isinstance(value, float) or not math.isfinite(value):
        raise ValueError(f"must be a number, got {_show(value)}")
    if integer and value != int(value):
        raise ValueError(f"must be a whole number, got {value}")
    if not lo <= value <= hi:
        raise ValueError(f"must be between {span or f'{lo:g} and {hi:g}'}, got {value:g}")
    return int(value) if integer else float(value)


def _list(value: Any, what: str) -> list[str]:
    """Text items from a list or a space- or `|`-separated string; each is one line."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        if _NOT_ONE_LINE.search(value):  # before splitting: a tab or line break is not a separator here
            _check_chars(value, True)
        return [p for p in value.replace("|", " ").split() if p]
    if isinstance(value, list) and all(isinstance(p, str) for p in value):
        if _NOT_ONE_LINE.search(" ".join(value)):  # one pass over all items; find the culprit only when needed
            for item in value:
                try:
                    _check_chars(item, True)
                except ValueError as err:
                    raise ValueError(f"has {what} that {err}") from None
        return value
    raise ValueError("must be a list of text")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "yes", "no", ""):
        return value.strip().lower() in ("true", "1", "yes")
    raise ValueError(f"must be true or false, got {_show(value)}")


def _time(value: Any) -> float:
    """Unix seconds UTC from an ISO 8601 time (UTC if no zone) or Unix seconds (a number or its text).

    >>> _time("2026-11-20T00:00:00Z") == _time("2026-11-20T01:00:00+01:00") == _time("1795132800") == 1795132800
    True
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            if not _SECONDS.fullmatch(text):
                raise ValueError(f"must be an ISO 8601 time or Unix seconds, got {_show(value)}") from None
            value = float(text)
        else:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            try:
                value = parsed.timestamp()
            except (OverflowError, ValueError, OSError):  # e.g. year 9999 at -05:00 lies past datetime's range
                raise ValueError(f"is out of range, got {_show(text)}") from None
            if not EARLIEST <= value <= LATEST:
                raise ValueError(f"must be between {_YEARS}, got {_show(text)}")
            return value
    elif not isinstance(value, (int, float, _LongNumber)) or isinstance(value, bool):
        raise ValueError("must be an ISO 8601 time or Unix seconds")
    return _number(value, EARLIEST, LATEST, span=_YEARS)


def _tag(tag: str) -> str:
    tag = tag.strip().lstrip("#").strip()
    if not tag or _INVISIBLE.fullmatch(tag):
        raise ValueError("has an empty hashtag")
    if len(tag) > 60:
        raise ValueError("has a hashtag longer than 60 characters")
    return tag.lower()


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
"""The catalog schema, in the order a CSV file lists it. See README.md."""
REQUIRED = ("id", "title", "creator", "genre", "sound", "duration_s", "uploaded_at")


class _BadRow:
    """A CSV record that cannot become a row (wrong number of cells, broken quoting); parse_row reports it."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_PLAIN_BOOLS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "": False}
"""True or false as CSV gives it, as _bool reads it."""
_PLAIN_TAGS = re.compile(r"[0-9a-z_]{1,60}(?: [0-9a-z_]{1,60})*", re.ASCII)
"""Hashtags that need no tidying: lower-case letters, digits and "_", one space between them."""


def _plain_row(row: dict[str, Any], now: float | None) -> Video | None:
    """parse_row's common case, fast: a row of plain values (text as text, numbers in range, lists of text).

    It makes the checks parse_row makes, in fewer steps; None when anything is
    unusual or wrong, and parse_row then checks field by field and names the
    fault. It never accepts a row parse_row would refuse, and gives the same Video:
    a check added to parse_row belongs here too (a test compares the two on odd rows).
    """
    get = row.get
    vid, title, caption = get("id"), get("title"), get("caption", "")
    creator, genre, sound = get("creator"), get("genre"), get("sound")
    if caption is None:
        caption = ""
    if not (
        type(vid) is str
        and type(title) is str
        and type(caption) is str
        and type(creator) is str
        and type(genre) is str
        and type(sound) is str
        and len(vid) <= 64
        and len(title) <= 300
        and len(caption) <= MAX_CAPTION
        and len(creator) <= 100
        and len(genre) <= 40
        and len(sound) <= 200
    ):
        return None
    tags, related = get("hashtags"), get("related")
    try:
        tags_text = tags if type(tags) is str else "" if tags is None else " ".join(tags)
        related_text = related if type(related) is str else "" if related is None else " ".join(related)
    except TypeError:  # not a list of text
        return None
    one_line = f"{vid} {creator} {genre} {sound} {tags_text} {related_text}"
    # Printable ASCII holds nothing _NOT_ONE_LINE refuses, nor ASCII anything _NOT_TEXT refuses.
    if not (one_line.isascii() and one_line.isprintable()) and _NOT_ONE_LINE.search(one_line):
        return None
    if (not title.isascii() and _NOT_TEXT.search(title)) or (not caption.isascii() and _NOT_TEXT.search(caption)):
        return None
    invisible = _INVISIBLE.fullmatch
    if invisible(vid) or invisible(title) or invisible(creator) or invisible(genre) or invisible(sound):
        return None
    creator = creator.strip().lstrip("@").strip()
    if invisible(creator):
        return None
    duration, uploaded = get("duration_s"), get("uploaded_at")
    views, completion = get("views", 0), get("completion_rate", 0.5)
    likes, shares, comments = get("likes", 0), get("shares", 0), get("comments", 0)
    mature = get("mature", False)
    if type(related) is list:
        related_ids = tuple(related)
    elif type(related) is str:
        related_ids = tuple(related.replace("|", " ").split())  # as _list splits it
    elif related is None:
        related_ids = ()
    else:
        return None
    try:
        if type(tags) is list and _PLAIN_TAGS.fullmatch(tags_text) and tags_text.count(" ") == len(tags) - 1:
            hashtags = tuple(dict.fromkeys(tags))
        elif type(tags) is str and _PLAIN_TAGS.fullmatch(tags):
            hashtags = tuple(dict.fromkeys(tags.split(" ")))
        else:
            hashtags = tuple(dict.fromkeys(_tag(t) for t in _list(tags, "a hashtag")))
        if len(hashtags) > 12:
            return None
        if not (type(duration) is float and 1 <= duration <= 600):  # neither NaN nor infinite
            duration = _plain_number(duration, 1, 600)
        uploaded = _time(uploaded)
        if now is not None and uploaded > now + MAX_FUTURE_S:
            return None
        if not (type(views) is int and 0 <= views <= 1e12):
            views = _plain_count(views)
        if not (type(completion) is float and 0 <= completion <= 1):
            completion = _plain_number(completion, 0, 1)
        if not (type(likes) is int and 0 <= likes <= 1e12):
            likes = _plain_count(likes)
        if not (type(shares) is int and 0 <= shares <= 1e12):
            shares = _plain_count(shares)
        if not (type(comments) is int and 0 <= comments <= 1e12):
            comments = _plain_count(comments)
        if type(mature) is not bool:
            mature = _PLAIN_BOOLS[mature] if type(mature) is str and mature in _PLAIN_BOOLS else _bool(mature)
    except ValueError:
        return None
    return Video(
        vid.strip(),
        title,
        caption,
        creator,
        (genre.strip().lower(),),
        hashtags,
        sound,
        duration,
        uploaded,
        views,
        completion,
        likes,
        shares,
        comments,
        mature,
        related_ids,
    )


def _plain_number(value: Any, lo: float, hi: float) -> float:
    """`_number(value, lo, hi)`, faster for a number given as text."""
    if type(value) is str:
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError("not a number") from None
        if lo <= number <= hi:  # neither NaN nor infinite
            return number
    return _number(value, lo, hi)


def _plain_count(value: Any) -> int:
    """`int(_number(value, 0, 1e12, integer=True))`, faster for up to 12 ASCII digits as text."""
    if type(value) is str and len(value) <= 12 and value.isdigit() and value.isascii():
        return int(value)
    return int(_number(value, 0, 1e12, integer=True))


def parse_row(row: dict[str, Any], file: str, number: int, *, now: float | None = None) -> Video:
    """Validate one catalog row; raise CatalogError naming the field at fault.

    `now` (Unix seconds) is the reference for "the future": an upload more
    than MAX_FUTURE_S after it is refused. None (the default) skips that check.

    >>> v = parse_row({"id": "v1", "title": "Pasta", "creator": "ana", "genre": "Cooking",
    ...     "hashtags": "#pasta #food", "sound": "original", "duration_s": 30,
    ...     "uploaded_at": "2026-11-01T10:00:00Z"}, "c.csv", 1)
    >>> (v.genre, v.hashtags)
    ('cooking', ('pasta', 'food'))
    >>> parse_row({"id": "v2"}, "c.csv", 2)
    Traceback (most recent call last):
    ...
    recommender.catalog.CatalogError: c.csv: row 2, field 'title': is missing
    >>> parse_row({"id": "v3", "title": "\\x1b[31mred", "creator": "\\x1b[31mana", "genre": "x",
    ...     "sound": "s", "duration_s": 30, "uploaded_at": 0}, "c.csv", 3)
    Traceback (most recent call last):
    ...
    recommender.catalog.CatalogError: c.csv: row 3, field 'creator': contains a control character U+001B
    """
    if not isinstance(row, dict):
        message = row.message if isinstance(row, _BadRow) else "must be an object with the catalog fields"
        raise CatalogError([RowError(file, number, "-", message)])
    video = _plain_row(row, now)
    if video is not None:
        return video
    current = "-"  # the field being checked, for the message
    try:
        for name in REQUIRED:
            current = name
            if row.get(name) in (None, ""):
                raise ValueError("is missing")
        current = "id"
        vid = _text(row["id"], "id", limit=64).strip()
        current = "title"
        title = _text(row["title"], "title", limit=300, one_line=False)
        current = "caption"
        caption = _text(row.get("caption", ""), "caption", required=False, limit=MAX_CAPTION, one_line=False)
        current = "creator"
        creator = _text(row["creator"], "creator", limit=100).strip().lstrip("@").strip()
        if _INVISIBLE.fullmatch(creator):
            raise ValueError("has no name, only '@'")
        current = "genre"
        genre = _text(row["genre"], "genre", limit=40).strip().lower()
        current = "hashtags"
        hashtags = tuple(dict.fromkeys(_tag(t) for t in _list(row.get("hashtags"), "a hashtag")))
        if len(hashtags) > 12:
            raise ValueError(f"has {len(hashtags)} hashtags, at most 12")
        current = "sound"
        sound = _text(row["sound"], "sound", limit=200)
        current = "duration_s"
        duration = _number(row["duration_s"], 1, 600)
        current = "uploaded_at"
        uploaded = _time(row["uploaded_at"])
        if now is not None and uploaded > now + MAX_FUTURE_S:
            when = datetime.fromtimestamp(uploaded, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            raise ValueError(f"is in the future ({when}, more than a day from now)")
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
        related = tuple(_list(row.get("related"), "an id"))
    except ValueError as err:
        raise CatalogError([RowError(file, number, current, str(err))]) from None
    return Video(
        vid,
        title,
        caption,
        creator,
        (genre,),
        hashtags,
        sound,
        duration,
        uploaded,
        views,
        completion,
        counts["likes"],
        counts["shares"],
        counts["comments"],
        mature,
        related,
    )


class _Rows:
    """Rows validated one at a time, in order: bad ones gathered, the first of a repeated id or content kept."""

    def __init__(self, file: str, now: float | None, duplicates: list[str] | None = None) -> None:
        self.file, self.now = file, now
        self.errors: list[RowError] = []
        self.duplicates = [] if duplicates is None else duplicates
        self.kept = 0
        # Dicts of text only, never a set or tuples: the garbage collector leaves such a dict alone, where it
        # would walk a million entries at every full collection (a third of the time of reading a big file).
        self._ids: dict[str, None] = {}
        self._keys: dict[str, str] = {}  # repr(content_key) -> the id of the video kept

    def check(self, row: Any, number: int) -> Video | None:
        """The row's video; None when it is bad (then in `errors`), repeats one kept (in `duplicates`) or comes
        after a bad row (nothing is kept once one is bad)."""
        try:
            video = _plain_row(row, self.now) if type(row) is dict else None
            if video is None:
                video = parse_row(row, self.file, number, now=self.now)
        except CatalogError as err:
            self.errors.extend(err.errors)
            return None
        if self.errors:
            return None
        if video.id in self._ids:
            self.duplicates.append(f"{self.file}: row {number}, field 'id': duplicate id {video.id!r}, left out")
            return None
        key = repr(video.content_key)  # the repr of a tuple of text and numbers tells any two apart
        if key in self._keys:
            self.duplicates.append(
                f"{self.file}: row {number}: same title, creator and duration as {self._keys[key]!r}, left out"
            )
            return None
        self._ids[video.id] = None
        self._keys[key] = video.id
        self.kept += 1
        return video


def parse_rows(rows: Iterable[Any], file: str, as_of: float | None = None, *, now: float | None = None) -> Catalog:
    """Validate every row; keep the first of any repeated id or content.

    Raises CatalogError listing every bad row, so nothing half-valid is used.
    `now` is passed on to parse_row (uploads more than a day after it are refused).
    """
    checked = _Rows(file, now)
    videos = [video for number, row in enumerate(rows, start=1) if (video := checked.check(row, number))]
    if checked.errors:
        raise CatalogError(checked.errors)
    if not videos:
        raise CatalogError([RowError(file, 0, "-", "holds no videos")])
    return Catalog(tuple(videos), as_of, tuple(checked.duplicates))


def _file_kind(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check_file(info: os.stat_result, name: str) -> None:
    kind = _file_kind(info.st_mode)
    if kind:
        raise CatalogError(f"{name}: is {kind}, not a catalog file")
    if info.st_size > MAX_FILE_BYTES:
        raise CatalogError(f"{name}: is {info.st_size:,} bytes; a catalog file may be at most {MAX_FILE_BYTES:,}")


def _open(path: Path, name: str) -> BinaryIO:
    """The file, opened once it is known to be a regular file of at most MAX_FILE_BYTES.

    It is looked at before it is opened, so a FIFO or device is refused without
    being opened (that could block), and again once open, in case it was swapped.
    """
    try:
        _check_file(os.stat(path), name)
        # O_NONBLOCK: should the file be swapped for a FIFO after the stat, opening it still cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        handle = os.fdopen(fd, "rb", buffering=0)
        try:
            _check_file(os.fstat(handle.fileno()), name)
        except BaseException:
            handle.close()
            raise
    except FileNotFoundError:
        raise CatalogError(f"{name}: no such catalog file") from None
    except (OSError, ValueError) as err:
        raise CatalogError(f"{name}: cannot be read: {getattr(err, 'strerror', None) or err}") from None
    return handle


class _Text:
    """A catalog file's text, decoded as UTF-8 (a byte-order mark is fine) a piece at a time as it is read.

    Bytes that are not UTF-8 raise CatalogError naming the byte and its line in
    the whole file; so does a file that grows past MAX_FILE_BYTES while it is read.
    """

    def __init__(self, path: Path, name: str, progress: Callable[[int], None]) -> None:
        self.name = name
        self.read_bytes = 0
        """Bytes read from the file so far."""
        self.done = False
        """True once the whole file is read and decoded (or found to be unreadable)."""
        self._handle = _open(path, name)
        self._progress = progress
        self._tail = b""  # the start of a character cut by the end of a read
        self._lines = 0  # line breaks in the bytes decoded so far
        self._started = False  # past the byte-order mark, if any

    def __enter__(self) -> _Text:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def read(self, size: int) -> str:
        """The text of about `size` more bytes; "" only once the whole file is read (then `done` is true)."""
        while not self.done:
            try:
                data = self._handle.read(size)
            except OSError as err:
                self._stop()
                raise CatalogError(f"{self.name}: cannot be read: {err.strerror or err}") from None
            if data:
                self.read_bytes += len(data)
                if self.read_bytes > MAX_FILE_BYTES:  # it grew after it was looked at
                    self._stop()
                    raise CatalogError(f"{self.name}: is over {MAX_FILE_BYTES:,} bytes, the most a catalog file may be")
                self._progress(self.read_bytes)
            final = not data
            if self._tail:
                data = self._tail + data
            if not self._started:
                if len(data) < len(codecs.BOM_UTF8) and not final:
                    self._tail = data
                    continue
                self._started = True
                if data.startswith(codecs.BOM_UTF8):
                    data = data[len(codecs.BOM_UTF8) :]
            try:
                text, used = codecs.utf_8_decode(data, "strict", final)
            except UnicodeDecodeError as err:
                self._stop()
                line = self._lines + data.count(b"\n", 0, err.start) + 1
                raise CatalogError(
                    f"{self.name}: is not UTF-8 text (byte 0x{data[err.start]:02x} on line {line})"
                ) from None
            self._lines += data.count(b"\n", 0, used)
            self._tail = data[used:]
            if final:
                self._stop()
            if text:
                return text
        return ""

    def drain(self) -> None:
        """Read the rest of the file, only to find what makes the whole of it unreadable (bytes not UTF-8)."""
        while self.read(CHUNK_BYTES):
            pass

    def _stop(self) -> None:
        self.done = True
        self._tail = b""
        self._handle.close()


def _csv_problem(err: csv.Error) -> str:
    text = str(err)
    if "field larger than field limit" in text:
        return f"has a field longer than {csv.field_size_limit():,} characters"
    if "unexpected end of data" in text:
        return "has a quote that is never closed"
    return f"is not valid CSV: {text}"


def _lines(text: _Text) -> Iterator[str]:
    """The text's lines, each with its line break, split where a file opened with newline="" splits them."""
    held: list[str] = []  # a line not yet ended
    while piece := text.read(CHUNK_BYTES):
        # After the last line break, but never between a "\r" and a "\n" that may follow it in the next piece.
        cut = max(piece.rfind("\n"), piece.rfind("\r", 0, len(piece) - 1)) + 1
        if not cut:
            held.append(piece)
            continue
        held.append(piece[:cut])
        yield from io.StringIO("".join(held), newline="")
        held = [piece[cut:]]
    yield from io.StringIO("".join(held), newline="")


def _csv_rows(text: _Text, name: str) -> Iterator[dict[str, str] | _BadRow]:
    """The data rows of CSV text, read as CSV record by record (quoted fields may hold line breaks).

    Row 1 is the first record after the header, however many lines records
    span; blank lines are skipped. A broken header raises CatalogError; a
    broken record is yielded as a _BadRow and ends the reading.
    """
    reader = csv.reader(_lines(text), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise CatalogError(f"{name}: the CSV header row {_csv_problem(err)}") from None
    if not header:
        raise CatalogError(f"{name}: is empty (a CSV catalog starts with a header row naming its columns)")
    _check_header(header, name)
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield _BadRow(f"{_csv_problem(err)} (the row starts on line {start})")
            return
        if cells and len(cells) != len(header):
            yield _BadRow(f"has {len(cells)} cells, the header has {len(header)} columns (line {start})")
        elif cells:
            yield dict(zip(header, cells, strict=True))
        start = reader.line_num + 1


def _check_header(header: list[str], name: str) -> None:
    def listed(names: Iterable[str]) -> str:
        return ", ".join(_show(n) for n in names)

    twice = [n for i, n in enumerate(header) if n in header[:i]]
    if twice:
        raise CatalogError(f"{name}: the CSV header names column {listed(twice[:1])} twice")
    unknown = [n for n in header if n not in FIELDS]
    if unknown:
        raise CatalogError(
            f"{name}: the CSV header has unknown column(s) {listed(unknown[:5])}; the columns are {', '.join(FIELDS)}"
        )
    missing = [n for n in REQUIRED if n not in header]
    if missing:
        raise CatalogError(f"{name}: the CSV header lacks required column(s) {listed(missing)}")


class _Objects:
    """`object_pairs_hook` for json: a dict per object, remembering whether any object repeated a key."""

    def __init__(self) -> None:
        self.repeated = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.repeated = True
            obj = _Repeated(pairs)
        return obj


class _Repeated(dict):
    """A JSON object that gave a key twice; `key` is the first such key."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: set[str] = set()
        self.key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]


def _json_int(text: str) -> int | _LongNumber:
    try:
        return int(text)
    except ValueError:  # past sys.get_int_max_str_digits()
        return _LongNumber(len(text.lstrip("-")))


def _first_repeat(value: Any) -> _Repeated | None:
    """The first object inside `value` (itself included) that repeats a key; iterative, so depth is no risk."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Repeated):
            return item
        if isinstance(item, dict):
            stack.extend(reversed(item.values()))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None


def _key_name(key: str) -> str:
    """A JSON key as a field name in a message: short and on one line."""
    key = key[:40]
    return ascii(key)[1:-1] if _NOT_ONE_LINE.search(key) else key


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*(?=[^ \t\n\r])")
"""A comma between items, with the next item's start already in the window."""
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_Scan = Callable[[str, int], tuple[Any, int]]


class _Json:
    """The rows of a JSON catalog, read as a stream.

    The top two levels (the outer object's keys, the list's brackets and
    commas) are parsed here; each value inside them is decoded by json's own
    decoder from a window of the text, which moves on as it is read. So a
    fault gets json's own message, at its line and column in the whole file.

    Faults json.loads would have found before any row was checked (a key
    repeated, a bad "as_of", no list of videos) are noted as they are met;
    `broken` turns true, and `problem()` names the one to report.
    """

    def __init__(self, text: _Text, name: str) -> None:
        self.name = name
        self.as_of: float | None = None
        self.broken = False
        """Whether the file has a fault that outranks any bad row (rows after it need no checking)."""
        self._text = text
        self._buf = ""  # the window of text being parsed
        self._pos = 0  # where parsing is in it
        self._lines_before = 0  # line breaks in the text before the window
        self._column_before = 0  # characters between the last of them and the window
        self._objects = _Objects()
        # json's own scanner, as JSONDecoder.raw_decode calls it: (value, end) or StopIteration where none starts.
        decoders = (
            json.JSONDecoder(object_pairs_hook=self._objects),
            json.JSONDecoder(object_pairs_hook=self._objects, parse_int=_json_int),
        )
        self._scan: _Scan = decoders[0].scan_once  # type: ignore[attr-defined]
        self._scan_long: _Scan = decoders[1].scan_once  # type: ignore[attr-defined]
        self._listed = False  # a list of videos was found
        self._top_repeat: str | None = None
        self._row_repeats: list[RowError] = []
        self._other_repeat: str | None = None
        self._as_of_error: str | None = None

    def rows(self) -> Iterator[Any]:
        """Every row, in order: the items of the top-level list or of "videos"."""
        if not self._buf:
            self._more()
        if self._buf.startswith("\ufeff"):  # a second byte-order mark
            raise self._error("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
        first = self._skip()
        if first == "[":
            self._pos += 1
            self._listed = True
            yield from self._items(rows=True)
        elif first == "{":
            self._pos += 1
            yield from self._members()
        else:
            self._value()  # a number, a text, true, false or null (or no JSON at all: that raises)
            self.broken = True
        if self._skip():
            raise self._error("Extra data", self._pos)

    def problem(self) -> CatalogError | None:
        """Once every row is read: the fault that outranks bad rows, if any."""
        if self._top_repeat is not None:
            return CatalogError(f"{self.name}: key {_show(self._top_repeat)} appears twice at the top level")
        if self._row_repeats:
            return CatalogError(self._row_repeats)
        if self._other_repeat is not None:
            return CatalogError(f"{self.name}: an object gives key {_show(self._other_repeat)} twice")
        if self._as_of_error is not None:
            return CatalogError(self._as_of_error)
        if not self._listed:
            return CatalogError(f"{self.name}: must hold a list of videos (or an object with 'videos')")
        return None

    def _members(self) -> Iterator[Any]:
        """The rows in the members of the object whose "{" was just read, up to its "}"."""
        seen: set[str] = set()
        if self._skip() == "}":
            self._pos += 1
            self.broken = True
            return
        while True:
            if self._skip() != '"':
                raise self._error("Expecting property name enclosed in double quotes", self._pos)
            key = self._key()
            if self._skip() != ":":
                raise self._error("Expecting ':' delimiter", self._pos)
            self._pos += 1
            start = self._skip()
            if key in seen and self._top_repeat is None:
                self._top_repeat = key
                self.broken = True
            seen.add(key)
            if key == "as_of":
                value = self._value()
                if self._objects.repeated:
                    self._other(value)
                try:
                    self.as_of = _time(value)
                except ValueError as err:
                    self._as_of_error = f"{self.name}: field 'as_of' {err}"
                    self.broken = True
            elif start == "[":  # read item by item: a list may be long
                self._pos += 1
                if key == "videos":
                    self._listed = True
                    yield from self._items(rows=True)
                else:
                    for _ in self._items():
                        pass
            else:
                value = self._value()
                if self._objects.repeated:
                    self._other(value)
                if key == "videos":
                    self._listed = False
                    self.broken = True
            if self._skip() == "}":
                self._pos += 1
                return
            if self._skip() != ",":
                raise self._error("Expecting ',' delimiter", self._pos)
            self._pos += 1

    def _items(self, rows: bool = False) -> Iterator[Any]:
        """The items of the list whose "[" was just read, up to its "]"; of the list of videos if `rows`."""
        if self._skip() == "]":
            self._pos += 1
            return
        number = 0
        while True:
            value = self._value()
            number += 1
            if self._objects.repeated:
                if rows:
                    self._row_repeat(value, number)
                else:
                    self._other(value)
            yield value
            comma = _JSON_COMMA.match(self._buf, self._pos)  # the usual case, at one go
            if comma:
                self._pos = comma.end()
                continue
            end = self._skip()
            if end == "]":
                self._pos += 1
                return
            if end != ",":
                raise self._error("Expecting ',' delimiter", self._pos)
            self._pos += 1
            self._skip()

    def _row_repeat(self, row: Any, number: int) -> None:
        """Note the key a row repeats, as json.loads would have seen it."""
        self.broken = True
        if isinstance(row, _Repeated):
            self._row_repeats.append(RowError(self.name, number, _key_name(row.key), "appears twice in this row"))
        elif isinstance(row, dict):
            for key, value in row.items():
                inner = _first_repeat(value)
                if inner:
                    message = f"holds an object that gives key {_show(inner.key)} twice"
                    self._row_repeats.append(RowError(self.name, number, _key_name(key), message))
                    return
        else:
            self._other(row)

    def _other(self, value: Any) -> None:
        """Note a repeated key in a value that is not a row (reported only if no row repeats one)."""
        self.broken = True
        if self._other_repeat is None:
            inner = _first_repeat(value)
            self._other_repeat = inner.key if inner else "?"

    def _value(self) -> Any:
        """The JSON value at the position, decoded by json; the position moves past it."""
        while True:
            self._objects.repeated = False
            try:
                try:
                    value, end = self._scan(self._buf, self._pos)
                except (json.JSONDecodeError, StopIteration):
                    raise
                except ValueError:  # an integer of thousands of digits: decode again keeping it, to name its field
                    self._objects.repeated = False
                    value, end = self._scan_long(self._buf, self._pos)
            except StopIteration as stop:  # no value starts there
                if self._cut("Expecting value", stop.value):
                    continue
                raise self._error("Expecting value", stop.value) from None
            except json.JSONDecodeError as err:
                if self._cut(err.msg, err.pos):
                    continue
                raise self._error(err.msg, err.pos) from None
            except RecursionError:
                raise CatalogError(f"{self.name}: not valid JSON: nested too deeply to read") from None
            except MemoryError:
                raise CatalogError(f"{self.name}: too big to read into memory") from None
            if end == len(self._buf) and self._more():  # a number may go on in the text not yet read
                continue
            self._pos = end
            return value

    def _key(self) -> str:
        """The key (a JSON string) at the position; the position moves past it."""
        while True:
            try:
                key, self._pos = _scanstring(self._buf, self._pos + 1)
                return key
            except json.JSONDecodeError as err:
                if not self._cut(err.msg, err.pos):
                    raise self._error(err.msg, err.pos) from None

    def _cut(self, message: str, pos: int) -> bool:
        """Whether json's fault (`message` at `pos`) may be only the window ending too soon; if so, the window
        now holds more. A value cut short fails within a few characters of the cut (a literal, a number, an
        escape), or as a string never closed."""
        if pos < len(self._buf) - 16 and not message.startswith("Unterminated string"):
            return False
        return self._more()

    def _skip(self) -> str:
        """The next character that is not JSON whitespace ("" at the end of the file); the position moves to it."""
        while True:
            self._pos = _JSON_SPACE.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more():
                return ""

    def _more(self) -> bool:
        """Read on, letting go of the text before the position; False at the end of the file.

        A value still unfinished at the window's end makes the next read as
        long as the window, so even a huge value is decoded a bounded number of times.
        """
        text = self._text.read(max(CHUNK_BYTES, len(self._buf) - self._pos))
        if not text:
            return False
        pos = self._pos
        if pos:
            breaks = self._buf.count("\n", 0, pos)
            if breaks:
                self._lines_before += breaks
                self._column_before = pos - self._buf.rfind("\n", 0, pos) - 1
            else:
                self._column_before += pos
        self._buf = self._buf[pos:] + text
        self._pos = 0
        return True

    def _error(self, message: str, pos: int) -> CatalogError:
        """json's `message` at `pos` in the window, with its line and column in the whole file."""
        line = self._buf.count("\n", 0, pos) + 1
        column = pos - self._buf.rfind("\n", 0, pos) + (self._column_before if line == 1 else 0)
        where = f"line {self._lines_before + line}, column {column}"
        return CatalogError(f"{self.name}: not valid JSON at {where}: {message}")


def _label(path: Path) -> str:
    """The file's name for messages, on one line even when the name holds control characters."""
    name = str(path)
    return ascii(name)[1:-1] if _NOT_ONE_LINE.search(name) else name


class CatalogFile:
    """One catalog file read as a stream: rows are validated as they are read, in bounded memory.

    The file is looked at when this is made: a path that is missing, a folder,
    a device, a FIFO or over MAX_FILE_BYTES raises CatalogError at once.
    `batches()` then reads it (JSON, or CSV by its ending) a piece at a time;
    nothing but the ids and contents seen (to leave out repeats) outlives a batch.

    >>> source = CatalogFile(shipped_catalog_path())
    >>> sum(len(batch) for batch in source.batches(1000)), source.as_of
    (5000, 1795176000.0)
    """

    def __init__(self, path: str | Path, *, now: float | None = None) -> None:
        self.path = Path(path)
        self.name = _label(self.path)
        """The file's name as messages give it."""
        self.now = now
        """The reference for "the future" (Unix seconds), as in parse_row; None skips that check."""
        with _open(self.path, self.name) as handle:
            self.size = os.fstat(handle.fileno()).st_size
            """Bytes in the file (once batches() has read it all: the bytes read)."""
        self.as_of: float | None = None
        """The JSON's top-level "as_of" (Unix seconds), known once batches() has read the whole file."""
        self.duplicates: list[str] = []
        """One line per row left out for repeating an id or content, added as batches() meets them (this list
        itself: it may be handed on before reading starts)."""

    def batches(self, size: int = 5000, progress: Callable[[int], None] | None = None) -> Iterator[list[Video]]:
        """The file's videos, validated and without repeats, in file order, `size` at a time.

        `progress(n)` is told the bytes read so far as reading goes on: at least
        once per batch, and last with `self.size`. Once a row is bad, nothing
        more is yielded, but every row is still checked: at the end one
        CatalogError lists every bad row. A fault of the file as a whole (not
        UTF-8, broken JSON or CSV header, a key given twice, no videos) raises
        CatalogError with one line. Should this raise, the batches already
        yielded are not a catalog: keep none of them.
        """
        if size < 1:
            raise ValueError("a batch holds at least one video")
        report = progress or _ignore
        self.as_of = None
        self.duplicates.clear()  # the same list all along: it may have been handed on before reading began
        checked = _Rows(self.name, self.now, self.duplicates)
        batch: list[Video] = []
        with _Text(self.path, self.name, report) as text:
            try:
                json_rows = None if self.path.suffix.lower() == ".csv" else _Json(text, self.name)
                rows = _csv_rows(text, self.name) if json_rows is None else json_rows.rows()
                for number, row in enumerate(rows, start=1):
                    if json_rows is not None and json_rows.broken:
                        continue  # the file's fault outranks any bad row: only read on, to find broken JSON
                    video = checked.check(row, number)
                    if video is None:
                        if checked.errors:
                            batch = []
                        continue
                    batch.append(video)
                    if len(batch) >= size:
                        report(text.read_bytes)
                        yield batch
                        batch = []
                text.drain()  # a broken CSV record ends the rows; the rest must still be UTF-8
            except CatalogError:
                text.drain()  # bytes that are not UTF-8 anywhere in the file are reported first
                raise
        problem = json_rows.problem() if json_rows is not None else None
        if problem:
            raise problem
        if checked.errors:
            raise CatalogError(checked.errors)
        if not checked.kept:
            raise CatalogError([RowError(self.name, 0, "-", "holds no videos")])
        self.as_of = json_rows.as_of if json_rows is not None else None
        self.size = text.read_bytes
        if batch:
            report(text.read_bytes)
            yield batch
        report(self.size)


def _ignore(_: int) -> None:
    """A progress report nobody asked for."""


def load_catalog(path: str | Path, *, now: float | None = None) -> Catalog:
    """Read and validate a catalog file (JSON or CSV, by its ending).

    Anything wrong raises CatalogError, never another exception: a path that
    is missing, a folder, a device or a FIFO; a file over MAX_FILE_BYTES;
    bytes that are not UTF-8; broken JSON or CSV; bad rows. `now` (Unix
    seconds; None skips the check) refuses uploads more than a day after it.
    """
    source = CatalogFile(path, now=now)
    videos = [video for batch in source.batches(50_000) for video in batch]
    return Catalog(tuple(videos), source.as_of, tuple(source.duplicates))


def shipped_catalog_path() -> Path:
    """Where the catalog that ships with tiktui lies."""
    from importlib.resources import files

    return Path(str(files("recommender") / "data" / "catalog.json"))
