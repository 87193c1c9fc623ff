"""The settings screen and mute-from-the-card, driven through the real app as a viewer would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Button, Input, OptionList, Static

from tuiapp.screens.feed import FeedScreen
from tuiapp.screens.mute import MuteScreen
from tuiapp.screens.passcode import PasscodeScreen
from tuiapp.screens.settings import SettingsScreen

from .conftest import make_app_for, make_video

PASSCODE = "tulip-4471"


def catalog(n: int = 24):
    return [
        make_video(
            i,
            creator=f"creator{i % 4}",
            hashtags=(f"tag{i % 3}", "food"),
            sound=f"sound{i % 5}",
            genres=(("cooking", "pets", "travel")[i % 3],),
            mature=i % 6 == 0,
        )
        for i in range(n)
    ]


def rows(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def options(app, selector: str) -> list[str]:
    widget = app.screen.query_one(selector, OptionList)
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


async def test_x_asks_what_to_mute_and_the_feed_never_shows_it_again(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        video = app.session.card().video
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, MuteScreen)
        offered = options(app, "#mute-choices")
        assert offered == [
            f"creator  @{video.creator}",
            *(f"hashtag  #{h}" for h in video.hashtags),
            f"sound    ♫ {video.sound}",
        ]
        await pilot.press("enter")  # the first: the creator
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen)
        assert any(f"Muted creator @{video.creator}" in n.message for n in app._notifications)
        assert app.session.card().video.id != video.id, "muting moves on to the next card"
        for _ in range(8):
            assert app.session.card().video.creator != video.creator
            clock.advance(2)
            await pilot.press("j")
            await pilot.pause()
        await pilot.press("x", "escape")  # Escape mutes nothing
        await pilot.pause()
    assert rows(db, "SELECT action, detail FROM events WHERE action IN ('mute', 'unmute')") == [
        ("mute", f'["creator", "{video.creator}"]')
    ]


async def test_k_after_x_never_brings_the_muted_creator_back(tmp_path, clock):
    # The card muted from was on screen when the rule was made, so it stayed in the way back, and `k` showed it
    # again under the toast that said its videos would not appear again.
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        first = app.session.card().video
        clock.advance(2)
        await pilot.press("j")
        await pilot.pause()
        muted = app.session.card().video
        await pilot.press("x", "enter")  # the creator
        await pilot.pause()
        assert app.session.card().video.creator != muted.creator
        await pilot.press("k")
        await pilot.pause()
        assert app.session.card().video.id == first.id, "back past the muted card, to the one before it"
        await pilot.press("j")
        await pilot.pause()
        assert app.session.card().video.creator != muted.creator


async def test_unmute_in_settings(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        app.session.mute("sound", "sound3")
        app.session.mute("hashtag", "tag1")
        await pilot.press("comma")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert options(app, "#muted") == ["hashtag  #tag1", "sound    ♫ sound3"]
        app.screen.query_one("#muted", OptionList).focus()
        await pilot.press("down", "enter")  # the first is chosen already; the second: the sound
        await pilot.pause()
        assert options(app, "#muted") == ["hashtag  #tag1"]
        assert ("sound", "sound3") not in app.session.rules.muted
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen)
    assert ("unmute", '["sound", "sound3"]') in rows(db, "SELECT action, detail FROM events")


async def test_settings_open_from_the_command_palette(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"settings")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)


async def test_keyword_filters_and_topics_from_the_settings_screen(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        app.screen.query_one("#keyword-add", Input).focus()
        await pilot.press(*"Crème", "enter")
        await pilot.pause()
        assert options(app, "#keywords") == ["Crème"] and app.session.keywords == ["Crème"]
        await pilot.press(*"creme", "enter")  # the same word: said, not added
        await pilot.pause()
        assert app.session.keywords == ["Crème"]
        assert any("already filtered" in n.message for n in app._notifications)
        topics = app.screen.query_one("#topics", OptionList)
        topics.focus()  # the first row is chosen already: + on it acts (with none chosen, the key did nothing)
        await pilot.pause()
        await pilot.press("plus")
        await pilot.press("down", "minus")  # pets
        await pilot.press("down", "enter", "enter")  # travel: more, then less
        await pilot.pause()
        assert app.session.rules.topics == {"cooking": "more", "pets": "less", "travel": "less"}
        assert "▲ more" in options(app, "#topics")[0] and "▼ less" in options(app, "#topics")[1]
        await pilot.press("up", "0")
        await pilot.pause()
        assert app.session.rules.topics == {"cooking": "more", "travel": "less"}


async def test_refresh_and_its_undo_from_the_settings_screen(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        for _ in range(6):
            clock.advance(40)
            await pilot.press("j")
        learned = app.session.profile.views_learned
        await pilot.press("comma")
        await pilot.pause()
        assert app.screen.query_one("#refresh-undo", Button).disabled
        await pilot.click("#refresh")
        await pilot.pause()
        assert app.session.profile.views_learned == 0
        assert "Refreshed 20" in str(app.screen.query_one("#refresh-state", Static).visual)
        # The fresh profile learns the card on screen as it is left (the refresh comes before its leave in the
        # log): the toast said "from your next card".
        said = [n.message for n in app._notifications][-1]
        assert "learning starts over with the card on screen" in said, said
        await pilot.click("#refresh-undo")
        await pilot.pause()
        assert app.session.profile.views_learned == learned
        assert app.screen.query_one("#refresh-undo", Button).disabled


async def test_the_passcode_guards_restricted_mode_and_never_reaches_the_file(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:

        async def click(selector: str) -> None:
            await pilot.click(selector)
            await pilot.pause()

        async def answer(*passcodes: str) -> None:
            assert isinstance(app.screen, PasscodeScreen)
            for code in passcodes:
                await pilot.press(*code, "enter")
            await pilot.pause()

        def toasts() -> str:
            return "\n".join(n.message for n in app._notifications)

        await pilot.press("comma")
        await pilot.pause()
        await click("#restricted-toggle")
        assert app.session.restricted
        await click("#passcode-set")
        await answer(PASSCODE, "tulip-4472")  # typed twice, not the same: asked again
        assert isinstance(app.screen, PasscodeScreen) and not app.session.locked
        app.screen.query_one("#passcode-again", Input).value = ""
        await answer(PASSCODE)
        assert isinstance(app.screen, SettingsScreen) and app.session.locked
        assert PASSCODE not in " ".join(str(s.visual) for s in app.screen.query(Static))

        await click("#restricted-toggle")
        await answer("tulip-0000")  # wrong: refused, nothing changed
        assert app.session.restricted and "Wrong passcode" in toasts()
        await click("#restricted-toggle")
        await pilot.press("escape")  # cancelled: nothing changed
        await pilot.pause()
        assert app.session.restricted
        await click("#restricted-toggle")
        await answer(PASSCODE)
        assert not app.session.restricted and "Restricted mode off." in toasts()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code in (None, 0)
    (stored,) = [h for (h,) in rows(db, "SELECT detail FROM events WHERE detail LIKE '[\"passcode\"%'")]
    assert stored.startswith('["passcode", "scrypt$')
    for part in tmp_path.glob("t.db*"):  # the file, its -wal and -shm: the bytes themselves
        assert PASSCODE.encode() not in part.read_bytes(), part
    assert PASSCODE not in "".join(p.read_text("utf-8", "replace") for p in tmp_path.rglob("*.log"))


async def test_a_button_whose_label_grows_shows_it_whole(tmp_path, clock):
    """Once a passcode was set, "Set passcode" became "Change passcode" in the button's old width: it showed
    "Change"."""
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        await pilot.click("#passcode-set")
        await pilot.pause()
        for _ in range(2):  # the new passcode, twice
            await pilot.press(*PASSCODE, "enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and app.session.locked
        button = app.screen.query_one("#passcode-set", Button)
        assert [s.text.strip() for s in button.render_lines(Region(0, 0, *button.size))] == ["Change passcode"]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_settings_button_is_within_its_column(size, tmp_path, clock):
    """At 80 columns "Remove" (the passcode) sat past the left column's edge, out of sight and out of reach; at 60,
    the smallest window tiktui takes, "Undo refresh" was cut to "Undo re" and "Remove" was gone again."""
    from tuiapp.passcode import new_hash

    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.session.set_passcode(new_hash(PASSCODE), None)
        await pilot.press("comma")
        await pilot.pause()
        for column in ("#settings-left", "#settings-right"):
            inside = app.screen.query_one(column).content_region
            for button in app.screen.query_one(column).query(Button):
                region = button.region
                assert inside.x <= region.x and region.right <= inside.right, (button.id, region, inside)


async def test_settings_export_everything_to_the_file_shown(tmp_path, clock):
    import json

    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l", "j", "j", "comma")
        await pilot.pause()
        path = app.screen.query_one("#export-path", Input)
        assert path.value == "" and "tiktui-export-" in path.placeholder
        # What Enter does and that a path can be typed, in sight: the placeholder used to say it past the field's
        # end ("Enter exports to tiktui-export-2026-11-01.json" and no more at 100 columns).
        assert len(path.placeholder) <= path.content_size.width, path.placeholder
        about = str(app.screen.query_one("#your-data", Static).visual)
        assert "or type a path" in about and "a folder/ for CSV" in about
        app.screen.query_one("#export", Button).press()  # nothing typed: beside the data file, named for today
        await pilot.pause()
        (beside,) = tmp_path.glob("tiktui-export-*.json")
        exported = json.loads(beside.read_text())
        assert exported["views"]
        # Said as the command line says it: it was "... 3 settings, 12 profile to ...".
        counts = exported["counts"]
        assert list(app._notifications)[-1].message == (
            f"Exported {counts['videos']} videos seen or posted, {counts['views']} views, {counts['events']} events, "
            f"{counts['settings']} settings, {counts['profile']} profile scores to {beside}."
        )
        # A second export of the day goes to the next name (it was refused: "already exists ... --force"), and the
        # field shows that name before it is pressed.
        second = beside.with_name(beside.stem + "-2.json")
        assert path.placeholder == second.name
        app.screen.query_one("#export", Button).press()
        await pilot.pause()
        assert second.exists() and list(app._notifications)[-1].message.endswith(f" to {second}.")
        path.value = str(tmp_path / "mine.json")
        app.screen.query_one("#export", Button).press()
        await pilot.pause()
        data = json.loads((tmp_path / "mine.json").read_text())
        views = rows(db, "SELECT COUNT(*) FROM views")[0][0]
        assert len(data["views"]) == views and views >= 2
        assert (tmp_path / "mine.json").stat().st_mode & 0o777 == 0o600
        app.screen.query_one("#export", Button).press()  # again: never over the first
        await pilot.pause()
        refused = list(app._notifications)[-1].message
        # The app has no --force to offer: it says what to do there.
        mine = tmp_path / "mine.json"
        assert refused == f"{mine}: already exists; nothing was written: type another name in settings"
        # A folder not made yet, typed with its slash: CSV files in it (it was a JSON file named for the folder).
        path.value = f"{tmp_path / 'csv'}/"
        app.screen.query_one("#export", Button).press()
        await pilot.pause()
        assert (tmp_path / "csv").is_dir() and (tmp_path / "csv" / "views.csv").exists()
        # A name alone goes beside the data file, as the settings say, and the toast names its folder (QA: it went to
        # the folder tiktui was started from, and the toast said only "to relative.json").
        path.value = "relative.json"
        app.screen.query_one("#export", Button).press()
        await pilot.pause()
        assert (tmp_path / "relative.json").exists()
        assert list(app._notifications)[-1].message.endswith(f" to {tmp_path / 'relative.json'}.")
        path.value = "mycsv/"  # a folder's slash kept (review: joined as a path, it wrote a JSON file "mycsv")
        app.screen.query_one("#export", Button).press()
        await pilot.pause()
        assert (tmp_path / "mycsv" / "views.csv").exists()


async def test_export_from_the_palette_with_a_relative_data_folder(tmp_path, clock, monkeypatch):
    """Review: with --data-dir mydata the default export went to mydata/mydata/ ("no such folder")."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mydata").mkdir()
    app = make_app_for(Path("mydata") / "tiktui.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        app.export_data()
        await pilot.pause()
        assert list((tmp_path / "mydata").glob("tiktui-export-*.json")), [n.message for n in app._notifications]


async def test_deleting_all_data_asks_for_the_word_then_quits_for_the_command_line_to_delete(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        app.screen.query_one("#forget", Button).press()
        await pilot.pause()
        await pilot.press(*"keep", "enter")  # not the word: nothing is deleted, and it says so
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and not app.forget_on_exit
        assert any("Kept: nothing was deleted" in n.message for n in app._notifications)
        app.screen.query_one("#forget", Button).press()
        await pilot.pause()
        await pilot.press(*"delete", "enter")
        await pilot.pause()
    assert app.forget_on_exit and db.exists()  # the app closed its file; `tiktui` deletes it after (test_cli)


async def test_after_five_wrong_passcodes_the_app_says_how_long_to_wait_instead_of_asking(tmp_path, clock):
    """QA: a four-digit passcode could be guessed by hand, each wrong one refused at once. The sixth try is not asked
    for: a toast says how long to wait, and the wait ends on the clock."""
    from tuiapp.passcode import new_hash

    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        app.session.set_restricted(True)
        app.session.set_passcode(new_hash(PASSCODE))
        await pilot.press("comma")
        await pilot.pause()
        for guess in ("0000", "0001", "0002", "0003", "0004"):
            await pilot.click("#restricted-toggle")
            await pilot.pause()
            assert isinstance(app.screen, PasscodeScreen)
            await pilot.press(*guess, "enter")
            await pilot.pause()
        app.clear_notifications()
        await pilot.click("#restricted-toggle")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen), "not asked while the wait lasts"
        assert [n.message for n in app._notifications] == [
            "Too many wrong passcodes: try again in 1 minute: nothing changed."
        ]
        clock.advance(61)
        await pilot.pause(0.3)  # a button clicked again while it still shows its last press ignores the click
        await pilot.click("#restricted-toggle")
        await pilot.pause()
        assert isinstance(app.screen, PasscodeScreen), [n.message for n in app._notifications]
        await pilot.press(*PASSCODE, "enter")
        await pilot.pause()
        assert not app.session.restricted


async def test_loosening_a_screen_time_limit_asks_for_the_passcode(tmp_path, clock):
    import pytest

    from recommender.feed import PasscodeRefused
    from recommender.screen_time import DAILY_LIMIT
    from tuiapp.passcode import new_hash

    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40)):
        session = app.session
        session.set(DAILY_LIMIT, 60)
        session.set_passcode(new_hash(PASSCODE))
        session.set(DAILY_LIMIT, 30)  # tighter: allowed
        for looser in (45, None):
            with pytest.raises(PasscodeRefused):
                session.set(DAILY_LIMIT, looser)
            with pytest.raises(PasscodeRefused):
                session.set(DAILY_LIMIT, looser, "wrong")
        session.set(DAILY_LIMIT, None, PASSCODE)
        assert session.setting(DAILY_LIMIT) is None


async def test_a_passcode_try_that_cannot_be_saved_is_said_and_deletes_nothing(tmp_path, clock, monkeypatch):
    """Each try is an event now: on a full disk the passcode asked before deleting all data is refused in a toast,
    not a crash, and nothing is deleted."""
    from tuiapp.passcode import new_hash

    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        app.session.set_passcode(new_hash(PASSCODE))

        def full(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(app.session.store, "record", full)
        app.ask_to_forget()
        await pilot.pause()
        await pilot.press(*PASSCODE, "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedScreen) and not app.forget_on_exit
        assert any("Could not save" in n.message and "disk is full" in n.message for n in app._notifications)
        monkeypatch.undo()  # room again: quitting saves the card on screen


async def test_with_a_passcode_deleting_all_data_asks_for_it_first(tmp_path, clock):
    """Deleting the data lifts restricted mode and the limits with it: it asked only for the word "delete"."""
    from tuiapp.passcode import new_hash
    from tuiapp.screens.confirm import ConfirmScreen
    from tuiapp.screens.passcode import PasscodeScreen

    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        app.session.set_passcode(new_hash(PASSCODE))
        app.ask_to_forget()
        await pilot.pause()
        assert isinstance(app.screen, PasscodeScreen)
        await pilot.press(*"0000", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, (PasscodeScreen, ConfirmScreen)) and not app.forget_on_exit
        assert any("Wrong passcode: nothing was deleted" in n.message for n in app._notifications)
        app.ask_to_forget()
        await pilot.pause()
        await pilot.press(*PASSCODE, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(*"delete", "enter")
        await pilot.pause()
    assert app.forget_on_exit


async def test_the_palette_exports_and_deletes_too(tmp_path, clock):
    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("j", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"export your", "enter")
        await pilot.pause()
        assert len(list(tmp_path.glob("tiktui-export-*.json"))) == 1
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"delete all", "enter")
        await pilot.pause()
        await pilot.press(*"delete", "enter")
        await pilot.pause()
    assert app.forget_on_exit


async def test_settings_open_at_their_first_control_each_time(tmp_path, clock):
    """The screen is kept once made: opened again, its focus was where it was left (Tab then Enter refreshed
    For You at once)."""
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        first = app.focused
        await pilot.press("tab", "tab", "tab")
        await pilot.pause()
        assert app.focused is not first
        await pilot.press("escape", "comma")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and app.focused is first and first.id == "restricted-toggle"


async def test_a_word_typed_as_settings_open_is_filtered_and_restricted_mode_stays_off(tmp_path, clock):
    """QA: the focus began on "Turn on": ', goat Enter' put the letters nowhere and turned restricted mode on."""
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("comma", "question_mark")  # a key with a binding does what it does: help
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and app.focused.id == "restricted-toggle"
        for key in [*"goat", "enter"]:
            await pilot.press(key)
            await pilot.pause()
        assert app.session.keywords == ["goat"] and not app.session.restricted


async def test_a_long_passcode_question_wraps_instead_of_being_cut(tmp_path, clock):
    """ "The passcode, to delete all your data (it lifts restri" was all the viewer read: the question was a Label,
    cut at the box's width."""
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    question = "The passcode, to delete all your data (it lifts restricted mode)"
    async with app.run_test(size=(110, 30)) as pilot:
        app.push_screen(PasscodeScreen(question))
        await pilot.pause()
        shown = app.screen.query_one("#passcode-box").query(Static).first()
        assert shown.visual is not None and question in str(shown.visual)
        assert shown.size.height == 2 and shown.size.width < len(question)


async def test_a_new_passcode_typed_fast_twice_is_set(tmp_path, clock):
    """'4821 Enter 4821 Enter' typed fast left eight dots in the first field and the second empty: the focus moved
    on only once the screen heard of the first Enter, after the keys behind it."""
    from textual import events

    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        await pilot.click("#passcode-set")
        await pilot.pause()
        assert isinstance(app.screen, PasscodeScreen)
        for key in [*"tulip4821", "enter", *"tulip4821", "enter"]:
            app.post_message(events.Key(key, None if key == "enter" else key))
        await pilot.pause(0.3)
        assert isinstance(app.screen, SettingsScreen) and app.session.locked


async def test_a_motion_chosen_is_the_only_one_lit_and_said_once(tmp_path, clock):
    """QA: after choosing low, full stayed lit beside it until settings were opened again (the level in force was set
    without the radio set knowing it)."""
    from textual.widgets import RadioButton

    db = tmp_path / "t.db"
    app = make_app_for(db, clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        lit = lambda: [b.id for b in app.screen.query(RadioButton) if b.value]  # noqa: E731
        assert lit() == ["motion-full"] and not list(app._notifications)  # opening says nothing
        await pilot.click("#motion-low")
        await pilot.pause()
        assert lit() == ["motion-low"] and app.session.setting("motion") == "low"
        # Told by its mark too, not by colour alone (QA: under NO_COLOR the three dots read alike).
        marks = [str(b.render()).split()[0] for b in app.screen.query(RadioButton)]
        assert marks == ["▐○▌", "▐●▌", "▐○▌"], marks
        said = [n.message for n in app._notifications]
        assert said == ["Motion: low (5 frames a second, a third of what full sends to the terminal)."]
    assert rows(db, "SELECT detail FROM events WHERE action = 'set'") == [('["motion", "low"]',)]


async def test_a_screen_time_field_left_by_escape_shows_the_value_in_force_next_time(tmp_path, clock):
    """QA: 45 typed in the break field and left with Escape (not saved) was there when the box opened again, beside
    "breaks off" in its first line."""
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p", "t")
        await pilot.pause()
        await pilot.press("tab", "4", "5", "escape")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        fields = [field.value for field in app.screen.query(Input)]
        assert fields == ["", ""] and app.session.setting("break_every_minutes") is None, fields


async def test_a_click_on_a_filter_mute_or_topic_points_at_it_and_enter_acts(tmp_path, clock):
    """QA: one click on a keyword filter started removing it, one on a mute unmuted it (saying "Unmuted" of what
    it did not name), one on a topic changed it: a click points, as on the profile's genres; Enter does it."""
    app = make_app_for(tmp_path / "t.db", clock, videos=catalog())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        app.session.mute("hashtag", "tag1")
        app.session.mute("sound", "sound3")
        app.session.add_keyword("spoiler")
        await pilot.press("comma")
        await pilot.pause()
        for list_id in ("#keywords", "#muted", "#topics"):
            await pilot.click(list_id, offset=(4, 1))
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen), list_id  # no passcode box, no removal
        assert app.session.keywords == ["spoiler"] and len(app.session.state.muted) == 3
        assert app.session.rules.topics == {}
        await pilot.click("#muted", offset=(4, 2))  # the second row: pointed at, then Enter unmutes it
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert ("sound", "sound3") not in app.session.state.muted
        assert [n.message for n in app._notifications][-1] == "Unmuted sound3: its videos can come back."
