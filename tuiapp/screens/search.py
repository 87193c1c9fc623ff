"""Search: type, see videos, creators, hashtags and sounds as you type, choose one.

While an import's videos are still being added to the search index (by the
import command, or by the app in the background), the status line says how
far it got, and that only that part of the catalog is searched.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from recommender.feed import FeedSession
from recommender.search import Name, Results
from recommender.search_index import MAX_WORDS, words_left_out
from recommender.words import plural

from ..safe_text import safe, safe_line
from ..widgets.typed_input import TypedInput, goes_on_in

SIGNS = {"creator": "@", "hashtag": "#", "sound": "♫ "}
"""How an entry that opens a page is written before its name."""
HINT = "Type to search titles, captions, creators, #hashtags and sounds."
BUILDING_EVERY = 1.0
"""Seconds between two looks at how far the search index is built, while it is."""

Chosen = tuple[str, str, list[str], int] | tuple[str, str]
"""What the screen dismisses with: ("video", source, ids of the videos found, index of the chosen one), to be
played as a list; or (kind, value) of a creator, hashtag or sound, to open its page."""


def name_line(name: Name, more: bool = False) -> Content:
    """An entry: its sign and name, then what it is (`more`: its count is of the best matches read, at least)."""
    found = f"{name.videos}+ videos" if more else plural(name.videos, "video")
    what = f"  {name.kind} · {found} found"
    return safe_line(safe(SIGNS[name.kind] + name.value, "bold $accent", limit=60), (what, "dim"))


def building_line(building: tuple[int, int]) -> Content:
    """What the status line says while the index is being built: how far, and what that means for results."""
    indexed, total = building
    share = min(indexed / max(total, 1), 0.99)  # 100% only once it is done
    return Content.assemble(
        (f"Search is being built: {share:.0%} indexed", "bold $warning"),
        (f" ({indexed:,} of {total:,} videos); only those are searched.", "dim"),
    )


def video_lines(video) -> Content:
    """A video: its title, then creator, sound and genre."""
    return Content("\n").join(
        [
            safe(video.title, "bold", limit=90),
            safe_line(
                safe("@" + video.creator, limit=30),
                ("  ♫ ", "dim"),
                safe(video.sound, "dim", limit=36),
                ("  ", "dim"),
                safe(video.genre, "$accent", limit=20),
            ),
        ]
    )


SEARCHED = "search:"
"""How a list played from search names its source: the words searched follow."""


class SearchScreen(Screen[Chosen | None]):
    """An input and the results of what it holds, updated on every keystroke; Enter or a click chooses."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="search.back"),
        Binding("down", "results", "Results", show=False),
    ]
    """Keys of the search screen; typing goes to the input."""

    def __init__(self, session: FeedSession, query: str = "") -> None:
        super().__init__()
        self.session = session
        self.query_text = query
        """What the input holds at first: the search a list played from it came back to (escape)."""
        self.results = Results("")
        self._pending = False
        self.building = session.store.search_progress()
        """(videos indexed, videos in the catalog) while the search index is being built; None once it is whole."""

    def compose(self) -> ComposeResult:
        yield TypedInput(placeholder="Search", max_length=200, id="search-input", select_on_focus=False)
        yield Static(HINT, id="search-status", markup=False)
        yield OptionList(id="search-results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.query_text:
            self.query_one("#search-input", Input).value = self.query_text  # its results follow, as when typed
        if self.building is not None:
            self._show(self.results)
            self.set_interval(BUILDING_EVERY, self._look_at_index, name="search index")

    def _look_at_index(self) -> None:
        """Say how far the index has come; once it is whole, search again: the results may hold more now."""
        if self.building is None:
            return
        self.building = self.session.store.search_progress()
        if self.building is None:
            self._search()
        else:
            self._show(self.results)

    @on(Input.Changed, "#search-input")
    def _typed(self) -> None:
        # Keys typed faster than a search runs are all taken in first, then one search for what the input holds.
        if not self._pending:
            self._pending = True
            self.call_later(self._caught_up)

    def _search(self) -> None:
        self._pending = False
        text = self.query_one("#search-input", Input).value
        self.results = self.session.search(text)
        self.building = self.results.building
        self._show(self.results)

    def _show(self, results: Results) -> None:
        options = self.query_one("#search-results", OptionList)
        options.clear_options()
        options.add_options(
            [Option(name_line(n, results.counted_some), id=f"n{i}") for i, n in enumerate(results.names)]
            + [Option(video_lines(v), id=f"v{i}") for i, v in enumerate(results.videos)]
        )
        if results.names or results.videos:
            options.highlighted = 0
        status = self.query_one("#search-status", Static)
        if not results.text.strip():
            line = Content(HINT)
        elif not results:
            line = safe_line("Nothing matches ", safe(results.text, "bold", limit=60))
            if self.session.hides_any:  # what the rules hide is not found either: say so, or it reads as absent
                line = safe_line(line, (" (your mutes, keyword filters or restricted mode hide some videos)", "dim"))
        else:
            listed = len(results.videos)
            counts = [f"{listed}+ videos (the best)" if results.more else plural(listed, "video")]
            if results.names:
                counts.append(plural(len(results.names), "creator, hashtag or sound", "creators, hashtags or sounds"))
            line = safe_line(", ".join(counts), ("  Enter chooses, ↓ to pick, Escape goes back", "dim"))
        if words_left_out(results.text):  # the rest were dropped in silence: "storm" after 40 words found nothing
            line = safe_line(line, (f"  (the first {MAX_WORDS} words are searched)", "dim"))
        status.update(line if self.building is None else Content("\n").join([building_line(self.building), line]))

    def _caught_up(self) -> None:
        """Search what the input holds now, unless the results are of it already: Enter or Down typed right after
        the words choose from what they find (the input may not have told the screen of its last letters yet), and
        the input's news of those letters, coming after, does not search again (it put the choice back on the first
        result: '/bread Down Down Enter' at once played the first, typed slowly the second)."""
        if self.results.text != self.query_one("#search-input", Input).value:
            self._search()
        self._pending = False

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        self._caught_up()
        options = self.query_one("#search-results", OptionList)
        if options.option_count:
            self._choose(options.highlighted or 0)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        names, videos = self.results.names, self.results.videos
        if index < len(names):
            self.dismiss((names[index].kind, names[index].value, " ".join(self.results.text.split())))
        elif index - len(names) < len(videos):
            source = SEARCHED + " ".join(self.results.text.split())  # the views say which search they came from
            self.dismiss(("video", source, [v.id for v in videos], index - len(names)))

    def action_results(self) -> None:
        self._caught_up()
        self.query_one("#search-results", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the results goes on in the input (letters there were lost); so does backspace."""
        field = self.query_one("#search-input", Input)
        if not field.has_focus and (event.is_printable or event.key == "backspace"):
            goes_on_in(field, event)

    def action_close(self) -> None:
        self.dismiss(None)
