"""Feeds, pages and Saved in the real app, driven through the pilot as a viewer would."""

from __future__ import annotations

import sqlite3

from textual.widgets import OptionList, Static

from tuiapp.screens.feed import FeedScreen
from tuiapp.screens.list_play import ListScreen
from tuiapp.screens.page import PageScreen
from tuiapp.widgets.action_rail import ActionRail

from .conftest import make_app_for
from .test_lists import videos


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).visual)


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


async def test_feeds_switch_by_tab_and_number_and_show_which_plays(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "1 For You" in text(app, "#feed-bar") and app.session.feed == "foryou"
        first = app.session.card().view_id
        await pilot.press("tab")
        assert app.session.feed == "following"
        await pilot.press("tab")
        assert app.session.feed == "stem" and app.session.card().video.genre == "science"
        await pilot.press("2")
        assert app.session.feed == "following"
        await pilot.press("1")
        assert app.session.feed == "foryou" and app.session.card().view_id == first  # where it was


async def test_an_empty_following_says_how_to_follow(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=videos(), feed="following")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-empty")
        message = text(app, "#empty")
        assert "you follow nobody yet" in message and "press f on a card" in message
        await pilot.press("k", "j")  # no card to go back from, none to go on to: no toast calls nothing a card
        await pilot.pause()
        assert [n.message for n in app._notifications] == []
        assert text(app, "#empty") == message


async def test_the_feed_flag_starts_on_following_after_a_follow(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        creator = app.session.card().video.creator
    app = make_app_for(db, clock, feed="following")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.session.card().video.creator == creator
        assert f"from @{creator}, whom you follow" in text(app, "#why")


async def test_each_page_opens_by_key_plays_a_list_and_escape_goes_back_then_to_the_feed(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        card = app.session.card()
        for key, heading in (("o", "@" + card.video.creator), ("number_sign", "#food"), ("m", "♫ " + card.video.sound)):
            await pilot.press(key)
            assert isinstance(app.screen, PageScreen) and text(app, "#page-title") == heading
            await pilot.press("escape")
            assert isinstance(app.screen, FeedScreen) and app.session.card().view_id == card.view_id
        await pilot.press("o")
        page = app.screen
        options = page.query_one(OptionList)
        assert options.option_count == 4 and "new" in str(options.get_option_at_index(1).prompt)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ListScreen)
        assert app.session.card().video.id == page.videos[1].id
        assert "2 of 4" in text(app, "#feed-bar") and f"from @{card.video.creator}'s page" in text(app, "#why")
        await pilot.press("j")
        assert app.session.card().video.id == page.videos[2].id
        await pilot.press("k", "k")
        assert app.session.card().video.id == page.videos[0].id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is page and "seen" in str(options.get_option_at_index(0).prompt)
        await pilot.press("escape")
        assert isinstance(app.screen, FeedScreen) and not isinstance(app.screen, ListScreen)
        assert app.session.card().view_id == card.view_id and app.session.list_source is None
        assert "1 For You" in text(app, "#feed-bar")
    sources = {s for (s,) in rows(db, "SELECT source FROM views")}
    assert f"page:creator:{card.video.creator}" in sources


async def test_pages_open_by_clicking_the_creator_a_hashtag_and_the_sound(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        card = app.session.card()
        screen = app.screen
        caption = str(app.screen.query_one("#caption", Static).visual)
        assert caption == f"{card.video.caption} #{' #'.join(card.video.hashtags)}"  # its hashtags follow it
        for selector, offset, heading in (
            ("#creator", (1, 0), "@" + card.video.creator),
            ("#caption", (2, 0), None),  # the caption's own words: nothing opens
            ("#caption", (len(f"{card.video.caption} #") + 1, 0), "#" + card.video.hashtags[0]),
            ("#sound", (3, 0), "♫ " + card.video.sound),
        ):
            await pilot.click(selector, offset=offset)
            await pilot.pause()
            if heading is None:
                assert app.screen is screen
                continue
            assert isinstance(app.screen, PageScreen) and text(app, "#page-title") == heading
            await pilot.press("escape")


async def test_a_hashtag_in_the_caption_opens_its_page_when_clicked(tmp_path, clock):
    from .conftest import make_video

    catalog = [make_video(i, caption="so good #noodles ok", hashtags=("noodles",), creator=f"c{i}") for i in range(3)]
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#caption", offset=(len("so good #") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and text(app, "#page-title") == "#noodles"
        assert app.screen.query_one(OptionList).option_count == 3


async def test_following_from_a_creator_page(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        creator = app.session.card().video.creator
        await pilot.press("o", "f")
        assert creator in app.session.profile.following and "following ✓" in text(app, "#page-about")
        await pilot.press("escape", "2")
        assert app.session.card().video.creator == creator


async def test_saving_and_the_saved_list(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=videos())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        first = app.session.card().video
        await pilot.press("b")
        assert app.screen.query_one(ActionRail).saved and "★" in app.screen.query_one(ActionRail).text()
        await pilot.press("j", "b", "j")
        second = app.session.history[-2].rec.video
        await pilot.press("B")
        page = app.screen
        assert isinstance(page, PageScreen) and text(app, "#page-title") == "Saved"
        assert [v.id for v in page.videos] == [second.id, first.id]
        await pilot.press("enter")
        assert isinstance(app.screen, ListScreen) and app.session.card().video.id == second.id
        await pilot.press("b")  # unsaved from the list
        await pilot.press("escape")
        await pilot.pause()
        assert [v.id for v in page.videos] == [first.id]
        await pilot.press("escape")
        assert isinstance(app.screen, FeedScreen)
    actions = [a for (a,) in rows(db, "SELECT action FROM events WHERE action IN ('save', 'unsave') ORDER BY id")]
    assert actions == ["save", "save", "unsave"]


async def test_the_saved_list_opens_from_the_palette(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"Saved videos")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and text(app, "#page-title") == "Saved"
        assert "Nothing saved yet" in text(app, "#page-about")


async def test_play_list_is_the_entry_for_other_screens(tmp_path, clock):
    """What the search screen's result calls: a list plays, escape comes back, the feed resumes."""
    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        before = app.session.card().view_id
        app.play_list("search:food", ["t5", "t6"], 1)
        await pilot.pause()
        assert app.session.card().video.id == "t6" and "from your search: food" in text(app, "#why")
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.card().view_id == before


async def test_a_hashtag_page_says_truly_how_it_is_ordered(tmp_path, clock):
    """A page is ordered by the audience's verdict (completion, likes, shares and comments per view), and it
    said "most liked by viewers first" over a likes column that visibly was not (#foodtok: 11.4K, 1.8K, 26.9K)."""
    from .conftest import make_video

    loved = make_video(1, title="loved", hashtags=("noodles",), views=2_000, likes=600, completion_rate=0.9)
    big = make_video(2, title="big", hashtags=("noodles",), views=500_000, likes=20_000, completion_rate=0.3)
    app = make_app_for(tmp_path / "t.db", clock, videos=[loved, big])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_page("hashtag", "noodles")
        await pilot.pause()
        assert [v.title for v in app.screen.videos] == ["loved", "big"]  # fewer likes, better liked
        about = text(app, "#page-about")
        assert "most liked" not in about
        assert about.startswith("2 videos, the audience's favourites first · enter plays")


async def test_a_page_cut_at_its_limit_does_not_pass_the_cut_for_the_count(tmp_path, clock):
    """A sound with 257 videos said "200 videos": a page lists PAGE_LIMIT, and the header gave that as the total."""
    from recommender.pages import PAGE_LIMIT

    from .conftest import make_video

    many = [make_video(i, creator=f"c{i % 7}", sound="lofi") for i in range(PAGE_LIMIT + 5)]
    few = [make_video(1000 + i, creator="c0", sound="rain") for i in range(3)]
    app = make_app_for(tmp_path / "t.db", clock, videos=many + few)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_page("sound", "lofi")
        await pilot.pause()
        assert len(app.screen.videos) == PAGE_LIMIT
        assert text(app, "#page-about").startswith(f"{PAGE_LIMIT} videos (the best of more), the audience's")
        await pilot.press("escape")
        await pilot.pause()
        app.open_page("sound", "rain")
        await pilot.pause()
        assert text(app, "#page-about").startswith("3 videos, the audience's favourites first")


async def test_a_page_under_restricted_mode_lists_as_many_as_it_allows_up_to_its_limit(tmp_path, clock):
    """Restricted mode listed 197 of a hashtag's 221 videos where it allowed 218: the 200 read less the mature."""
    from recommender.pages import PAGE_LIMIT

    from .conftest import make_video

    videos = [
        make_video(i, creator=f"c{i % 7}", hashtags=("storytime",), mature=i % 70 == 0) for i in range(PAGE_LIMIT + 21)
    ]
    app = make_app_for(tmp_path / "t.db", clock, videos=videos, restricted=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_page("hashtag", "storytime")
        await pilot.pause()
        assert len(app.screen.videos) == PAGE_LIMIT and not any(v.mature for v in app.screen.videos)
        assert text(app, "#page-about").startswith(f"{PAGE_LIMIT} videos (the best of more)")


async def test_saved_videos_all_hidden_by_restricted_mode_are_not_called_nothing_saved(tmp_path, clock):
    """Saved said "Nothing saved yet: press b" while restricted mode hid the one mature video saved."""
    from dataclasses import replace

    catalog = [replace(v, mature=True) if i == 0 else v for i, v in enumerate(videos())]
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        while not app.session.card().video.mature:
            await pilot.press("j")
        await pilot.press("b")
        app.session.set_restricted(True)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.videos == []
        assert text(app, "#page-about") == (
            "1 saved video, hidden by restricted mode, your mutes or keyword filters (settings: ,)."
        )


async def test_a_page_keeps_each_video_to_one_row_at_80_and_60_columns(tmp_path, clock):
    """At 80 columns a video's "views 269 likes 0:22 seen" ran onto a second row at the list's left edge."""
    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        listed = app.screen.query_one("#page-videos", OptionList)
        for size in ((100, 40), (80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert listed.virtual_size.height == listed.option_count == 4, size
            first = str(listed.get_option_at_index(0).prompt)
            assert first.split()[-1] in ("seen", "new") and "views" in first and "likes" in first, size


async def test_a_long_sounds_page_heading_names_it_at_60_columns(tmp_path, clock):
    """The heading wrapped a long name below its one line: at 60 columns a sound's page read only "♫"."""
    from dataclasses import replace

    long = [replace(v, sound="PaperMirage" + "x" * 100) for v in videos()]  # one word: nowhere to wrap
    app = make_app_for(tmp_path / "t.db", clock, videos=long)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        heading = app.screen.query_one("#page-title", Static)
        shown = heading.render_line(0).text
        assert "♫ PaperMiragexxx" in shown and shown.rstrip().endswith("…"), shown


async def test_a_liked_video_s_page_row_counts_the_like_as_its_card_does(tmp_path, clock):
    """Liked on its card (the rail said 396), the page row of the same video still said 395 likes, with no mark."""
    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        video = app.session.card().video
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        listed = app.screen.query_one("#page-videos", OptionList)
        rows = {v.id: str(listed.get_option_at_index(i).prompt) for i, v in enumerate(app.screen.videos)}
        assert f"{video.likes + 1} likes ♥" in rows.pop(video.id)
        assert rows and all("♥" not in row for row in rows.values())


async def test_an_empty_page_search_or_following_says_when_a_mute_hides_what_is_there(tmp_path, clock):
    """A muted hashtag's page said "No videos.", a search for a muted creator "Nothing matches", and Following
    with its one creator muted "every video of the 1 creators you follow": each as if nothing were there."""
    from tuiapp.screens.search import SearchScreen

    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.session.toggle_follow()
        creator = app.session.card().video.creator
        app.session.mute("hashtag", "tips")
        app.session.mute("creator", creator)
        app.open_page("hashtag", "tips")
        await pilot.pause()
        assert text(app, "#page-about") == "No videos: you muted this hashtag (settings: , to unmute)."
        await pilot.press("escape")
        await pilot.pause()
        app.screen.action_search(creator)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert text(app, "#search-status") == (
            f"Nothing matches {creator} (your mutes, keyword filters or restricted mode hide some videos)"
        )
    # Not "you have seen every video": the one creator followed is muted, and none of theirs is shown.
    assert (app.session.switch_feed("following") or app.session.empty).startswith(
        "Following shows nothing: the creator you follow is muted (unmute in settings, press ,). To follow more, "
    )


async def test_p_on_a_card_played_from_the_profiles_saved_list_goes_back_not_twice(tmp_path, clock):
    """p, B, Enter, p stacked the profile twice over the card (Feed, Profile, Saved, List, Profile): the first
    escape seemed to do nothing. As h does over a card played from History, it says where the profile is."""
    from tuiapp.screens.profile import ProfileScreen

    app = make_app_for(tmp_path / "t.db", clock, videos=videos())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("b", "p")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        assert sum(isinstance(s, ProfileScreen) for s in app.screen_stack) == 1
        assert [n.message for n in app._notifications][-1] == "Your profile is open: escape goes back to it."
