"""A list played in the card view: a page's videos, the Saved list or search results, walked with j / k."""

from __future__ import annotations

from textual.binding import Binding

from recommender.feed import FeedSession

from .feed import FeedScreen
from .search import SEARCHED


class ListScreen(FeedScreen):
    """The feed's card view over a list: escape goes back to where the list was chosen (a page, search)."""

    BINDINGS = [Binding("escape", "back", "Back", id="list.back")]
    """Every key of the feed, and escape; the feed keys (tab, 1 2 3) are the feed's own."""

    plays_list = True

    def __init__(self, session: FeedSession) -> None:
        super().__init__(session)
        self.source = session.list_source
        """The list this screen plays: once another replaces it, this screen has nothing to show."""
        self.replaced = False
        """Another list took this screen's place (a search from here played one: `TikTuiApp.play_list`)."""

    def on_mount(self) -> None:
        super().on_mount()
        self._run(lambda: self.session.release("screen"))  # the page under it held the card; this one shows it

    def on_screen_resume(self) -> None:
        if self.replaced:
            return
        if self.session.list_source != self.source:  # a page opened from here played another list
            self.call_later(self._stale)
            return
        super().on_screen_resume()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in ("feed", "cycle_feed")

    def _stale(self) -> None:
        """A page opened from this list's card played its own list in its place: there is no card of this list to
        come back to, so back to where the list was chosen (the search, with its words and results)."""
        if self.is_current and not self.replaced:
            self.leaving = True
            self.dismiss()
            self._search_again()

    def _search_again(self) -> None:
        """A list of search results was played: the search screen was closed to play it, open it again."""
        if self.source is not None and self.source.startswith(SEARCHED):  # over the feed, a page, a list
            query = self.source[len(SEARCHED) :]
            self.app.call_later(lambda: self.app.search(query))

    def action_back(self) -> None:
        """Back to the page (or search, with its words) the list came from; the list's card waits, held, until a
        choice."""
        if self.is_current:
            self._run(lambda: self.session.hold("screen"))
            self.leaving = True
            self.dismiss()
            self._search_again()
