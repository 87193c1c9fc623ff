"""`tiktui import` of a big file shows how far it got, and a bad row near the end still imports nothing."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tuiapp.progress import Progress


def catalog_file(path: Path, rows: int, bad_at: int | None = None) -> Path:
    """A JSON catalog of `rows` videos (over 1 MiB from about 3,000); row `bad_at` has a bad duration."""
    videos = [
        {
            "id": f"big{i}",
            "title": f"a long enough title for video number {i}",
            "caption": "words " * 40,
            "creator": f"maker{i % 97}",
            "genre": "science",
            "hashtags": ["physics", f"tag{i % 13}"],
            "sound": f"sound {i % 31}",
            "duration_s": "long" if i == bad_at else 30 + i % 60,
            "uploaded_at": "2026-10-01T12:00:00Z",
            "views": 1000 + i,
        }
        for i in range(1, rows + 1)
    ]
    path.write_text(json.dumps({"videos": videos}))
    return path


def tiktui_import(data: Path, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tuiapp", "--data-dir", str(data), "import", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_big_import_reports_the_tenths_it_reaches_when_not_on_a_terminal(tmp_path):
    path = catalog_file(tmp_path / "big.json", 4000)
    assert path.stat().st_size > 2**20
    out = tiktui_import(tmp_path / "data", path)
    assert out.returncode == 0, out.stderr
    *tenths, last = out.stderr.splitlines()
    shares = [int(line.split(": ")[-1].split("%")[0]) for line in tenths]
    assert shares == sorted(set(shares)) and shares[-1] == 100 and len(shares) >= 2, tenths
    assert all(line.startswith(f"importing {path}: ") and "MiB" in line for line in tenths)
    # Each line's count is the share it says: a 1 MiB read that crossed three tenths said "20% (2.0 of 4.2 MiB)"
    # at 10% and again at 20%, the same figure under two shares.
    counts = [line.split("(")[-1] for line in tenths]
    assert len(set(counts)) == len(counts), tenths
    assert last == f"importing {path}: every row read; updating the catalog's lists"
    assert "imported 4,000 videos" in out.stdout


def test_a_bad_row_at_the_end_of_a_big_file_imports_nothing(tmp_path):
    out = tiktui_import(tmp_path / "data", catalog_file(tmp_path / "late.json", 4000, bad_at=3999))
    assert out.returncode == 1
    assert out.stderr.splitlines()[-1:] == [
        f"tiktui: {tmp_path / 'late.json'}: row 3999, field 'duration_s': must be a number, got 'long'; "
        "nothing was imported",
    ]
    db = sqlite3.connect(tmp_path / "data" / "tiktui.db")
    assert db.execute("SELECT COUNT(*) FROM videos WHERE id LIKE 'big%'").fetchone()[0] == 0


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_one_line_is_redrawn_and_ended():
    screen = Terminal()
    with Progress("importing x.json", 10 * 2**20, "bytes", screen) as progress:
        for done in range(0, 10 * 2**20 + 1, 2**20):
            progress.update(done)
        progress.finish()
    text = screen.getvalue()
    assert text.count("\n") == 1 and text.endswith("] 10.0 of 10.0 MiB\n")
    assert text.startswith("\rimporting x.json: [") and "[" + "#" * 30 + "]" in text


def test_a_bar_cut_short_by_an_error_ends_its_line_first():
    screen = Terminal()
    try:
        with Progress("importing x.json", 100, stream=screen) as progress:
            progress.update(40)
            raise ValueError("a bad row")
    except ValueError:
        pass
    assert screen.getvalue().endswith("40/100\n")
