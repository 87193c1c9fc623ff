"""My videos: the viewer's posts, newest first, with what became of each; edit and resubmit a held one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from recommender.posting import HELD, PASSED, Post, Posting

from ..safe_text import safe, safe_line
from ..widgets.genre_bars import cells
from .post import PostScreen, posting_of

STATUS = {PASSED: ("passed", "bold $success"), HELD: ("held for review", "bold $warning")}
"""How each status reads in the list (refused: "refused")."""


def post_line(post: Post) -> Content:
    """Two lines: the title, status and id; what became of it."""
    word, style = STATUS.get(post.status, ("refused", "bold $error"))
    return Content("\n  ").join(
        [
            safe_line(cells(post.title, 44, "bold"), "  ", (word, style), "  ", (post.id, "dim")),
            safe(post.outcome(), "dim", limit=160),
        ]
    )


class MyVideosScreen(Screen):
    """The viewer's posts; n posts a new one, e edits a held or refused one and submits it again."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="my_videos.back"),
        Binding("n", "new", "New post", id="my_videos.new"),
        Binding("e", "edit", "Edit and resubmit", id="my_videos.edit"),
    ]
    """Escape goes back; n opens the form; e edits the highlighted post if it was held or refused."""

    @property
    def posting(self) -> Posting:
        return posting_of(self.app)

    def compose(self) -> ComposeResult:
        yield Static(
            "My videos: newest first. n posts a new one; e edits a held or refused one and submits it again.",
            id="my-videos-about",
            markup=False,
        )
        yield OptionList(id="my-videos")
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
                        safe_line((tags, "$accent"), "  ", ("♪ " + post.sound, "dim")),
                        safe_line(("Status: ", "bold"), post.outcome()),
                        safe(f"Submitted {post.submitted_at} ({post.submissions} time(s))", "dim"),
                    ]
                )
            )
        self.query_one("#my-videos-audience", Static).update(self.audience_figures(post))

    def audience_figures(self, post: Post | None) -> Content:
        """THE PLACE for the simulated audience's figures of a posted video (issue 17, points 4-5): its stage,
        batch, views and score per simulated day and its reach over days as a chart, from
        `recommender.audience.simulate(..., posted=[(video, day)])`. Not built on this branch: it says so, and
        shows no figure it does not have."""
        if post is None or post.status != PASSED:
            return Content("")
        return safe(
            "Per-day figures and reach: not available yet (the simulated audience is not part of this build).",
            "dim",
        )

    def action_new(self) -> None:
        self.app.push_screen(PostScreen(), self._posted)

    def action_edit(self) -> None:
        options = self.query_one("#my-videos", OptionList)
        if not self.posts or options.highlighted is None:
            return
        post = self.posts[options.highlighted]
        if post.status == PASSED:
            self.notify(f"{post.id} passed review and is in the catalog: it can no longer be edited.")
            return
        self.app.push_screen(PostScreen(edit=post), self._posted)

    def _posted(self, post: Post | None) -> None:
        self.refresh_posts(post.id if post is not None else None)
