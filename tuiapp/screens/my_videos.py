"""My videos: the viewer's posts, newest first, with what became of each; edit and resubmit a held one."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from recommender.posting import HELD, PASSED, Post, Posting

from ..safe_text import safe, safe_line
from ..widgets.genre_bars import cells
from .post import PostScreen, posting_of

if TYPE_CHECKING:
    from recommender.audience import AudienceRun

AUDIENCE = {"viewers": 60, "days": 10, "swipes_per_day": 10, "seed": 0}
"""The audience `a` runs: small enough to watch in seconds, big enough that every trial batch is filled (as
`tiktui sim --audience 60 --days 10 --swipes-per-day 10 --post FILE --only-posted`)."""


def audience_run(posts: list[Post]) -> AudienceRun:
    """Your passed posts, all posted on day 0, living their life under a simulated audience on the shipped catalog.

    A post has no completion rate of its own: it is taken to be as well made as the catalog's median video.
    Nothing of this is recorded: it is a simulation, the same for the same posts.
    """
    from recommender.audience import simulate
    from recommender.catalog_file import load_catalog, shipped_catalog_path

    catalog = load_catalog(shipped_catalog_path())
    rates = sorted(v.completion_rate for v in catalog.videos)
    craft = rates[len(rates) // 2]
    videos = [(dataclasses.replace(p.video(), completion_rate=craft), 0) for p in posts]
    return simulate(catalog, posted=videos, start=catalog.as_of, **AUDIENCE)


STATUS = {PASSED: ("passed", "bold $success"), HELD: ("held for review", "bold $warning")}
"""How each status reads in the list (refused: "refused")."""


def post_line(post: Post) -> Content:
    """Two lines: the status, id and title; what became of it. The title last: a narrow list cuts it with an
    ellipsis (tiktui.tcss), where a title padded to a column first pushed the id onto a row of its own at 60."""
    word, style = STATUS.get(post.status, ("refused", "bold $error"))
    return Content("\n  ").join(
        [
            safe_line(cells(word, 15, style), "  ", (post.id, "dim"), "  ", (post.title, "bold")),
            safe(post.outcome(), "dim", limit=160),
        ]
    )


def submitted_text(submitted_at: str, submissions: int) -> str:
    """When a post was (last) submitted, to the minute, in UTC as the log keeps it; how often, past the first.

    >>> submitted_text("2026-11-26T12:01:21.790Z", 1)
    'Submitted 2026-11-26 12:01 UTC'
    >>> submitted_text("2026-11-26T12:01:21.790Z", 3)
    'Submitted 3 times, last 2026-11-26 12:01 UTC'
    """
    when = f"{submitted_at[:16].replace('T', ' ')} UTC"
    return f"Submitted {when}" if submissions <= 1 else f"Submitted {submissions} times, last {when}"


class MyVideosScreen(Screen):
    """The viewer's posts; n posts a new one, e edits a held or refused one and submits it again."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="my_videos.back"),
        Binding("n", "new", "New post", id="my_videos.new"),
        Binding("e", "edit", "Edit and resubmit", id="my_videos.edit"),
        Binding("a", "audience", "Simulate an audience", id="my_videos.audience"),
    ]
    """Escape goes back; n opens the form; e edits the highlighted post if it was held or refused; a lets your
    passed posts live a simulated life (`audience_run`)."""

    run: AudienceRun | None = None
    """The last simulated audience's run, for the posts passed when it ran."""
    run_for: frozenset[str] = frozenset()
    """The passed posts that run was for: your posts share one audience, so another post changes every figure."""
    simulating = False
    """A simulated audience is running (one at a time)."""

    @property
    def posting(self) -> Posting:
        return posting_of(self.app)

    def compose(self) -> ComposeResult:
        yield Static(
            "My videos: newest first. n posts a new one; e edits a held or refused one and submits it again;"
            " a shows your passed videos' life under a simulated audience.",
            id="my-videos-about",
            markup=False,
        )
        yield OptionList(id="my-videos")
        with VerticalScroll(id="my-videos-more"):  # the post's details and figures scroll; the list keeps its rows
            yield Static(id="my-videos-detail")
            yield Static(id="my-videos-audience")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_posts()

    def refresh_posts(self, highlight: str | None = None) -> None:
        self.posts = self.posting.posts()
        options = self.query_one("#my-videos", OptionList)
        options.clear_options()
        if not self.posts:
            options.add_option(Option(Content("No posts yet: press n to post a video."), disabled=True))
            self._show(None)
            return
        options.add_options([Option(post_line(post), id=post.id) for post in self.posts])
        ids = [post.id for post in self.posts]
        options.highlighted = ids.index(highlight) if highlight in ids else 0
        self._show(self.posts[options.highlighted or 0])

    @on(OptionList.OptionHighlighted, "#my-videos")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.posts and event.option_index < len(self.posts):
            self._show(self.posts[event.option_index])

    def _show(self, post: Post | None) -> None:
        detail = self.query_one("#my-videos-detail", Static)
        if post is None:
            detail.update("")
        else:
            tags = " ".join(f"#{t}" for t in post.hashtags)
            detail.update(
                Content("\n").join(
                    [
                        safe_line(("@" + post.creator, "bold"), "  ", (post.genre, "dim"), f"  {post.length:g} s"),
                        safe(post.caption or "(no caption)", limit=200),
                        safe_line((tags, "$accent"), "  ", ("♫ " + post.sound, "dim")),
                        safe_line(("Status: ", "bold"), post.outcome()),
                        safe(submitted_text(post.submitted_at, post.submissions), "dim"),
                    ]
                )
            )
        self.query_one("#my-videos-audience", Static).update(self.audience_figures(post))

    def audience_figures(self, post: Post | None) -> Content:
        """The simulated audience's figures of a passed post: stage, batch, views and score per simulated day,
        and its reach over the days as a chart (press a to run the audience)."""
        if post is None:
            return Content("")
        if post.status != PASSED:  # after `a`, a held one showed nothing where the passed ones show their days (QA)
            said = "Only a video that passed review meets the simulated audience: edit it (e) and submit it."
            return safe(said, "dim")
        life = next((v for v in self.run.videos if v.id == post.id), None) if self.run is not None else None
        if life is None:
            return safe("Press a to watch this video live its first days under a simulated audience.", "dim")
        stale = []
        if self.run_for != frozenset(p.id for p in self.posts if p.status == PASSED):  # QA: old figures read as new
            said = "From before your latest posts, which share its audience: press a to run it again."
            stale = [safe(said, "bold $warning")]
        from recommender.audience import reach_chart

        from ..audience_report import life_table

        table = life_table(life)  # as `tiktui sim --audience` prints it
        chart = reach_chart(life)
        width = max(len(line) for line in table) + 4
        if width + max(len(line) for line in chart) > self.size.width - 2:  # no room beside: the chart below
            rows = [*table, "", *chart]
        else:  # side by side: the table and the chart fit a screen's height together
            rows = [
                f"{table[i] if i < len(table) else '':<{width}}{chart[i] if i < len(chart) else ''}"
                for i in range(max(len(table), len(chart)))
            ]
        return Content("\n").join([*stale, *(safe(row.rstrip()) for row in rows)])  # the video's id is data

    def on_resize(self) -> None:
        """Drawn again for the new width: the chart goes beside the table or below it."""
        if getattr(self, "posts", None):  # (not before the list is first filled)
            self._show(self.posts[self.query_one("#my-videos", OptionList).highlighted or 0])

    def action_audience(self) -> None:
        passed = [p for p in self.posts if p.status == PASSED]
        if not passed:
            self.notify("No passed post yet: only a video that passed review meets an audience.")
            return
        if self.simulating:
            self.notify("The simulated audience is still watching: its figures come in a few seconds.")
            return
        self.simulating = True
        self.query_one("#my-videos-audience", Static).update(
            safe(f"A simulated audience of {AUDIENCE['viewers']} viewers is watching for {AUDIENCE['days']} days...")
        )
        # A daemon thread, not a worker: a simulation cannot be stopped half-way, and quitting must not wait for it.
        threading.Thread(target=self._simulate, args=(passed,), name="tiktui-audience", daemon=True).start()

    def _simulate(self, posts: list[Post]) -> None:
        try:
            run: AudienceRun | str = audience_run(posts)
        except Exception as err:  # a thread's error would be printed over the screen: say it in one line instead
            run = f"The simulated audience stopped: {err}"
        with contextlib.suppress(RuntimeError):  # the app has quit meanwhile: nobody to show it to
            self.app.call_from_thread(self._simulated, run, frozenset(p.id for p in posts))

    def _simulated(self, run: AudienceRun | str, posts: frozenset[str] = frozenset()) -> None:
        self.simulating = False
        if isinstance(run, str):
            self.notify(run, severity="error")
            return
        self.run, self.run_for = run, posts
        if not self.is_attached:
            return
        options = self.query_one("#my-videos", OptionList)
        if self.posts:
            self._show(self.posts[options.highlighted or 0])

    def _highlighted_id(self) -> str | None:
        at = self.query_one("#my-videos", OptionList).highlighted
        return self.posts[at].id if self.posts and at is not None and at < len(self.posts) else None

    def action_new(self) -> None:
        self.app.push_screen(PostScreen(), partial(self._posted, self._highlighted_id()))

    def action_edit(self) -> None:
        options = self.query_one("#my-videos", OptionList)
        if not self.posts or options.highlighted is None:
            return
        post = self.posts[options.highlighted]
        if post.status == PASSED:
            self.notify(f"{post.id} passed review and is in the catalog: it can no longer be edited.")
            return
        self.app.push_screen(PostScreen(edit=post), partial(self._posted, post.id))

    def _posted(self, was: str | None, post: Post | None) -> None:
        """Back from the form: the post made is highlighted; cancelled, the one highlighted before stays (QA: the
        list went back to its top, and the next `e` edited another post)."""
        self.refresh_posts(post.id if post is not None else was)
