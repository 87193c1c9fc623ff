"""The duplicate check of a posted video: a near-duplicate of a video in the catalog is refused, naming it.

Two rules, on text normalised as keyword filters see it (`keywords.words`:
words only, case and accents folded, punctuation and `#` dropped):

- the same words: the Jaccard similarity of the sets of words of title and
  caption together is at least TEXT_SIMILARITY (0.8);
- the same sound and length and a similar title: the same sound (any case),
  the same length in whole seconds, and title words with a Jaccard similarity
  of at least TITLE_SIMILARITY (0.5).

Nothing compares the post with the whole catalog: the search index (FTS5,
`search_index.py`) gives the candidates. A video whose words have a Jaccard
similarity of at least T with the post's n words lacks at most (1 - T) n of
them, so it holds at least one of any floor((1 - T) n) + 1 of them: the
check asks the index for the videos holding one of the post's rarest words
(their document counts read from the index's vocabulary), enough of them for
both rules, and compares only those (at most CANDIDATES, best match first).

>>> jaccard(text_words("Crème brûlée in 5 minutes", "#dessert"), text_words("creme BRULEE in 5 minutes!", "dessert"))
1.0
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

from .keywords import words
from .search_index import ROWID_MASK

TEXT_SIMILARITY = 0.8
"""Jaccard similarity of title+caption words at or above which a post is a near-duplicate."""
TITLE_SIMILARITY = 0.5
"""Jaccard similarity of title words at or above which a post with the same sound and length is one."""
CANDIDATES = 500
"""Videos the index hands over for comparison, best bm25 match of the rare words first."""
_VOCAB = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.video_search_terms USING fts5vocab(main, 'video_search', 'row')"


@dataclass(frozen=True)
class Match:
    """The video a post duplicates, and by which rule."""

    video_id: str
    title: str
    similarity: float
    rule: str
    """"text" (title and caption) or "sound" (same sound and length, similar title)."""

    def describe(self) -> str:
        """`a near-duplicate of v0001 "Pasta night" (title and caption 86% alike, at least 80%)`."""
        if self.rule == "text":
            why = f"title and caption {self.similarity:.0%} alike, at least {TEXT_SIMILARITY:.0%}"
        else:
            why = f"same sound and length, titles {self.similarity:.0%} alike, at least {TITLE_SIMILARITY:.0%}"
        return f'a near-duplicate of {self.video_id} "{self.title}" ({why})'


def text_words(title: str, caption: str) -> frozenset[str]:
    """The words the text rule compares."""
    return frozenset(words(f"{title}\n{caption}"))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b| (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def compare(
    title: str, caption: str, sound: str, length: float, other: tuple[str, str, str, str, float]
) -> Match | None:
    """Whether a post duplicates one video, `other` = (id, title, caption, sound, duration_s); pure."""
    vid, o_title, o_caption, o_sound, o_length = other
    text = jaccard(text_words(title, caption), text_words(o_title, o_caption))
    if text >= TEXT_SIMILARITY:
        return Match(vid, o_title, text, "text")
    if sound.casefold() == o_sound.casefold() and round(length) == round(o_length):
        titles = jaccard(frozenset(words(title)), frozenset(words(o_title)))
        if titles >= TITLE_SIMILARITY:
            return Match(vid, o_title, titles, "sound")
    return None


def _needed(found: frozenset[str], threshold: float) -> int:
    """How many of `found` words a video at least `threshold` alike must hold one of."""
    return math.floor((1 - threshold) * len(found) + 1e-9) + 1


def _rarest(conn: sqlite3.Connection, found: frozenset[str], k: int) -> list[str]:
    """The `k` words of `found` in the fewest videos (the index's vocabulary), rarest first."""
    if k >= len(found):
        return sorted(found)
    conn.execute(_VOCAB)
    counts = dict.fromkeys(found, 0)
    for term, docs in conn.execute(
        f"SELECT term, doc FROM temp.video_search_terms WHERE term IN ({', '.join('?' * len(found))})", sorted(found)
    ):
        counts[term] = docs
    return sorted(found, key=lambda w: (counts[w], w))[:k]


def find(
    conn: sqlite3.Connection, title: str, caption: str, sound: str, length: float, exclude: str | None = None
) -> Match | None:
    """The catalog video a post duplicates (the most alike), or None; candidates come from the search index."""
    all_words, title_words = text_words(title, caption), frozenset(words(title))
    asked = set(_rarest(conn, all_words, _needed(all_words, TEXT_SIMILARITY)))
    asked.update(_rarest(conn, title_words, _needed(title_words, TITLE_SIMILARITY)))
    if not asked:
        return None
    match = "{title caption} : (" + " OR ".join(f'"{w}"' for w in sorted(asked)) + ")"
    keys = [
        key
        for (key,) in conn.execute(
            "SELECT rowid FROM video_search WHERE video_search MATCH ? ORDER BY bm25(video_search, 10.0, 1.0) LIMIT ?",
            [match, CANDIDATES],
        )
    ]
    if not keys:
        return None
    rowids = [key & ROWID_MASK for key in keys]
    rows = conn.execute(
        "SELECT v.id, v.title, v.caption, v.sound, v.duration_s FROM json_each(?) j JOIN videos v ON v.rowid = j.value",
        [str(rowids)],
    ).fetchall()
    best: Match | None = None
    for row in rows:
        if row[0] == exclude:
            continue
        found = compare(title, caption, sound, length, (row[0], row[1], row[2] or "", row[3], row[4]))
        if found is not None and (best is None or (found.rule, found.similarity) > (best.rule, best.similarity)):
            best = found
    return best
