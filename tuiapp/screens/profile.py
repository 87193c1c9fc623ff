"""The profile: what tiktui learned about the viewer, why each card came, and the steering wheel."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from recommender.feed import FeedSession

from ..safe_text import clean, safe, safe_line, trim
from ..widgets.genre_bars import bar_line, cells


class ProfileScreen(Screen):
    """Genre bars, counts, top creators and hashtags, the last ten cards and why."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back to the feed", id="profile.back"),
        Binding("p", "app.pop_screen", "Back", show=False),
        Binding("m", "mute", "Mute/unmute genre", id="profile.mute"),
    ]

    @property
    def session(self) -> FeedSession:
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Horizontal(id="profile-body"):
            with Vertical(id="profile-left"):
                yield Label("Genres learned (Enter mutes one)", classes="heading")
                yield OptionList(id="genres")
                yield Static(id="counts", markup=False)
            with VerticalScroll(id="profile-right"):
                yield Label("Top creators", classes="heading")
                yield Static(id="creators", markup=False)
                yield Label("Top hashtags", classes="heading")
                yield Static(id="hashtags", markup=False)
                yield Label("Last 10 cards and why they were picked", classes="heading")
                yield Static(id="recent", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_profile()

    def on_screen_resume(self) -> None:
        self.refresh_profile()

    def refresh_profile(self) -> None:
        profile = self.session.profile
        muted = {value for kind, value in self.session.rules.muted if kind == "genre"}
        learned = dict(profile.scores("genre"))
        genres = sorted(self.session.catalog.genres, key=lambda g: (-learned.get(g, 0.0), g))
        options = self.query_one("#genres", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(bar_line(g, learned.get(g, 0.0), muted=g in muted), id=g) for g in genres])
        if highlighted is not None:
            options.highlighted = min(highlighted, len(genres) - 1)
        t = profile.tally
        following = [safe("@" + str(c), limit=31) for c in sorted(profile.following)]
        self.query_one("#counts", Static).update(
            Content("\n").join(
                [
                    safe_line(
                        ("Views ", "dim"),
                        t.views,
                        ("  likes ", "dim"),
                        t.liked,
                        ("  shares ", "dim"),
                        t.shared,
                        ("  comments ", "dim"),
                        t.commented,
                        ("  loops ", "dim"),
                        t.loops,
                        ("  skipped ", "dim"),
                        t.skipped,
                    ),
                    safe_line(("Following ", "dim"), Content(", ").join(following) if following else "nobody yet"),
                ]
            )
        )
        self.query_one("#creators", Static).update(self._top("creator", "@"))
        self.query_one("#hashtags", Static).update(self._top("hashtag", "#"))
        lines = []
        for row in self.session.store.recent_views(10):
            lines.append(
                Content("\n  ").join(
                    [
                        cells(row["title"], 44, "bold"),
                        safe_line(
                            safe(row["genre"], "$accent"),
                            f" · {row['watch_ratio'] or 0:.0%} watched · ",
                            safe(row["reason"] or "", "dim"),
                            (" · before the refresh" if self.session.before_refresh(row["id"]) else "", "$warning"),
                        ),
                    ]
                )
            )
        self.query_one("#recent", Static).update(Content("\n").join(lines) if lines else Content("No cards yet."))

    def _top(self, kind: str, sign: str) -> Content:
        rows = [(v, s) for v, s in self.session.profile.scores(kind) if s > 0][:6]
        if not rows:
            return Content("Nothing yet: keep swiping.")
        return Content("\n").join(bar_line(sign + str(v), s, width=18) for v, s in rows)

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
            f"{'it can come back' if muted else 'it will not appear again'}.",
            markup=False,
        )
        self.refresh_profile()
