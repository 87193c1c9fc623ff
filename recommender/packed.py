"""The profile's two big tables as a snapshot keeps them: sorted keys beside columns of packed numbers.

A learned profile holds a few thousand features (`TasteProfile.evidence`)
and a few thousand related videos (`TasteProfile.related`). As dicts of
small objects they cost some 2 MiB of memory and most of start-up's
snapshot time, though a pick reads only a few hundred of them. A snapshot
keeps them as sorted keys and deflated little-endian arrays of numbers
(base64 in the JSON), and start-up reads them into `PackedEvidence` and `PackedRelated`:
mappings that look a key up in the sorted keys (bisect) and make its value
the first time it is read or written. From then on the key lives in a plain
dict, so what the profile changes is kept as it would be in a dict; a key
never read costs its string and 8 bytes a number.

They behave as the dicts a snapshot used to give, but for their order, which
nothing depends on (`TasteProfile.dump` sorts): the rows not read yet in key
order, then the keys read or added since.
"""

from __future__ import annotations

import base64
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterator, MutableMapping
from itertools import pairwise
from typing import Any, TypeVar

from .profile import Evidence

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def pack(typecode: str, numbers: Any) -> str:
    """Numbers as their little-endian machine values (`d`: doubles, `q`: 64-bit integers, `i`: 32-bit ones),
    deflated (counts, similarities and view counts repeat: a third of the size) and in base64."""
    packed = array(typecode, numbers)
    if sys.byteorder == "big":
        packed.byteswap()
    return base64.b64encode(zlib.compress(packed.tobytes())).decode("ascii")


def unpack(typecode: str, text: str, size: int) -> array:
    """What `pack` made, checked to hold `size` numbers."""
    out = array(typecode)
    try:
        out.frombytes(zlib.decompress(base64.b64decode(text, validate=True)))
    except zlib.error as err:  # damaged: the caller's ValueError means "replay the log instead"
        raise ValueError(f"a packed column cannot be read: {err}") from None
    if sys.byteorder == "big":
        out.byteswap()
    if len(out) != size:
        raise ValueError(f"a packed column holds {len(out)} numbers, not {size}")
    return out


class _Packed(MutableMapping[K, V]):
    """Rows read from a snapshot (`_find`, `_key`, `_make`) under a dict of the keys read or written since."""

    _at: array
    """When each row's evidence was last added (views learned)."""

    def __init__(self, size: int) -> None:
        self._live: dict[K, V] = {}
        self._claimed = bytearray(size)
        """1 for a row that is no longer the truth: its key's value is in `_live`, or was deleted."""
        self._unclaimed = size

    def _find(self, key: K) -> int:
        """The row of `key`, -1 when it has none."""
        raise NotImplementedError

    def _key(self, row: int) -> K:
        raise NotImplementedError

    def _make(self, row: int) -> V:
        raise NotImplementedError

    def _packed(self, key: K) -> int:
        """The row of `key` if it is still the truth, else -1."""
        row = self._find(key)
        return -1 if row < 0 or self._claimed[row] else row

    def _claim(self, row: int) -> None:
        self._claimed[row] = 1
        self._unclaimed -= 1

    def __getitem__(self, key: K) -> V:
        try:
            return self._live[key]
        except KeyError:
            row = self._packed(key)
            if row < 0:
                raise
        self._claim(row)
        value = self._live[key] = self._make(row)
        return value

    def get(self, key: K, default: Any = None) -> Any:  # the hot path of a pick's ranking: no exception
        value = self._live.get(key)
        if value is not None:
            return value
        row = self._find(key)
        if row < 0 or self._claimed[row]:
            return default
        self._claim(row)
        value = self._live[key] = self._make(row)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._live or self._packed(key) >= 0  # type: ignore[arg-type]

    def __setitem__(self, key: K, value: V) -> None:
        if key not in self._live and (row := self._packed(key)) >= 0:
            self._claim(row)
        self._live[key] = value

    def __delitem__(self, key: K) -> None:
        if key not in self._live and (row := self._packed(key)) >= 0:
            self._claim(row)
            return
        del self._live[key]

    def __len__(self) -> int:
        return len(self._live) + self._unclaimed

    def forget(self, known: Callable[[float], bool], when: Callable[[V], float]) -> None:
        """Drop every key whose evidence was last added at a time `known` says no longer counts (`when` reads it
        from a value), reading the packed rows' times without building their rows: a profile's forgetting runs
        inside a swipe."""
        claimed, at = self._claimed, self._at
        for row in range(len(claimed)):
            if not claimed[row] and not known(at[row]):
                self._claim(row)
        live = self._live
        for key in [key for key, value in live.items() if not known(when(value))]:
            del live[key]

    def __iter__(self) -> Iterator[K]:
        claimed, live = self._claimed, list(self._live)  # as they are now: reading the rows claims them
        yield from [self._key(row) for row in range(len(claimed)) if not claimed[row]]
        yield from live


class PackedEvidence(_Packed[tuple[str, str], Evidence]):
    """`TasteProfile.evidence` read from a snapshot: (kind, value) -> Evidence."""

    def __init__(
        self,
        kinds: list[tuple[str, int]],
        values: list[str],
        n: array,
        mean: array,
        at: array,
        level: array,
        square: array,
        seen: array,
    ):
        super().__init__(len(values))
        self._spans: dict[str, tuple[int, int]] = {}
        starts, kind_names, start = [], [], 0
        for kind, count in kinds:
            self._spans[kind] = (start, start + count)
            starts.append(start)
            kind_names.append(kind)
            start += count
        if (
            start != len(values)
            or len({len(values), len(n), len(mean), len(at), len(level), len(square), len(seen)}) != 1
        ):
            raise ValueError("the packed evidence's columns differ in length")
        self._starts, self._kinds = starts, kind_names
        self._values, self._n, self._mean, self._at = values, n, mean, at
        self._level, self._square, self._seen = level, square, seen

    def _find(self, key: tuple[str, str]) -> int:
        kind, value = key
        span = self._spans.get(kind)
        if span is None:
            return -1
        lo, hi = span
        row = bisect_left(self._values, value, lo, hi)
        return row if row < hi and self._values[row] == value else -1

    def get(self, key: tuple[str, str], default: Any = None) -> Any:  # `_Packed.get` with `_find` inline: the hot path
        value = self._live.get(key)
        if value is not None:
            return value
        span = self._spans.get(key[0])
        if span is None:
            return default
        values, (lo, hi) = self._values, span
        row = bisect_left(values, key[1], lo, hi)
        if row == hi or values[row] != key[1] or self._claimed[row]:
            return default
        self._claim(row)
        value = self._live[key] = self._make(row)
        return value

    def _key(self, row: int) -> tuple[str, str]:
        return self._kinds[bisect_right(self._starts, row) - 1], self._values[row]

    def _make(self, row: int) -> Evidence:
        return Evidence(
            self._n[row], self._mean[row], self._at[row], self._level[row], self._square[row], self._seen[row]
        )


class PackedRelated(_Packed[str, list]):
    """`TasteProfile.related` read from a snapshot: video id -> [residuals, similarity, how many, when]."""

    def __init__(self, ids: list[str], total: array, similarity: array, count: array, at: array):
        super().__init__(len(ids))
        if len({len(ids), len(total), len(similarity), len(count), len(at)}) != 1:
            raise ValueError("the packed related videos' columns differ in length")
        self._ids, self._total, self._similarity, self._count, self._at = ids, total, similarity, count, at

    def _find(self, key: str) -> int:
        row = bisect_left(self._ids, key)
        return row if row < len(self._ids) and self._ids[row] == key else -1

    def __contains__(self, key: object) -> bool:  # `_Packed.__contains__` with `_find` inline: ranking asks it
        if key in self._live:
            return True
        ids = self._ids
        row = bisect_left(ids, key)  # type: ignore[call-overload]
        return row < len(ids) and ids[row] == key and not self._claimed[row]

    def _key(self, row: int) -> str:
        return self._ids[row]

    def _make(self, row: int) -> list:
        return [self._total[row], self._similarity[row], self._count[row], self._at[row]]


def pack_evidence(rows: list[list]) -> dict[str, Any]:
    """`TasteProfile.dump`'s evidence ([kind, value, n, mean, at, level, square, seen] rows), packed."""
    ordered = sorted(rows, key=lambda r: (r[0], r[1]))
    kinds: list[list] = []
    for kind, *_ in ordered:
        if kinds and kinds[-1][0] == kind:
            kinds[-1][1] += 1
        else:
            kinds.append([kind, 1])
    return {
        "kinds": kinds,
        "values": [r[1] for r in ordered],
        "n": pack("d", [r[2] for r in ordered]),
        "mean": pack("d", [r[3] for r in ordered]),
        "at": pack("q", [r[4] for r in ordered]),
        "level": pack("d", [r[5] for r in ordered]),
        "square": pack("d", [r[6] for r in ordered]),
        "seen": pack("d", [r[7] for r in ordered]),
    }


def unpack_evidence(data: dict[str, Any]) -> PackedEvidence:
    values = data["values"]
    kinds = [(str(kind), int(count)) for kind, count in data["kinds"]]
    if len({kind for kind, _ in kinds}) != len(kinds) or not _sorted_within(kinds, values):
        raise ValueError("the packed evidence's values are not sorted strings")
    size = len(values)
    columns = (
        unpack("d", data["n"], size),
        unpack("d", data["mean"], size),
        unpack("q", data["at"], size),
        unpack("d", data["level"], size),
        unpack("d", data["square"], size),
        unpack("d", data["seen"], size),
    )
    return PackedEvidence(kinds, values, *columns)


def pack_related(related: dict[str, list]) -> dict[str, Any]:
    """`TasteProfile.dump`'s related videos (id -> [residuals, similarity, how many, when]), packed."""
    ids = sorted(related)
    accs = [related[vid] for vid in ids]
    return {
        "ids": ids,
        "total": pack("d", [a[0] for a in accs]),
        "similarity": pack("d", [a[1] for a in accs]),
        "count": pack("i", [a[2] for a in accs]),
        "at": pack("q", [a[3] for a in accs]),
    }


def unpack_related(data: dict[str, Any]) -> PackedRelated:
    ids = data["ids"]
    if not _ascending(ids):
        raise ValueError("the packed related videos' ids are not sorted strings")
    size = len(ids)
    total, similarity = unpack("d", data["total"], size), unpack("d", data["similarity"], size)
    count, at = unpack("i", data["count"], size), unpack("q", data["at"], size)
    return PackedRelated(ids, total, similarity, count, at)


def _sorted_within(kinds: list[tuple[str, int]], values: list[str]) -> bool:
    """Whether each kind's values are strings in ascending order (what the bisect needs)."""
    start = 0
    for _, count in kinds:
        if count < 0 or not _ascending(values[start : start + count]):
            return False
        start += count
    return start == len(values)


def _ascending(keys: list) -> bool:
    return all(type(k) is str for k in keys) and all(a < b for a, b in pairwise(keys))
