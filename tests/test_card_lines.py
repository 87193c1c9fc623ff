"""The card's lines change in place on a swipe: a line that grows or shrinks still shows whole."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Static

from recommender.cards import Card
from tuiapp.widgets.video_card import VideoCard

from .conftest import make_app_for, make_video


class CardApp(App):
    CSS_PATH = "../tuiapp/tiktui.tcss"

    def compose(self) -> ComposeResult:
        yield VideoCard(id="card")


def card_of(i: int, caption: str, reason: str = "popular now") -> Card:
    video = make_video(i, caption=caption, hashtags=())  # the caption alone (a video's hashtags follow it)
    return Card(video, reason, "foryou", 0.0, 0, False, False, False, False, False, i)


def shown(app: CardApp, selector: str) -> tuple[int, str]:
    """(rows on screen, text) of one of the card's lines."""
    line = app.query_one(selector, Static)
    return line.size.height, str(line.visual)


async def test_a_caption_that_wraps_to_more_lines_gets_them_and_gives_them_back():
    app = CardApp()
    long = "a long caption " * 8  # about 120 characters: three or four rows at the card's width
    async with app.run_test(size=(100, 40)) as pilot:
        card = app.query_one(VideoCard)
        card.show(card_of(1, "short one"), now=0.0)
        await pilot.pause()
        assert shown(app, "#caption") == (1, "short one")
        sound = app.query_one("#sound").region.y

        card.show(card_of(2, long), now=0.0)
        await pilot.pause()
        rows, text = shown(app, "#caption")
        assert rows >= 3 and text == long
        assert app.query_one("#sound").region.y == sound + rows - 1, "the lines under the caption made room"

        card.show(card_of(3, "short two"), now=0.0)  # the same height as before: in place
        await pilot.pause()
        assert shown(app, "#caption") == (1, "short two")
        assert app.query_one("#sound").region.y == sound
        card.show(card_of(4, "short 3"), now=0.0)
        await pilot.pause()
        assert shown(app, "#caption") == (1, "short 3") and shown(app, "#title") == (1, "title 4")


async def test_a_caption_past_its_four_rows_keeps_them_and_the_lines_under_it_stay(monkeypatch):
    app = CardApp()
    long, longer = "a long caption " * 12, "an even longer caption " * 12  # both past the caption's four rows
    async with app.run_test(size=(100, 40)) as pilot:
        card = app.query_one(VideoCard)
        card.show(card_of(1, long), now=0.0)
        await pilot.pause()
        assert shown(app, "#caption") == (4, long)
        sound = app.query_one("#sound").region.y
        layouts = count_layouts(app, monkeypatch)
        card.show(card_of(2, longer), now=0.0)
        await pilot.pause()
        assert shown(app, "#caption") == (4, longer)
        assert app.query_one("#sound").region.y == sound
        assert layouts == [], "four rows before, four rows now: nothing to lay out"
        card.show(card_of(3, "short"), now=0.0)  # the rows are given back
        await pilot.pause()
        assert shown(app, "#caption") == (1, "short")
        assert app.query_one("#sound").region.y == sound - 3


async def test_the_why_line_stays_one_row_whatever_the_reason_and_the_frame_stays_put(monkeypatch):
    app = CardApp()
    long = "because you watched #cooking, #baking and @creator1 to the end, and people like you loved it"
    async with app.run_test(size=(100, 40)) as pilot:
        card = app.query_one(VideoCard)
        card.show(card_of(1, "one", "popular now"), now=0.0)
        await pilot.pause()
        frame = app.query_one("#frame").region
        layouts = count_layouts(app, monkeypatch)
        card.show(card_of(2, "two", long), now=0.0)
        await pilot.pause()
        assert shown(app, "#why") == (1, "why this video: " + long)
        assert app.query_one("#frame").region == frame
        assert layouts == [], "a one-row line of another length moves nothing"


def count_layouts(app: CardApp, monkeypatch) -> list[object]:
    """The screen's layouts from now on (each lays every widget out and repaints what moved)."""
    screen, layouts = app.screen, []
    refresh_layout = screen._refresh_layout

    def counted(*args, **kwargs):
        layouts.append(args)
        return refresh_layout(*args, **kwargs)

    monkeypatch.setattr(screen, "_refresh_layout", counted)
    return layouts


def row(app: CardApp, selector: str) -> str:
    """The first row of one of the card's lines as the terminal shows it."""
    line = app.query_one(selector, Static)
    return line.render_lines(Region(0, 0, line.size.width, 1))[0].text.strip()


async def test_the_why_line_shows_a_whole_reason_at_the_usual_sizes():
    """A reason the feed gives every few cards ("because you like #trending videos") used to be cut after
    "because you like": the line was as narrow as the frame, one row high, and wrapped."""
    reason = "because you like #trending videos"
    for size in ((100, 40), (80, 24), (60, 20)):
        app = CardApp()
        async with app.run_test(size=size) as pilot:
            card = app.query_one(VideoCard)
            card.show(card_of(1, "one", reason), now=0.0)
            await pilot.pause()
            assert row(app, "#why") == "why this video: " + reason, size


async def test_a_reason_too_long_for_the_window_ends_in_an_ellipsis():
    long = "because you watched #cooking, #baking and @creator1 to the end, and people like you loved it"
    app = CardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(VideoCard).show(card_of(1, "one", long), now=0.0)
        await pilot.pause()
        shown = row(app, "#why")
        assert shown.startswith("why this video: because you watched") and shown.endswith("…")


async def test_at_80x24_the_frame_leaves_room_for_a_whole_creator_name():
    """9:16 at 80x24 made the frame 21 columns wide and the text over it 11: "@itsfinngro" / "oves · 105d"."""
    app = CardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        card = app.query_one(VideoCard)
        card.show(
            Card(make_video(1, creator="itsfinngrooves_1234"), "popular now", "foryou", 0.0, 0, *[False] * 5, 1), 0.0
        )
        await pilot.pause()
        assert row(app, "#creator") == "@itsfinngrooves_1234"
        frame = app.query_one("#frame").region
        assert frame.width == 30 and abs(frame.x - (80 - frame.width) // 2) <= 1, "still centred"


async def test_a_first_card_with_no_likes_comments_or_shares_shows_its_rail():
    """A new post (0 likes, 0 comments, 0 shares) as the first card of a list: the rail was blank until a like,
    since nothing it showed differed from its defaults and its first paint did nothing."""
    from dataclasses import replace

    from tuiapp.widgets.action_rail import ActionRail

    app = CardApp()
    async with app.run_test(size=(100, 40)) as pilot:
        card = app.query_one(VideoCard)
        fresh = card_of(1, "")
        card.show(replace(fresh, video=replace(fresh.video, likes=0, comments=0, shares=0, views=0)), now=0.0)
        await pilot.pause()
        assert app.query_one(ActionRail).text().split() == ["♡", "0", "✎", "0", "↗", "0", "☆", "save", "+", "follow"]


async def test_a_card_without_a_caption_leaves_no_blank_row_and_the_next_one_shows_its_caption():
    """A post with neither caption nor hashtags had a blank row between its title and its sound."""
    from dataclasses import replace

    app = CardApp()
    async with app.run_test(size=(100, 40)) as pilot:
        card = app.query_one(VideoCard)
        card.show(card_of(1, "a caption"), now=0.0)
        card.show_comments([])  # as the feed does: none of the viewer's own
        await pilot.pause()
        sound = app.query_one("#sound").region
        bare = card_of(2, "")
        card.show(replace(bare, video=replace(bare.video, hashtags=())), now=0.0)  # no caption, no hashtags
        await pilot.pause()
        assert app.query_one("#sound").region.y == app.query_one("#title").region.bottom, "right under the title"
        card.show(card_of(3, "back again"), now=0.0)
        await pilot.pause()
        assert shown(app, "#caption") == (1, "back again") and app.query_one("#sound").region == sound


async def test_a_videos_hashtags_its_caption_does_not_name_are_on_the_card():
    """An imported caption need not repeat its hashtags (the shipped ones all do): they follow it, so every tag `#`
    opens is on the card; one the caption names is not shown twice."""
    app = CardApp()
    video = make_video(1, caption="slurping noodles at midnight #late", hashtags=("noodles", "late"))
    async with app.run_test(size=(100, 40)) as pilot:
        app.query_one(VideoCard).show(Card(video, "popular now", "foryou", 0.0, 0, *[False] * 5, 1), now=0.0)
        await pilot.pause()
        assert shown(app, "#caption")[1] == "slurping noodles at midnight #late #noodles"


async def test_at_80x24_every_line_of_the_card_and_the_whole_rail_are_on_the_frame(tmp_path, clock):
    """The text over the frame gets half of it: in the app at 80x24 a long caption's four rows pushed the genre and
    length line off the frame, and the rail's follow under it."""
    long = "a long caption " * 8
    videos = [
        make_video(
            i,
            creator=f"coachwitharjun{i}",
            title="morning squats on my lunch break, day 12",
            caption=long,
            sound="Neon Orbit (slowed + reverb) - Marlo",
        )
        for i in range(30)
    ]
    app = make_app_for(tmp_path / "t.db", clock, videos=videos)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = app.screen.query_one("#overlay").region  # the text's half of the frame: what is past it is cut off
        for selector in ("#creator", "#title", "#caption", "#sound", "#genre", "#rail-follow"):
            region = app.screen.query_one(selector).region
            assert region.height >= 1 and shown.contains_region(region), selector
        sound = app.screen.query_one("#sound", Static)
        shown_sound = sound.render_lines(Region(0, 0, sound.size.width, 1))[0].text.rstrip()
        assert shown_sound.endswith("…"), "a sound cut to its one row says so"


async def test_a_title_longer_than_its_rows_ends_in_an_ellipsis():
    """A long title, caption or sound was cut at its rows' end mid-word, with no sign there was more."""
    title = "A very long title that keeps going and going well past what two rows of the frame can hold, and more"
    app = CardApp()
    async with app.run_test(size=(100, 40)) as pilot:
        card = app.query_one(VideoCard)
        video = make_video(1, title=title, caption="word " * 80, sound="a sound whose name runs past the frame " * 2)
        card.show(Card(video, "popular now", "foryou", 0.0, 0, *[False] * 5, 1), 0.0)
        await pilot.pause()
        for name, rows in (("title", 2), ("caption", 4), ("sound", 2)):
            line = app.query_one(f"#{name}", Static)
            shown = [strip.text.rstrip() for strip in line.render_lines(Region(0, 0, line.size.width, rows))]
            assert len(shown) == rows and shown[-1].endswith("…"), (name, shown)
        short = make_video(2, title="Crispy garlic noodles")  # what fits is shown whole, with no ellipsis
        card.show(Card(short, "popular now", "foryou", 0.0, 0, *[False] * 5, 2), 0.0)
        await pilot.pause()
        assert row(app, "#title") == "Crispy garlic noodles"


async def test_a_caption_cut_to_its_rows_keeps_its_hashtags_in_sight():
    """At 80x24 a caption gets two rows of 20 cells, and its closing hashtags (the ones `#` opens) were always the
    part cut: the words give way now, and the tags keep the last row. Where it fits, it reads as written."""
    caption = "Rating the street food in the Faroe Islands. follow for part 2 #budgettravel #fyp"
    video = make_video(1, caption=caption, hashtags=("budgettravel", "fyp"))
    for size in ((80, 24), (100, 40)):
        app = CardApp()
        async with app.run_test(size=size) as pilot:
            app.query_one(VideoCard).show(Card(video, "popular now", "foryou", 0.0, 0, *[False] * 5, 1), 0.0)
            await pilot.pause()
            line = app.query_one("#caption", Static)
            rows = [strip.text.rstrip() for strip in line.render_lines(Region(0, 0, *line.size))]
            if size == (80, 24):
                assert len(rows) == 2 and line.size.width < 30, (line.size, rows)
                assert rows[0].startswith("Rating") and rows[0].endswith("…"), rows
                assert rows[1].startswith("#budgettravel"), rows
            else:
                assert " ".join(rows) == caption, rows


async def test_the_creator_line_breaks_between_its_parts_never_inside_one():
    """Wrapped at spaces it read "@anaxkeys · 6d ago ·" on the short card's one row (the views cut off after their
    dot), "39d" without its "ago", and "@ana.bakes · just now · 0" over "views" at 100x40."""
    for size, creator, age_s, views, kept in (
        ((100, 40), "ana.bakes", 10.0, 0, ["@ana.bakes", "just now", "0 views"]),
        ((100, 40), "itsfinngrooves_1234", 39 * 86400.0, 51_400, ["@itsfinngrooves_1234", "39d ago", "51.4K views"]),
        ((80, 24), "anaxkeys", 6 * 86400.0, 51_400, ["@anaxkeys", "6d ago"]),
        ((80, 24), "itsfinngrooves_1234", 39 * 86400.0, 51_400, ["@itsfinngrooves_1234"]),
    ):
        app = CardApp()
        async with app.run_test(size=size) as pilot:
            card = Card(make_video(1, creator=creator, views=views), "popular now", "foryou", 0.0, 0, *[False] * 5, 1)
            app.query_one(VideoCard).show(card, now=age_s)
            await pilot.pause()
            line = app.query_one("#creator", Static)
            rows = [s.text.strip() for s in line.render_lines(Region(0, 0, *line.size)) if s.text.strip()]
            assert [part for r in rows for part in r.split(" · ")] == kept, (size, rows)


async def test_each_rail_item_of_a_short_card_keeps_to_one_row_whatever_its_count():
    """'♡ 10.4K' and '★ saved' broke in two at 80x24: the follow was pushed off the card, and a click on the like's
    count, now on the comment's row, opened the comment box."""
    from tuiapp.widgets.action_rail import ActionRail

    app = CardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        video = make_video(1, likes=10_400, comments=254_600, shares=9_876)
        app.query_one(VideoCard).show(Card(video, "popular now", "foryou", 0.0, 0, *[False] * 5, 1), now=0.0)
        rail = app.query_one(ActionRail)
        rail.liked = rail.saved = True
        await pilot.pause()
        heights = {button.id: button.size.height for button in rail.children}
        assert [h for name, h in heights.items() if name != "rail-follow"] == [1, 1, 1, 1], heights
        assert "♥ 10K" in rail.text() and "✎ 255K" in rail.text() and "↗ 9.9K" in rail.text() and "★" in rail.text()


async def test_the_viewers_own_video_offers_no_follow():
    """QA: the viewer's own post showed "+ follow", and f on it only said "@you is you"."""
    from tuiapp.widgets.action_rail import ActionRail

    app = CardApp()
    async with app.run_test(size=(100, 40)) as pilot:
        video = make_video(1)
        card = Card(video, "your post", "foryou", 0.0, 0, *[False] * 5, 1, followable=False)
        app.query_one(VideoCard).show(card, now=0.0)
        await pilot.pause()
        rail = app.query_one(ActionRail)
        assert not rail.query_one("#rail-follow").display
        app.query_one(VideoCard).show(Card(video, "popular now", "foryou", 0.0, 0, *[False] * 5, 1), now=0.0)
        await pilot.pause()
        assert rail.query_one("#rail-follow").display
