"""A simulated audience asked for what it cannot do says so in one line; an error in a worker process is raised
where the run was asked for, never printed by the worker as a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from recommender.audience import simulate
from recommender.catalog_file import load_catalog, shipped_catalog_path


def test_more_days_than_the_catalogs_uploads_span_is_one_line():
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", "sim", "--audience", "4", "--days", "200", "--swipes-per-day", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    (line,) = [x for x in out.stderr.splitlines() if not x.startswith("sim:")]
    assert line.startswith("tiktui: --days 200: the shipped catalog's uploads span ") and "at most" in line


def test_an_error_in_a_worker_is_raised_by_the_run_not_printed_there(monkeypatch, capfd):
    def broken(*args, **kwargs):
        raise LookupError("a viewer with nothing left")

    monkeypatch.setattr("recommender.audience.shard.react", broken)  # the workers are forked with it
    with pytest.raises(LookupError, match="nothing left"):
        simulate(load_catalog(shipped_catalog_path()), 8, 1, 2, workers=2)
    assert "Traceback" not in capfd.readouterr().err
