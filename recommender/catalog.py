"""Catalog files: the one place a catalog is read and checked (the values themselves are `video.py`).

A catalog is JSON (`{"as_of": ISO time, "videos": [...]}` or a bare list) or
CSV with the same field names (a header row, then one row per video; quoted
fields may span lines; a UTF-8 byte-order mark is fine). Every row is
validated; an error names the file, the row (1-based, the CSV header is not
a row) and the field, on one line.

`load_catalog` is the gate for every catalog, imported or shipped:

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .video import Catalog, Video

MAX_CAPTION = 10_000
"""Longest caption kept; a longer one is an error, not silently cut."""
MAX_FILE_BYTES = 512 * 1024 * 1024
"""Largest catalog file read (512 MiB); a bigger one is refused before it is read."""
MAX_FUTURE_S = 86_400.0
"""How far past `now` an upload time may lie (a day: clocks and time zones disagree)."""
EARLIEST, LATEST = 0.0, 4_102_444_800.0
"""Upload times lie in 1970-01-01 .. 2100-01-01 (Unix seconds)."""


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
    current = "-"
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


def parse_rows(rows: Iterable[Any], file: str, as_of: float | None = None, *, now: float | None = None) -> Catalog:
    """Validate every row; keep the first of any repeated id or content.

    Raises CatalogError listing every bad row, so nothing half-valid is used.
    `now` is passed on to parse_row (uploads more than a day after it are refused).
    """
    videos: list[Video] = []
    errors: list[RowError] = []
    duplicates: list[str] = []
    ids: set[str] = set()
    keys: dict[tuple, str] = {}
    for number, row in enumerate(rows, start=1):
        try:
            video = parse_row(row, file, number, now=now)
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


def _read_text(path: Path, name: str) -> str:
    """The file's text; stat first, so a FIFO or device is refused without being opened (it could block)."""
    try:
        _check_file(os.stat(path), name)
        # O_NONBLOCK: should the file be swapped for a FIFO after the stat, opening it still cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            _check_file(os.fstat(handle.fileno()), name)
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CatalogError(f"{name}: no such catalog file") from None
    except (OSError, ValueError) as err:
        raise CatalogError(f"{name}: cannot be read: {getattr(err, 'strerror', None) or err}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew after the stat
        raise CatalogError(f"{name}: is over {MAX_FILE_BYTES:,} bytes, the most a catalog file may be")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        at = err.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        line = data.count(b"\n", 0, at) + 1
        raise CatalogError(f"{name}: is not UTF-8 text (byte 0x{data[at]:02x} on line {line})") from None


def _csv_problem(err: csv.Error) -> str:
    text = str(err)
    if "field larger than field limit" in text:
        return f"has a field longer than {csv.field_size_limit():,} characters"
    if "unexpected end of data" in text:
        return "has a quote that is never closed"
    return f"is not valid CSV: {text}"


def _csv_rows(raw: str, name: str) -> Iterator[dict[str, str] | _BadRow]:
    """The data rows of CSV text, read as CSV over the whole text (quoted fields may hold line breaks).

    Row 1 is the first record after the header, however many lines records
    span; blank lines are skipped. A broken header raises CatalogError; a
    broken record is yielded as a _BadRow and ends the reading.
    """
    reader = csv.reader(io.StringIO(raw, newline=""), strict=True)
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
    """`object_pairs_hook` for json.loads: a dict per object, remembering whether any object repeated a key."""

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


def _repeated_keys(data: Any, name: str) -> CatalogError:
    """Every row (or the top level) holding an object that gives a key twice."""
    if isinstance(data, _Repeated):
        return CatalogError(f"{name}: key {_show(data.key)} appears twice at the top level")
    rows = data.get("videos") if isinstance(data, dict) else data
    errors = []
    for number, row in enumerate(rows if isinstance(rows, list) else [], start=1):
        if isinstance(row, _Repeated):
            errors.append(RowError(name, number, _key_name(row.key), "appears twice in this row"))
        elif isinstance(row, dict):
            for key, value in row.items():
                inner = _first_repeat(value)
                if inner:
                    message = f"holds an object that gives key {_show(inner.key)} twice"
                    errors.append(RowError(name, number, _key_name(key), message))
                    break
    if errors:
        return CatalogError(errors)
    inner = _first_repeat(data)
    return CatalogError(f"{name}: an object gives key {_show(inner.key if inner else '?')} twice")


def _parse_json(raw: str, name: str) -> Any:
    objects = _Objects()
    try:
        try:
            data = json.loads(raw, object_pairs_hook=objects)
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer of thousands of digits: read again keeping it, so its row and field are named
            objects = _Objects()
            data = json.loads(raw, object_pairs_hook=objects, parse_int=_json_int)
    except json.JSONDecodeError as err:
        raise CatalogError(f"{name}: not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except RecursionError:
        raise CatalogError(f"{name}: not valid JSON: nested too deeply to read") from None
    except MemoryError:
        raise CatalogError(f"{name}: too big to read into memory") from None
    if objects.repeated:
        raise _repeated_keys(data, name)
    return data


def _label(path: Path) -> str:
    """The file's name for messages, on one line even when the name holds control characters."""
    name = str(path)
    return ascii(name)[1:-1] if _NOT_ONE_LINE.search(name) else name


def load_catalog(path: str | Path, *, now: float | None = None) -> Catalog:
    """Read and validate a catalog file (JSON or CSV, by its ending).

    Anything wrong raises CatalogError, never another exception: a path that
    is missing, a folder, a device or a FIFO; a file over MAX_FILE_BYTES;
    bytes that are not UTF-8; broken JSON or CSV; bad rows. `now` (Unix
    seconds; None skips the check) refuses uploads more than a day after it.
    """
    path = Path(path)
    name = _label(path)
    raw = _read_text(path, name)
    if path.suffix.lower() == ".csv":
        return parse_rows(_csv_rows(raw, name), name, now=now)
    data = _parse_json(raw, name)
    del raw
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
    return parse_rows(data, name, as_of, now=now)


def shipped_catalog_path() -> Path:
    """Where the catalog that ships with tiktui lies."""
    from importlib.resources import files

    return Path(str(files("recommender") / "data" / "catalog.json"))
