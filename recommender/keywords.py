"""Keyword filters: words that hide a video by its title, caption or hashtags.

A filter matches whole words only ("cat" hides "Cat videos" and "#cat", not
"concatenate" or "#catsoftiktok"), whatever the case or accents ("creme"
hides "Crème brûlée"). A filter of several words hides the videos where they
come one after another. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .video import Video

MAX_LENGTH = 60
"""Characters of one filter: a word or a short phrase."""
_WORD = re.compile(r"\w+")


def words(text: str) -> tuple[str, ...]:
    """`text` as the words a filter compares: case and accents folded away, punctuation dropped.

    >>> words("Crème BRÛLÉE, in 5 min! #DessertTok")
    ('creme', 'brulee', 'in', '5', 'min', 'desserttok')
    >>> words("tre\u200bnding tre\u00adnding tre\ufe0fnding")
    ('trending', 'trending', 'trending')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) not in UNSEEN)
    return tuple(_WORD.findall(plain.casefold()))


UNSEEN = frozenset(("Mn", "Me", "Cf"))
"""What a word is compared without: accents and other marks (variation selectors too), and the format characters
the screen drops (zero-width spaces and joiners, the soft hyphen, the BOM, direction marks). QA: 'tre' + U+200B +
'nding' showed as "trending" on the card, and the filter "trending" let it through, as review let "fr" + U+200B +
"ee money" pass."""


@lru_cache(maxsize=8192)
def _video_words(title: str, caption: str, hashtags: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    # Remembered: a pick asks about the same few hundred candidates again and again.
    sequence = (*words(title), "\x00", *words(caption), "\x00", *(w for h in hashtags for w in (*words(h), "\x00")))
    return frozenset(sequence), sequence


@dataclass(frozen=True)
class KeywordFilter:
    """The viewer's keyword filters, ready to test videos.

    >>> from recommender.video import Video
    >>> f = KeywordFilter.of(["creme", "sea food"])
    >>> f.hides(Video("v", "Crème brûlée", "", "c", ("cooking",), (), "s", 10.0, 0.0))
    True
    >>> f.hides(Video("v", "Seafood night", "", "c", ("cooking",), (), "s", 10.0, 0.0))
    False
    >>> f.hides(Video("v", "Night", "sea food, grilled", "c", ("cooking",), (), "s", 10.0, 0.0))
    True
    """

    single: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, filters: object) -> KeywordFilter:
        """A filter from the viewer's filter texts (any iterable of strings)."""
        single, phrases = set(), []
        for text in filters:  # type: ignore[attr-defined]
            found = words(str(text))
            if len(found) == 1:
                single.add(found[0])
            elif found:
                phrases.append(found)
        return cls(frozenset(single), tuple(phrases))

    def __bool__(self) -> bool:
        return bool(self.single or self.phrases)

    def hides(self, video: Video) -> bool:
        """Whether a filter matches a whole word (or phrase) of the title, caption or a hashtag."""
        present, sequence = _video_words(video.title, video.caption, video.hashtags)
        if not self.single.isdisjoint(present):
            return True
        for phrase in self.phrases:
            if present.issuperset(phrase) and _contains(sequence, phrase):
                return True
        return False


def _contains(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    first = phrase[0]
    return any(sequence[i : i + n] == phrase for i, w in enumerate(sequence) if w == first)


_JOINERS = frozenset("-'’")
"""Punctuation inside a word that a filter may hold: 'sea-food' hides "sea-food" and "sea food", "don't" "don't"."""


def refusal(text: str, have: Iterable[str] = ()) -> str | None:
    """Why `text` (spaces already collapsed) cannot be a keyword filter beside those of `have`, or None when it
    can: the settings screen and a persona file say the same."""
    if not normal(text):
        return "a keyword filter needs a word (letters or digits)"
    if len(text) > MAX_LENGTH:
        return f"a keyword filter is at most {MAX_LENGTH} characters"
    if loses(text):
        return (
            f"{text!r} would be looked for as {normal(text)!r} (filters compare letters and digits): "
            "give it as that, or leave it out"
        )
    if any(normal(k) == normal(text) for k in have):
        return f"already filtered: {text}"
    return None


_OPENING, _CLOSING = "#@([{\"'“‘«¿¡", ".,!?:;)]}\"'”’»"
"""What may stand before and after a word of a filter and is only dropped: a tag's or a name's sign, brackets and
quotes around it, a closing mark ('#cat', '(spoilers)', '"season finale"', 'stop!')."""


def loses(text: str) -> bool:
    """Whether a filter of `text` would be looked for as words that mean something else: 'c++' and 'c#' as the word
    "c" (hiding "vitamin C"), '[b]x[/b]' as "b x b". Signs, brackets, quotes and marks around a word are only dropped
    (#cat hides "#cat" and "cat"), as are a sign standing alone ('rock & roll') and full stops inside one ('U.S.').

    >>> [loses(t) for t in ("c++", "C#", "[b]x", "#cat", "@ana", "sea-food", "don't", "stop!", "crème brûlée")]
    [True, True, True, False, False, False, False, False, False]
    >>> [loses(t) for t in ("(spoilers)", "U.S.", "rock & roll", '"season finale"', "¿qué?", "a.b.c++", "x/y")]
    [False, False, False, False, False, True, True]
    """
    for token in text.split():
        core = token.lstrip(_OPENING).rstrip(_CLOSING)
        if not any(ch.isalnum() for ch in core):
            continue  # a sign alone: it stands between words, and no word is read otherwise for it
        for i, ch in enumerate(core):
            inner_stop = ch == "." and core[i - 1 : i].isalnum() and core[i + 1 : i + 2].isalnum()
            if not (ch.isalnum() or ch == "_" or ch in _JOINERS or unicodedata.combining(ch) or inner_stop):
                return True
    return False


def normal(text: str) -> str:
    """The form two filters are compared in: the same words, whatever the case, accents or punctuation."""
    return " ".join(words(text))
