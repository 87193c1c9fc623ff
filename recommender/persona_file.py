"""Reading a persona file (JSON, see `personas`): the edge where the file is opened and decoded."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from . import strict_json
from .personas import FieldError, Persona, PersonaError, parse_personas

MAX_BYTES = 4 * 1024 * 1024
"""A persona file is small: at most 4 MiB."""


def _error(name: str, message: str) -> PersonaError:
    return PersonaError([FieldError(name, 0, "", "", message)])


def load_personas(path: str | Path) -> tuple[Persona, ...]:
    """The personas of the file at `path`; PersonaError says in one line per problem what is wrong and where."""
    name = ascii(str(path))[1:-1]
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _error(name, "is not a regular file (a folder, a device or a pipe?)")
        if info.st_size > MAX_BYTES:
            raise _error(name, f"is {info.st_size:,} bytes; a persona file may be at most {MAX_BYTES:,}")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _error(name, "no such persona file") from None
    except OSError as err:
        raise _error(name, f"cannot be read: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise _error(name, f"is not UTF-8 text: byte 0x{raw[err.start]:02x} on line {line}") from None
    try:
        data = strict_json.loads(text)
    except json.JSONDecodeError as err:
        raise _error(name, f"not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except strict_json.Refused as err:  # a key twice, NaN, too deep, a number too long: said in words there
        raise _error(name, f"not a usable persona file: {err}") from None
    return parse_personas(data, name)
