"""Many catalog rows checked at once, a field at a time: the common case of a big import, fast.

`plain_columns(rows, now)` takes a batch of rows (JSON objects) and either
gives their videos' values by field (one list per field of a Video, in its
order), or None when anything in the batch is unusual or wrong. Then the
caller checks those rows one by one (`catalog._Rows.check`), which accepts
and refuses exactly the same rows and names the fault. Each check here runs
over a whole field of the batch in one call (a join, a regex, min and max),
so a million rows cost a few dozen calls per thousand instead of dozens per row.

It never accepts a row `catalog.parse_row` would refuse, and gives the same
values; a check added there belongs here too (a test compares the two on odd rows).
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any, NamedTuple

from .catalog import _NOT_ONE_LINE, _NOT_TEXT, EARLIEST, KNOWN, LATEST, MAX_CAPTION, MAX_FUTURE_S, _Rows, _shows_nothing
from .video import FIELDS, content_text

Columns = tuple[list[Any], ...]
"""A batch of videos as one list per field of a Video, in its order (`map(Video, *columns)` makes the videos)."""


class Batch(NamedTuple):
    """Videos checked together."""

    columns: Columns
    keys: list[str]
    """Each one's `video.content_text`."""
    times: list[str] | None
    """Each one's upload time as UTC to the millisecond, `2026-11-01T10:00:00.250Z`, when every row gave it so to
    the microsecond or finer (then it is that text cut short); else None."""


_UTC_LINES = re.compile(r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z(?:\n|\Z))+", re.ASCII)
"""Times given in UTC ("Z"), one a line, each cut to the millisecond by slicing its text."""

_TAG_LINES = re.compile(r"(?:[0-9a-z_]{1,60}(?: [0-9a-z_]{1,60})*)?(?:\n(?:[0-9a-z_]{1,60}(?: [0-9a-z_]{1,60})*)?)*")
"""Rows' hashtags, a line each: lower-case letters, digits and "_", one space between (`catalog._PLAIN_TAGS`)."""
_fromiso = datetime.fromisoformat
_NUMBERS = ({int}, {float}, {int, float})


def _types(values: list[Any]) -> set[type]:
    return set(map(type, values))


def _shows_something(values: list[str], joined: str) -> bool:
    """Whether each value shows something; `joined` is them all, one after the other."""
    if joined.isascii() and joined.isprintable():  # the only printable ASCII character that shows nothing is " "
        return all(map(str.strip, values))
    return not any(map(_shows_nothing, values))


def _text(values: list[Any], limit: int, one_line: bool) -> bool:
    """Whether every value is text of at most `limit` characters holding nothing its kind refuses, and showing
    something."""
    if _types(values) != {str} or max(map(len, values)) > limit:
        return False
    joined = "".join(values)
    plain = joined.isascii() and (joined.isprintable() or not one_line)  # ASCII holds no lone surrogate
    if not plain and (_NOT_ONE_LINE if one_line else _NOT_TEXT).search(joined):
        return False
    return _shows_something(values, joined)


def _in_range(values: list[Any], lo: float, hi: float) -> list[float] | None:
    """The values as floats, when each is an int or a finite float in lo..hi; else None."""
    kinds = _types(values)
    if kinds not in _NUMBERS or not lo <= min(values) <= max(values) <= hi:  # ints compare exactly, never as floats
        return None
    if not math.isfinite(sum(values)):  # a NaN fails no comparison (min and max may pass it by), but makes the sum one
        return None
    return list(map(float, values)) if int in kinds else values


def _counts(values: list[Any]) -> bool:
    """Whether each value is an int in 0..1e12 (true and false are not)."""
    return _types(values) == {int} and 0 <= min(values) and max(values) <= 1e12


def _lists(values: list[Any]) -> list[str] | None:
    """Each list of text as one text, items joined by spaces; None when one is no list, or holds anything else."""
    if _types(values) != {list}:
        return None
    try:
        return list(map(" ".join, values))
    except TypeError:  # an item that is not text
        return None


def plain_columns(rows: list[Any], now: float | None) -> Batch | None:
    """The videos of `rows` by field (see the module's docstring), or None when one row needs a closer look."""
    if not rows or _types(rows) != {dict} or any(not r.keys() <= KNOWN for r in rows):
        return None
    ids = [r.get("id") for r in rows]
    titles = [r.get("title") for r in rows]
    captions = [r.get("caption", "") for r in rows]
    creators = [r.get("creator") for r in rows]
    genres = [r.get("genre") for r in rows]
    sounds = [r.get("sound") for r in rows]
    if None in captions:
        captions = ["" if c is None else c for c in captions]
    if not (
        _text(ids, 64, True)
        and _text(titles, 300, False)
        and _text(creators, 100, True)
        and _text(genres, 40, True)
        and _text(sounds, 200, True)
        and _types(captions) == {str}
        and max(map(len, captions)) <= MAX_CAPTION
    ):
        return None
    text = "".join(captions)
    if not text.isascii() and _NOT_TEXT.search(text):
        return None
    if any(len(vid.split()) != 1 for vid in ids):  # an id is one word (`catalog._checked_values`)
        return None
    creators = [c.strip().lstrip("@").strip() for c in creators]
    if not _shows_something(creators, "".join(creators)):
        return None

    tags = [r.get("hashtags") for r in rows]
    related = [r.get("related") for r in rows]
    if None in tags:  # none given: none at all
        tags = [[] if t is None else t for t in tags]
    if None in related:
        related = [[] if r is None else r for r in related]
    tag_lines, related_lines = _lists(tags), _lists(related)
    if tag_lines is None or related_lines is None:
        return None
    text = "\n".join(tag_lines)
    # Every item plain, none holding a space (items + rows with none = spaces + lines), at most 12 a row.
    if not (
        _TAG_LINES.fullmatch(text)
        and sum(map(len, tags)) + tags.count([]) == text.count(" ") + len(tags)
        and not tags.count([""])
        and max(map(len, tags)) <= 12
    ):
        return None
    text = " ".join(related_lines)
    if not ((text.isascii() and text.isprintable()) or not _NOT_ONE_LINE.search(text)):
        return None

    durations = _in_range([r.get("duration_s") for r in rows], 1, 600)
    rates = _in_range([r.get("completion_rate", 0.5) for r in rows], 0, 1)
    views = [r.get("views", 0) for r in rows]
    likes = [r.get("likes", 0) for r in rows]
    shares = [r.get("shares", 0) for r in rows]
    comments = [r.get("comments", 0) for r in rows]
    mature = [r.get("mature", False) for r in rows]
    if (
        durations is None
        or rates is None
        or not (_counts(views) and _counts(likes) and _counts(shares) and _counts(comments))
        or _types(mature) != {bool}
    ):
        return None
    uploaded = _times([r.get("uploaded_at") for r in rows], now)
    if uploaded is None:
        return None
    return Batch(
        (
            list(map(str.strip, ids)),
            titles,
            captions,
            creators,
            [(g.strip().lower(),) for g in genres],
            [tuple(dict.fromkeys(t)) for t in tags],
            sounds,
            durations,
            uploaded[0],
            views,
            rates,
            likes,
            shares,
            comments,
            mature,
            list(map(tuple, related)),
        ),
        [],
        uploaded[1],
    )


def _times(values: list[Any], now: float | None) -> tuple[list[float], list[str] | None] | None:
    """ISO 8601 times with a zone, as Unix seconds, when each is one between 1970 and 2100 (and at most a day past
    `now`), and as `Batch.times` says; else None (times without a zone, or as numbers, are left to `catalog._time`)."""
    if _types(values) != {str}:
        return None
    try:
        times = [_fromiso(t.replace("Z", "+00:00")) for t in values]
    except ValueError:
        return None
    if None in {t.tzinfo for t in times}:
        return None
    try:
        seconds = list(map(datetime.timestamp, times))
    except (OverflowError, ValueError, OSError):
        return None
    if not EARLIEST <= min(seconds) <= max(seconds) <= LATEST:
        return None
    if now is not None and max(seconds) > now + MAX_FUTURE_S:
        return None
    if not _UTC_LINES.fullmatch("\n".join(values)):
        return seconds, None
    return seconds, [f"{t[:19]}{((t[19:-1] or '.') + '000')[:4]}Z" for t in values]


def checked_batch(checked: _Rows, rows: list[Any], first: int, *, typed: bool = True) -> Batch:
    """The videos `checked.check` keeps of `rows` (numbered from `first`): all at once when the batch is plain
    and repeats nothing, else row by row. `typed`: the rows may be plain (JSON); CSV's text is never."""
    plain = None if checked.errors or not typed else plain_columns(rows, checked.now)
    if plain is not None:
        columns = plain.columns
        keys = list(map(content_text, columns[1], columns[3], columns[7]))
        if checked.keep_all(columns[0], keys):
            return plain._replace(keys=keys)
    kept = [got for number, row in enumerate(rows, first) if (got := checked.check(row, number)) is not None]
    if not kept:
        return Batch(tuple([] for _ in FIELDS), [], None)
    columns = tuple(map(list, zip(*(values for values, _ in kept), strict=True)))
    return Batch(columns, [key for _, key in kept], None)
