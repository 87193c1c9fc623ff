"""A big import commits its catalog first and fills search's index after, step by step: what a viewer sees meanwhile,
and that a stop, a failure, a post or a new ranking midway leaves search right."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest

from recommender import search_index, stored_index
from recommender.duplicates import find
from recommender.search import search
from recommender.store import Store
from recommender.stored_index import content_key, video_row
from tuiapp.cli import build_search_index

from .conftest import make_video
from .test_search import CATALOG, index_ok

NEW = [
    make_video(100 + i, title=f"Sourdough starter day {i}", caption=f"feeding notes {i}", creator="new.baker")
    for i in range(40)
]


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A catalog of 5 videos and an import of 40 big enough to be a bulk one (the bound made small)."""
    monkeypatch.setattr(stored_index, "BULK", 10)
    store = Store.open(tmp_path / "tiktui.db")
    store.add_videos(CATALOG)
    store.import_rows(store.video_rows([NEW[:20], NEW[20:]]), search_later=True)
    yield store
    store.close()


def baker(store: Store) -> list[tuple[str, int]]:
    """The creator entry of the new videos: how many of them search finds (each once)."""
    return [(n.value, n.videos) for n in search(store.conn, "new.baker").names]


def test_the_catalog_commits_first_and_search_says_how_far_its_index_is(store):
    assert store.video_count() == 45 and store.index().get("t139") is not None  # the feed has them at once
    assert store.search_progress() == (5, 45)
    found = search(store.conn, "sourdough")
    assert not found.videos and found.building == (5, 45)
    assert search(store.conn, "regex").videos  # what was there before is searched as ever
    with store.write():
        assert search_index.build_step(store.conn, rows=15)
    assert store.search_progress() == (20, 45) and len(search(store.conn, "sourdough").videos) == 15
    steps: list[tuple[int, int]] = []
    assert store.build_search(progress=lambda *step: steps.append(step), rows=15)
    assert steps[0] == (35, 45) and steps[-1] == (45, 45)  # then the index's parts are merged
    assert store.search_progress() is None and search(store.conn, "sourdough").building is None
    assert baker(store) == [("new.baker", 40)]
    index_ok(store)


def test_built_after_it_finds_and_ranks_exactly_as_built_in_the_import(store, tmp_path):
    store.build_search(rows=7)
    at_once = Store.open(tmp_path / "at_once.db")
    at_once.add_videos(CATALOG)
    at_once.import_rows(at_once.video_rows([NEW[:20], NEW[20:]]))
    assert at_once.search_progress() is None
    for text in ("sourdough", "s", "day 3", "feeding notes 1", "new", "lunar", "bread"):
        assert search(store.conn, text) == search(at_once.conn, text), text
    at_once.close()


def test_a_stop_or_a_failed_step_keeps_what_was_done_and_the_next_build_goes_on(store, monkeypatch):
    stops = iter([False, True])  # one step, then stop
    assert not store.build_search(stop=lambda: next(stops), rows=10)
    assert store.search_progress() == (15, 45)
    real = search_index._index

    def dies_midway(conn, after, upto):
        real(conn, after, upto)  # the rows went into the index, then the process died before its commit
        raise KeyboardInterrupt

    monkeypatch.setattr(search_index, "_index", dies_midway)
    with pytest.raises(KeyboardInterrupt):
        store.build_search(rows=10)
    assert store.search_progress() == (15, 45) and len(search(store.conn, "sourdough").videos) == 10
    index_ok(store)
    monkeypatch.setattr(search_index, "_index", real)
    assert store.build_search(rows=10)
    assert baker(store) == [("new.baker", 40)]  # each video in the index once
    index_ok(store)


def test_a_post_meanwhile_is_searchable_at_once_and_indexed_once(store):
    post = make_video(900, title="Sourdough crumb shot", creator="new.baker")
    store.post({"ts": datetime(2026, 11, 1, tzinfo=UTC), "view_id": None, "video_id": "t900", "action": "post"}, post)
    assert [v.id for v in search(store.conn, "crumb").videos] == ["t900"]
    assert store.search_progress() == (6, 46)
    store.build_search()
    assert baker(store) == [("new.baker", 41)]
    index_ok(store)


def test_a_new_ranking_meanwhile_indexes_the_whole_catalog(store, monkeypatch):
    monkeypatch.setattr(stored_index, "verdict_fingerprint", lambda: "new")
    store.index()  # ranks again, and search's keys hold ranks: it is filled anew, every video in it
    assert store.search_progress() is None and baker(store) == [("new.baker", 40)]
    assert store.build_search()  # nothing left: done at once
    index_ok(store)


def test_the_duplicate_check_reads_the_videos_not_yet_indexed(tmp_path, monkeypatch):
    monkeypatch.setattr(stored_index, "BULK", 10)
    store = Store.open(tmp_path / "tiktui.db")
    store.add_videos(CATALOG)
    accented = make_video(300, title="Crème brûlée au four", caption="la recette de Zoë", creator="zoe")
    same_sound = make_video(301, title="Paper boats that float", caption="", sound="Harbor Lights", duration_s=21.4)
    ascii_text = make_video(302, title="Folding paper cranes at home", caption="easy steps, one sheet")
    filler = [make_video(400 + i, title=f"filler {i}", caption="words") for i in range(30)]
    store.import_rows(store.video_rows([[*filler, accented, same_sound, ascii_text]]), search_later=True)
    assert store.search_progress() == (5, 38)
    cranes = find(store.conn, "folding PAPER cranes at home!", "Easy steps: one sheet", "", "x", 10)
    assert cranes is not None and (cranes.video_id, cranes.rule) == ("t302", "bare")  # its #food left out
    text = find(store.conn, "CREME brulee au four!", "La recette de zoe", "food", "x", 10)
    assert text is not None and (text.video_id, text.rule) == ("t300", "text")
    sound = find(store.conn, "Paper boats that sink", "other words", "", "harbor LIGHTS", 21)
    assert sound is not None and (sound.video_id, sound.rule) == ("t301", "sound")
    assert find(store.conn, "Paper boats that sink", "other words", "", "harbor LIGHTS", 25) is None  # another length
    assert find(store.conn, "Quantum knitting", "", "", "s", 30) is None
    store.build_search()
    assert find(store.conn, "CREME brulee au four!", "La recette de zoe", "", "x", 10).video_id == "t300"  # type: ignore[union-attr]
    store.close()


def test_ctrl_c_while_indexing_says_how_far_it_got_and_the_rest_waits(store, monkeypatch, capsys):
    real = search_index.build_step
    steps = []

    def interrupted(conn, rows=search_index.CHUNK, merge_pages=search_index.MERGE_PAGES):
        if len(steps) == 2:
            raise KeyboardInterrupt
        steps.append(rows)
        return real(conn, 10, merge_pages)

    monkeypatch.setattr(search_index, "build_step", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_search_index(store)
    assert store.search_progress() == (25, 45)
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "tiktui: stopped; 56% of the catalog is searchable, and tiktui goes on when it next starts"
    assert err[0] == "indexing for search: 10% (5/45 videos)" and "indexing for search: 50% (25/45 videos)" in err


def test_the_import_command_reports_the_catalog_then_builds_search(tmp_path):
    from benchmarks.import_speed import write_catalog

    path = tmp_path / "big.json"
    write_catalog(path, stored_index.BULK + 1000)
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", "--data-dir", str(tmp_path / "data"), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    imported, complete = out.stdout.splitlines()
    assert imported.startswith("imported 21,000 videos") and complete == "search index complete: 26,000 videos"
    lines = out.stderr.splitlines()
    assert lines[-2:] == [
        "indexing for search: 100% (26,000/26,000 videos)",
        "indexing for search: every video in; merging the index's parts",
    ]
    store = Store.open(tmp_path / "data" / "tiktui.db")
    assert store.search_progress() is None and len(search(store.conn, "video 20999").videos) == 1
    store.close()


def test_rows_of_a_deferred_import_are_the_rows_imported(store):
    store.build_search()
    (found,) = search(store.conn, "starter day 39").videos
    assert video_row(found, content_key(found))[:16] == video_row(NEW[39], content_key(NEW[39]))[:16]


def pending_file(path, monkeypatch) -> None:
    """A data file whose last import's videos are not yet in search's index (the command was stopped)."""
    monkeypatch.setattr(stored_index, "BULK", 10)
    store = Store.open(path)
    store.add_videos(CATALOG)
    store.import_rows(store.video_rows([NEW]), search_later=True)
    store.close()


async def test_the_search_screen_says_the_index_is_being_built_until_it_is(tmp_path, clock, monkeypatch):
    from tuiapp.app import TikTuiApp

    from .conftest import make_app_for
    from .test_search_screen import results, status, typed

    pending_file(tmp_path / "t.db", monkeypatch)
    monkeypatch.setattr(TikTuiApp, "_build_search", lambda app: None)  # the index is built by another process
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await typed(pilot, "sour")
        assert results(app) == []
        assert status(app).startswith("Search is being built: 11% indexed (5 of 45 videos); only those are searched.")
        other = Store.open(tmp_path / "t.db")
        other.build_search()
        other.close()
        await pilot.pause(1.5)  # the screen looks again every second
        assert status(app).startswith("40 videos") and len(results(app)) == 40


async def test_the_app_finishes_a_build_an_import_left_in_the_background(tmp_path, clock, monkeypatch):
    from .conftest import make_app_for

    pending_file(tmp_path / "t.db", monkeypatch)
    app = make_app_for(tmp_path / "t.db", clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.session.store.search_progress() is None
        assert len(app.session.search("sourdough").videos) == 40


def test_ctrl_c_while_reading_an_import_says_nothing_was_imported(tmp_path, monkeypatch, capsys):
    """QA: Ctrl-C a second into `tiktui import` ended with a bare ^C (while indexing, it said how far it got)."""
    import argparse
    import json

    from recommender import read_ahead
    from tuiapp.cli import import_file

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
        yield

    (tmp_path / "c.json").write_text(json.dumps([]))
    monkeypatch.setattr(read_ahead, "checked_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_file(argparse.Namespace(path=str(tmp_path / "c.json"), data_dir=str(tmp_path / "d")))
    assert capsys.readouterr().err.splitlines()[-1] == f"tiktui: stopped; nothing of {tmp_path / 'c.json'} was imported"
