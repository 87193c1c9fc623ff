"""What a valid catalog row is: the one place a catalog's videos are checked (the values are `video.py`).

`parse_row` turns one row (a JSON object, or a CSV record by field name)
into a Video or raises CatalogError naming the file, the row (1-based, the
CSV header is not a row) and the field, on one line; `parse_rows` checks many
and leaves out repeated ids and contents. Reading files, JSON or CSV, as a
stream is `catalog_file.py`. The rules:

- one-line fields (id, creator, genre, sound, each hashtag, each related id)
  refuse control characters (C0 including tab and line breaks, DEL, C1),
  bidi overrides, isolates and marks, and line or paragraph separators; free
  text (title, caption) keeps them, and the UI shows them harmlessly;
- no text holds a lone surrogate, and required text must show something;
- numbers must be of sensible size;
- upload times lie between 1970 and 2100, and, when a reference time `now`
  is given, at most MAX_FUTURE_S after it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import get_close_matches
from typing import Any

from .video import FIELDS, Catalog, Video, content_text

MAX_CAPTION = 10_000
"""Longest caption kept; a longer one is an error, not silently cut."""
MAX_FUTURE_S = 86_400.0
"""How far past `now` an upload time may lie (a day: clocks and time zones disagree)."""
EARLIEST, LATEST = 0.0, 4_102_444_800.0
"""Upload times lie in 1970-01-01 .. 2100-01-01 (Unix seconds)."""


NO_FIELD = "-"
"""A RowError's field when the fault is not one field's: the file's (row 0) or a whole row's."""


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row of a catalog file."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        if self.field == NO_FIELD:  # the whole file, or a row that is not a row of cells ("row 0, field '-'" was said)
            return f"{self.file}: {self.message}" if self.row == 0 else f"{self.file}: row {self.row}: {self.message}"
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


_FORMAT = (
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
"""Unicode's format characters (category Cf) beside the bidi controls: zero-width spaces and joiners, the soft
hyphen, word joiners, tags. They show nothing, so in a name they would make a second creator, hashtag or sound look
like the first ('nadia_codes' and 'nadia_codes' with a zero-width space). tests/test_catalog.py checks the list
against the Unicode database."""
# One-line fields: C0 controls (tab and line feed too), DEL, C1 (NEL U+0085 too), the Arabic letter mark,
# LRM/RLM, line and paragraph separators, bidi embeddings/overrides and isolates, format characters, and lone
# surrogates.
_NOT_ONE_LINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff" + _FORMAT + "]"
)
# Free text keeps everything a str can hold but lone surrogates (JSON "\ud800" escapes): not characters at all.
_NOT_TEXT = re.compile(r"[\ud800-\udfff]")
# Nothing visible: whitespace, controls, zero-width and bidi characters, fillers, variation selectors, tags.
_INVISIBLE = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]*"
)


def _shows_nothing(text: str) -> bool:
    """Whether `text` shows nothing: only whitespace, controls, bidi, zero-width and other format characters, fillers,
    and combining marks with no letter to sit on (the screen drops those).

    >>> _shows_nothing("\u200b \u0301\u0301"), _shows_nothing("\u20dd" * 3), _shows_nothing("e\u0301")
    (True, True, False)
    """
    if _INVISIBLE.fullmatch(text):
        return True
    return all(_INVISIBLE.fullmatch(ch) or unicodedata.category(ch) in _UNSEEN for ch in text)


_UNSEEN = ("Mn", "Me", "Cf")
"""Unicode categories that show nothing by themselves: nonspacing and enclosing marks, format characters."""
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
    elif code in (0x061C, 0x200E, 0x200F) or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        kind = "a bidi control"
    else:
        kind = "an invisible format character"
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
    if required and _shows_nothing(value):
        raise ValueError("must not be empty" if not value.strip() else "shows nothing (only invisible characters)")
    return value


def _number(value: Any, lo: float, hi: float, *, integer: bool = False, span: str = "") -> float:
    """A finite number in lo..hi (`span` names that range in messages); huge ints are compared exactly."""
    if isinstance(value, bool):
        raise ValueError("must be a number, got true/false")
    if isinstance(value, _LongNumber):
        raise ValueError(f"is a number with {value.digits} digits, far too long")
    if isinstance(value, str):
        # Digits as written in ASCII: Python's float() also reads "1_0" as 10 and full-width "３０" as 30.
        if not _SECONDS.fullmatch(value.strip()):
            raise ValueError(f"must be a number, got {_show(value)}")
        value = float(value.strip())
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


def _commas(tags: Any) -> Any:
    """Hashtags given as one string may be separated by commas too ("pasta, food"): a comma is never part of one.

    >>> _commas("pasta,food #x"), _commas(["a,b"])
    ('pasta food #x', ['a,b'])
    """
    return tags.replace(",", " ") if isinstance(tags, str) else tags


def _tag(tag: str) -> str:
    tag = tag.strip()
    tag = (tag[1:] if tag.startswith("#") else tag).strip()  # one # in front; "##e" is refused, not "e"
    if not tag or _shows_nothing(tag):
        raise ValueError("has an empty hashtag")
    # A list's item "sp ace", "a,b" or "x|y": two hashtags once written out (a CSV export joins them with spaces,
    # and an import splits on spaces, commas and |: such a tag came back as two, QA).
    sign = next((c for c in tag if c in "#,|" or c.isspace()), None)
    if sign is not None:
        said = "a space" if sign.isspace() else sign
        raise ValueError(f"has a hashtag with {said} inside: {_show(tag)}")
    if len(tag) > 60:
        raise ValueError("has a hashtag longer than 60 characters")
    return tag.lower()


REQUIRED = ("id", "title", "creator", "genre", "sound", "duration_s", "uploaded_at")
KNOWN = frozenset(FIELDS)
"""A row's keys: another (`"hashtag"` for `"hashtags"`) is refused, as a CSV header's unknown column is, rather than
its value left out unsaid."""


class _BadRow:
    """A CSV record that cannot become a row (wrong number of cells, broken quoting); parse_row reports it."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_PLAIN_BOOLS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "": False}
"""True or false as CSV gives it, as _bool reads it."""
_PLAIN_TAGS = re.compile(r"[0-9a-z_]{1,60}(?: [0-9a-z_]{1,60})*", re.ASCII)
"""Hashtags that need no tidying: lower-case letters, digits and "_", one space between them."""


Values = tuple[Any, ...]
"""A checked row as the values of a Video's fields, in their order (`Video(*values)` makes the video)."""


def _plain_row(row: dict[str, Any], now: float | None) -> Video | None:
    """parse_row's common case, fast: a row of plain values (text as text, numbers in range, lists of text).

    It makes the checks parse_row makes, in fewer steps; None when anything is
    unusual or wrong, and parse_row then checks field by field and names the
    fault. It never accepts a row parse_row would refuse, and gives the same Video (so does
    `catalog_columns.plain_columns` for a batch): a check added to parse_row belongs in both (tests compare
    them with it on odd rows).
    """
    values = _plain_values(row, now)
    return None if values is None else Video(*values)


def _plain_values(row: dict[str, Any], now: float | None) -> Values | None:
    """`_plain_row` as the Video's values: an import turns them into table rows without making the Video."""
    if not row.keys() <= KNOWN:
        return None
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
    # Printable ASCII holds nothing _NOT_ONE_LINE refuses, nor ASCII anything _NOT_TEXT refuses; and the only
    # printable ASCII character _INVISIBLE matches is the space, so there "shows nothing" is "strips to nothing".
    plain = one_line.isascii() and one_line.isprintable()
    if not plain and _NOT_ONE_LINE.search(one_line):
        return None
    plain_title = title.isascii() and title.isprintable()
    if (not title.isascii() and _NOT_TEXT.search(title)) or (not caption.isascii() and _NOT_TEXT.search(caption)):
        return None
    invisible = _shows_nothing
    if not title.strip() if plain_title else invisible(title):
        return None
    if len(vid.split()) != 1:
        return None
    if plain:
        if not (vid.strip() and creator.strip() and genre.strip() and sound.strip()):
            return None
        creator = creator.strip().lstrip("@").strip()
        if not creator:
            return None
    else:
        if invisible(vid) or invisible(creator) or invisible(genre) or invisible(sound):
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
            hashtags = tuple(dict.fromkeys(_tag(t) for t in _list(_commas(tags), "a hashtag")))
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
    return (
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
    if type(value) is str and _SECONDS.fullmatch(value.strip()):
        number = float(value.strip())
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
    video = _plain_row(row, now) if type(row) is dict else None
    return video if video is not None else Video(*_checked_values(row, file, number, now))


def _checked_values(row: Any, file: str, number: int, now: float | None) -> Values:
    """parse_row field by field, as a Video's values: slower, and it names the field at fault."""
    if not isinstance(row, dict):
        message = row.message if isinstance(row, _BadRow) else "must be an object with the catalog fields"
        raise CatalogError([RowError(file, number, NO_FIELD, message)])
    unknown = [key for key in row if key not in KNOWN]
    if unknown:
        key = str(unknown[0])
        near = get_close_matches(key.casefold(), FIELDS, n=1)
        hint = f"did you mean {near[0]!r}?" if near else f"the fields are {', '.join(FIELDS)}"
        raise CatalogError([RowError(file, number, _show(key)[1:-1], f"is not a catalog field ({hint})")])
    current = "-"  # the field being checked, for the message
    try:
        for name in REQUIRED:
            current = name
            if row.get(name) in (None, ""):
                raise ValueError("is missing")
        current = "id"
        vid = _text(row["id"], "id", limit=64).strip()
        if len(vid.split()) > 1:  # `related` lists ids separated by spaces
            raise ValueError(f"must be one word, got {_show(vid)}")
        current = "title"
        title = _text(row["title"], "title", limit=300, one_line=False)
        current = "caption"
        caption = _text(row.get("caption", ""), "caption", required=False, limit=MAX_CAPTION, one_line=False)
        current = "creator"
        creator = _text(row["creator"], "creator", limit=100).strip().lstrip("@").strip()
        if _shows_nothing(creator):
            raise ValueError("has no name, only '@'")
        current = "genre"
        genre = _text(row["genre"], "genre", limit=40).strip().lower()
        current = "hashtags"
        hashtags = tuple(dict.fromkeys(_tag(t) for t in _list(_commas(row.get("hashtags")), "a hashtag")))
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
    return (
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
        self._keys: dict[str, str] = {}  # content_text -> the id of the video kept

    def check(self, row: Any, number: int) -> tuple[Values, str] | None:
        """The row's video, as its values and its `content_text`; None when it is bad (then in `errors`),
        repeats one kept (in `duplicates`) or comes after a bad row (nothing is kept once one is bad)."""
        try:
            values = _plain_values(row, self.now) if type(row) is dict else None
            if values is None:
                values = _checked_values(row, self.file, number, self.now)
        except CatalogError as err:
            self.errors.extend(err.errors)
            return None
        if self.errors:
            return None
        vid = values[0]
        if vid in self._ids:
            self.duplicates.append(f"{self.file}: row {number}, field 'id': duplicate id {vid!r}, left out")
            return None
        key = content_text(values[1], values[3], values[7])
        if key in self._keys:
            self.duplicates.append(
                f"{self.file}: row {number}: same title, creator and duration as {self._keys[key]!r}, left out"
            )
            return None
        self._ids[vid] = None
        self._keys[key] = vid
        self.kept += 1
        return values, key

    def keep_all(self, ids: list[str], keys: list[str]) -> bool:
        """Keep a batch of good rows (their ids and content keys) when none repeats another, kept or in the batch,
        and no row before was bad; else keep none of them (False: `check` them one by one)."""
        if self.errors or len(set(ids)) < len(ids) or len(set(keys)) < len(keys):
            return False
        if not (self._ids.keys().isdisjoint(ids) and self._keys.keys().isdisjoint(keys)):
            return False
        self._ids.update(dict.fromkeys(ids))
        self._keys.update(zip(keys, ids, strict=True))
        self.kept += len(ids)
        return True


_VALID_ROW = {"id": "x", "title": "t", "creator": "c", "genre": "g", "sound": "s", "duration_s": 30, "uploaded_at": 0}
"""A row that passes: each field of another row is checked in it alone (`field_faults`)."""


def field_faults(row: dict[str, Any], file: str, number: int) -> list[RowError]:
    """Every bad field of `row`, one each (`parse_row` stops at the first: a file of your own videos was mended one
    field a run). Each field is checked alone in a row that passes.

    >>> row = {"id": "a", "title": "t", "duration_s": -3, "uploaded_at": 0}
    >>> [f"{e.field}: {e.message}" for e in field_faults(row, "f", 1)]
    ['creator: is missing', 'genre: is missing', 'sound: is missing', 'duration_s: must be between 1 and 600, got -3']
    """
    faults: list[RowError] = []
    for name in [*REQUIRED, *sorted(set(row) - set(REQUIRED))]:
        alone = {**_VALID_ROW, name: row[name]} if name in row else {k: v for k, v in _VALID_ROW.items() if k != name}
        try:
            parse_row(alone, file, number)
        except CatalogError as err:
            faults.extend(err.errors)
    return faults


def parse_rows(rows: Iterable[Any], file: str, as_of: float | None = None, *, now: float | None = None) -> Catalog:
    """Validate every row; keep the first of any repeated id or content.

    Raises CatalogError listing every bad row, so nothing half-valid is used.
    `now` is passed on to parse_row (uploads more than a day after it are refused).
    """
    checked = _Rows(file, now)
    videos = [Video(*kept[0]) for number, row in enumerate(rows, start=1) if (kept := checked.check(row, number))]
    if checked.errors:
        raise CatalogError(checked.errors)
    if not videos:
        raise CatalogError([RowError(file, 0, NO_FIELD, "holds no videos")])
    return Catalog(tuple(videos), as_of, tuple(checked.duplicates))
