"""The app reads ahead, on idle, the rows the first trial slot walks: that swipe stops paying for ~600 of them,
and no pick changes."""

from __future__ import annotations

import random

from recommender.clock import FakeClock
from recommender.feed import FeedSession, stored_catalog
from recommender.policy import LOOK_DEPTH, TRIAL_LOOK
from recommender.store import Store


def _cards(
    tmp_path, name: str, warm: bool, cards: int = 60, ahead: bool = False, fetched: list[int] | None = None
) -> list[tuple[str, str]]:
    """The feed's first `cards` picks; `warm`: the trial slot's read-ahead after the first; `ahead`: the next
    pick's read-ahead after each card (as the app does on idle); `fetched`: the rows each pick itself read."""
    store = Store.open(tmp_path / name)
    clock = FakeClock()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(3))
    card = session.start()
    if warm:
        session.warm()
    ids = [(card.video.id, card.source)]
    shelf, read = session.catalog, [0]
    real = shelf.rows
    shelf.rows = lambda wanted: read.__setitem__(0, read[0] + len(wanted)) or real(wanted)  # type: ignore[method-assign]
    for _ in range(cards - 1):
        if ahead:
            session.read_ahead()
        clock.advance(3)
        read[0] = 0
        card = session.next()
        ids.append((card.video.id, card.source))
        if fetched is not None:
            fetched.append(read[0])
    return ids


def test_reading_ahead_changes_no_pick(tmp_path):
    plain = _cards(tmp_path, "plain.db", warm=False)
    assert {"fresh", "retry"} & {source for _, source in plain}  # the walk read ahead was used
    assert _cards(tmp_path, "warm.db", warm=True) == plain


def test_after_reading_ahead_a_trial_slot_reads_no_rows(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "t.db")
    clock = FakeClock()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(0))
    session.start()
    session.warm()
    shelf = session.catalog
    fetched: list[int] = []
    real = shelf.rows
    monkeypatch.setattr(shelf, "rows", lambda ids: fetched.append(len(ids)) or real(ids))
    walked = session.policy.cursor.take(("fresh", ""), TRIAL_LOOK, session.policy._seen, None, LOOK_DEPTH)
    assert walked and sum(fetched) == 0


def test_reading_ahead_after_each_card_changes_no_pick_and_leaves_the_pick_little_to_read(tmp_path):
    plain_rows: list[int] = []
    ahead_rows: list[int] = []
    plain = _cards(tmp_path, "plain.db", warm=True, fetched=plain_rows)
    assert _cards(tmp_path, "ahead.db", warm=True, ahead=True, fetched=ahead_rows) == plain
    # The picks themselves read under half the rows: what the last view changed (a new top creator, say), no
    # longer the lists that were already known a card before.
    assert sum(ahead_rows) * 2 < sum(plain_rows)
