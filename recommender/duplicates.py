"""The duplicate check of a posted video: a near-duplicate of a video in the catalog is refused, naming it.

Two rules, on text normalised as keyword filters see it (`keywords.words`:
words only, case and accents folded, punctuation and `#` dropped):

- the same words: the Jaccard similarity of the sets of words of title,
  caption and hashtags together is at least TEXT_SIMILARITY (0.8), or that
  of title and caption with every hashtag left out. The hashtags count
  wherever they are written: a catalog's captions carry them inline (`...
  #handmade #upcycle`), a post gives them in a field of their own, and a post
  copied word for word, its hashtags in their field, was 78% alike with the
  caption it copied; a copy that leaves the hashtags out was as far (7 of 9
  words) and is caught by the second reading;
- the same sound and length and a similar title: the same sound (any case),
  the same length in whole seconds, and title words with a Jaccard similarity
  of at least TITLE_SIMILARITY (0.5). A post on its creator's own original
  sound (the default, `original sound - HANDLE`) is given the sound "": that
  is each video's own audio, shared with no other (as on TikTok), so a
  series of posts (day 1, day 2) is not refused for it.

Nothing compares the post with the whole catalog: the search index (FTS5,
`search_index.py`) gives the candidates. A video whose words have a Jaccard
similarity of at least T with the post's n words lacks at most
k = floor((1 - T) n) of them, so of any k + 2 of the post's words it holds
two. The check ranks the post's words by how many videos hold them (counted
up to RARE_ENOUGH), asks the index for the videos holding a pair of the k + 2
rarest (for both rules; a single word of k + 1 when the post has fewer
words), best-liked first, and compares only those: at most CANDIDATES, plus
up to SAME_TITLE with the post's title word for word. Only when more than
CANDIDATES videos hold such a pair can a near-duplicate be missed
(`benchmarks/duplicate_speed.py` measures how often, beside the speed).

While an import's videos are still being added to the index
(`search_index.defer`), those videos are read from the catalog instead: a
plain scan of their rows that keeps every video either rule could match (it
holds enough of the picked words, as SQLite's LIKE sees them; or the same
sound and about the length) and compares those, so no duplicate is missed
for want of an index.

>>> jaccard(text_words("Crème brûlée in 5 min", "#dessert"), text_words("creme BRULEE in 5 min!", "", "dessert"))
1.0
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from .keywords import UNSEEN
from .search_index import ROWID_MASK, unindexed

TEXT_SIMILARITY = 0.8
"""Jaccard similarity of title+caption+hashtags words at or above which a post is a near-duplicate."""
TITLE_SIMILARITY = 0.5
"""Jaccard similarity of title words at or above which a post with the same sound and length is one."""
CANDIDATES = 1000
"""Videos the index hands over for comparison (those holding the post's rarest words, best-liked first) ..."""
SAME_TITLE = 1000
"""... and, beside them, videos with the post's title word for word (a cheap, exact list: in a catalog of a
million where each title recurs 200 times, 200 of them caught 44 of 50 near-copies, 1,000 caught 50)."""
RARE_ENOUGH = 1000
"""How far a word's videos are counted to rank the post's words by rarity (rarer than this is all one)."""
_WORD = re.compile(r"\w+")
"""A word, as `keywords.words` finds them."""
_HASHTAG = re.compile(r"#\w+")
"""A hashtag written in a title or caption."""


@dataclass(frozen=True)
class Match:
    """The video a post duplicates, and by which rule."""

    video_id: str
    title: str
    similarity: float
    rule: str
    """"text" (title, caption and hashtags), "bare" (title and caption, hashtags left out) or "sound" (same sound and
    length, similar title)."""

    def describe(self) -> str:
        """`a near-duplicate of v0001 "Pasta night" (title, caption and hashtags 86% alike, at least 80%)`."""
        if self.rule == "text":
            why = f"title, caption and hashtags {self.similarity:.0%} alike, at least {TEXT_SIMILARITY:.0%}"
        elif self.rule == "bare":
            why = f"title and caption {self.similarity:.0%} alike without hashtags, at least {TEXT_SIMILARITY:.0%}"
        else:
            why = f"same sound and length, titles {self.similarity:.0%} alike, at least {TITLE_SIMILARITY:.0%}"
        return f'a near-duplicate of {self.video_id} "{self.title}" ({why})'


@functools.cache
def _unseen() -> re.Pattern[str]:
    """Every character `keywords.words` leaves out (marks and format characters, `keywords.UNSEEN`), as one
    character class: made once, when first needed."""
    marks = [c for c in range(0x110000) if unicodedata.category(chr(c)) in UNSEEN]
    ranges, start = [], marks[0]
    for prev, cur in itertools.pairwise([*marks, -1]):
        if cur != prev + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(prev))}" if prev > start else re.escape(chr(start)))
            start = cur
    return re.compile(f"[{''.join(ranges)}]+")


def _words(text: str) -> tuple[str, ...]:
    """`keywords.words` (case and accents folded, punctuation dropped), in a few passes of compiled code.

    >>> from recommender.keywords import words
    >>> texts = ("Crème BRÛLÉE, in 5 min! #DessertTok", "fr\u200bee mo\u00adney", "ok\ufe0f\u20dd \uff34\uff4f")
    >>> [_words(t) for t in texts] == [words(t) for t in texts]
    True
    """
    if text.isascii():  # nothing to decompose: the same words
        return tuple(_WORD.findall(text.casefold()))
    plain = _unseen().sub("", unicodedata.normalize("NFKD", text))
    return tuple(_WORD.findall(plain.casefold()))


def text_words(title: str, caption: str, hashtags: str = "") -> frozenset[str]:
    """The words the text rule compares: `hashtags` as any text that holds them (a post's, joined by spaces; a
    `videos` row's JSON list)."""
    return frozenset(_words(f"{title}\n{caption}\n{hashtags}"))


def bare_words(title: str, caption: str) -> frozenset[str]:
    """The words of title and caption with every hashtag (`#word`) left out: what a copy that drops them keeps."""
    return frozenset(_words(_HASHTAG.sub(" ", f"{title}\n{caption}")))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a & b| / |a | b| (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def compare(
    title: str, caption: str, hashtags: str, sound: str, length: float, other: tuple[str, str, str, str, str, float]
) -> Match | None:
    """Whether a post duplicates one video, `other` = (id, title, caption, hashtags, sound, duration_s); pure."""
    vid, o_title, o_caption, o_hashtags, o_sound, o_length = other
    text = jaccard(text_words(title, caption, hashtags), text_words(o_title, o_caption, o_hashtags))
    bare = jaccard(bare_words(title, caption), bare_words(o_title, o_caption))
    if max(text, bare) >= TEXT_SIMILARITY:
        return Match(vid, o_title, text, "text") if text >= bare else Match(vid, o_title, bare, "bare")
    if sound and sound.casefold() == o_sound.casefold() and round(length) == round(o_length):
        titles = jaccard(frozenset(_words(title)), frozenset(_words(o_title)))
        if titles >= TITLE_SIMILARITY:
            return Match(vid, o_title, titles, "sound")
    return None


def _spare(found: frozenset[str], threshold: float) -> int:
    """How many of `found` words a video at least `threshold` alike may lack."""
    return math.floor((1 - threshold) * len(found) + 1e-9)


def _frequency(conn: sqlite3.Connection, word: str) -> int:
    """In how many videos' title, caption or hashtags `word` occurs, counted up to RARE_ENOUGH (a bounded read)."""
    sql = "SELECT COUNT(*) FROM (SELECT 1 FROM video_search WHERE video_search MATCH ? LIMIT ?)"
    return conn.execute(sql, [f'{{{_TEXT_COLUMNS}}} : "{word}"', RARE_ENOUGH]).fetchone()[0]


def _groups(found: frozenset[str], threshold: float, frequency: dict[str, int]) -> set[str]:
    """FTS5 terms, one of which every video at least `threshold` alike with `found` matches.

    Such a video lacks at most k = `_spare` of the words: of any k + 2 of
    them it holds two, so it matches one of their pairs (the rarest words,
    paired, are what the fewest videos match); with fewer than k + 2 words,
    it holds one of any k + 1.
    """
    spare = _spare(found, threshold)
    rarest = sorted(found, key=lambda w: (frequency[w], w))
    if len(found) >= spare + 2:
        picked = rarest[: spare + 2]
        return {f'("{a}" AND "{b}")' for i, a in enumerate(picked) for b in picked[i + 1 :]}
    return {f'"{w}"' for w in rarest[: spare + 1]}


def find(
    conn: sqlite3.Connection,
    title: str,
    caption: str,
    hashtags: str,
    sound: str,
    length: float,
    exclude: str | None = None,
) -> Match | None:
    """The catalog video a post duplicates (the most alike), or None; candidates come from the search index.
    `hashtags`: the post's, joined by spaces."""
    all_words, title_words = text_words(title, caption, hashtags), frozenset(_words(title))
    if not all_words:
        return None
    bare = bare_words(title, caption)  # a subset of all_words: their frequencies are counted with them
    readings = [all_words, *([bare] if bare and bare != all_words else [])]
    frequency = {word: _frequency(conn, word) for word in all_words}
    terms = set().union(*(_groups(words, TEXT_SIMILARITY, frequency) for words in readings))
    if title_words:
        terms |= _groups(title_words, TITLE_SIMILARITY, frequency)
    keys: dict[int, None] = {}
    for match, limit in (
        ("title : " + _phrase(title_words, title), SAME_TITLE),  # the same title: found first, whatever else matches
        (f"{{{_TEXT_COLUMNS}}} : (" + " OR ".join(sorted(terms)) + ")", CANDIDATES),
    ):
        if match.endswith(": "):
            continue
        for (key,) in conn.execute("SELECT rowid FROM video_search WHERE video_search MATCH ? LIMIT ?", [match, limit]):
            keys[key] = None
    rows = conn.execute(
        "SELECT v.id, v.title, v.caption, v.hashtags, v.sound, v.duration_s "
        "FROM json_each(?) j JOIN videos v ON v.rowid = j.value",
        [str([key & ROWID_MASK for key in keys])],
    ).fetchall()
    for after, upto in unindexed(conn):
        for words in readings:
            rows += _scan(conn, after, upto, words, frequency, sound, length)
    best: Match | None = None
    for row in rows:
        if row[0] == exclude:
            continue
        found = compare(title, caption, hashtags, sound, length, (row[0], row[1], row[2] or "", row[3] or "", *row[4:]))
        if found is not None and (best is None or _rank(found) > _rank(best)):
            best = found
    return best


def _rank(match: Match) -> tuple[bool, float]:
    """Which of two matches names the video a post duplicates: one by its words before one by its sound, then the
    more alike."""
    return match.rule != "sound", match.similarity


_TEXT_COLUMNS = "title caption hashtags"
"""The index's columns the text rule reads."""
_TEXT = "(v.title || ' ' || COALESCE(v.caption, '') || ' ' || COALESCE(v.hashtags, ''))"
_NOT_ASCII = "length(CAST({0} AS BLOB)) <> length({0})"
"""True for text with a character beyond ASCII: LIKE folds the case of ASCII letters only, so such rows are kept."""


def _scan(
    conn: sqlite3.Connection,
    after: int,
    upto: int,
    found: frozenset[str],
    frequency: dict[str, int],
    sound: str,
    length: float,
) -> list[tuple[str, str, str, str, str, float]]:
    """The videos with rowid in (after, upto] (not in the index) either rule could match, read from `videos`.

    A video at least TEXT_SIMILARITY alike holds at least that share of the
    post's words (|A & B| >= T |A | B| >= T |A|): each, as a substring, is
    matched by LIKE in ASCII text whatever its case, and text beyond ASCII
    is kept whole. A video the sound rule could match has the sound (ASCII
    case folded, or beyond ASCII) and a length within a second.
    """
    picked = sorted(found, key=lambda w: (frequency[w], w))
    need = len(found) - _spare(found, TEXT_SIMILARITY)
    holds = " + ".join(f"({_TEXT} LIKE ?)" for _ in picked)
    sql = (
        "SELECT v.id, v.title, COALESCE(v.caption, ''), COALESCE(v.hashtags, ''), v.sound, v.duration_s FROM videos v "
        f"WHERE v.rowid > ? AND v.rowid <= ? AND ({_NOT_ASCII.format(_TEXT)} OR ({holds}) >= ? "
        f"OR (v.duration_s BETWEEN ? AND ? AND (v.sound = ? COLLATE NOCASE OR {_NOT_ASCII.format('v.sound')})))"
    )
    args = [after, upto, *(f"%{w}%" for w in picked), need, length - 1, length + 1, sound.casefold()]
    return conn.execute(sql, args).fetchall()


def _phrase(title_words: frozenset[str], title: str) -> str:
    """The title's words, in order, as one FTS5 phrase ("" when it has none)."""
    return '"' + " ".join(_words(title)) + '"' if title_words else ""
