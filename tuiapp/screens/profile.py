"""The profile: what tiktui learned about the viewer in words, how they watch, why each card came, the
steering wheel; screen time one key away."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from recommender.feed import FeedSession
from recommender.profile import LENGTH_NAMES, length_words
from recommender.standing import legend, standing, standings, stay_line
from recommender.video import original_of

from ..safe_text import clean, safe, safe_line, trim
from ..widgets.genre_bars import WORD_STYLES, bar_line, cells
from ..widgets.pointing_list import PointingList
from ..widgets.stay_line import stay_text
from .history import BEFORE_REFRESH, history_title

STAY_POINTS = 20
"""Points of the stay line: the last 200 swipes."""
WIDE = 100
"""Columns the profile's two columns need side by side: narrower, they are stacked, each the screen's width (at
60x20 a genre's standing was cut to "…", at 80x24 to "not enough t…")."""
TOP_NAME = 16
"""Cells of a top creator's or hashtag's name: with its bar and "not enough to tell yet" a row is 46 cells, what
the right column holds at 100 columns beside its scrollbar (at 18 the words ran on to a row of their own)."""


def sound_name(sound: str) -> str:
    """A sound as the profile's narrow column names it: an original sound by its creator ("@nadia_codes"); cut to its
    first cells, most of the catalog's read "original soun…" alike (review).

    >>> sound_name("original sound - nadia_codes"), sound_name("Lo-fi Orbit - Vesna")
    ('@nadia_codes', 'Lo-fi Orbit - Vesna')
    """
    return sound if (creator := original_of(sound)) is None else "@" + creator


class ProfileScreen(Screen):
    """Genres in words beside most viewers, a legend, counts, how often the viewer stays on a card, the last
    7 days, top creators and hashtags, the last ten cards and why."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="profile.back"),
        Binding("p", "app.pop_screen", "Back", show=False),
        Binding("m", "mute", "Mute genre", id="profile.mute"),  # or unmute: short, so q Quit fits at 100
        Binding("t", "app.push_screen('screen_time')", "Screen time", id="profile.screen_time"),
        Binding("B", "app.saved", "Saved list", show=False, id="profile.saved"),  # "Saved 1 (B opens them)" said so
        Binding("tab", "more", "Genres/the rest", id="profile.more", priority=True),  # before the keys typed after it
    ]
    """Keys of the profile; the help screen lists them too."""

    @property
    def session(self) -> FeedSession:
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        # Side by side, each column scrolls on its own; stacked (below WIDE), the whole page scrolls as one.
        with VerticalScroll(id="profile-body", can_focus=False):
            with VerticalScroll(id="profile-left", can_focus=False):
                yield Label("Genres: you beside most viewers (Enter mutes)", classes="heading", markup=False)
                yield PointingList(id="genres")
                yield Static(id="legend", markup=False)
                yield Static(id="counts", markup=False)
            with VerticalScroll(id="profile-right"):
                yield Label("Cards you stayed on, per 10 swipes", classes="heading", markup=False)
                yield Static(id="stays", markup=False)
                yield Label("The last 7 days (t: limits and breaks)", classes="heading", markup=False)
                yield Static(id="week", markup=False)
                yield Label("Top creators", classes="heading")
                yield Static(id="creators", markup=False)
                yield Label("Top hashtags", classes="heading")
                yield Static(id="hashtags", markup=False)
                # Sounds and lengths are learned as creators and hashtags are, and reasons name them: the profile
                # said nothing of them (QA: a viewer of short videos read every genre "about as much as most").
                yield Label("Top sounds", classes="heading")
                yield Static(id="sounds", markup=False)
                yield Label("Lengths", classes="heading")
                yield Static(id="lengths", markup=False)
                yield Label("Last 10 cards and why they were picked", classes="heading")
                yield Static(id="recent", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_profile()

    def on_resize(self) -> None:
        narrow = self.size.width < WIDE
        self.set_class(narrow, "-narrow")
        self.query_one("#profile-body").can_focus = narrow
        self.query_one("#profile-right").can_focus = not narrow

    def action_more(self) -> None:
        """The rest takes the keys (up, down, page down, end scroll it): the page under the genres when stacked, the
        right column side by side; tab again, the genres. (Side by side it was left to Textual's own tab, but a
        priority binding its `check_action` turns off still takes the key: tab did nothing, and at 100x40 the last
        cards' reasons, under the footer, could not be brought into view.)"""
        rest = self.query_one("#profile-body" if self.has_class("-narrow") else "#profile-right")
        self.set_focus(self.query_one("#genres") if rest.has_focus else rest)  # now: an End sent with it scrolls

    def on_screen_suspend(self) -> None:
        self._left = self not in self.app.screen_stack  # left (Escape), not covered by a box (t: screen time)

    def on_screen_resume(self) -> None:
        """Opened again (the screen is kept once made), it starts from the top, on the first genre: it opened where it
        was left, scrolled past the stay line, the week and Top creators (QA). Back from a box over it, it stays."""
        if getattr(self, "_left", False):
            self._left = False
            for column in self.query(VerticalScroll):
                column.scroll_home(animate=False, immediate=True)
            self.query_one("#genres", OptionList).highlighted = None  # `refresh_profile` puts it on the first
            self.set_focus(self.query_one("#genres"))
        self.refresh_profile()

    def refresh_profile(self) -> None:
        profile = self.session.profile
        muted = {value for kind, value in self.session.rules.muted if kind == "genre"}
        rows = standings(profile, "genre", list(self.session.catalog.genres))
        options = self.query_one("#genres", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(bar_line(r.value, r, muted=r.value in muted), id=r.value) for r in rows])
        if rows:  # the first genre at first: m and Enter did nothing until a Down (QA)
            options.highlighted = 0 if highlighted is None else min(highlighted, len(rows) - 1)
        t = profile.tally
        following = [safe("@" + str(c), limit=31) for c in sorted(profile.following)]
        self.query_one("#counts", Static).update(
            Content("\n").join(
                [
                    # Three counts a row: four ran past the column at 80 columns ("comments" over its "0").
                    safe_line(("Views ", "dim"), t.views, ("  likes ", "dim"), t.liked, ("  shares ", "dim"), t.shared),
                    safe_line(
                        ("Comments ", "dim"),
                        t.commented,
                        ("  loops ", "dim"),
                        t.loops,
                        ("  skipped ", "dim"),
                        t.skipped,
                    ),
                    safe_line(("Saved ", "dim"), len(self.session.state.saved), ("  (B opens them)", "dim")),
                    safe_line(("Following ", "dim"), Content(", ").join(following) if following else "nobody yet"),
                ]
            )
        )
        self.query_one("#legend", Static).update(
            Content("\n").join(
                Content.assemble((words, WORD_STYLES.get(words, "")), (f": {what}", "dim")) for words, what in legend()
            )
        )
        self.query_one("#stays", Static).update(stay_text(stay_line(self.session.store.last_views(10 * STAY_POINTS))))
        week = self.session.screen_days()
        self.query_one("#week", Static).update(
            Content("\n").join(
                safe_line(
                    (f"{d.day:%a %d %b}".ljust(11), "bold" if d.day == week[-1].day else "dim"),
                    f"{d.minutes:>4} min {d.cards:>5} card{'s' if d.cards != 1 else ' '}",
                    (" today" if d.day == week[-1].day else "", "$accent"),
                )
                for d in week
            )
        )
        self.query_one("#creators", Static).update(self._top("creator", "@"))
        self.query_one("#hashtags", Static).update(self._top("hashtag", "#"))
        self.query_one("#sounds", Static).update(self._top("sound", "♫ ", sound_name))
        self.query_one("#lengths", Static).update(
            Content("\n").join(
                bar_line(length_words(name), standing(self.session.profile, "length", name), width=TOP_NAME)
                for name in LENGTH_NAMES  # shortest first: a scale, read in its order
            )
        )
        lines = []
        for row in self.session.history_rows(10):
            lines.append(
                Content("\n  ").join(
                    [
                        cells(history_title(row), 44, "bold"),
                        safe_line(
                            (BEFORE_REFRESH if self.session.before_refresh(row["id"]) else "", "$warning"),
                            safe(row["genre"] or "", "$accent"),
                            f" · {row['watch_ratio'] or 0:.0%} watched · ",
                            safe(row["reason"] or "", "dim"),
                        ),
                    ]
                )
            )
        self.query_one("#recent", Static).update(Content("\n").join(lines) if lines else Content("No cards yet."))

    def _top(self, kind: str, sign: str, name: Callable[[str], str] = str) -> Content:
        muted = self.session.rules.muted  # muted: never shown again, so not among what the feed serves
        # The best by what the words read: by the ranking's offsets, a creator on every other card sat near the
        # baseline his own videos made, and one skip put him out of the list beside "more than most viewers" (QA).
        # A hashtag on more videos than a genre holds (#fyp, #foryou) is the feed's, not a taste: reasons never name
        # one, and Top hashtags listed them (QA).
        broad = self.session.catalog.broad if kind == "hashtag" else lambda value: False
        best = [v for v, s in self.session.profile.levels(kind) if s > 0 and (kind, v) not in muted and not broad(v)][
            :6
        ]
        if not best:
            return Content("Nothing yet: keep swiping.")
        return Content("\n").join(
            bar_line(sign + name(r.value), r, width=TOP_NAME) for r in standings(self.session.profile, kind, best)
        )

    @on(OptionList.OptionSelected, "#genres")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._toggle(event.option.id)

    def action_mute(self) -> None:
        options = self.query_one("#genres", OptionList)
        if options.highlighted is not None:
            self._toggle(options.get_option_at_index(options.highlighted).id)

    def _toggle(self, genre: str | None) -> None:
        if genre is None:
            return
        muted = ("genre", genre) in self.session.rules.muted
        self.session.mute("genre", genre, not muted)
        self.notify(
            f"{'Unmuted' if muted else 'Muted'} {trim(clean(genre), 60)}: "
            f"{'it can come back' if muted else 'it will not appear again (Enter again unmutes it)'}.",
            markup=False,
        )
        self.refresh_profile()
