"""The card's lines change in place on a swipe: a line that grows or shrinks still shows whole."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from recommender.feed import Card
from tuiapp.widgets.video_card import VideoCard

from .conftest import make_video


class CardApp(App):
    CSS_PATH = "../tuiapp/tiktui.tcss"

    def compose(self) -> ComposeResult:
        yield VideoCard(id="card")


def card_of(i: int, caption: str) -> Card:
    video = make_video(i, caption=caption)
    return Card(video, "popular now", "foryou", 0.0, 0, False, False, False, False, False, i)


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
