"""Catalog text never reaches the terminal as anything but text: checked on the raw bytes tiktui writes.

A catalog written straight into the database (as an importer that bypasses
the catalog gate could) carries terminal escapes, bidi controls and markup in
every text field. A real tiktui runs it in a pty, through every screen and
every toast, next to a second tiktui on the same catalog in plain text that
gets the same keys at the same moments: the hostile run may write no escape
sequence the plain run does not, and none of the payloads.
"""

from __future__ import annotations

import base64
import os
import re
import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path

from textual.geometry import Region
from textual.widgets import OptionList, Static
from textual.widgets._toast import Toast

from recommender.clock import FakeClock
from recommender.posting import Posting
from recommender.store import Store
from tuiapp.safe_text import clean
from tuiapp.screens.comment import CommentScreen
from tuiapp.screens.search import SearchScreen

from .conftest import make_app_for
from .hostile_catalog import HOSTILE, PAYLOADS, hostile_videos, write_catalog
from .pty_tiktui import PtyTiktui

OVERALL_TIMEOUT = 240.0
"""Seconds after which both tiktuis are killed and the test fails (it never hangs)."""

SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.|$)", re.S)
"""One escape sequence: CSI, OSC (terminated or not), or ESC and whatever one character follows."""
NEVER = {
    "\x1b[c": "device attributes request",
    "\x1b[0c": "device attributes request",
    "\x1b]0;": "OSC 0 (window title)",
    "\x1b]2;": "OSC 2 (window title)",
    "\x1b]8;": "OSC 8 (hyperlink)",
}
"""Sequences tiktui itself never writes, so any one of them came from data."""
FORBIDDEN = {
    **{chr(c): f"C1 control U+{c:04X}" for c in range(0x80, 0xA0)},
    **{
        chr(c): f"bidi control U+{c:04X}"
        for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    },
    "\u2028": "line separator U+2028",
    "\u2029": "paragraph separator U+2029",
    "\x07": "BEL outside an escape sequence",
    "\x00": "NUL",
}
"""Characters that must not appear in what is written, outside the app's own escape sequences."""
SCREEN_MODES = ("\x1b[?1049h", "\x1b[?1049l", "\x1b[2J", "\x1b[3J", "\x1b[H\x1b[2J")


def shape(seq: str) -> str:
    """An escape sequence with the numbers of cursor moves and colours left out (those vary with the text)."""
    if seq.startswith("\x1b[") and seq[-1:] in "mH":
        return re.sub(r"\d+", "N", seq)
    return seq


def clipboard_payload(seq: str) -> str | None:
    """What an OSC 52 sequence puts on the clipboard, or None when `seq` is not one."""
    m = re.fullmatch(r"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)", seq)
    if not m:
        return None
    try:
        return base64.b64decode(m.group(1), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return "<not base64 of UTF-8>"


def problems(raw: bytes, baseline: bytes, links: set[str]) -> list[str]:
    """Everything in `raw` that the catalog could have put there; [] when the bytes are clean.

    `baseline` is what tiktui wrote for the same keys on a plain catalog;
    `links` are the only texts an OSC 52 (share) may put on the clipboard.
    """
    found: list[str] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:  # a raw 8-bit C1 byte (0x9b CSI, 0x9d OSC ...) is not UTF-8
        found.append(f"not UTF-8: {raw[max(0, err.start - 20) : err.end + 20]!r}")
        text = raw.decode("utf-8", "replace")
    plain = baseline.decode("utf-8", "replace")
    allowed = {shape(m.group()) for m in SEQUENCE.finditer(plain)}
    for m in SEQUENCE.finditer(text):
        seq = m.group()
        if seq.startswith("\x1b]52;"):
            payload = clipboard_payload(seq)
            if payload not in links:
                found.append(f"OSC 52 puts {payload!r} on the clipboard: {seq!r}")
        elif shape(seq) not in allowed:
            found.append(
                f"escape sequence the plain run never wrote: {seq!r} in {text[m.start() - 30 : m.end() + 30]!r}"
            )
    for seq, what in NEVER.items():
        if seq in text:
            found.append(f"{what}: {seq!r} written {text.count(seq)} times")
    for name, payload in PAYLOADS.items():
        if any(ch in payload for ch in "\x1b\x9b\x9d") and payload in text and payload not in plain:
            found.append(f"payload {name} written as it is: {payload!r}")
    for seq in SCREEN_MODES:
        if text.count(seq) != plain.count(seq):
            found.append(f"{seq!r} written {text.count(seq)} times, {plain.count(seq)} on the plain catalog")
    outside = SEQUENCE.sub("", text)
    for ch, what in FORBIDDEN.items():
        if ch in outside:
            at = outside.index(ch)
            found.append(f"{what} written {outside.count(ch)} times, e.g. {outside[max(0, at - 30) : at + 30]!r}")
    return found


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchall()


def shared_links(db: Path) -> set[str]:
    """The links tiktui handed out (and so may have put on the clipboard)."""
    return {detail for (detail,) in rows(db, "SELECT detail FROM events WHERE action = 'share'")}


# -- the real app in a pty ------------------------------------------------------------------------

STEPS: list[tuple] = [
    ("wait", 2.0),  # the first 5 s video plays through and loops (speed 4): the feed learns something
    ("keys", "l", "s", "f", "j"),  # like; share (OSC 52 + toast); follow (toast with the creator); next
    ("wait", 1.5),
    ("keys", "l", "j", "j"),
    ("keys", "c", "n", "i", "c", "e", " ", "[", "b", "]", "enter"),  # a comment; its toast
    ("keys", "n"),  # not interested: the next card
    ("wait", 1.5),
    ("keys", "j", "j"),
    ("keys", "p", "down", "m", "m", "escape"),  # the profile; mute, unmute the highlighted genre (toasts)
    ("keys", "x", "enter"),  # mute the card's creator (the modal lists its creator, hashtags, sound; a toast)
    ("wait", 1.0),
    ("keys", ",", "escape"),  # settings: genres in topics, the muted creator
    ("keys", "question_mark", "escape"),  # help over the feed
    ("keys", "o", "f", "enter", "j", "escape", "escape"),  # creator page: follow (toast), play from it, back, back
    ("keys", "#", "down", "enter", "escape", "escape"),  # a hashtag page, played from its second video
    ("keys", "m", "escape"),  # the sound page
    ("keys", "b", "B", "escape"),  # save (toast); the Saved list
    ("keys", "2", "1"),  # the Following feed, then For You again
    ("keys", "/", "c", "0", "down", "down", "escape"),  # search: creators, hashtags, sounds and videos as entries
    ("keys", "/", "t", "a", "g", "enter", "escape", "escape"),  # one chosen (its page, or its list), back twice
    ("keys", "k"),  # back one card
    ("resize", 50, 15),  # too small: the card gives way to a one-line message
    ("resize", 100, 40),
    ("keys", "p", "escape"),  # the profile again, its recent list full of reasons
    # A list played whatever the picks were: the pages' steps play one only when the card's creator or hashtag
    # has more (which card is on screen by then follows the machine's load), and under load none was.
    ("keys", "h"),
    ("wait", 1.0),
    ("keys", "enter"),  # History's newest card, played as a list: "1 of N · escape: back"
    ("wait", 1.0),
    ("keys", "escape", "escape"),
    ("keys", "h", "d", "n", "escape"),  # history: the question before removing a card names its title; no; back
    ("keys", *["k"] * 12),  # back to the first card, and one more: "This is the first card."
    ("keys", "j"),
]


def drive(apps: list[PtyTiktui]) -> None:
    """The same steps, at the same moments, on every app (slower on a busy machine: a screen must be up before
    the keys meant for it)."""
    slow = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    for step, *args in STEPS:
        if step == "wait":
            time.sleep(args[0] * slow)
        elif step == "resize":
            for app in apps:
                app.resize(*args)
            time.sleep(0.6 * slow)
        else:
            for key in args:
                for app in apps:
                    app.press(key, pause=0)
                time.sleep(0.3 * slow)


def test_a_hostile_catalog_writes_no_escape_bidi_or_control_to_the_terminal(tmp_path):
    hostile_db = write_catalog(tmp_path / "hostile")
    write_catalog(tmp_path / "plain", benign=True)
    apps = [PtyTiktui(tmp_path / "hostile", "--speed", "4"), PtyTiktui(tmp_path / "plain", "--speed", "4")]
    watchdog = threading.Timer(OVERALL_TIMEOUT, lambda: [app.abort() for app in apps])
    watchdog.start()
    try:
        for app in apps:
            app.wait_ready()
        drive(apps)
        time.sleep(0.5)
        assert [app.running for app in apps] == [True, True], "tiktui died on the way"
        statuses = [app.quit() for app in apps]
    finally:
        watchdog.cancel()
        for app in apps:
            app.kill()
    assert statuses == [0, 0]
    hostile, plain = (app.output for app in apps)
    (tmp_path / "hostile.out").write_bytes(hostile)  # kept with the test's tmp_path, for a look when it fails
    (tmp_path / "plain.out").write_bytes(plain)

    links = shared_links(hostile_db)
    assert problems(plain, plain, shared_links(tmp_path / "plain" / "tiktui.db")) == []
    assert problems(hostile, plain, links) == []

    # Not vacuous: every screen and every toast was drawn, with the hostile text in it.
    # Escape sequences removed: a toast over the frame's edge is written in two runs with a cursor move between.
    text = re.sub(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]", "", hostile.decode("utf-8", "replace"))
    for seen in (
        "tiktui://video/v",
        "Following",
        "Comment saved.",
        "Muted g",
        "Unmuted g",
        "Genres: you beside most viewers",
        "Mute what?",
        "Muted creator",
        "Keyword filters",
        "Last 10 cards",
        "tiktui keys",
        "Enter chooses",
        "@c0␛",
        "Add a comment",
        "Make the",
        "This is the first card.",
        "why this video: ",
        "␛]0;pwned",
        "[@click=app.quit]x[/]",
        "[b]",
        "newest first · enter plays",
        "the audience's favourites first",
        " · escape: back",
        "Saved: B opens",
        "2 Following",
        "history?",  # one word: where the question wraps depends on the title of the card it names
    ):
        assert seen in text, f"never drawn: {seen!r}"
    reasons = [r for (r,) in rows(hostile_db, "SELECT reason FROM views") if "pwned" in (r or "")]
    assert reasons, "no why-line named a genre, creator, hashtag or sound: the reasons were not exercised"
    assert any(clean(r)[:20] in text for r in reasons), "no why-line naming catalog things was drawn"
    assert links and all(re.fullmatch(r"tiktui://video/v\d+", link) for link in links)


def test_the_byte_check_catches_each_payload():
    """The check itself: every hostile payload, written raw, is found (and a clean run is not flagged)."""
    base = b"\x1b[?1049h\x1b[1;1H\x1b[0mhello\x1b[?1049l"
    assert problems(base, base, set()) == []
    share = "\x1b]52;c;" + base64.b64encode(b"tiktui://video/v1").decode() + "\x07"
    assert problems(base + share.encode(), base, {"tiktui://video/v1"}) == []
    assert problems(base + share.encode(), base, {"tiktui://video/v2"})
    for name, payload in PAYLOADS.items():
        if name.startswith("markup"):
            continue
        raw = base[:-8] + f"x{payload}y".encode() + base[-8:]
        assert problems(raw, base, set()), name
    assert problems(base + b"\x9b2J", base, set())  # a raw 8-bit CSI


# -- the same screens in the pilot: every widget's cells ----------------------------------------------

BAD_CELLS = {
    chr(c)
    for c in [
        *range(0x20),
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x2028,
        0x2029,
    ]
}


def cell_problems(app) -> list[str]:
    """Control, C1 and bidi characters in the cells of any widget on any screen on the stack (toasts too)."""
    found = []
    for screen in app.screen_stack:
        for widget in screen.query("*"):
            w, h = widget.size
            if not widget.display or not w or not h:
                continue
            for strip in widget.render_lines(Region(0, 0, w, h)):
                if BAD_CELLS & set(strip.text):
                    found.append(f"{screen.__class__.__name__} {widget!r}: {strip.text!r}")
    return found


def shown(app, selector: str = "Static") -> str:
    return "\n".join(str(w.visual) for w in app.screen.query(selector) if isinstance(w, Static))


async def test_every_screen_and_toast_shows_hostile_text_literally(tmp_path):
    clock = FakeClock()
    app = make_app_for(tmp_path / "t.db", clock, videos=hostile_videos())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:

        async def press(*keys: str) -> None:
            for key in keys:
                # Each card plays through (the feed learns and its reasons name things), with the viewer there: keys
                # pressed on other screens do not wake the card, and three passes untouched would make the next key
                # on the feed only answer "still watching?", at a tick that comes or not before the key.
                app.session.wake()
                clock.advance(6)
                await pilot.press(key)
                await pilot.pause()
                assert cell_problems(app) == [], key
                assert app.is_running, key

        def toasts() -> str:
            return "\n".join(str(t.render()) for t in app.screen.query(Toast))

        await pilot.pause()
        assert cell_problems(app) == []
        await press("l", "s", "f")
        assert "Following @c" in toasts() and "␛]0;pwned" in toasts(), toasts()
        await press("j", "l", "j", "j", "k")
        card = shown(app)
        assert "[@click=app.quit]x[/]" in card and "␛]0;pwned␇" in card and "[b]" in card  # literal, made visible
        await press("c")
        await pilot.press(*"nice", "enter")
        await press("n", "j", "p", "down", "m")
        assert "Muted g" in toasts()
        profile = shown(app)
        assert "␛]2;pwned" in profile and "watched · " in profile, profile
        await press("m", "escape", "question_mark", "escape", "k")
        await press("o", "f")  # a creator page; follow from it (a toast naming the creator)
        assert "ollowing @c" in toasts() or "Unfollowed @c" in toasts(), toasts()
        await press("enter", "j", "escape", "escape", "number_sign", "enter", "k", "escape", "escape")
        await press("m", "down", "escape", "b", "B", "enter", "escape", "escape", "2", "1")
        await pilot.resize_terminal(50, 15)
        await press("j")
        await pilot.resize_terminal(100, 40)
        await press("k", "k")
        reasons = [r for (r,) in rows(tmp_path / "t.db", "SELECT reason FROM views") if "pwned" in (r or "")]
        assert reasons, "no reason named a catalog genre, creator, hashtag or sound"
        # Search over the hostile catalog: entries and videos, each field made safe.
        await app.push_screen(SearchScreen(app.session))
        for key in "c0":
            await pilot.press(key)
        await pilot.pause()
        assert cell_problems(app) == []
        found = "\n".join(str(o.prompt) for o in app.screen.query_one(OptionList)._options)
        assert "@c0␛" in found and "[@click=app.quit]x[/]" in found, found
        await app.pop_screen()
        # Every named screen, a screen added later too, over the hostile card, with the toasts still up.
        for name in [*app.SCREENS, "comment"]:
            await app.push_screen(CommentScreen() if name == "comment" else name)
            await pilot.pause()
            assert cell_problems(app) == [], name
            await app.pop_screen()
            await pilot.pause()
        assert app.is_running


async def test_the_why_line_shows_any_reason_literally(tmp_path):
    """Reasons name genres, creators, hashtags and sounds: the card treats them as catalog text."""
    from tuiapp.widgets.video_card import VideoCard

    clock = FakeClock()
    app = make_app_for(tmp_path / "t.db", clock, videos=hostile_videos())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        card = app.session.card()
        forged = replace(card, reason=f"because you like #{HOSTILE} videos")
        app.screen.query_one(VideoCard).show(forged, 0.0)
        await pilot.pause()
        why = str(app.screen.query_one("#why", Static).visual)
        assert why.startswith("why this video: because you like #␛[c␛]0;pwned␇") and "[@click=app.quit]x[/]" in why
        assert cell_problems(app) == []


async def test_the_settings_and_mute_screens_show_hostile_names_as_text(tmp_path):
    """Genres in the topics, creators, hashtags and sounds in the mute choices and the muted list: literal."""
    from tuiapp.screens.mute import MuteScreen
    from tuiapp.screens.settings import SettingsScreen

    clock = FakeClock()
    app = make_app_for(tmp_path / "t.db", clock, videos=hostile_videos())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        video = app.session.card().video
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, MuteScreen) and cell_problems(app) == []
        await pilot.press("enter")  # the creator
        await pilot.pause()
        app.session.mute("hashtag", video.hashtags[0])
        app.session.mute("sound", video.sound)
        app.session.set_topic(video.genre, "less")
        app.session.mute("keyword", "[b]x[/b]")  # refused when typed now, but a log from before may hold one
        await pilot.press("comma")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert cell_problems(app) == []
        listed = "\n".join(
            str(widget.get_option_at_index(i).prompt)
            for widget in app.screen.query("OptionList")
            for i in range(widget.option_count)
        )
        assert f"@{clean(video.creator)[:20]}" in listed and f"♫ {clean(video.sound)[:20]}" in listed
        assert clean(video.genre)[:12] in listed and "[b]x[/b]" in listed
        assert "␛]0;pwned" in listed or "␛]2;pwned" in listed
        assert app.is_running


def test_a_held_post_put_back_in_its_form_and_a_paste_into_a_field_write_no_escape(tmp_path):
    """A text field draws its value as it holds it: a held post whose title carried a window-title and a clipboard
    sequence, put back in the form to be edited (V, e), set the terminal's title and wrote to its clipboard; a paste
    into the comment field wrote its bidi override and C1 control raw. Both now hold only what may be drawn."""
    posted = {
        "hostile": {"title": "scam " + PAYLOADS["OSC 2 title"], "caption": "x" + PAYLOADS["OSC 52 clipboard"]},
        "plain": {"title": "scam plain", "caption": "x plain"},
    }
    apps = []
    for name, fields in posted.items():
        write_catalog(tmp_path / name, benign=True)
        store = Store.open(tmp_path / name / "tiktui.db")
        post = Posting(store, FakeClock()).submit({**fields, "genre": "g0", "length": 20})
        store.close()
        assert post.status == "held", post.status  # "scam" is on the review list: held, so it can be edited
        apps.append(PtyTiktui(tmp_path / name, "--speed", "4"))
    pasted = {"hostile": "X\u202eY\u009b2JZ\x07W", "plain": "XY2JZW"}  # what the field keeps of the first
    watchdog = threading.Timer(OVERALL_TIMEOUT, lambda: [app.abort() for app in apps])
    watchdog.start()
    try:
        for app in apps:
            app.wait_ready()
        slow = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
        for keys in (("V",), ("e",), ("escape",), ("escape",), ("c",), ("paste",), ("escape",)):
            for app, name in zip(apps, posted, strict=True):
                if keys == ("paste",):
                    os.write(app.fd, b"\x1b[200~" + pasted[name].encode() + b"\x1b[201~")
                else:
                    app.press(*keys, pause=0)
            time.sleep(0.8 * slow)
        assert [app.running for app in apps] == [True, True], "tiktui died on the way"
        statuses = [app.quit() for app in apps]
    finally:
        watchdog.cancel()
        for app in apps:
            app.kill()
    assert statuses == [0, 0]
    hostile, plain = (app.output for app in apps)
    assert problems(hostile, plain, set()) == []
    text = re.sub(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]", "", hostile.decode("utf-8", "replace"))
    assert "and submit it again" in text and "XY2JZW" in text, "the form and the paste were drawn"
