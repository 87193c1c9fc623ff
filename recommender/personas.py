"""Simulated viewers described as data: what they enjoy, reject and mute, and how they watch.

A persona is a plain value (no I/O here: `persona_file` reads a file, `sim`
drives a persona through the app's FeedSession). `parse_personas` checks a
decoded persona file field by field and names every bad one, as the catalog
does for its rows.

The file is `{"personas": [{...}, ...]}`; every key but `name` is optional:

- `enjoys`: `{"genres", "creators", "hashtags", "sounds": [...], "max_duration_s": N}`;
  a video is enjoyed when it matches any of them (default: nothing).
- `rejects`: `{"genres", "creators", "hashtags", "sounds": [...]}`; the persona
  presses "not interested" on a video matching any of them (default: nothing).
- `mutes`: `[[kind, value], ...]`, kind one of genre, creator, hashtag, sound,
  keyword: set in the settings before the first swipe (default: none).
- `restricted`: restricted mode on from the start (default: false).
- `style`: fan, skimmer, looper or silent (default: fan); see `STYLES`.
- `drift`: `{"at": N, "enjoys": {...}}`: after N swipes it enjoys this instead (default: none).
- `swipes_per_day`: the app is closed and reopened on the same data file, a day
  later, after this many swipes (default: null, one sitting).
- `swipes`: cards it sees (default: 120).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from .keywords import refusal
from .video import Video

SWIPES = 120
MAX_SWIPES = 5000
MAX_DURATION_S = 3600.0
MUTE_KINDS = ("genre", "creator", "hashtag", "sound", "keyword")
TASTE_LISTS = ("genres", "creators", "hashtags", "sounds")
PERSONA_KEYS = ("name", "enjoys", "rejects", "mutes", "restricted", "style", "drift", "swipes_per_day", "swipes")
NAME_LIMIT = 80


@dataclass(frozen=True)
class Taste:
    """Videos matched by any listed genre, creator, hashtag or sound, or by being at most `max_duration_s` long."""

    genres: frozenset[str] = frozenset()
    creators: frozenset[str] = frozenset()
    hashtags: frozenset[str] = frozenset()
    sounds: frozenset[str] = frozenset()
    max_duration_s: float | None = None

    def matches(self, video: Video) -> bool:
        return (
            any(g in self.genres for g in video.genres)
            or video.creator in self.creators
            or any(h in self.hashtags for h in video.hashtags)
            or video.sound in self.sounds
            or (self.max_duration_s is not None and video.duration_s <= self.max_duration_s)
        )

    def matched(self, video: Video) -> list[tuple[str, str]]:
        """The (kind, value) pairs of this taste that `video` matches (durations are not named)."""
        return (
            [("genre", g) for g in video.genres if g in self.genres]
            + ([("creator", video.creator)] if video.creator in self.creators else [])
            + [("hashtag", h) for h in video.hashtags if h in self.hashtags]
            + ([("sound", video.sound)] if video.sound in self.sounds else [])
        )

    def __bool__(self) -> bool:
        return bool(self.genres or self.creators or self.hashtags or self.sounds or self.max_duration_s is not None)

    @property
    def only_creators(self) -> bool:
        """Enjoys some creators and nothing else."""
        return bool(self.creators) and not (
            self.genres or self.hashtags or self.sounds or self.max_duration_s is not None
        )


@dataclass(frozen=True)
class Habits:
    """How a persona watches: what it does on a video it enjoys, and how soon it leaves the others."""

    finish: float = 1.0
    """Share of an enjoyed video watched (1.0: to the end)."""
    like: float = 0.0
    """Chance of liking an enjoyed video."""
    share: float = 0.0
    follow: float = 0.0
    """Chance of following the creator of an enjoyed video it does not follow yet."""
    follow_enjoyed_creators: bool = False
    """Follows a creator listed in `enjoys.creators` the first time it sees one of their videos."""
    rewatch: float = 0.0
    """Chance of watching a finished enjoyed video again from the start (the replay key)."""
    loops: tuple[int, int] = (0, 0)
    """Extra times an enjoyed video is let loop, at least and at most (a key pressed between, so it keeps playing)."""
    skip_s: tuple[float, float] = (0.4, 1.6)
    """Seconds spent on a video it does not enjoy before swiping, at least and at most."""


STYLES: dict[str, Habits] = {
    "fan": Habits(finish=1.0, like=0.6, share=0.1, follow=0.1, follow_enjoyed_creators=True, rewatch=0.2),
    "skimmer": Habits(finish=0.55, like=0.1, skip_s=(0.3, 1.0)),
    "looper": Habits(finish=1.0, like=0.3, share=0.05, loops=(4, 10)),
    "silent": Habits(finish=1.0),
}
"""fan: watches what it enjoys to the end, often likes, sometimes re-watches, shares and follows (a creator it
enjoys on first sight), skips the rest quickly; skimmer: leaves most cards early, stays longer (about half) on
enjoyed ones; looper: lets enjoyed videos loop many times; silent: completes enjoyed videos, never likes, shares
or follows."""


@dataclass(frozen=True)
class Drift:
    at: int
    """Swipes after which the taste changes: card `at + 1` is the first judged by the new one."""
    enjoys: Taste


@dataclass(frozen=True)
class Persona:
    """A simulated viewer."""

    name: str
    enjoys: Taste = Taste()
    rejects: Taste = Taste()
    mutes: tuple[tuple[str, str], ...] = ()
    restricted: bool = False
    style: str = "fan"
    drift: Drift | None = None
    swipes_per_day: int | None = None
    swipes: int = SWIPES
    habits: Habits | None = None
    """How it watches; None: its style's (`STYLES`). The shipped personas keep the habits they always had."""

    @property
    def how(self) -> Habits:
        return self.habits if self.habits is not None else STYLES[self.style]

    def taste(self, swipe: int) -> Taste:
        """What it enjoys at 0-based `swipe`."""
        return self.drift.enjoys if self.drift is not None and swipe >= self.drift.at else self.enjoys

    def enjoys_at(self, video: Video, swipe: int) -> bool:
        """Whether it enjoys `video` at 0-based `swipe`: what it enjoys then, and does not reject (rejecting wins)."""
        return self.taste(swipe).matches(video) and not self.rejects.matches(video)

    def rejects_video(self, video: Video) -> bool:
        return self.rejects.matches(video)


# -- reading a decoded persona file -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field of one persona."""

    file: str
    persona: int
    """1-based; 0 for the file as a whole."""
    name: str
    field: str
    message: str

    def __str__(self) -> str:
        if not self.persona:
            return f"{self.file}: {self.message}"
        who = f"persona {self.persona}" + (f" ({self.name!r})" if self.name else "")
        return f"{self.file}: {who}, field '{self.field}': {self.message}"


class PersonaError(Exception):
    """A persona file that cannot be used; `errors` names every bad field found."""

    def __init__(self, errors: list[FieldError], parsed: tuple[tuple[int, Persona], ...] = ()) -> None:
        self.errors = errors
        self.parsed = parsed
        """The personas of the file that were well formed, with their numbers: `check_against` names their faults
        in the same pass."""
        super().__init__(str(errors[0]))

    def lines(self, limit: int = 20) -> list[str]:
        shown = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            shown.append(f"... and {len(self.errors) - limit} more bad fields")
        return shown


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return {list: "a list", dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


def _one_line(value: Any, what: str = "text") -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be {what}, got {_show(value)}")
    if not value.strip():
        raise ValueError("must not be empty")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in value):
        raise ValueError(f"must be one line of text, got {_show(value)}")
    if len(value) > 200:
        raise ValueError(f"is {len(value)} characters, at most 200")
    return value


def _int(value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a whole number, got {_show(value)}")
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        raise ValueError(f"must be a whole number, got {_show(value)}")
    if not lo <= value <= hi:
        raise ValueError(f"must be between {lo} and {hi}, got {_show(value)}")
    return int(value)


class _Fields:
    """Collects the errors of one persona, each naming its field."""

    def __init__(self, file: str, number: int, name: str, errors: list[FieldError]) -> None:
        self.file, self.number, self.name, self.errors = file, number, name, errors

    def bad(self, path: str, message: str) -> None:
        self.errors.append(FieldError(self.file, self.number, self.name, path, message))

    def count(self, raw: dict[str, Any], key: str) -> int | None:
        """`raw[key]` as a number of swipes (1 to MAX_SWIPES); None when absent or null, or bad (then named)."""
        if raw.get(key) is None:
            return None
        try:
            return _int(raw[key], 1, MAX_SWIPES)
        except ValueError as err:
            self.bad(key, str(err))
            return None

    def taste(self, value: Any, path: str, durations: bool = True) -> Taste:
        if value is None:
            return Taste()
        if not isinstance(value, dict):
            self.bad(path, f"must be an object, got {_show(value)}")
            return Taste()
        known = TASTE_LISTS + (("max_duration_s",) if durations else ())
        for key in value:
            if key not in known:
                self.bad(f"{path}.{key}", f"is not a field of {path} (the fields: {', '.join(known)})")
        lists: dict[str, frozenset[str]] = {}
        for key in TASTE_LISTS:
            items = value.get(key)
            if items is None:
                lists[key] = frozenset()
                continue
            if not isinstance(items, list):
                self.bad(f"{path}.{key}", f"must be a list of text, got {_show(items)}")
                lists[key] = frozenset()
                continue
            kept = []
            for i, item in enumerate(items, 1):
                try:
                    text = _one_line(item)
                except ValueError as err:
                    self.bad(f"{path}.{key}", f"item {i} {err}")
                    continue
                kept.append(text.strip().lstrip("#").lower() if key == "hashtags" else text)
            lists[key] = frozenset(kept)
        longest = value.get("max_duration_s")
        if longest is not None:
            if isinstance(longest, bool) or not isinstance(longest, int | float) or not math.isfinite(longest):
                self.bad(f"{path}.max_duration_s", f"must be a number of seconds or null, got {_show(longest)}")
                longest = None
            elif not 0 < longest <= MAX_DURATION_S:
                self.bad(f"{path}.max_duration_s", f"must be above 0 and at most {MAX_DURATION_S:g}, got {longest!r}")
                longest = None
            else:
                longest = float(longest)
        return Taste(lists["genres"], lists["creators"], lists["hashtags"], lists["sounds"], longest)

    def mutes(self, value: Any) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.bad("mutes", f"must be a list of [kind, value] pairs, got {_show(value)}")
            return ()
        kept: list[tuple[str, str]] = []
        for i, pair in enumerate(value, 1):
            if not (isinstance(pair, list) and len(pair) == 2):
                self.bad("mutes", f"item {i} must be a [kind, value] pair, got {_show(pair)}")
                continue
            kind, text = pair
            if kind not in MUTE_KINDS:
                self.bad("mutes", f"item {i}: the kind must be one of {', '.join(MUTE_KINDS)}, got {_show(kind)}")
                continue
            try:
                text = _one_line(text)
            except ValueError as err:
                self.bad("mutes", f"item {i}: the value {err}")
                continue
            if kind == "keyword":
                text = " ".join(text.split())
                why = refusal(text, (v for k, v in kept if k == "keyword"))
                if why is not None:
                    self.bad("mutes", f"item {i}: {why}")
                    continue
            kept.append((kind, text.strip().lstrip("#").lower() if kind == "hashtag" else text))
        return tuple(kept)


def _persona(raw: Any, number: int, file: str, names: set[str], errors: list[FieldError]) -> Persona | None:
    if not isinstance(raw, dict):
        errors.append(FieldError(file, number, "", "", f"must be an object, got {_show(raw)}"))
        return None
    name = raw.get("name")
    shown = name.strip()[:NAME_LIMIT] if isinstance(name, str) else ""
    f = _Fields(file, number, shown, errors)
    before = len(errors)
    for key in raw:
        if key not in PERSONA_KEYS:
            f.bad(key, f"is not a persona field (the fields: {', '.join(PERSONA_KEYS)})")
    if name is None:
        f.bad("name", "is missing")
    else:
        try:
            name = _one_line(name).strip()
            if len(name) > NAME_LIMIT:
                raise ValueError(f"is {len(name)} characters, at most {NAME_LIMIT}")
            if name in names:
                raise ValueError("is the name of an earlier persona: names must differ")
            names.add(name)
        except ValueError as err:
            f.bad("name", str(err))
    enjoys = f.taste(raw.get("enjoys"), "enjoys")
    rejects = f.taste(raw.get("rejects"), "rejects", durations=False)
    mutes = f.mutes(raw.get("mutes"))
    restricted = raw.get("restricted", False)
    if not isinstance(restricted, bool):
        f.bad("restricted", f"must be true or false, got {_show(restricted)}")
    style = raw.get("style", "fan")
    if style not in STYLES:
        f.bad("style", f"must be one of {', '.join(STYLES)}, got {_show(style)}")
    swipes = f.count(raw, "swipes") or SWIPES
    per_day = f.count(raw, "swipes_per_day")
    drift = None
    value = raw.get("drift")
    if value is not None:
        if not isinstance(value, dict):
            f.bad("drift", f"must be an object with 'at' and 'enjoys', got {_show(value)}")
        else:
            for key in value:
                if key not in ("at", "enjoys"):
                    f.bad(f"drift.{key}", "is not a field of drift (the fields: at, enjoys)")
            at = None
            if "at" not in value:
                f.bad("drift.at", "is missing")
            else:
                try:
                    at = _int(value["at"], 1, max(1, swipes - 1))
                except ValueError as err:
                    f.bad("drift.at", f"{err} (it is a swipe before the last, of {swipes})")
            if "enjoys" not in value:
                f.bad("drift.enjoys", "is missing")
            later = f.taste(value.get("enjoys"), "drift.enjoys")
            if at is not None:
                drift = Drift(at, later)
    if not isinstance(name, str):
        return None
    if len(errors) > before:  # what did parse is still checked against the catalog: every fault in one pass
        restricted, style, name = restricted is True, style if style in STYLES else "fan", shown
    return Persona(name, enjoys, rejects, mutes, restricted, style, drift, per_day, swipes)


def parse_personas(data: Any, file: str) -> tuple[Persona, ...]:
    """The personas of a decoded persona file; PersonaError names every bad field."""
    if not isinstance(data, dict) or "personas" not in data:
        raise PersonaError([FieldError(file, 0, "", "", "must be an object with a list 'personas'")])
    extra = [k for k in data if k != "personas"]
    raw = data["personas"]
    if not isinstance(raw, list) or not raw:
        raise PersonaError([FieldError(file, 0, "", "", "'personas' must be a list of at least one persona")])
    errors: list[FieldError] = []
    for key in extra:  # each one said, as every other fault is (QA: only the first was)
        errors.append(FieldError(file, 0, "", "", f"'{key}' is not a field of a persona file (only 'personas')"))
    names: set[str] = set()
    personas = [_persona(p, i, file, names, errors) for i, p in enumerate(raw, 1)]
    if errors:
        raise PersonaError(errors, tuple((i, p) for i, p in enumerate(personas, 1) if p is not None))
    return tuple(p for p in personas if p is not None)


def _no_video(key: str, value: str, have: set[str]) -> str:
    """No video has `value` of `key` ("genres", ...), and the name nearest it, when one is near.

    >>> _no_video("genres", "Cooking", {"cooking", "comedy"})
    "no video has the genre 'Cooking' (did you mean 'cooking'?)"
    """
    folded = {v.casefold(): v for v in have}
    near = [folded[value.casefold()]] if value.casefold() in folded else get_close_matches(value, sorted(have), n=1)
    return f"no video has the {key[:-1]} {value!r}" + (f" (did you mean {near[0]!r}?)" if near else "")


def check_against(
    personas: Iterable[Persona], videos: Iterable[Video], file: str, found: PersonaError | None = None
) -> None:
    """Refuse a genre, creator, hashtag or sound that no video of the catalog has: a typo would leave a taste empty.

    `found`: the file's other faults (`parse_personas`'s error). The personas it could read (`found.parsed`) are
    checked instead of `personas`, and every fault is told in one pass, persona by persona: a file with a bad
    number and a mistyped genre said the second only once the first was mended."""
    numbered = list(found.parsed) if found is not None else list(enumerate(personas, 1))
    have: dict[str, set[str]] = {"genres": set(), "creators": set(), "hashtags": set(), "sounds": set()}
    for v in videos:
        have["genres"].update(v.genres)
        have["creators"].add(v.creator)
        have["hashtags"].update(v.hashtags)
        have["sounds"].add(v.sound)
    errors: list[FieldError] = []
    for number, p in numbered:
        tastes = [("enjoys", p.enjoys), ("rejects", p.rejects)]
        if p.drift is not None:
            tastes.append(("drift.enjoys", p.drift.enjoys))
        for path, taste in tastes:
            for key in TASTE_LISTS:
                for value in sorted(getattr(taste, key) - have[key]):
                    said = _no_video(key, value, have[key])
                    errors.append(FieldError(file, number, p.name, f"{path}.{key}", said))
        for i, (kind, value) in enumerate(p.mutes, 1):  # a mistyped mute hides nothing, and says nothing of it
            names = have.get(f"{kind}s")
            if names is not None and value not in names:
                said = _no_video(f"{kind}s", value, names)
                errors.append(FieldError(file, number, p.name, "mutes", f"item {i}: {said}"))
    if found is not None:
        errors = sorted([*found.errors, *errors], key=lambda e: e.persona)  # stable: each persona's in file order
    if errors:
        raise PersonaError(errors)
