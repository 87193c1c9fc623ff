"""A big catalog file read and checked in a second process while this one writes what is already checked.

Reading and checking rows is pure Python: a thread would wait for the
interpreter's lock, a process runs on the second core. It is this module run
as a program (`python -m recommender.read_ahead`: it inherits no open
database and runs none of the caller's code), reads the file through
`CatalogFile.rows` and writes each batch, marshalled (pickled if it must), to a pipe. A write waits
until the pipe is read, so the reader is at most a batch or two ahead and
memory stays bounded whatever the file's size. Whatever the reader finds wrong
arrives as the same CatalogError, naming the same file and rows.
"""

from __future__ import annotations

import importlib
import marshal
import os
import pickle
import signal
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

from .catalog import CatalogError
from .catalog_columns import Batch
from .catalog_file import CatalogFile

T = TypeVar("T")

SECOND_PROCESS_BYTES = 8 * 2**20
"""Files this big (8 MiB, some 20,000 videos) are read in a second process; starting one costs a few tenths of
a second, more than a smaller file takes to read."""


def checked_rows(
    source: CatalogFile,
    build: Callable[[Batch], list[T]],
    size: int = 5000,
    progress: Callable[[int], None] | None = None,
    *,
    second_process_bytes: int = SECOND_PROCESS_BYTES,
) -> Iterator[list[T]]:
    """`source.rows(build, size, progress)`, read in a second process when the file has `second_process_bytes`.

    `build` must be a module's function (it is sent to the other process by
    name). As with `rows`, `source.duplicates` and `source.as_of` are known
    once the last batch is out, and a CatalogError means keep no batch.
    """
    if source.size < second_process_bytes:
        return source.rows(build, size, progress)
    return _from_second_process(source, build, size, progress or _ignore)


def _from_second_process(
    source: CatalogFile, build: Callable[[Batch], list[T]], size: int, progress: Callable[[int], None]
) -> Iterator[list[T]]:
    source.as_of = None
    source.duplicates.clear()
    home = str(Path(__file__).resolve().parent.parent)  # where this recommender is imported from, first
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [home, os.environ.get("PYTHONPATH")]))}
    now = "" if source.now is None else repr(source.now)
    builder = f"{build.__module__}:{build.__qualname__}"
    command = [sys.executable, "-m", "recommender.read_ahead", os.fsdecode(source.path), now, str(size), builder]
    reader = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert reader.stdout is not None
    try:
        while True:
            try:
                message = _receive(reader.stdout)
            except EOFError:
                raise RuntimeError(f"the process reading {source.name} stopped (exit code {reader.wait()})") from None
            kind = message[0]
            if kind == "rows":
                progress(message[1])
                yield message[2]
            elif kind == "end":
                _, duplicates, source.as_of, source.size = message
                source.duplicates.extend(duplicates)
                progress(source.size)
                return
            elif kind == "bad":
                raise CatalogError(message[1])
            else:
                raise RuntimeError(f"the process reading {source.name} failed: {message[1]}")
    finally:
        reader.stdout.close()  # a reader still writing (this side stopped early) meets a closed pipe and ends
        try:
            reader.wait(timeout=5)
        except subprocess.TimeoutExpired:
            reader.kill()
            reader.wait()


def _send(out: BinaryIO, message: tuple[Any, ...]) -> None:
    """One message on the pipe: its kind of encoding, its length, then it (marshal: plain values, quickly)."""
    try:
        kind, data = b"m", marshal.dumps(message)
    except ValueError:  # objects marshal does not take (Videos, errors): pickled
        kind, data = b"p", pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEAD.pack(kind, len(data)))
    out.write(data)
    out.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message `_send` wrote; EOFError when the pipe ends before a whole one."""
    head = stream.read(_HEAD.size)
    if len(head) < _HEAD.size:
        raise EOFError
    kind, size = _HEAD.unpack(head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return marshal.loads(data) if kind == b"m" else pickle.loads(data)


_HEAD = struct.Struct("<cQ")


def _read(path: str, now: float | None, size: int, build: Callable[[Batch], list[Any]], out: BinaryIO) -> None:
    """The second process: read the file, write ("rows", bytes read, rows) per batch, then one last message."""

    def send(message: tuple[Any, ...]) -> None:
        _send(out, message)

    done = [0]
    try:
        source = CatalogFile(path, now=now)
        for rows in source.rows(build, size, lambda n: done.__setitem__(0, n)):
            send(("rows", done[0], rows))
        send(("end", source.duplicates, source.as_of, source.size))
    except CatalogError as err:
        send(("bad", err.errors or str(err)))
    except Exception as err:  # a bug: said in one line, the first process raises it
        send(("failed", f"{type(err).__name__}: {err}"))


def _ignore(_: int) -> None:
    """A progress report nobody asked for."""


def main(argv: list[str]) -> None:
    """`python -m recommender.read_ahead PATH NOW SIZE MODULE:FUNCTION`, as `checked_rows` starts it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the first process's to handle: it closes the pipe
    path, now, size, builder = argv
    module, name = builder.split(":")
    build = getattr(importlib.import_module(module), name)
    try:
        _read(path, float(now) if now else None, int(size), build, sys.stdout.buffer)
    except (BrokenPipeError, ConnectionResetError):  # the first process stopped reading: nothing is imported
        os._exit(0)  # without flushing into the broken pipe again


if __name__ == "__main__":
    main(sys.argv[1:])
