"""Feeds and lists on the seam: Following newest first, a page's list played and left, the Saved list."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest

from recommender.clock import FakeClock
from recommender.feed import FeedSession, load_state, stored_catalog
from recommender.replay import rebuild
from recommender.store import Store

from .conftest import make_video

DAY = 86400.0


def videos():
    """Three creators with four videos each, a day apart; two hashtags; sounds shared in pairs."""
    return [
        make_video(
            i,
            creator=f"c{i % 3}",
            genres=(("cooking", "science", "pets")[i % 3],),
            hashtags=("food", "tips") if i % 2 else ("food",),
            sound=f"s{i // 2}",
            uploaded_at=1_700_000_000.0 + i * DAY,
        )
        for i in range(12)
    ]


def open_session(db, clock, feed="foryou", seed=0):
    store = Store.open(db)
    if store.video_count() == 0:
        store.add_videos(videos())
    return FeedSession(store, stored_catalog(store, clock), clock, random.Random(seed), feed=feed)


def rows(session, sql):
    return session.store.conn.execute(sql).fetchall()


def test_an_empty_following_says_how_to_follow_someone(tmp_path):
    session = open_session(tmp_path / "t.db", FakeClock(), feed="following")
    assert session.start() is None
    assert "you follow nobody yet" in session.empty
    assert "press f on a card" in session.empty and "creator's page" in session.empty


def test_following_shows_the_followed_creators_videos_newest_first(tmp_path):
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    card = session.start()
    while card.video.creator == "c2":
        card = session.next()
    session.toggle_follow()
    followed = card.video.creator
    clock.advance(3)
    first = session.switch_feed("following")
    assert session.feed == "following" and first is not None
    seen = [first.video]
    while (card := session.next()) is not None:
        seen.append(card.video)
    assert {v.creator for v in seen} == {followed}
    assert [v.uploaded_at for v in seen] == sorted((v.uploaded_at for v in seen), reverse=True)
    assert card is None and "You have seen every video of the 1 creator you follow" in session.empty
    assert {r[0] for r in rows(session, "SELECT feed FROM views WHERE source = 'following'")} == {"following"}


def test_a_list_plays_in_order_walks_back_before_its_start_and_ends(tmp_path):
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    session.start()
    page = session.page("creator", "c1")
    assert [v.creator for v in page] == ["c1"] * 4
    assert [v.uploaded_at for v in page] == sorted((v.uploaded_at for v in page), reverse=True)
    ids = [v.id for v in page]
    card = session.open_list("page:creator:c1", ids, 1)
    assert card.video.id == ids[1] and card.reason == "from @c1's page" and session.list_place() == (2, 4)
    assert session.next().video.id == ids[2]
    assert session.previous().video.id == ids[1]
    assert session.previous().video.id == ids[0]  # before where it was opened
    assert session.can_go_back() is False and session.previous() is None
    assert session.next().video.id == ids[1]  # resumed, not shown anew
    session.next()
    assert session.next().video.id == ids[3]
    assert session.next() is None and "end of the list" in session.empty
    assert session.previous().video.id == ids[3]
    sources = {r[0] for r in rows(session, "SELECT source FROM views WHERE feed = 'page:creator:c1'")}
    assert sources == {"page:creator:c1"}


def test_going_back_to_the_feed_resumes_its_card_where_it_was(tmp_path):
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    session.next()
    clock.advance(2.0)
    feed_card = session.next()
    clock.advance(1.0)
    before = session.card().position_s
    ids = [v.id for v in session.page("hashtag", "tips")]
    session.open_list("page:hashtag:tips", ids, 0)
    clock.advance(10)
    session.next()
    back = session.close_list()
    assert session.list_source is None
    assert back.view_id == feed_card.view_id and back.position_s == pytest.approx(before)  # not played meanwhile
    # Opening a page quickly is navigation: the feed's card is no quick skip.
    (detail,) = rows(session, f"SELECT detail FROM events WHERE action = 'leave' AND view_id = {back.view_id}")
    assert '"how":"away"' in detail[0] and '"skippable":false' in detail[0]
    assert session.previous().view_id != back.view_id  # the feed's own history is still there


def test_saving_is_an_event_a_list_and_a_signal_and_replays(tmp_path):
    clock = FakeClock()
    db = tmp_path / "t.db"
    session = open_session(db, clock)
    first = session.start()
    assert session.toggle_save() is True and session.card().saved
    clock.advance(1)
    second = session.next()
    session.toggle_save()
    clock.advance(1)
    session.next()
    assert [v.id for v in session.saved_videos()] == [second.video.id, first.video.id]  # newest first
    session.previous()
    assert session.toggle_save() is False  # unsaved on the way back
    assert [v.id for v in session.saved_videos()] == [first.video.id]
    ids = [v.id for v in session.saved_videos()]
    session.open_list("saved", ids, 0)
    clock.advance(5)
    session.next()
    session.close_list()
    live = session.state
    replayed = rebuild(session.store.events(), session.catalog)
    assert replayed.saved == live.saved and replayed.profile == live.profile
    session.close()
    session.store.close()
    again = open_session(db, clock)
    assert [v.id for v in again.saved_videos()] == [first.video.id]
    assert load_state(again.store, again.catalog).profile == live.profile
    with sqlite3.connect(db) as conn:
        actions = [
            a
            for (a,) in conn.execute("SELECT action FROM events WHERE action IN ('save', 'unsave', 'list') ORDER BY id")
        ]
    assert actions == ["save", "save", "unsave", "list"]


def test_a_save_counts_in_the_view_it_was_made_on():
    from recommender.signals import View, points

    plain = View("v", 30_000, 3_000, 3_000)
    assert points(View("v", 30_000, 3_000, 3_000, saved=True)) > points(plain)
    assert not View("v", 30_000, 500, 500, saved=True).quick_skip


def test_a_bad_feed_or_list_start_is_refused(tmp_path):
    session = open_session(tmp_path / "t.db", FakeClock())
    with pytest.raises(ValueError, match="no feed named 'nope'"):
        session.switch_feed("nope")
    with pytest.raises(ValueError, match="outside the list"):
        session.open_list("saved", ["t1"], 3)


def test_restricted_mode_mutes_and_keyword_filters_hold_on_pages_lists_and_saved(tmp_path):
    """A page, a list and the Saved list are played under the viewer's rules, like the feed."""
    store = Store.open(tmp_path / "t.db")
    store.add_videos(
        [
            make_video(0, creator="ana", title="soup"),
            make_video(1, creator="ana", title="late night", mature=True),
            make_video(2, creator="ana", title="spoiler ahead"),
            make_video(3, creator="bo"),
        ]
    )
    clock = FakeClock()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
    session.start()
    everything = ["t0", "t1", "t2"]
    for vid in everything:
        session.state.saved[vid] = None  # as saves replayed would leave it
    assert [v.id for v in session.page("creator", "ana")] == ["t2", "t1", "t0"]
    session.set_restricted(True)
    session.add_keyword("spoiler")
    assert [v.id for v in session.page("creator", "ana")] == ["t0"]
    assert [v.id for v in session.saved_videos()] == ["t0"]
    card = session.open_list("page:creator:ana", everything, 0)
    assert card is not None and card.video.id == "t0"
    assert session.list_place() == (1, 1)


def test_on_the_stem_feed_saved_pages_and_search_still_show_other_genres(tmp_path):
    """The STEM feed picks only science, math and tech; it hides no saved video, page video or search result
    (a viewer who saved a cooking video saw "Nothing saved yet" on STEM, and a search found nothing)."""
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    card = session.start()
    while card.video.genres != ("cooking",):
        card = session.next()
    session.toggle_save()
    cooking = card.video
    session.switch_feed("stem")
    assert session.card().video.genres == ("science",)  # the feed itself still picks STEM only
    assert [v.id for v in session.saved_videos()] == [cooking.id]
    assert cooking.id in [v.id for v in session.page("creator", cooking.creator)]
    assert cooking.id in [v.id for v in session.search(cooking.title).videos]
    listed = session.open_list("saved", [cooking.id], 0)
    assert listed is not None and listed.video.id == cooking.id
    session.set_restricted(True)  # the viewer's own rules still hold there
    session.add_keyword(cooking.title.split()[0])
    assert session.saved_videos() == [] and session.search(cooking.title).videos == ()


def test_a_video_liked_before_shows_a_red_heart_again_and_l_unlikes_it(tmp_path):
    """The heart is the video's: seen again from Saved it is red, and l takes the like back. What each view
    teaches is unchanged (a like counts on the view it was made on), live and replayed alike."""
    clock = FakeClock()
    db = tmp_path / "t.db"
    session = open_session(db, clock)
    first = session.start()
    session.toggle_like()
    session.toggle_save()
    clock.advance(20)
    assert not session.next().liked  # another video: an empty heart
    clock.advance(2)
    card = session.open_list("saved", [first.video.id], 0)
    assert card is not None and card.video.id == first.video.id and card.liked  # red again
    clock.advance(20)
    session.close_list()
    again = [json.loads(d) for (d,) in rows(session, "SELECT detail FROM events WHERE action = 'leave'")][-1]
    assert again["liked"] is False  # the second view was not liked on: it teaches no second like
    session.open_list("saved", [first.video.id], 0)
    assert session.toggle_like() is False and not session.card().liked  # l unlikes
    clock.advance(2)
    session.close_list()
    live = session.state
    replayed = rebuild(session.store.events(), session.catalog)
    assert replayed.liked == live.liked == {} and replayed.profile == live.profile
    session.open_list("saved", [first.video.id], 0)
    assert session.toggle_like() is True and session.card().liked  # and likes again, on this view
    clock.advance(2)
    session.close_list()
    live = session.state
    session.close()
    session.store.close()
    restarted = open_session(db, clock)
    assert load_state(restarted.store, restarted.catalog).liked == live.liked == {first.video.id: None}
    assert restarted.open_list("saved", [first.video.id], 0).liked


def test_removing_the_view_a_video_was_liked_on_takes_its_heart_too(tmp_path):
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    first = session.start()
    session.toggle_like()
    clock.advance(20)
    session.next()
    (row,) = [r for r in session.history_rows() if r["video_id"] == first.video.id]
    session.forget_view(row["id"])
    assert session.state.liked == {}
    assert not session.open_list("page:creator:" + first.video.creator, [first.video.id], 0).liked


def test_a_video_shared_or_commented_on_before_keeps_its_count_when_seen_again(tmp_path):
    """Shared from the feed, the rail said 488 shares; the same video seen again from Saved said 487, as if the share
    had never been. The share and the comment are the video's, as the like is; what the new view records is only what
    was done on it."""
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    first = session.start()
    session.share()
    session.comment("lovely")
    session.toggle_save()
    clock.advance(20)
    other = session.next()
    assert not other.shared and not other.commented
    clock.advance(2)
    card = session.open_list("saved", [first.video.id], 0)
    assert card is not None and card.video.id == first.video.id and card.shared and card.commented
    clock.advance(20)
    session.close_list()
    again = [json.loads(d) for (d,) in rows(session, "SELECT detail FROM events WHERE action = 'leave'")][-1]
    assert again["shared"] is False and again["commented"] is False  # this view was not shared nor commented on


def test_a_share_on_a_view_removed_from_history_is_not_kept_on_the_rail(tmp_path):
    """As a removed view's like is left out of the red heart, its share and comment are left out of the rail's."""
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    first = session.start()
    view_id = first.view_id
    session.share()
    session.toggle_save()
    clock.advance(20)
    session.next()
    clock.advance(20)
    session.next()
    session.forget_view(view_id)
    card = session.open_list("saved", [first.video.id], 0)
    assert card is not None and card.video.id == first.video.id and not card.shared


def following_with_a_card(tmp_path, clock):
    """A session that follows one creator, watched a card of theirs in Following, and went back to For You."""
    session = open_session(tmp_path / "t.db", clock)
    card = session.start()
    session.toggle_follow()
    clock.advance(3)
    resumed = session.switch_feed("following")
    clock.advance(3)
    session.switch_feed("foryou")
    clock.advance(3)
    return session, card.video.creator, resumed


def test_a_creator_muted_from_for_you_does_not_resume_in_following(tmp_path):
    """QA: muting the followed creator from For You, then 2: their card in Following went on playing."""
    clock = FakeClock()
    session, creator, resumed = following_with_a_card(tmp_path, clock)
    assert resumed.video.creator == creator
    session.mute("creator", creator)
    back = session.switch_feed("following")
    assert back is None or back.video.creator != creator


def test_a_card_removed_from_the_history_does_not_resume_in_its_feed(tmp_path):
    """QA: the Following card removed from History came back on pressing 2 and its view ran on, marked removed."""
    clock = FakeClock()
    session, _, resumed = following_with_a_card(tmp_path, clock)
    view_id = rows(session, f"SELECT MAX(id) FROM views WHERE video_id = '{resumed.video.id}'")[0][0]
    session.forget_view(view_id)
    back = session.switch_feed("following")
    assert back is None or back.video.id != resumed.video.id


def test_a_list_card_removed_from_the_history_is_not_gone_back_to(tmp_path):
    """Review: in a list (Saved, a page, a search), k went back to a card just removed from History, its view on."""
    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock)
    session.start()
    ids = [v.id for v in session.page("creator", "c1")][:3]
    first = session.open_list("page:creator:c1", ids, 0)
    clock.advance(3)
    session.next()
    clock.advance(3)
    view_id = rows(session, f"SELECT MAX(id) FROM views WHERE video_id = '{first.video.id}'")[0][0]
    session.forget_view(view_id)
    assert session.list_place() == (1, 2)  # its places counted again
    back = session.previous()
    assert back is None or back.video.id != first.video.id


@pytest.mark.parametrize("in_memory", [False, True])
def test_a_feed_the_mutes_leave_empty_does_not_start_the_catalog_over(tmp_path, in_memory):
    """QA: with science muted, the STEM feed said "Nothing to show", and For You then showed videos already seen
    and liked: finding nothing, the pick took the catalog for seen through and started it over."""
    clock = FakeClock()
    store = Store.open(tmp_path / "t.db")
    store.add_videos(
        [make_video(i, creator=f"c{i}", genres=(("cooking", "pets", "science")[i % 3],)) for i in range(60)]
    )
    catalog = store.catalog() if in_memory else stored_catalog(store, clock)
    session = FeedSession(store, catalog, clock, random.Random(0))
    session.mute("genre", "science")
    seen = [session.start().video.id]
    for _ in range(8):
        clock.advance(5)
        seen.append(session.next().video.id)
    assert session.switch_feed("stem") is None and "Nothing to show" in session.empty
    if not in_memory:  # the index lists viewed videos again only when the catalog truly starts over (review)
        assert catalog.skip_viewed
    card = session.switch_feed("foryou")
    for _ in range(8):
        clock.advance(5)
        card = session.next()
        seen.append(card.video.id)
    assert len(seen) == len(set(seen)), [vid for vid in seen if seen.count(vid) > 1]
