"""JSON as the small files tiktui reads (personas, a post, posts for the audience) must be: every key of an object
once, and only the numbers JSON allows. Python's reader keeps the last of a repeated key and reads NaN and Infinity;
a file that says a field twice is refused instead, as a catalog is (`catalog_file`)."""

from __future__ import annotations

import json
import sys
from typing import Any


class Refused(ValueError):
    """An object gives one key twice, a number JSON does not allow, or one too long or a file too deep to read."""


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise Refused(f"the field {key!r} is given twice in one object")
        seen[key] = value
    return seen


def _no_constant(name: str) -> float:
    raise Refused(f"{name} is not a number JSON allows")


def loads(text: str) -> Any:
    """`json.loads`, refusing a repeated key or NaN/Infinity (Refused), and saying in words what Python's reader
    says in its own of a file nested past its depth or a number past its 4,300 digits (QA: those ended in a crash
    log, or in "use sys.set_int_max_str_digits()"); a broken file is json.JSONDecodeError."""
    try:
        return json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except (json.JSONDecodeError, Refused):
        raise
    except RecursionError:
        raise Refused("nested too deeply to read") from None
    except ValueError:  # the one other, of a text: an integer past Python's digit limit
        raise Refused(f"holds a number too long to read (over {sys.get_int_max_str_digits():,} digits)") from None
