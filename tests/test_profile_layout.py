"""The profile at 100 columns: each of its right column's rows reads whole, none runs on at the left edge."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Static

from recommender.standing import WORDS
from tuiapp.screens.profile import ProfileScreen

from .conftest import make_app_for


def rows(app, selector: str) -> list[str]:
    """The rows of one of the profile's parts as the terminal shows them."""
    part = app.screen.query_one(selector, Static)
    return [s.text.rstrip() for s in part.render_lines(Region(0, 0, *part.size))]


async def like_then_open_the_profile(app, pilot, clock, cards: int) -> None:
    """Watch each of `cards` cards to its end and like it (creators and hashtags to list, a history of ten cards),
    then open the profile."""
    await pilot.pause()
    for _ in range(cards):
        clock.advance(app.session.card().video.duration_s)
        await pilot.press("l", "j")
    await pilot.press("p")
    await pilot.pause()


async def test_the_profile_says_what_it_learned_of_sounds_and_lengths(tmp_path, clock):
    """QA: reasons said "because you stay on videos 10-20 s long" and named sounds, while the profile said nothing
    of either: a viewer of short videos read every genre "about as much as most" and nothing else."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 14)
        sounds = [row for row in rows(app, "#sounds") if row]
        assert sounds and all(row.startswith("♫ ") for row in sounds), sounds
        assert len({row.split("  ")[0] for row in sounds}) == len(sounds), sounds  # "♫ original soun…" alike
        lengths = [row for row in rows(app, "#lengths") if row]
        assert [row.split()[0] for row in lengths] == ["up", "10-20", "20-40", "40-90", "over"], lengths
        assert lengths[0].startswith("up to 10 s") and all(row.endswith(tuple(WORDS)) for row in lengths), lengths


async def test_top_creators_and_the_last_cards_keep_to_their_rows(tmp_path, clock):
    """With the right column scrolling, "not enough to tell yet" ran on as "yet" at the column's left edge, and a
    card's reason ("from your search: coo bre") as "bre" under its title."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 14)
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#profile-right").show_vertical_scrollbar, "the case that wrapped"
        creators = [row for row in rows(app, "#creators") if row]
        assert len(creators) == 6 and all(row.startswith("@") for row in creators), creators
        hashtags = [row for row in rows(app, "#hashtags") if row]
        assert all(row.startswith("#") for row in hashtags), hashtags
        recent = rows(app, "#recent")
        assert len(recent) == 20, "a title and one line of what and why for each of ten cards"
        assert all(row.startswith("  ") for row in recent[1::2]), recent
        # The counts: two rows, no number parted from its label (it was "... loops" / "10  skipped 14").
        counts = rows(app, "#counts")
        assert counts[0].startswith("Views 14  likes 14") and counts[1].startswith("Comments "), counts


async def test_at_80_columns_each_count_keeps_to_its_label(tmp_path, clock):
    """At 80x24 the counts' row ran past the left column: "comments" at a row's end, its "0" alone on the next."""
    import re

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 12)
        counts = [row.strip() for row in rows(app, "#counts") if row.strip()]
        assert counts[0] == "Views 12  likes 12  shares 0" and counts[1].startswith("Comments 0  loops "), counts
        assert all(re.fullmatch(r"[A-Z][a-z]+ \d+(  [a-z]+ \d+)*", row) for row in counts[:2]), counts


async def test_at_80x24_every_heading_of_the_profile_and_settings_reads_whole(tmp_path, clock):
    """At 80 columns a heading was one row, cut: "Topics (Enter, + - 0: more, less, no"."""
    from textual.widgets import Label

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ("p", "comma"):
            await pilot.press(key)
            await pilot.pause()
            for heading in app.screen.query(".heading").results(Label):
                lines = heading.render_lines(Region(0, 0, *heading.size))
                assert " ".join(s.text.strip() for s in lines) == str(heading.visual), heading.visual
                column = heading.parent.content_region  # type: ignore[union-attr]
                assert heading.region.right <= column.right, (str(heading.visual), heading.region, column)
            await pilot.press("escape")
            await pilot.pause()


async def test_at_60x20_the_profile_still_lists_genres(tmp_path, clock):
    """At the smallest window tiktui runs in, the legend and the counts under the genres took every row: the list
    of what it learned showed none."""
    from textual.widgets import OptionList

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        genres = app.screen.query_one("#genres", OptionList)
        assert genres.scrollable_content_region.height >= 4, genres.region


async def test_the_genres_have_the_keys_when_the_profile_opens(tmp_path, clock):
    from textual.widgets import OptionList

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#genres", OptionList)


async def test_m_mutes_the_first_genre_at_once_and_a_click_only_points_at_one(tmp_path, clock):
    """QA: m and Enter did nothing until a Down had highlighted a genre; a click on a genre muted it, where the
    heading says Enter mutes (a double click muted and unmuted: two events)."""
    from textual.widgets import OptionList

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        genres = app.screen.query_one("#genres", OptionList)
        first, third = (genres.get_option_at_index(i).id for i in (0, 2))
        await pilot.press("m")
        await pilot.pause()
        assert app.session.rules.muted == {("genre", first)}
        await pilot.click(genres, offset=(3, genres.content_region.y - genres.region.y + 2))
        await pilot.pause()
        assert genres.highlighted == 2 and app.session.rules.muted == {("genre", first)}
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.rules.muted == {("genre", first), ("genre", third)}


async def test_at_80x24_no_row_of_the_profile_runs_on_at_its_left_edge(tmp_path, clock):
    """At 80 columns "pets ██ more than" ran on as "most viewers" under it in the genres, "@tariq_pup ████ more
    than" as "most viewers" in the creators, and a day of the week as "today": cut with an ellipsis instead."""
    from textual.widgets import OptionList

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 14)
        creators = [row for row in rows(app, "#creators") if row]
        assert creators and all(row.startswith("@") for row in creators), creators
        hashtags = [row for row in rows(app, "#hashtags") if row]
        assert hashtags and all(row.startswith("#") for row in hashtags), hashtags
        week = [row for row in rows(app, "#week") if row]
        assert len(week) == 7 and all(row[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") for row in week)
        genres = app.screen.query_one("#genres", OptionList)
        assert all(genres.get_option_at_index(i) for i in range(genres.option_count))
        assert genres.virtual_size.height == genres.option_count, "one row a genre"


async def test_at_60x20_every_question_box_fits_the_window(tmp_path, clock):
    """The delete question (64 columns), History's remove question (64) and screen time (72) ran past a window of
    60, the smallest tiktui takes: their right border and the ends of their lines were cut."""
    from tuiapp.screens.history import HistoryScreen

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for key in ("j", "j", "h"):
            clock.advance(2)  # each card watched a moment: one left at once is no view
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("d")
        await pilot.pause()
        boxes = [app.screen.query_one("#ask-box").region]
        await pilot.press("escape", "escape")
        await pilot.pause()
        app.ask_to_forget()  # type: ignore[attr-defined]
        await pilot.pause()
        boxes.append(app.screen.query_one("#confirm-box").region)
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen("screen_time")
        await pilot.pause()
        boxes.append(app.screen.query_one("#screen-time-box").region)
        assert all(box.x >= 0 and box.right <= 60 and box.y >= 0 and box.bottom <= 20 for box in boxes), boxes


async def test_at_60x20_each_topic_of_the_settings_keeps_to_one_row(tmp_path, clock):
    """A topic's name took 22 cells before its level: at 60 columns "art" and "normal" were on two rows."""
    from textual.widgets import OptionList

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        topics = app.screen.query_one("#topics", OptionList)
        assert topics.option_count == 16 and topics.virtual_size.height == 16, "one row a genre"
        assert str(topics.get_option_at_index(2).prompt).split() == ["cooking", "normal"]


async def test_the_cards_before_a_refresh_say_so_where_it_can_be_read(tmp_path, clock):
    """The mark ended a card's line on the profile, after its reason, and was cut off at 100 columns; History did
    not mark those cards at all."""
    from textual.widgets import OptionList

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 6)
        await pilot.press("escape")
        app.session.refresh()
        clock.advance(2.0)
        await pilot.press("j", "p")
        await pilot.pause()
        marked = [row for row in rows(app, "#recent") if "before the refresh" in row]
        assert len(marked) == 6, rows(app, "#recent")
        await pilot.press("escape", "h")
        await pilot.pause()
        options = app.screen.query_one("#history", OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert sum("before the refresh" in line for line in shown) == 6, shown


async def test_below_100_columns_the_columns_stack_and_each_genre_s_standing_reads_whole(tmp_path, clock):
    """At 60x20 every genre's standing was cut to "…" and at 80x24 to "not enough t…": the two columns side by side
    left the genres 24 and 36 cells. Below 100 columns they are stacked, each the window's width."""
    from textual.widgets import OptionList

    from recommender.standing import legend

    words = [w for w, _ in legend()]
    for size in ((60, 20), (80, 24)):
        app = make_app_for(tmp_path / f"{size[0]}.db", clock)
        async with app.run_test(size=size) as pilot:
            await like_then_open_the_profile(app, pilot, clock, 6)
            genres = app.screen.query_one("#genres", OptionList)
            shown = [s.text.rstrip() for s in genres.render_lines(Region(0, 0, *genres.size))]
            named = [row for row in shown if any(g in row for g in app.session.catalog.genres)]
            assert len(named) >= 4, (size, shown)
            assert all(any(w in row for w in words) and "…" not in row for row in named), (size, named)


async def test_the_profile_counts_saves_and_leaves_muted_creators_out_of_its_top(tmp_path, clock):
    """A saved video was counted nowhere on the profile, and a creator muted with x stayed in its Top creators."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        for _ in range(6):
            clock.advance(app.session.card().video.duration_s)
            await pilot.press("l", "j")
        await pilot.press("p")
        await pilot.pause()
        tops = [row.split()[0] for row in rows(app, "#creators") if row]
        assert len(tops) >= 2, tops
        assert any(row.strip().startswith("Saved 1") for row in rows(app, "#counts")), rows(app, "#counts")
        app.session.mute("creator", tops[0][1:])
        app.screen.refresh_profile()
        await pilot.pause()
        assert tops[0] not in [row.split()[0] for row in rows(app, "#creators") if row]


async def test_a_stacked_profile_scrolls_as_one_page_to_its_last_row(tmp_path, clock):
    """At 80x24 the counts sat below a column too short for them, in a part no key could scroll: never seen."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 12)
        screen = app.screen.region
        body = app.screen.query_one("#profile-body")
        assert app.focused is app.screen.query_one("#genres")
        await pilot.press("tab")  # the rest of the page takes the keys
        await pilot.pause()
        assert app.focused is body
        seen: set[str] = set()
        for _ in range(12):
            for name in ("counts", "legend", "stays", "week", "recent"):
                part = app.screen.query_one(f"#{name}")
                if screen.contains_region(part.region) and part.region.height:
                    seen.add(name)
            await pilot.press("down", "down", "down")
            await pilot.pause()
        assert seen >= {"counts", "legend", "stays", "week"}, seen
        await pilot.press("end")
        await pilot.pause()
        recent = app.screen.query_one("#recent").region  # the last cards: the page's last rows, on the screen
        assert recent.height and screen.y <= recent.y and recent.bottom <= body.region.bottom, (recent, body.region)
        assert "Views 12" in " ".join(rows(app, "#counts"))
        await pilot.press("tab")  # and back to the genres
        await pilot.pause()
        assert app.focused is app.screen.query_one("#genres")


async def test_side_by_side_tab_gives_the_right_column_the_keys_down_to_the_last_card(tmp_path, clock):
    """At 100x40 the right column runs past the screen (the last cards' half of it under the footer), and tab, a
    priority key of the stacked page's, did nothing there: no key could bring the last cards' reasons into view."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 14)
        right = app.screen.query_one("#profile-right")
        recent = app.screen.query_one("#recent")
        assert recent.region.bottom > right.region.bottom, "the case: the last cards do not fit"
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is right
        await pilot.press("end")
        await pilot.pause()
        assert recent.region.height and recent.region.bottom <= right.region.bottom, (recent.region, right.region)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#genres")


async def test_b_on_the_profile_opens_the_saved_list_it_names(tmp_path, clock):
    """QA: the profile said "Saved 1  (B opens them)", and B did nothing there."""
    from tuiapp.screens.page import PageScreen

    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("b", "p")
        await pilot.pause()
        assert "(B opens them)" in "".join(rows(app, "#counts"))
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.kind == "saved"


async def test_the_profile_opened_again_starts_from_the_top_and_a_box_over_it_does_not(tmp_path, clock):
    """QA: p, Tab, End, Escape, p opened the profile scrolled to "Top hashtags", the stay line, the week and Top
    creators out of sight, the genres' heading a row down."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 14)
        right = app.screen.query_one("#profile-right")
        await pilot.press("tab", "end")
        await pilot.pause()
        assert right.scroll_y > 0
        await pilot.press("t")  # the screen-time box over it: back from it, the place is kept
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and right.scroll_y > 0
        await pilot.press("escape", "p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen) and right.scroll_y == 0
        assert app.focused is app.screen.query_one("#genres")


async def test_top_hashtags_leave_out_the_feeds_own_broad_ones(tmp_path, clock):
    """QA: Top hashtags listed #foryou and #fyp, which are on more videos than a genre holds and say nothing of a
    taste; the reasons never name them."""
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await like_then_open_the_profile(app, pilot, clock, 14)
        broad = app.session.catalog.broad
        assert any(broad(v) and s > 0 for v, s in app.session.profile.levels("hashtag")), "the case to leave out"
        shown = [row.split()[0].removeprefix("#") for row in rows(app, "#hashtags") if row]
        assert shown and not any(broad(tag) for tag in shown), shown
