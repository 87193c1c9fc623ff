"""Shared fixtures: every test gets its own data dir; nothing touches the developer's."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.clock import FakeClock
from recommender.store import Store
from recommender.video import Video


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("TIKTUI_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(shipped_catalog_path())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_video(i: int, **fields) -> Video:
    base = Video(
        f"t{i}",
        f"title {i}",
        f"caption {i}",
        f"creator{i}",
        ("cooking",),
        ("food",),
        f"sound{i}",
        30.0,
        0.0,
        views=1000,
        completion_rate=0.5,
        likes=50,
        shares=5,
        comments=2,
    )
    return replace(base, **fields)


def make_app_for(db: Path, clock: FakeClock, videos=None, **options):
    """The app exactly as `tiktui` builds it, with a fake clock and a seeded RNG; without the new viewer's welcome
    toast unless asked (`welcome=True`), so that a test of other toasts sees only them."""
    from tuiapp.app import make_app

    options.setdefault("welcome", False)
    if videos is not None:
        store = Store.open(db)
        store.add_videos(videos)
        store.close()
    return make_app(db, clock=clock, rng=random.Random(0), **options)
