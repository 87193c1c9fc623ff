"""Catalog files: JSON or CSV read as a stream and checked row by row (`catalog.py` says what a valid row is).

A catalog is JSON (`{"as_of": ISO time, "videos": [...]}` or a bare list) or
CSV with the same field names (a header row, then one row per video; quoted
fields may span lines; a UTF-8 byte-order mark is fine).

`CatalogFile` is the gate for every catalog, imported or shipped; it reads a
file a chunk at a time and yields validated videos in batches, so a file of a
million videos needs no more memory than a batch and the ids and contents
seen. `load_catalog` reads one whole into a Catalog through it. Either way a
file must be a regular file (never a folder, device or FIFO, which are
refused without being opened) of at most MAX_FILE_BYTES, in UTF-8, and a JSON
object may not repeat a key.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from difflib import get_close_matches
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from .catalog import (
    _NOT_ONE_LINE,
    NO_FIELD,
    REQUIRED,
    CatalogError,
    RowError,
    _BadRow,
    _LongNumber,
    _Rows,
    _show,
    _time,
)
from .catalog_columns import Batch, checked_batch
from .csv_cells import from_cell
from .video import FIELDS, Catalog, Video

MAX_FILE_BYTES = 512 * 1024 * 1024
"""Largest catalog file read (512 MiB); a bigger one is refused before it is read."""
CHUNK_BYTES = 1024 * 1024
"""How much of a catalog file is read at a time (1 MiB)."""
GROUP = 100
"""Rows checked together, a field at a time (`catalog_columns`): a group with a row that needs a closer look (a
repeat, a bad or unusual value) is checked row by row."""
T = TypeVar("T")


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
            yield dict(zip(header, map(from_cell, cells), strict=True))
        start = reader.line_num + 1


def _check_header(header: list[str], name: str) -> None:
    def listed(names: Iterable[str]) -> str:
        return ", ".join(_show(n) for n in names)

    twice = [n for i, n in enumerate(header) if n in header[:i]]
    if twice:
        raise CatalogError(f"{name}: the CSV header names column {listed(twice[:1])} twice")
    unknown = [n for n in header if n not in FIELDS]
    if unknown:
        near = get_close_matches(unknown[0].casefold(), FIELDS, n=1)
        hint = f"did you mean {near[0]!r}?" if near else f"the columns are {', '.join(FIELDS)}"
        raise CatalogError(f"{name}: the CSV header has unknown column(s) {listed(unknown[:5])}; {hint}")
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


RUN_CHARS = 4096
"""The fewest characters of rows decoded at one go (fewer are decoded one row at a time) ..."""
RUN_MAX = 8 * 1024
"""... and the most: the rows a run makes are checked while they are still in the processor's cache."""
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
        self._runs = True  # rows are decoded a run of lines at a time (see `_run`), until that fails once
        self._run_comma = False  # the last run read the comma after it
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
            run = self._run() if rows and self._runs else None
            if run:
                number += len(run)
                yield from run
                if self._run_comma:  # the comma after the run is read: the next item starts
                    self._skip()
                    continue
            else:
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

    def _run(self) -> list[Any] | None:
        """The items from the position (the start of one) to the window's last line break, decoded by json at one
        go, when they are whole items between commas and none repeats a key; the position moves past them.

        A line break is never inside a JSON string (a string holds none
        unescaped), so a file with an item or more a line is read a window of
        lines at a time. Anything else (an item spanning lines, a fault, a
        repeated key) gives None, the position stays, and from then on the
        items are decoded one at a time, as json finds and words any fault.
        """
        start = self._pos
        cut = self._buf.rfind("\n", start, start + RUN_MAX)
        if cut - start < RUN_CHARS:
            return None
        text = self._buf[start:cut].rstrip(" \t\r\n")
        comma = text.endswith(",")
        if comma:
            text = text[:-1]
        self._objects.repeated = False
        try:
            values, end = self._scan(f"[{text}]", 0)
        except (ValueError, StopIteration, RecursionError, MemoryError):  # json's faults are ValueErrors
            values, end = None, 0
        if values is None or self._objects.repeated or not isinstance(values, list):
            self._runs = False
            self._objects.repeated = False
            return None
        if end < len(text) + 2:  # the list of videos ended inside the text: end there, at its "]"
            self._pos = start + end - 2
        else:
            self._pos = start + len(text) + comma
        self._run_comma = comma and end == len(text) + 2
        return values

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
        """The file's videos, validated and without repeats, in file order, `size` at a time (see `rows`)."""
        return self.rows(_videos, size, progress)

    def rows(
        self,
        build: Callable[[Batch], list[T]],
        size: int = 5000,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[list[T]]:
        """The file's videos, validated and without repeats, in file order, `size` at a time, made by
        `build` from a `catalog_columns.Batch` of them: their Videos' values by field, their `content_text`s
        and maybe their upload times as text (`batches`: the Videos themselves).

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
        batch: list[T] = []
        group: list[Any] = []  # rows read, checked GROUP at a time
        first = 1  # the number of the group's first row
        grouped = min(GROUP, size)  # a batch is never held back for a group to fill
        with _Text(self.path, self.name, report) as text:
            try:
                json_rows = None if self.path.suffix.lower() == ".csv" else _Json(text, self.name)
                rows = _csv_rows(text, self.name) if json_rows is None else json_rows.rows()
                number = 0
                for number, row in enumerate(rows, start=1):
                    if json_rows is not None and json_rows.broken:
                        continue  # the file's fault outranks any bad row: only read on, to find broken JSON
                    group.append(row)
                    if len(group) < grouped:
                        continue
                    batch.extend(build(checked_batch(checked, group, first, typed=json_rows is not None)))
                    group, first = [], number + 1
                    if checked.errors:
                        batch = []
                    while len(batch) >= size:
                        report(text.read_bytes)
                        yield batch[:size]
                        batch = batch[size:]
                if group:
                    batch.extend(build(checked_batch(checked, group, first, typed=json_rows is not None)))
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
            raise CatalogError([RowError(self.name, 0, NO_FIELD, "holds no videos")])
        self.as_of = json_rows.as_of if json_rows is not None else None
        self.size = text.read_bytes
        while batch:
            report(text.read_bytes)
            yield batch[:size]
            batch = batch[size:]
        report(self.size)


def _videos(batch: Batch) -> list[Video]:
    return list(map(Video, *batch.columns))


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
