"""The named feeds and what each is limited to: light enough for the command line to read at once."""

from __future__ import annotations

STEM_GENRES = frozenset({"science", "math", "tech"})
"""The STEM feed's genres."""
FEEDS: dict[str, frozenset[str] | None] = {"foryou": None, "following": None, "stem": STEM_GENRES}
"""Named feeds and the genres each is limited to (None: all), in the order the app cycles them (tab, 1 2 3)."""
FEED_TITLES = {"foryou": "For You", "following": "Following", "stem": "STEM"}
"""Each feed's name on the screen."""
