"""Counts in words, for the feed's own messages (screen time), the screens and the command line alike."""

from __future__ import annotations


def plural(n: int, one: str, many: str = "") -> str:
    """`1 video`, `3 videos`, `1,000 videos`; `many` where adding an s is not the plural.

    >>> plural(1, "video"), plural(0, "duplicate"), plural(2, "creator, hashtag or sound", "creators, ...")
    ('1 video', '0 duplicates', '2 creators, ...')
    >>> plural(12000, "view")
    '12,000 views'
    """
    return f"{n:,} {one if n == 1 else many or one + 's'}"
