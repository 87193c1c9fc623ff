"""The moving picture: frames are pure functions of (video, position), and the widget draws them."""

from __future__ import annotations

from itertools import pairwise
from types import SimpleNamespace

import pytest
from rich.color import ColorType
from textual.app import App, ComposeResult
from textual.containers import Vertical

from tuiapp.widgets import motifs
from tuiapp.widgets.picture import CALM_FPS, SHADES, Picture, cells_for, colour_mode_of, half_block_row

from .conftest import make_video

GENRES = sorted(motifs.GENRES)


def rows_of(genre: str, video_id: str = "v1", t: float = 1.0, size: tuple[int, int] = (24, 30)) -> list[list[int]]:
    return motifs.frame(motifs.seed_of(video_id), genre, t, *size)


# -- frames ---------------------------------------------------------------------------------


def test_a_frame_is_a_pure_function_of_video_genre_time_and_size():
    for genre in GENRES:
        assert rows_of(genre) == rows_of(genre)
        motifs.motif.cache_clear()  # a fresh motif from the same seed draws the same frame
        assert rows_of(genre) == rows_of(genre)


def test_two_videos_of_one_genre_look_different():
    for genre in GENRES:
        assert rows_of(genre, "v1") != rows_of(genre, "v2"), genre


def test_genres_differ_in_family_or_palette():
    looks = {(motifs.family_of(g), motifs.palette(g)) for g in GENRES}
    assert len(looks) == len(GENRES)
    assert len({motifs.palette(g) for g in GENRES}) == len(GENRES)


def test_at_least_eight_families_and_every_one_is_drawn_for_some_genre():
    assert len(motifs.FAMILIES) >= 8
    assert {motifs.family_of(g) for g in GENRES} == set(motifs.FAMILIES)


def test_an_unknown_genre_borrows_a_known_look_stably():
    assert motifs.known_genre("underwater basket weaving") in motifs.GENRES
    assert motifs.known_genre("underwater basket weaving") == motifs.known_genre("underwater basket weaving")
    assert rows_of("underwater basket weaving") == rows_of(motifs.known_genre("underwater basket weaving"))


def test_the_picture_moves_and_a_loop_repeats_it():
    seed = motifs.seed_of("v7")
    for genre in GENRES:
        first = motifs.frame(seed, genre, 1.5, 20, 24, duration=30.0)
        assert first == motifs.frame(seed, genre, 31.5, 20, 24, duration=30.0), genre
        assert first != motifs.frame(seed, genre, 4.0, 20, 24, duration=30.0), genre


def test_levels_stay_within_the_palette_at_every_size():
    for genre in GENRES:
        for size in ((1, 1), (2, 7), (13, 3), (43, 76)):
            for t in (0.0, 0.4, 17.3):
                rows = rows_of(genre, "v3", t, size)
                assert len(rows) == size[1] and all(len(row) == size[0] for row in rows)
                assert all(0 <= level <= motifs.TOP for row in rows for level in row), (genre, size, t)


def test_an_empty_size_gives_empty_rows():
    for genre in GENRES:
        assert rows_of(genre, size=(0, 0)) == []
        assert rows_of(genre, size=(0, 3)) == [[], [], []]
        assert rows_of(genre, size=(5, 0)) == []


# -- cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["truecolor", "256"])
def test_a_row_merges_cells_that_look_the_same(mode):
    cells = cells_for("dance", mode)
    pixels = rows_of("dance", size=(40, 2))
    segments = half_block_row(pixels[0], pixels[1], cells)
    assert sum(len(s.text) for s in segments) == 40 and {c for s in segments for c in s.text} == {"▀"}
    assert all(a.style != b.style for a, b in pairwise(segments))
    colours = [c for s in segments if s.style for c in (s.style.color, s.style.bgcolor) if c]
    assert len(colours) == 2 * len(segments)
    kinds = {colour.type for colour in colours}
    assert kinds == ({ColorType.TRUECOLOR} if mode == "truecolor" else {ColorType.EIGHT_BIT})


# -- the widget -----------------------------------------------------------------------------


class PictureApp(App):
    CSS = "Picture { width: 20; height: 10; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="card"):
            yield Picture()


def strips(picture: Picture) -> list[list[tuple[str, object]]]:
    return [[(s.text, s.style) for s in picture.render_line(y)] for y in range(picture.content_size.height)]


async def test_the_picture_follows_the_position_and_redraws_only_on_a_new_frame():
    app = PictureApp()
    async with app.run_test(size=(30, 12)) as pilot:
        picture = app.query_one(Picture)
        picture.show(make_video(1, genres=("dance",), duration_s=30.0))
        await pilot.pause()
        start, drawn = strips(picture), picture.frames_drawn
        assert len(start) == 10 and all(sum(len(t) for t, _ in row) == 20 for row in start)

        picture.seek(0.01)  # still the first frame at 15 frames a second: nothing to do
        await pilot.pause()
        assert picture.frames_drawn == drawn and strips(picture) == start

        picture.seek(2.0)
        await pilot.pause()
        assert picture.frames_drawn == drawn + 1 and strips(picture) != start
        at_two = strips(picture)

        picture.seek(2.0)  # paused: the same position
        await pilot.pause()
        assert picture.frames_drawn == drawn + 1

        picture.seek(32.0)  # one loop later
        await pilot.pause()
        assert strips(picture) == at_two
        picture.seek(5.0)
        await pilot.pause()
        at_five = strips(picture)
        picture.seek(0.0)  # replay
        await pilot.pause()
        assert strips(picture) == start

        card = app.query_one("#card")
        card.display = False  # a hidden card's picture does no work ...
        await pilot.pause()
        hidden = picture.frames_drawn
        picture.seek(5.0)
        await pilot.pause()
        assert picture.frames_drawn == hidden
        card.display = True  # ... and the screen draws the right frame when it is seen again
        await pilot.pause()
        assert picture.frames_drawn == hidden + 1
        assert strips(picture) == at_five


async def test_the_next_picture_slides_in_over_the_last_one_and_settles_in_place():
    app = PictureApp()
    async with app.run_test(size=(30, 12)) as pilot:
        picture = app.query_one(Picture)
        picture.motion = "off"
        picture.show(make_video(1, genres=("dance",), duration_s=30.0))
        await pilot.pause()
        old = strips(picture)
        picture.slide()  # from below, as j brings it
        picture.show(make_video(2, genres=("music",), duration_s=30.0))
        picture.slide_offset = 4.0  # part way: the old picture's lower rows above, the new one's top below
        seen = strips(picture)
        assert seen[:4] == old[-4:] and seen[4:] != old[:6]
        await pilot.pause(0.4)  # the slide is over
        assert picture.slide_offset == 0.0
        new = strips(picture)
        assert new[:6] == seen[4:] and new != old

        picture.slide(down=True)  # back (k): from above, the last picture leaving at the bottom
        picture.show(make_video(1, genres=("dance",), duration_s=30.0))
        picture.slide_offset = -3.0
        seen = strips(picture)
        assert seen[:7] == old[3:] and seen[7:] == new[:3]
        await pilot.pause(0.4)
        assert strips(picture) == old


async def test_motion_off_shows_one_still_frame_and_low_moves_at_five_frames_a_second():
    app = PictureApp()
    async with app.run_test(size=(30, 12)) as pilot:
        picture = app.query_one(Picture)
        picture.motion = "off"
        picture.show(make_video(1, genres=("music",), duration_s=30.0))
        await pilot.pause()
        still, drawn = strips(picture), picture.frames_drawn
        for position in (1.0, 7.5, 29.0):
            picture.seek(position)
            await pilot.pause()
        assert strips(picture) == still and picture.frames_drawn == drawn and picture.fps == 0

        picture.motion = "low"
        assert picture.fps == 5
        picture.seek(29.0)
        await pilot.pause()
        moved = picture.frames_drawn
        picture.seek(29.1)  # within one fifth of a second: the same frame
        await pilot.pause()
        assert picture.frames_drawn == moved and strips(picture) != still
        with pytest.raises(ValueError):
            picture.motion = "fast"  # type: ignore[assignment]


async def test_under_no_color_the_picture_is_a_calm_shade_pattern_with_no_colour_of_its_own(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = PictureApp()
    async with app.run_test(size=(30, 12)) as pilot:
        picture = app.query_one(Picture)
        picture.show(make_video(1, genres=("art",), duration_s=30.0))
        await pilot.pause()
        assert picture.colour_mode == "calm" and picture.fps == CALM_FPS
        base = picture.visual_style.rich_style
        rows = strips(picture)
        assert all(style == base for row in rows for _, style in row)
        assert {c for row in rows for text, _ in row for c in text} <= set(SHADES)
        picture.seek(0.9)  # changes at most once a second
        await pilot.pause()
        assert strips(picture) == rows


async def test_any_size_renders_even_none_at_all():
    app = PictureApp()
    async with app.run_test(size=(30, 12)) as pilot:
        picture = app.query_one(Picture)
        assert {text.strip() for row in strips(picture) for text, _ in row} == {""}  # no video yet: blank
        picture.show(make_video(1, genres=("travel",)))
        for width, height in ((0, 0), (1, 1), (0, 4), (3, 0), (2, 1)):
            picture.styles.width, picture.styles.height = width, height
            await pilot.pause()
            rows = strips(picture)
            assert len(rows) == height and all(sum(len(t) for t, _ in row) == width for row in rows)
            assert picture.render_line(height + 3).cell_length == width


def test_the_colour_mode_follows_the_terminal():
    def app(color_system, no_color=False):
        return SimpleNamespace(no_color=no_color, console=SimpleNamespace(color_system=color_system))

    assert colour_mode_of(app("truecolor")) == "truecolor"
    assert colour_mode_of(app("256")) == colour_mode_of(app("standard")) == "256"
    assert colour_mode_of(app(None)) == colour_mode_of(app("truecolor", no_color=True)) == "calm"
