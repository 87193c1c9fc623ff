"""The app reads ahead, on idle, the rows the first trial slot walks: that swipe stops paying for ~600 of them,
and no pick changes."""

from __future__ import annotations

import random

from recommender.clock import FakeClock
from recommender.feed import FeedSession, stored_catalog
from recommender.policy import LOOK_DEPTH, TRIAL_LOOK
from recommender.store import Store


def _cards(tmp_path, name: str, warm: bool, cards: int = 60) -> list[tuple[str, str]]:
    store = Store.open(tmp_path / name)
    clock = FakeClock()
    session = FeedSession(store, stored_catalog(store, clock), clock, random.Random(3))
    card = session.start()
    if warm:
        session.warm()
    ids = [(card.video.id, card.source)]
    for _ in range(cards - 1):
        clock.advance(3)
        card = session.next()
        ids.append((card.video.id, card.source))
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
