"""The collector while the feed is up: held from a swipe's key until its card is drawn, never left off."""

from __future__ import annotations

import gc

import pytest

from tuiapp import collector

from .conftest import make_app_for


@pytest.fixture
def settled():
    """The collector as the app sets it once its first card is up; as Python had it afterwards."""
    collector.settle()
    yield
    collector.restore()


def test_a_hold_ends_when_the_card_is_drawn(settled):
    collector.hold()
    assert not gc.isenabled()
    collector.collect(after_draw=True)
    assert gc.isenabled()


def test_a_hold_with_no_card_drawn_ends_from_the_tick_after_its_limit(settled, monkeypatch):
    now = [100.0]
    monkeypatch.setattr(collector.time, "monotonic", lambda: now[0])
    collector.hold()
    collector.collect(after_draw=False)  # a tick soon after the key: still held
    assert not gc.isenabled()
    now[0] += collector.HOLD_LIMIT
    collector.collect(after_draw=False)
    assert gc.isenabled()


def test_no_hold_before_the_app_runs_the_collector():
    collector.hold()  # not settled: the collector is Python's, and stays on
    assert gc.isenabled()


async def test_swiping_leaves_the_collector_on_once_each_card_is_up(tmp_path, clock):
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for key in ("j", "j", "k", "tab"):
            await pilot.press(key)
            await pilot.pause(collector.AFTER_DRAW + 0.1)
            assert gc.isenabled(), f"the collector is still off after {key}"
    assert gc.isenabled() and gc.get_threshold()[2] != collector.BY_HAND
