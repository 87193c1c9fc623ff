"""What a viewer has seen stays seen across sessions, though a start reads neither their history nor its ids.

The seen set lives in SQLite (`stored_index.SeenVideos`): a start reads how
many videos were seen (kept at quit, plus the views after it) and where the
lists' seen fronts end, and asks the views index about single videos.
"""

from __future__ import annotations

import random

from recommender.clock import FakeClock
from recommender.feed import FeedSession, stored_catalog
from recommender.store import SEEN_FORMAT, SEEN_ROW, Store

from .conftest import make_video


def _session(store: Store, clock: FakeClock, seed: int) -> FeedSession:
    return FeedSession(store, stored_catalog(store, clock), clock, random.Random(seed))


def _watch(session: FeedSession, clock: FakeClock, cards: int) -> list[str]:
    card = session.start()
    assert card is not None
    ids = [card.video.id]
    for _ in range(cards - 1):
        clock.advance(3)
        card = session.next()
        assert card is not None
        ids.append(card.video.id)
    return ids


def _distinct_viewed(store: Store) -> int:
    return store.conn.execute("SELECT COUNT(DISTINCT video_id) FROM views").fetchone()[0]


def test_no_card_comes_twice_across_sessions_and_pages_mark_what_was_seen(tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    clock = FakeClock()
    first = _session(store, clock, 0)
    before = _watch(first, clock, 30)
    first.close()
    again = _session(store, clock, 1)
    assert all(again.seen(vid) for vid in before)
    after = _watch(again, clock, 30)
    assert len(set(before + after)) == 60  # the second session never repeats the first one's cards
    assert all(again.seen(vid) for vid in after)
    unseen = next(v for v in again.catalog.chunk(("all", ""), None, 5) if v[1] not in before + after)[1]
    assert not again.seen(unseen)
    assert len(again.policy.shown) == _distinct_viewed(store) == 60


def test_the_count_kept_at_quit_adds_the_views_of_a_session_that_never_quit(tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    clock = FakeClock()
    first = _session(store, clock, 0)
    _watch(first, clock, 12)
    first.close()
    killed = _session(store, clock, 1)
    _watch(killed, clock, 7)  # no close: a killed tiktui keeps no count
    newest = store.last_view_id()
    assert store.seen_count() == (newest, _distinct_viewed(store)) == (newest, 19)
    store.conn.execute('UPDATE snapshot SET state = \'{"videos": "many"\' WHERE id = ?', [SEEN_ROW])
    assert store.seen_count() == (newest, 19)  # a damaged count is counted again, not trusted
    store.close()


def test_lists_start_at_the_kept_seen_fronts_but_a_grown_catalog_is_listed_whole(tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    clock = FakeClock()
    first = _session(store, clock, 0)
    _watch(first, clock, 40)
    first.close()
    index = stored_catalog(store, clock)
    store.seen_set(index)
    assert index.fronts  # where the lists read last begin now
    plain = stored_catalog(store, clock)
    plain.skip_viewed = True
    for key in list(index.fronts)[:20]:
        assert index.chunk(key, None, 30) == plain.chunk(key, None, 30), key
    # A new video better than any seen one: a kept front would pass over it, so the fronts are dropped.
    best = store.conn.execute("SELECT id FROM videos ORDER BY rank LIMIT 1").fetchone()[0]
    top = index.get(best)
    assert top is not None
    store.add_videos([make_video(9999, genres=("zz",), views=10**7, likes=10**6, shares=10**5, completion_rate=1.0)])
    grown = stored_catalog(store, clock)
    store.seen_set(grown)
    assert not grown.fronts
    assert grown.chunk(("all", ""), None, 1)[0][1] == "t9999"
    store.close()


def test_a_viewer_who_has_seen_everything_starts_over_on_the_first_card(tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    store.add_videos([make_video(i, creator=f"c{i}", sound=f"s{i}") for i in range(8)])
    clock = FakeClock()
    first = _session(store, clock, 0)
    _watch(first, clock, 8)
    first.close()
    kept = store.conn.execute("SELECT format FROM snapshot WHERE id = ?", [SEEN_ROW]).fetchone()
    assert kept == (SEEN_FORMAT,)
    again = _session(store, clock, 1)
    card = again.start()
    assert card is not None and card.reason == "seen it all: starting over"
