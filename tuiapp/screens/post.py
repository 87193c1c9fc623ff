"""Post a video of your own (or edit a held one and submit it again): one input per field, errors under each."""

from __future__ import annotations

import sqlite3
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from recommender.posting import Post, PostError, Posting

from ..safe_text import clean, safe_line
from ..widgets.typed_input import TypedInput

FIELDS = {
    "title": ("Title", "what the card shows in bold (up to 300 characters)"),
    "caption": ("Caption", "under the title; review holds one over 2,200 characters"),
    "hashtags": ("Hashtags", "space-separated, with or without # (up to 12)"),
    "sound": ("Sound", "empty: original sound - your handle"),
    "genre": ("Genre", "e.g. cooking, comedy, math"),
    "length": ("Length", "seconds, 1 to 600"),
}
"""The form's fields (the post's, in order): label and hint."""
TYPED_AT_MOST = {False: 3_000, True: 100_000}
"""What a field takes (the caption: True), far past what a post may hold (300 characters, a caption 10,000): a
field cut at the post's own limit passed a pasted 308-character title as its first 300, cut mid-word, without a word
(QA). A longer one is refused by its field, as on the command line."""


def posting_of(app: App) -> Posting:
    """The app's posting (made on first use: start-up never reads the posts), told of the session's state."""
    found: Posting | None = getattr(app, "posting", None)
    if found is None:
        session = app.session  # type: ignore[attr-defined]
        found = Posting(session.store, session.clock, also=lambda event: session.state.apply(event, session.catalog))
        app.posting = found  # type: ignore[attr-defined]
    return found


class Field(TypedInput):
    """One field of the form: Enter moves on at once (the keys typed after it go to the next field). It takes the
    focus with the cursor at the end of its text, not with the text selected: Enter then a letter on a kept draft,
    five times over, left each field one letter (QA)."""

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        super().__init__(value, select_on_focus=False, **kwargs)

    def entered(self) -> bool:
        if not isinstance(self.screen, PostScreen):
            return False
        self.screen.next_field(self)
        return True


class PostScreen(Screen[Post | None]):
    """The form: Enter goes to the next field (and posts from the last), ctrl+s posts, Escape cancels.

    Dismissed with the post as submitted (passed, held or refused), or None
    when cancelled; a post with bad fields stays here, each fault under its field.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="post.cancel"),
        Binding("ctrl+s", "submit", "Post", id="post.submit"),
        Binding("q", "keep_draft", show=False),
    ]
    """Escape leaves without posting; ctrl+s posts from any field. `q`, which quits everywhere else, does not quit
    from the form: on its buttons (where a field no longer takes it as a letter) one stray q lost the draft."""

    def __init__(self, edit: Post | None = None) -> None:
        super().__init__()
        self.edit = edit
        """The held or refused post being edited, or None for a new one."""
        self.faults: set[str] = set()
        """The fields whose fault is shown: typing in one takes its fault away (`_mended`)."""

    @property
    def posting(self) -> Posting:
        return posting_of(self.app)

    @property
    def draft(self) -> dict[str, str] | None:
        """A new post's fields as left by Escape, kept for the next form until tiktui quits (`action_cancel`)."""
        return getattr(self.app, "post_draft", None)

    @draft.setter
    def draft(self, fields: dict[str, str] | None) -> None:
        self.app.post_draft = fields  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        draft = self.draft if self.edit is None else None
        heading = (
            f"Edit {self.edit.id} and submit it again"
            if self.edit
            else "Post a video: your draft (empty every field to drop it)"
            if draft
            else "Post a video"
        )
        with VerticalScroll(id="post-form"):
            yield Label(heading, classes="heading", markup=False)
            if self.edit is not None:
                yield Static(safe_line(("Was: ", "bold"), self.edit.outcome()), id="post-was")
            values: dict[str, Any] = self.edit.fields() if self.edit else dict(draft or {})
            for name, (label, hint) in FIELDS.items():
                yield Static(safe_line((label, "bold"), "  ", (hint, "dim")), classes="post-label")
                value = values.get(name, "")
                text = (
                    " ".join(value)
                    if isinstance(value, list)
                    else format(value, ".15g")  # every digit given (12.3456789), none added (30, not 30.0)
                    if isinstance(value, float)
                    else value
                )
                yield Field(text, id=f"post-{name}", max_length=TYPED_AT_MOST[name == "caption"])
                yield Static("", id=f"post-error-{name}", classes="post-error", markup=False)
            if self.edit is None:
                yield Static(safe_line(("Posting as", "bold"), "  ", ("your handle, kept as a setting", "dim")))
            else:  # an edit stays the post of the handle it was made by (the field said the handle set since)
                yield Static(safe_line(("Posted as", "bold"), "  ", ("an edit keeps the post's handle", "dim")))
            handle = self.posting.handle if self.edit is None else self.edit.creator
            yield Field(handle, id="post-handle", max_length=TYPED_AT_MOST[False], disabled=self.edit is not None)
            yield Static("", id="post-error-handle", classes="post-error", markup=False)
            with Horizontal(id="post-buttons"):
                yield Button("Post", id="post-submit", variant="primary")
                yield Button("Cancel", id="post-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#post-title", Input).focus()

    def next_field(self, field: Input) -> None:
        """Enter: the next field takes the keys now (not after the keys already typed), or the form is posted."""
        inputs = [i for i in self.query(Input) if not i.disabled]
        at = inputs.index(field)
        if at + 1 < len(inputs):
            self.set_focus(inputs[at + 1])
        else:
            self.action_submit()

    @on(Input.Changed)
    def _mended(self, event: Input.Changed) -> None:
        """A field typed in after a refusal: its fault, said for what it held then, goes (the others stay)."""
        name = (event.input.id or "").removeprefix("post-")
        if name in self.faults:
            self.faults.discard(name)
            event.input.remove_class("-invalid")
            self.query_one(f"#post-error-{name}", Static).update("")

    @on(Button.Pressed, "#post-submit")
    def _post_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#post-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Leave without posting. A new post's fields are kept as a draft for the next form (QA: Escape threw a long
        caption away without a word); a form left empty drops it."""
        if self.edit is None:
            fields = {name: self.query_one(f"#post-{name}", Input).value for name in FIELDS}
            kept = {name: value for name, value in fields.items() if value.strip()}
            if kept and kept != self.draft:
                self.notify("Draft kept: P opens it again, until tiktui quits", title="Not posted", timeout=4)
            self.draft = kept or None
        self.dismiss(None)

    def action_keep_draft(self) -> None:
        self.notify("q does not leave the form: Escape cancels it, ctrl+s posts", timeout=4)

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.faults = set(errors)
        for name in (*FIELDS, "handle"):
            error = self.query_one(f"#post-error-{name}", Static)
            label = FIELDS[name][0] if name in FIELDS else "Handle"
            error.update(f"{label}: {clean(errors[name])}" if name in errors else "")
            self.query_one(f"#post-{name}", Input).set_class(name in errors, "-invalid")
        # The first field at fault takes the keys: what is typed next mends it (it went to the field last typed in).
        first = next((name for name in (*FIELDS, "handle") if name in errors), None)
        if first is not None:
            self.query_one(f"#post-{first}", Input).focus()

    def action_submit(self) -> None:
        fields = {name: self.query_one(f"#post-{name}", Input).value for name in FIELDS}
        errors: dict[str, str] = {}
        handle = None if self.edit else self.query_one("#post-handle", Input).value  # set with the post, if made
        try:  # every field at fault is shown at once, the handle's beside the others' (QA: it hid them)
            post = self.posting.submit(fields, edit=self.edit.id if self.edit else None, handle=handle)
        except PostError as err:
            errors.update(err.fields)
            self._show_errors(errors)
            if not errors:
                self.notify(" ".join(err.lines), title="Not posted", severity="error")
            return
        except sqlite3.Error as err:
            self.notify(f"Could not save to {self.posting.store.path}: {err}", title="Not posted", severity="error")
            return
        if self.edit is None:
            self.draft = None  # it is a post now (an edit of it, if held, starts from what was posted)
        self.notify(f"{post.id}: {post.outcome()}", title="Posted" if post.status == "passed" else "Not in the feed")
        self.dismiss(post)
