"""Your data out of tiktui, or gone: `export(store, path)` writes it as JSON or CSV, `forget(path)` deletes it.

The command line (`tiktui export`, `tiktui forget`) and, later, the settings
screen call these. What is exported is gathered by `recommender.export`;
this module only chooses the format and writes the files: each private
(0600), written to a temporary file beside it and renamed into place, so a
reader never sees half an export, and never over an existing file unless
`force` is given.
"""

from __future__ import annotations

import contextlib
import csv
import fnmatch
import functools
import itertools
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from recommender.csv_cells import to_cell
from recommender.dbfile import PARTS, delete_database, is_damage, make_private_folder
from recommender.export import TABLES, Export, Table, gather
from recommender.store import CorruptError, Store

from .crash import LOG_NAME, fallback_crash_log


class ExportError(Exception):
    """An export that cannot be written; the message says what and where, in one line."""


def default_export_path(data_file: Path | None, now: datetime) -> Path:
    """Where an export goes unless the viewer says: beside the data file, named for the day, and the first such
    name not taken (`tiktui-export-DAY-2.json` ...: a second export of a day was refused, "already exists")."""
    folder = data_file.parent if data_file is not None else Path.cwd()
    names = (f"tiktui-export-{now:%Y-%m-%d}{f'-{n}' if n > 1 else ''}.json" for n in itertools.count(1))
    return next(folder / name for name in names if not os.path.lexists(folder / name))


EXPORT_GLOB = "tiktui-export-*.json"
"""The app's exports beside the data file (`default_export_path`)."""
SHOT_GLOB = "tiktui_*.svg"
"""The app's screenshots (Textual names them for the app's title and the time)."""
PART_GLOB = ".tiktui-export-*.part"
"""The hidden part of an export of the app's, beside the data file, that was stopped before it was finished (a kill -9:
any other stop removes it); `forget` names it (QA: 22 MB of the viewer's data, hidden, unnamed)."""


def what_is_left(path: Path) -> str:
    """What a file `forget` left is, in words: "an export made earlier" ..."""
    if fnmatch.fnmatch(path.name, EXPORT_GLOB):
        return "an export made earlier"
    if fnmatch.fnmatch(path.name, SHOT_GLOB):
        return "a screenshot taken earlier"
    if fnmatch.fnmatch(path.name, PART_GLOB):
        return "part of an export that was stopped (a kill -9, a power cut)"
    if path.name == LOG_NAME:
        return "the crash log tiktui writes in the temporary folder when it cannot write beside the data file"
    return "a damaged copy set aside earlier"


FORCE_HINT = " (--force replaces it)"
"""What an export refused for a file already there tells the command line; the app says its own."""


TABLE_WORDS = {
    "videos": ("video seen or posted", "videos seen or posted"),
    "views": ("view", "views"),
    "events": ("event", "events"),
    "settings": ("setting", "settings"),
    "profile": ("profile score", "profile scores"),
}
"""How a summary names a table's rows, one and many (`36 profile` said nothing, `1 videos` was wrong)."""


def summary(counts: dict[str, int]) -> str:
    """`12 videos seen or posted, 14 views, ...`: an export's rows per table, as the app and the command line say it.

    >>> summary({"videos": 2, "views": 1, "profile": 7})
    '2 videos seen or posted, 1 view, 7 profile scores'
    """
    return ", ".join(f"{n} {TABLE_WORDS.get(table, (table, table))[n != 1]}" for table, n in counts.items())


def is_folder_target(path: str | Path) -> bool:
    """Whether `path` asks for CSV files (an existing folder, or a name ending with a slash) rather than JSON."""
    return str(path).endswith(("/", os.sep)) or Path(path).is_dir()


def export(
    store: Store, path: str | Path, *, now: datetime, force: bool = False, taken_hint: str = FORCE_HINT
) -> dict[str, int]:
    """Write everything tiktui keeps about the viewer to `path`; return the rows written per table.

    One JSON file, or one CSV file per table (`videos.csv`, `views.csv`,
    ...) when `path` is a folder or ends with a slash (a missing folder is
    made, 0700, in a folder that is there). Raises ExportError, with nothing written, when a file is
    there already (and not `force`; the message ends with `taken_hint`),
    when `path` is the data file itself, or when the disk refuses.
    """
    if not str(path).strip():  # Path("") is the current folder: `tiktui export ""` wrote five CSVs there
        raise ExportError(
            "the export's PATH is empty: give a file (name.json) or a folder (name/); nothing was written"
        )
    folder = is_folder_target(path)
    target = Path(path)
    if not folder and target.suffix.lower() == ".csv":
        raise ExportError(f"{path}: a CSV export is one file per table: give a folder (ending with /) instead")
    targets = [target / f"{name}.csv" for name in TABLES] if folder else [target]
    # The folder a file goes in is not guessed at, nor the one a CSV folder is made in: a mistyped path of either
    # is said (QA: x.json in a missing folder was refused, while csv/ in two missing folders made them both).
    inside = target.parent if not folder else Path(os.path.normpath(target)).parent
    if not inside.is_dir():
        raise ExportError(f"{inside}: no such folder; nothing was written")
    _check_targets(store, targets, force, taken_hint)
    made = folder and not target.exists()
    try:
        if folder:
            make_private_folder(target)
        with gather(store, now) as gathered:
            if folder:
                return _write_csv(gathered, target, force)
            return _write_json(gathered, target, force)
    except FileExistsError as err:  # made by someone else while the export was being written
        raise ExportError(f"{err.filename}: already exists; nothing was overwritten{taken_hint}") from None
    except OSError as err:  # named by the path asked for: the file that failed may be a temporary one
        if made:  # nothing was written: neither is the folder made for it (a full disk left it empty)
            with contextlib.suppress(OSError):
                target.rmdir()
        raise ExportError(f"{path}: cannot write the export: {err.strerror or err}") from None
    except (CorruptError, sqlite3.DatabaseError) as err:
        if isinstance(err, sqlite3.DatabaseError) and not is_damage(err):
            raise  # a lock, a full disk: said by the command's own handler
        raise ExportError(
            f"{store.path}: damaged ({err}); nothing was exported: start tiktui to set it aside and copy what "
            "still reads of it into a new file, then export that"
        ) from None


def _check_targets(store: Store, targets: list[Path], force: bool, taken_hint: str = FORCE_HINT) -> None:
    data_parts = {Path(f"{store.path}{suffix}").resolve() for suffix in PARTS} if store.path else set()
    for target in targets:
        if target.resolve() in data_parts:
            raise ExportError(f"{target}: is tiktui's data file itself; export somewhere else")
        if os.path.lexists(target) and not target.is_dir() and not stat.S_ISREG(os.lstat(target).st_mode):
            # --force put a regular file in place of /dev/null, a pipe or a link (and without it, was offered)
            raise ExportError(
                f"{target}: not a regular file (a device, a pipe or a link); --force replaces only a file"
            )
        if target.is_dir() or (os.path.lexists(target) and not force):
            what = "is a folder" if target.is_dir() else "already exists"
            hint = "" if target.is_dir() else taken_hint
            raise ExportError(f"{target}: {what}; nothing was written{hint}")


def _write_json(gathered: Export, target: Path, force: bool) -> dict[str, int]:
    written: dict[str, int] = {}

    def write(out: TextIO) -> None:
        out.write(f'{{\n"about": {_json(gathered.about)},\n"counts": {_json(gathered.counts)},\n')
        for table in gathered.tables:  # a row a line: a long history is streamed, never held whole
            out.write(f'"{table.name}": [')
            n = 0
            for row in table.rows:
                out.write((",\n" if n else "\n") + _json(dict(zip(table.columns, row, strict=True))))
                n += 1
            out.write("\n],\n" if n else "],\n")
            written[table.name] = n
        out.write(f'"learned": {_json(gathered.learned)}\n}}\n')

    _write_atomic(target, write, force)
    return written


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _csv_cell(value: Any) -> Any:
    """A list (hashtags, related ids) is space-separated and a flag true/false, as `tiktui import` reads them; text
    a spreadsheet would run as a formula gets an apostrophe in front (`to_cell`), which the import takes off."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " ".join(value)
    return to_cell(value) if isinstance(value, str) else value


def _write_csv(gathered: Export, folder: Path, force: bool) -> dict[str, int]:
    written: dict[str, int] = {}
    temps: list[tuple[str, Path]] = []
    try:
        for table in gathered.tables:  # every file is written before any is put in place
            temps.append(
                (table.name, _temp(folder / f"{table.name}.csv", functools.partial(_csv, table, written=written)))
            )
        for name, temp in temps:
            _place(temp, folder / f"{name}.csv", force)
    finally:
        for _, temp in temps:
            _remove(temp)
    return written


def _csv(table: Table, out: TextIO, *, written: dict[str, int]) -> None:
    writer = csv.writer(out)
    writer.writerow(table.columns)
    n = 0
    for row in table.rows:
        if table.name == "settings":  # a choice is text (written as is) or another JSON value (written as JSON)
            writer.writerow([to_cell(row[0]), to_cell(row[1] if isinstance(row[1], str) else _json(row[1]))])
        else:
            writer.writerow([_csv_cell(value) for value in row])
        n += 1
    written[table.name] = n


def _temp(target: Path, write: Callable[[TextIO], None]) -> Path:
    """Write a private temporary file beside `target` (0600, whatever the umask) and return its path."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _remove(Path(name))
        raise
    return Path(name)


def _write_atomic(target: Path, write: Callable[[TextIO], None], force: bool) -> None:
    temp = _temp(target, write)
    try:
        _place(temp, target, force)
    finally:
        _remove(temp)


def _place(temp: Path, target: Path, force: bool) -> None:
    """Put a finished file at `target`: over an existing one only with `force`, else never (a link fails if taken)."""
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename (a race only with another writer)
        if os.path.lexists(target):
            raise FileExistsError(0, "already exists", str(target)) from None
        os.rename(temp, target)


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


@dataclass(frozen=True)
class Forgotten:
    """What `forget` did: the files it deleted, and tiktui's other files it left in the folder."""

    deleted: list[Path]
    left: list[Path]


def forget(path: str | Path) -> Forgotten:
    """Delete the data file at `path` with its -wal and -shm (StoreError, nothing deleted, while it is in use), and
    the crash log beside it.

    Damaged copies set aside earlier (`tiktui.db.corrupt-...`), the app's
    exports beside it (`tiktui-export-DAY.json`, `default_export_path`) and
    its screenshots (`tiktui_TIME.svg`, when there is no Downloads folder:
    `app.screenshot_folder`) hold the viewer's data too; they are not deleted
    (an export or a screenshot is the viewer's copy, made to be kept) but
    listed in `left`.
    """
    path = Path(path)
    deleted = delete_database(path)
    log = crash_log_beside(path)
    if deleted and log is not None:  # (QA: it stayed, unnamed)
        with contextlib.suppress(OSError):
            log.unlink()
            deleted = [*deleted, log]
    left = []
    if path.parent.is_dir():
        folder = path.parent
        left = sorted(
            [
                *folder.glob(f"{path.name}.corrupt-*"),
                *folder.glob(EXPORT_GLOB),
                *folder.glob(SHOT_GLOB),
                *folder.glob(PART_GLOB),
            ]
        )
    # A crash log in the temporary folder (the data folder could not be written) is the viewer's for every data file
    # they use, and may hold another's crashes: named, not deleted (QA: it was neither).
    if (elsewhere := fallback_crash_log()) is not None:
        left.append(elsewhere)
    return Forgotten(deleted, left)


def crash_log_beside(path: str | Path) -> Path | None:
    """tiktui's own record of its crashes beside the data file at `path`, if there is one (a file, not a link):
    it holds paths from this folder, and `forget` deletes it with the data file, naming it first."""
    log = Path(path).parent / LOG_NAME
    return log if log.is_file() and not log.is_symlink() else None


def describe(paths: Iterable[Path]) -> str:
    """`tiktui.db (4.1 MB), tiktui.db-wal (12 kB)`: the files and their sizes, for a confirmation."""
    out = []
    for p in paths:
        if p.is_symlink():
            out.append(f"{p} (a link to {os.path.realpath(p)})")
            continue
        try:
            size = p.stat().st_size
        except OSError:
            continue
        out.append(f"{p} ({_size(size)})")
    return ", ".join(out)


def _size(n: float) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} bytes"
