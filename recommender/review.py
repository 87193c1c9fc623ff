"""Machine review of a posted video: rules as data (`data/review_rules.json`), each one passes or holds.

A post that breaks no rule passes; one that breaks any is held "for review",
with one reason per rule broken, in the creator's words. The rules:

- `words`: a word or phrase of the list (whole words, any case or accents, as
  keyword filters match: `keywords.words`) in the title, caption or hashtags;
  the viewer's own list (the setting `review_words`) replaces the shipped one;
- `links`: more than `max` links (http://, https://, www., or a bare
  `name.tld/...`) in the title and caption together;
- `all_caps`: a title or caption whose letters are more than `share` capitals
  (only when it has at least `min_letters` letters: "NASA" is fine);
- `caption`: a caption longer than `max_chars` characters.

Pure: `Rules.parse` reads the JSON's text; reading the file is `shipped_rules`.

>>> rules = Rules.parse('{"words": {"list": ["scam"]}, "links": {"max": 1}, '
...     '"all_caps": {"share": 0.7, "min_letters": 12}, "caption": {"max_chars": 50}}')
>>> review(rules, "No SCAM here", "see https://a.example and www.b.example", ("tips",))
['word list: the title holds "scam"', 'link spam: 2 links in the title and caption (at most 1)']
>>> review(rules, "A calm walk", "", ())
[]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .keywords import words

URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}/\S*", re.IGNORECASE)
"""A link: a URL with a scheme, anything from `www.`, or a bare domain followed by a path (`bit.ly/x`)."""


@dataclass(frozen=True)
class Rules:
    """The review rules' parameters (see the module docstring and README)."""

    words: tuple[str, ...]
    word_fields: tuple[str, ...] = ("title", "caption", "hashtags")
    max_links: int = 1
    link_fields: tuple[str, ...] = ("title", "caption")
    caps_share: float = 0.7
    caps_min_letters: int = 12
    caps_fields: tuple[str, ...] = ("title", "caption")
    max_caption: int = 2200

    @classmethod
    def parse(cls, text: str) -> Rules:
        """Rules from the JSON of `review_rules.json`; ValueError names what is wrong."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("review rules: must be a JSON object")
        try:
            w, links, caps, caption = (data.get(k, {}) for k in ("words", "links", "all_caps", "caption"))
            rules = cls(
                words=_texts(w.get("list", []), "words.list"),
                word_fields=_texts(w.get("fields", cls.word_fields), "words.fields"),
                max_links=int(links.get("max", cls.max_links)),
                link_fields=_texts(links.get("fields", cls.link_fields), "links.fields"),
                caps_share=float(caps.get("share", cls.caps_share)),
                caps_min_letters=int(caps.get("min_letters", cls.caps_min_letters)),
                caps_fields=_texts(caps.get("fields", cls.caps_fields), "all_caps.fields"),
                max_caption=int(caption.get("max_chars", cls.max_caption)),
            )
        except (AttributeError, TypeError) as err:
            raise ValueError(f"review rules: {err}") from None
        if not 0 < rules.caps_share <= 1 or rules.max_links < 0 or rules.max_caption < 1:
            raise ValueError("review rules: all_caps.share lies in (0, 1]; links.max and caption.max_chars >= 0")
        return rules

    def with_words(self, listed: Any) -> Rules:
        """These rules with the viewer's word list in place of the shipped one (None: keep the shipped one)."""
        if listed is None:
            return self
        return Rules(tuple(str(w) for w in listed), *(getattr(self, f) for f in _AFTER_WORDS))


_AFTER_WORDS = (
    "word_fields",
    "max_links",
    "link_fields",
    "caps_share",
    "caps_min_letters",
    "caps_fields",
    "max_caption",
)


def _texts(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{name} must be a list of text")
    return tuple(value)


def _holds(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(sequence[i : i + n] == phrase for i in range(len(sequence) - n + 1))


def review(rules: Rules, title: str, caption: str, hashtags: tuple[str, ...]) -> list[str]:
    """Why a post is held, one reason per rule broken ([] when it passes)."""
    text = {"title": title, "caption": caption, "hashtags": " ".join(hashtags)}
    reasons = []
    found = []
    for field in rules.word_fields:
        sequence = words(text.get(field, "")) if field != "hashtags" else tuple(w for h in hashtags for w in words(h))
        for listed in rules.words:
            phrase = words(listed)
            if phrase and _holds(sequence, phrase) and (field, listed) not in found:
                found.append((field, listed))
    for field, listed in found:
        reasons.append(f'word list: the {field} {"hold" if field == "hashtags" else "holds"} "{listed}"')
    links = sum(len(URL.findall(text.get(field, ""))) for field in rules.link_fields)
    if links > rules.max_links:
        where = " and ".join(rules.link_fields)
        reasons.append(f"link spam: {links} links in the {where} (at most {rules.max_links})")
    for field in rules.caps_fields:
        letters = [ch for ch in text.get(field, "") if ch.isalpha()]
        upper = sum(ch.isupper() for ch in letters)
        if len(letters) >= rules.caps_min_letters and upper / len(letters) > rules.caps_share:
            reasons.append(
                f"all caps: the {field} is {upper / len(letters):.0%} capital letters (at most {rules.caps_share:.0%})"
            )
    if len(caption) > rules.max_caption:
        reasons.append(f"caption length: {len(caption):,} characters (at most {rules.max_caption:,})")
    return reasons


def shipped_rules() -> Rules:
    """The rules that ship with tiktui (`recommender/data/review_rules.json`)."""
    from importlib.resources import files

    return Rules.parse((files("recommender") / "data" / "review_rules.json").read_text(encoding="utf-8"))
