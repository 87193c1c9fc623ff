"""JSON as the small files tiktui reads (personas, a post, posts for the audience) must be: every key of an object
once, and only the numbers JSON allows. Python's reader keeps the last of a repeated key and reads NaN and Infinity;
a file that says a field twice is refused instead, as a catalog is (`catalog_file`)."""

from __future__ import annotations

import json
from typing import Any


class RepeatedKey(ValueError):
    """An object gives one key twice, or a number JSON does not allow."""


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise RepeatedKey(f"the field {key!r} is given twice in one object")
        seen[key] = value
    return seen


def _no_constant(name: str) -> float:
    raise RepeatedKey(f"{name} is not a number JSON allows")


def loads(text: str | bytes) -> Any:
    """`json.loads`, refusing a repeated key or NaN/Infinity (RepeatedKey); a broken file is json.JSONDecodeError."""
    return json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
