"""History: the cards watched, newest first; removing one takes out what it taught, live and after a restart."""

from __future__ import annotations

import random

from textual.widgets import OptionList, Static

from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.profile import TasteProfile
from recommender.store import Store
from tuiapp.screens.confirm import AskScreen
from tuiapp.screens.feed import FeedScreen
from tuiapp.screens.history import HistoryScreen
from tuiapp.screens.list_play import ListScreen

from .conftest import make_app_for, make_video

VIDEOS = [
    make_video(i, creator=f"c{i}", genres=(("cooking", "pets", "travel")[i % 3],), sound=f"s{i}") for i in range(30)
]


def session_on(db, clock, seed=0):
    store = Store.open(db)
    if store.video_count() == 0:
        store.add_videos(VIDEOS)
    return FeedSession(store, stored_catalog(store, clock), clock, random.Random(seed))


def watch(session, clock, n, like_every=2):
    """n cards: every other one watched through and liked, the rest skipped at once."""
    for i in range(n):
        if i % like_every == 0:
            clock.advance(40)
            session.toggle_like()
        else:
            clock.advance(0.5)
        session.next()


def test_the_history_lists_cards_newest_first_with_what_was_done_and_why(tmp_path):
    clock = FakeClock()
    s = session_on(tmp_path / "t.db", clock)
    s.start()
    watch(s, clock, 4)
    rows = s.history_rows()
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True) and len(rows) == 4
    assert rows[-1]["liked"] == 1 and rows[-1]["reason"]


def test_removing_a_card_takes_out_what_it_taught_as_if_it_had_never_been_watched(tmp_path):
    clock = FakeClock()
    s = session_on(tmp_path / "t.db", clock)
    s.start()
    watch(s, clock, 8)
    loved = next(r for r in s.history_rows() if r["liked"])
    genre = next(v.genres[0] for v in VIDEOS if v.id == loved["video_id"])
    before = s.profile.weight("genre", genre)
    s.forget_view(loved["id"])
    assert loved["id"] not in [r["id"] for r in s.history_rows()]
    assert s.profile.weight("genre", genre) < before
    assert s.profile.tally.liked == sum(r["liked"] for r in s.history_rows())
    # The same as the log replayed, and as a restart gives (the snapshot taken before the removal is not used).
    live = s.profile
    s.close()
    s.store.close()
    again = session_on(tmp_path / "t.db", clock)
    assert again.profile == live and again.profile != TasteProfile()
    assert load_state(again.store, again.catalog).profile == live


def test_a_removed_card_stays_out_when_it_is_left_again(tmp_path):
    """Going back to a removed card and leaving it does not teach it again."""
    clock = FakeClock()
    s = session_on(tmp_path / "t.db", clock)
    s.start()
    watch(s, clock, 3)
    s.previous()
    shown = s.current.view_id
    s.next()
    s.forget_view(shown)
    s.previous()
    clock.advance(40)
    s.toggle_like()
    s.next()
    assert s.profile.tally.liked == sum(r["liked"] for r in s.history_rows() if r["id"] != shown)


async def test_the_history_screen_plays_from_a_card_and_removes_one(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(3):
            clock.advance(2)  # each card watched a moment: one left at once is no view
            await pilot.press("j")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        listed = app.screen.query_one("#history", OptionList)
        assert listed.option_count == 3
        first, title = app.screen.rows[0]["id"], app.screen.rows[0]["title"]
        events = "SELECT COUNT(*) FROM events WHERE action = 'forget_view'"
        for no in ("n", "escape"):  # d asks first: it cannot be undone, and no or Escape keeps the card
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, AskScreen)
            question = str(app.screen.query_one(Static).render())
            assert (
                f"Remove “{title}” from your history?" in question
                and "cannot be undone" in question
                and "keeps its record, marked removed" in question
            )
            await pilot.press(no)
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen) and listed.option_count == 3
            assert app.session.store.conn.execute(events).fetchone()[0] == 0
        # The mouse answers too (QA: it had no way to): a click on "no", or beside the box, keeps the card.
        for where in (("#ask-answers", (len("y: yes · ") + 2, 0)), (None, (1, 1))):
            await pilot.press("d")
            await pilot.pause()
            await pilot.click(where[0], offset=where[1])
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen) and listed.option_count == 3, where
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#ask-answers", offset=(2, 0))  # "y: yes"
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert listed.option_count == 2 and first not in [r["id"] for r in app.screen.rows]
        await pilot.press("escape", "p")  # the profile's last cards leave it out too
        await pilot.pause()
        recent = str(app.screen.query_one("#recent").render())
        assert f"{title} " not in recent and "watched" in recent  # (the titles are padded: "title 1" is not "title 11")
        await pilot.press("escape", "h")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and app.session.list_source == "history"


async def test_removing_the_card_on_screen_says_why_it_cannot_and_keeps_tiktui_running(tmp_path, clock):
    """j, k (back to the first card), h: History lists that card, and d, y on it crashed tiktui ("the card on
    screen is not in the history yet", uncaught)."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        clock.advance(2.0)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("k", "h")
        await pilot.pause()
        on_screen = app.session.current.view_id
        rows = [r["id"] for r in app.screen.rows]
        assert on_screen in rows, "the card gone back to is in History"
        options = app.screen.query_one("#history", OptionList)
        options.highlighted = rows.index(on_screen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen), "no question for a card it cannot remove"
        assert list(app._notifications)[-1].message.startswith("That card is the one on screen")
        assert app.is_running and [r["id"] for r in app.screen.rows] == rows


async def swipe(pilot, clock, cards: int) -> None:
    """Watch each of `cards` cards two seconds (a view: one left at once is none), then swipe on."""
    for _ in range(cards):
        clock.advance(2.0)
        await pilot.press("j")


async def test_back_from_a_card_played_from_history_the_same_card_is_highlighted(tmp_path, clock):
    """Row 5 played, then escape: the views it added came in above it and the highlight stayed at index 4, on
    another card."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await swipe(pilot, clock, 6)
        await pilot.press("h")
        await pilot.pause()
        options = app.screen.query_one("#history", OptionList)
        options.highlighted = 4
        chosen = app.screen.rows[4]["id"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        clock.advance(3.0)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.rows[options.highlighted]["id"] == chosen and app.screen.rows[0]["id"] != chosen


async def test_back_from_a_card_played_from_history_it_is_the_newest_card_of_the_history(tmp_path, clock):
    """QA: a card played from History for 3 s, then escape: History's top row was the For You card left before it;
    the card just watched came only after History was closed and opened again."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await swipe(pilot, clock, 3)
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one("#history", OptionList).highlighted = 2
        chosen = app.screen.rows[2]["video_id"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        clock.advance(3.0)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        top = app.screen.rows[0]
        assert (top["video_id"], top["reason"]) == (chosen, "from your history"), top
        assert top["dwell_ms"] >= 3000, top
        await pilot.press("escape")  # and the feed plays on where it was
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen) and app.session.list_source is None


def test_quitting_at_once_is_no_skip_of_the_card_on_screen(tmp_path):
    clock = FakeClock()
    s = session_on(tmp_path / "t.db", clock)
    s.start()
    watch(s, clock, 6)
    skipped = s.profile.tally.skipped
    clock.advance(0.3)
    s.close()
    assert s.profile.tally.skipped == skipped and len(s.store.history(10)) == 7  # a view, in History ...
    assert s.profile.tally.views == 6  # ... that teaches nothing, nor counts (`View.censored`)


async def test_the_viewers_own_comments_are_read_on_the_card(tmp_path, clock):
    from textual.widgets import Static

    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        comments = app.screen.query_one("#comments", Static)
        assert not comments.display
        await pilot.press("c", *"so [b]good", "enter")
        await pilot.pause()
        assert comments.display and "you: so [b]good" in str(comments.render())
        await pilot.press("j", "k")  # away and back: still there, read from the data file
        await pilot.pause()
        assert "so [b]good" in str(comments.render())


def test_a_card_saved_on_its_view_says_so_in_the_history(tmp_path):
    """Like a like or a share, a save is something done on the card (it was missing from the line)."""
    from tuiapp.screens.history import what_was_done

    clock = FakeClock()
    s = session_on(tmp_path / "t.db", clock)
    s.start()
    s.toggle_save()
    clock.advance(5)
    s.next()
    s.toggle_save()
    s.toggle_save()  # saved and taken off again on this one
    clock.advance(5)
    s.next()
    second, first = s.history_rows()
    assert what_was_done(first) == "watched 17% · saved"
    assert what_was_done(second) == "watched 17%"


async def test_each_card_of_the_history_keeps_to_its_two_rows_at_any_width(tmp_path, clock):
    """At 100 columns "watched 100% · looped 1 · liked · why: second chance: ..." ran onto a third row that began
    at the list's edge; at 60 columns most cards did, and the line above the list was cut after "d removes"."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for _ in range(6):
            await pilot.press("l", "s", "b", "j")
        for size in ((100, 40), (60, 20)):
            await pilot.resize_terminal(*size)
            await pilot.press("h")
            await pilot.pause()
            listed = app.screen.query_one("#history", OptionList)
            assert listed.option_count == 6 and listed.virtual_size.height == 12, size
            about = app.screen.query_one("#history-about", Static)
            assert about.size.height == (1 if size[0] == 100 else 2), size
            await pilot.press("escape")
            await pilot.pause()


async def test_history_opened_again_starts_at_its_newest_card(tmp_path, clock):
    """QA: left on its fifth row and opened again three swipes later, History sat on that old row, so h then Enter
    played from an older card; its heading says newest first."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await swipe(pilot, clock, 6)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("down", "down", "down", "escape")
        await swipe(pilot, clock, 3)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#history", OptionList).highlighted == 0


async def test_h_on_a_card_played_from_history_does_not_stack_history_twice(tmp_path, clock):
    """Review: h on a card played from History pushed History again over it (Feed, History, List, History): the list
    below lost its card, and the first escape seemed to do nothing."""
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await swipe(pilot, clock, 4)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen) and sum(isinstance(s, HistoryScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_older_cards_than_the_first_two_hundred_are_listed_on_asking(tmp_path, clock, monkeypatch):
    """History stopped at the newest 200 cards without a word, the older ones (and removing them) out of reach (QA).
    Its last row now says older cards are left out, and Enter on it lists as many more, the first of them
    highlighted; d on that row removes nothing."""
    from tuiapp.screens import history

    monkeypatch.setattr(history, "LIMIT", 4)
    monkeypatch.setattr(HistoryScreen, "limit", 4)
    app = make_app_for(tmp_path / "t.db", clock, videos=VIDEOS)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await swipe(pilot, clock, 6)
        await pilot.press("h")
        await pilot.pause()
        listed = app.screen.query_one("#history", OptionList)
        assert len(app.screen.rows) == 4 and listed.option_count == 5
        assert str(listed.get_option_at_index(4).prompt) == "Older cards: Enter lists 4 more"
        listed.highlighted = 4
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen), "no question: that row is no card"
        newest_four = [row["id"] for row in app.screen.rows]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert [row["id"] for row in app.screen.rows][:4] == newest_four and len(app.screen.rows) == 6
        assert listed.option_count == 6 and listed.highlighted == 4, "every card now, the first older one highlighted"
