"""Search: videos, creators, hashtags and sounds matching what the viewer types, as they type it.

`search(conn, text, rules)` reads the full-text index (`search_index`):
each word of `text` is a prefix ("coo bre" finds "Cooking bread"), case and
accents do not matter, and whatever is typed is text, never query syntax.
The viewer's rules hold (restricted mode, mutes, keyword filters, genres when limited).

Ranking: of the matches, the POOL best liked by the audience (the index lists
them in that order) are scored by bm25, the title and creator counting most,
and the best scores come first, ties going to the audience's verdict. A
query with fewer matches than POOL is ranked whole; a broad one (a first
letter) costs the same as a narrow one, and shows well-liked videos. The
creators, hashtags and sounds of the best NAME_POOL matches whose own names
match every word come as entries that open their page, most common first.

While an import's videos are still being added to the index (see
`search_index.defer`), a search finds what the index holds so far, and its
Results say how much that is (`building`): the screen tells the viewer.

Searching is no verdict: nothing about taste is recorded.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .dbfile import reading
from .policy import Rules
from .search_index import match_expression, matches, progress, video_rows, words
from .stored_index import row_video
from .video import Video

LIMIT = 50
"""Videos a search returns at most."""
NAMES = 3
"""Creators, hashtags and sounds a search returns at most, of each kind."""
KINDS = ("creator", "hashtag", "sound")
POOL = 500
"""Matches scored per read: the best liked first."""
NAME_POOL = 200
"""The best-scored matches whose creators, hashtags and sounds are offered (those whose names match)."""
MAX_READ = 4000
"""Matches read at most when the rules hide many (restricted mode, mutes): a bound on one keystroke."""
_LIGHT = ("creator", "genre", "hashtags", "sound", "mature")
"""What the rules and the entries need of a match."""
_WORDS = ("title", "caption")
"""... and what keyword filters read besides the hashtags: read only when the viewer has one."""


@dataclass(frozen=True)
class Name:
    """A creator, hashtag or sound whose name matches: an entry that opens its page."""

    kind: str
    value: str
    videos: int
    """How many of the matching videos read carry it."""


@dataclass(frozen=True)
class Results:
    """What a search found: videos best first, then matching names, most common first within each kind."""

    text: str
    videos: tuple[Video, ...] = ()
    names: tuple[Name, ...] = ()
    building: tuple[int, int] | None = None
    """(videos indexed, videos in the catalog) while the index is still being built: only those were searched."""
    more: bool = False
    """More videos match than `videos` lists (a search lists LIMIT)."""
    counted_some: bool = False
    """Each name's count is of the best NAME_POOL matches read, not of every match: at least what it says."""

    def __bool__(self) -> bool:
        return bool(self.videos or self.names)


def fold(text: str) -> str:
    """Lower case without accents, as the index compares words.

    >>> fold("Crème BRÛLÉE")
    'creme brulee'
    """
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


def _name_matches(name: str, query: list[str]) -> bool:
    """Every word of the query starts a word of `name`."""
    plain = name.casefold()
    if plain.isascii() and not all(q in plain for q in query):  # the common case, decided fast
        return False
    have = words(fold(name))
    return all(any(w.startswith(q) for w in have) for q in query)


def search(
    conn: sqlite3.Connection, text: str, rules: Rules | None = None, limit: int = LIMIT, names: int = NAMES
) -> Results:
    """Videos and names matching `text` (each word a prefix), within the viewer's `rules`; empty for no words.

    `conn` is the store's connection (schema 5 or newer).
    """
    rules = rules or Rules()
    building = progress(conn)
    match = match_expression(text)
    if not match:
        return Results(text, building=building)
    query = [fold(w) for w in words(text)]
    words_matter = bool(rules.words)
    tags_matter = words_matter or any(kind == "hashtag" for kind, _ in rules.muted)
    columns = _LIGHT + _WORDS if words_matter else _LIGHT
    scored: list[tuple[float, int, str, str, str]] = []
    after, read = None, 0
    with reading("videos"):
        while True:
            rows = matches(conn, match, after, POOL)
            light = video_rows(conn, [key for key, _ in rows], columns)
            for key, score in rows:
                if key in light:
                    creator, genre, tags, sound, mature, *said = light[key]
                    title, caption = said or ("", "")
                    hashtags = tuple(json.loads(tags or "[]")) if tags_matter else ()
                    probe = Video("", title, caption, creator, (genre,), hashtags, sound, 1.0, 0.0, mature=bool(mature))
                    if rules.allows(probe):
                        scored.append((score, key, creator, sound, tags))
            read += len(rows)
            ended = len(rows) < POOL  # every match was read
            if ended or len(scored) >= limit or read >= MAX_READ:
                break
            after = rows[-1][0]
        scored.sort()  # ties: the lower key, the better verdict
        full = video_rows(conn, [key for _, key, *_ in scored[:limit]])
        videos = tuple(row_video(full[key]) for _, key, *_ in scored[:limit] if key in full)
    counts: Counter[tuple[str, str]] = Counter()
    for _, _, creator, sound, tags in scored[:NAME_POOL]:
        counts.update([("creator", creator), ("sound", sound), *(("hashtag", t) for t in json.loads(tags or "[]"))])
    per_kind: dict[str, list[Name]] = {kind: [] for kind in KINDS}
    for (kind, value), n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if len(per_kind[kind]) < names and (kind, value) not in rules.muted and _name_matches(value, query):
            per_kind[kind].append(Name(kind, value, n))
            if all(len(found) == names for found in per_kind.values()):
                break
    found = tuple(n for kind in KINDS for n in per_kind[kind])
    return Results(
        text, videos, found, building, not ended or len(scored) > limit, not ended or len(scored) > NAME_POOL
    )
