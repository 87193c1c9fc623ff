"""`tiktui import PATH` answers every bad file with one line and exit status 1, never a traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROW = {
    "id": "v1",
    "title": "Pasta night",
    "caption": "the best #pasta",
    "creator": "ana",
    "genre": "cooking",
    "hashtags": ["pasta"],
    "sound": "original sound",
    "duration_s": 30,
    "uploaded_at": "2026-11-01T10:00:00Z",
}
HEADER = "id,title,caption,creator,genre,hashtags,sound,duration_s,uploaded_at"
CSV_ROW = "v1,Pasta,,ana,food,,s,30,1763640000"


def tiktui_import(tmp_path: Path, path: Path | str) -> subprocess.CompletedProcess:
    """Run the real command; the timeout turns a hang (say, opening a FIFO) into a failure, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "tuiapp", "--data-dir", str(tmp_path / "data"), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


def refused(tmp_path: Path, path: Path | str) -> str:
    """Assert the import failed the way the README promises; return the one line that says why."""
    out = tiktui_import(tmp_path, path)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode == 1, out
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].endswith("; nothing was imported"), lines
    assert lines[0].startswith(f"tiktui: {path}: "), lines
    assert "imported" not in out.stdout
    return lines[0].removeprefix(f"tiktui: {path}: ").removesuffix("; nothing was imported")


def json_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cat.json"
    path.write_text(text, encoding="utf-8")
    return path


def csv_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cat.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_a_number_with_thousands_of_digits(tmp_path):
    path = json_with(tmp_path, json.dumps([ROW]).replace('"duration_s": 30', '"duration_s": ' + "7" * 5000))
    assert refused(tmp_path, path) == "row 1, field 'duration_s': is a number with 5000 digits, far too long"


def test_a_number_with_hundreds_of_digits_in_a_count(tmp_path):
    path = json_with(tmp_path, json.dumps([{**ROW, "views": 0}]).replace('"views": 0', '"views": ' + "9" * 400))
    assert refused(tmp_path, path).startswith("row 1, field 'views': must be between 0 and 1e+12, got a number")


def test_json_nested_100000_deep(tmp_path):
    path = json_with(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert refused(tmp_path, path) == "not valid JSON: nested too deeply to read"


def test_a_lone_surrogate(tmp_path):
    path = json_with(tmp_path, json.dumps([ROW]).replace('"ana"', '"an\\udc80a"'))
    assert refused(tmp_path, path) == "row 1, field 'creator': contains a lone surrogate U+DC80"


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+01:00"])
def test_a_time_out_of_range_once_its_offset_is_applied(tmp_path, when):
    path = json_with(tmp_path, json.dumps([{**ROW, "uploaded_at": when}]))
    assert refused(tmp_path, path) == f"row 1, field 'uploaded_at': must be between 1970 and 2100, got '{when}'"


def test_repeated_json_keys(tmp_path):
    path = json_with(tmp_path, json.dumps([ROW])[:-2] + ', "sound": "other"}]')
    assert refused(tmp_path, path) == "row 1, field 'sound': appears twice in this row"


def test_an_escape_in_a_creator(tmp_path):
    path = json_with(tmp_path, json.dumps([{**ROW, "creator": "\x1b]0;pwned\x07"}]))
    assert refused(tmp_path, path) == "row 1, field 'creator': contains a control character U+001B"


@pytest.mark.parametrize("text", ["42", '"a string"', '{"as_of": "2026-11-20T00:00:00Z"}'])
def test_json_that_is_not_a_list_of_videos(tmp_path, text):
    assert refused(tmp_path, json_with(tmp_path, text)) == "must hold a list of videos (or an object with 'videos')"


def test_an_oversized_csv_field(tmp_path):
    path = csv_with(tmp_path, f'{HEADER}\n{CSV_ROW}\nv2,"{"x" * 140_000}",,b,f,,s,30,0\n')
    assert refused(tmp_path, path) == ("row 2: has a field longer than 131,072 characters (the row starts on line 3)")


def test_an_unterminated_csv_quote(tmp_path):
    path = csv_with(tmp_path, f'{HEADER}\n{CSV_ROW}\nv2,"Soup,,bob,food,,s,30,0\n')
    assert refused(tmp_path, path) == "row 2: has a quote that is never closed (the row starts on line 3)"


def test_a_csv_missing_a_column(tmp_path):
    path = csv_with(tmp_path, "id,title,caption,creator,genre,hashtags,duration_s,uploaded_at\nv1,P,,a,f,,30,0\n")
    assert refused(tmp_path, path) == "the CSV header lacks required column(s) 'sound'"


def test_a_csv_row_with_extra_cells(tmp_path):
    path = csv_with(tmp_path, f"{HEADER}\n{CSV_ROW},surprise\n")
    assert refused(tmp_path, path) == "row 1: has 10 cells, the header has 9 columns (line 2)"


def test_bytes_that_are_not_utf8(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_bytes(f"{HEADER}\n{CSV_ROW}\n".encode() + b"v2,\xff\xfe\n")
    assert refused(tmp_path, path) == "is not UTF-8 text (byte 0xff on line 3)"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "cat.json"
    os.mkfifo(fifo)
    assert refused(tmp_path, fifo) == "is a FIFO (named pipe), not a catalog file"


def test_a_device_is_refused(tmp_path):
    assert refused(tmp_path, "/dev/null") == "is a device, not a catalog file"


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "catalog.json"
    folder.mkdir()
    assert refused(tmp_path, folder) == "is a folder, not a catalog file"


def test_a_missing_file(tmp_path):
    assert refused(tmp_path, tmp_path / "none.csv") == "no such catalog file"


def test_a_good_csv_imports_with_its_multi_line_caption_bom_and_unix_seconds(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_bytes(
        (
            "\ufeff" + f'{HEADER}\r\nv1,Pasta,"line one\r\nline two\u2028three",ana,food,a|b,s,30,'
            f"1763640000.5\r\nv2,Soup,,bob,food,,s,30,1763640000\r\n"
        ).encode()
    )
    out = tiktui_import(tmp_path, path)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out
    assert "imported 2 videos" in out.stdout
    db = sqlite3.connect(tmp_path / "data" / "tiktui.db")
    try:
        (caption,) = db.execute("SELECT caption FROM videos WHERE id = 'v1'").fetchone()
    finally:
        db.close()
    assert caption == "line one\r\nline two\u2028three"


def test_an_upload_more_than_a_day_in_the_future(tmp_path):
    path = json_with(tmp_path, json.dumps([{**ROW, "uploaded_at": "2099-01-01T00:00:00Z"}]))
    assert refused(tmp_path, path) == (
        "row 1, field 'uploaded_at': is in the future (2099-01-01T00:00:00Z, more than a day from now)"
    )


def test_an_import_counts_one_video_and_one_duplicate_in_the_singular(tmp_path):
    """It said "imported 1 videos ..." and, again, "1 duplicates left out"."""
    path = tmp_path / "one.csv"
    path.write_text(f"{HEADER}\nv1,Pasta,,ana,food,,s,30,1763640000\n")
    first = tiktui_import(tmp_path, path)
    assert first.returncode == 0 and "imported 1 video from " in first.stdout, first
    assert "; 0 duplicates left out" in first.stdout
    again = tiktui_import(tmp_path, path)
    assert again.returncode == 0 and "imported 0 videos from " in again.stdout, again
    assert "; 1 duplicate left out" in again.stdout
