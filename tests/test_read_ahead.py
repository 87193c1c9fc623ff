"""A big catalog read in a second process (read_ahead): the same rows, the same errors, nothing left running."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.catalog import CatalogError
from recommender.catalog_file import CatalogFile
from recommender.read_ahead import checked_rows
from recommender.stored_index import catalog_rows

from .test_catalog_stream import rows, write
from .test_import_progress import catalog_file, tiktui_import


def in_second_process(source: CatalogFile, progress=None) -> list:
    return list(checked_rows(source, catalog_rows, 7, progress, second_process_bytes=0))


def test_the_second_process_reads_what_this_one_reads(tmp_path):
    data = rows(40)
    data[30] = {**data[3], "id": "again"}  # the same content as row 4: left out, and said so
    data[35] = {**data[35], "id": "v1"}  # an id seen before
    path = write(tmp_path / "c.json", {"videos": data, "as_of": "2026-11-20T00:00:00Z"})
    here = CatalogFile(path, now=1_795_132_800.0)
    there = CatalogFile(path, now=1_795_132_800.0)
    seen: list[int] = []
    assert in_second_process(there, seen.append) == list(here.rows(catalog_rows, 7))
    assert there.duplicates == here.duplicates and len(there.duplicates) == 2
    assert there.as_of == here.as_of == 1_795_132_800.0
    assert seen[-1] == path.stat().st_size


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.__setitem__(38, {**data[38], "duration_s": "long"}),  # a bad row near the end
        lambda data: data.__setitem__(5, {**data[5], "creator": "x\x1b[2J"}),
    ],
)
def test_a_bad_row_gives_the_same_error_naming_file_row_and_field(tmp_path, damage):
    data = rows(40)
    damage(data)
    path = write(tmp_path / "bad.json", data)
    with pytest.raises(CatalogError) as here:
        list(CatalogFile(path).rows(catalog_rows, 7))
    with pytest.raises(CatalogError) as there:
        in_second_process(CatalogFile(path))
    assert there.value.lines() == here.value.lines()
    assert there.value.lines()[0].startswith(f"{path}: row ")


def test_a_broken_file_gives_the_same_one_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_bytes(json.dumps(rows(30)).encode() + b"\n\xff")
    with pytest.raises(CatalogError) as there:
        in_second_process(CatalogFile(path))
    assert str(there.value) == f"{path}: is not UTF-8 text (byte 0xff on line 2)"


def test_stopping_early_ends_the_second_process(tmp_path):
    path = write(tmp_path / "c.json", rows(200))
    batches = checked_rows(CatalogFile(path), catalog_rows, 7, second_process_bytes=0)
    next(batches)
    batches.close()  # the write that failed: the reader meets a closed pipe and ends, waited for
    assert len(list(checked_rows(CatalogFile(path), catalog_rows, 7, second_process_bytes=0))) == 29


def test_a_big_file_with_a_bad_row_at_the_end_imports_nothing(tmp_path):
    path = catalog_file(tmp_path / "late.json", 24_000, bad_at=23_999)
    assert path.stat().st_size > 8 * 2**20  # read in a second process
    out = tiktui_import(tmp_path / "data", path)
    assert out.returncode == 1
    assert out.stderr.splitlines()[-1:] == [
        f"tiktui: {path}: row 23999, field 'duration_s': must be a number, got 'long'; nothing was imported",
    ]
    db = sqlite3.connect(tmp_path / "data" / "tiktui.db")
    assert db.execute("SELECT COUNT(*) FROM videos WHERE id LIKE 'big%'").fetchone()[0] == 0


def test_a_big_file_imports_with_its_progress(tmp_path):
    path = catalog_file(tmp_path / "big.json", 24_000)
    out = tiktui_import(tmp_path / "data", path)
    assert out.returncode == 0, out.stderr
    reading = [line for line in out.stderr.splitlines() if line.startswith("importing ")]
    shares = [int(line.split(": ")[1].split("%")[0]) for line in reading[:-1]]  # the tenths reached, a line each
    assert shares == sorted(set(shares)) and shares[-1] == 100 and len(shares) >= 3, reading
    assert "imported 24,000 videos" in out.stdout and "search index complete: 29,000 videos" in out.stdout
    db = sqlite3.connect(tmp_path / "data" / "tiktui.db")
    assert db.execute("SELECT COUNT(*) FROM video_tags WHERE video_id LIKE 'big%'").fetchone()[0] == 48_000
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_reader_runs_none_of_the_callers_code(tmp_path):
    """A script without `if __name__ == "__main__"` may start a read: the reader does not run the script again."""
    path = write(tmp_path / "c.json", rows(20))
    script = tmp_path / "script.py"
    script.write_text(
        "from recommender.catalog_file import CatalogFile\n"
        "from recommender.read_ahead import checked_rows\n"
        "from recommender.stored_index import catalog_rows\n"
        f"print(sum(map(len, checked_rows(CatalogFile({str(path)!r}), catalog_rows, second_process_bytes=0))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}  # this checkout's recommender
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=env)
    assert out.stdout == "20\n", out.stderr
