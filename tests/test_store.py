"""The data file: where it lives, who can read it, what it holds."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from recommender.store import SCHEMA_VERSION, Store


def test_database_is_private_and_versioned(tmp_path):
    path = tmp_path / "new" / "tiktui.db"
    store = Store.open(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert store.version == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_cli_help_and_version():
    out = subprocess.run([sys.executable, "-m", "tuiapp", "--help"], capture_output=True, text=True, check=True)
    assert "--speed" in out.stdout and "--data-dir" in out.stdout
    out = subprocess.run([sys.executable, "-m", "tuiapp", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("tiktui ")


def test_data_dir_comes_from_the_environment(private_data_dir):
    from tuiapp.locations import db_path

    assert db_path() == private_data_dir / "tiktui.db"
    assert db_path("/elsewhere") == __import__("pathlib").Path("/elsewhere/tiktui.db")


def test_recommender_never_imports_textual():
    code = "import sys, recommender.feed, recommender.sim, lab.replay; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_version_and_help_answer_without_loading_the_app_the_database_or_numpy():
    code = (
        "import sys\n"
        "from tuiapp.cli import main\n"
        "for args in (['--version'], ['-V'], ['--help'], ['lab', '--help'], ['export', '--help'], ['forget', '-h']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('textual', 'sqlite_utils', 'sqlite3', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_returning_viewer_starts_without_sqlite_utils_or_numpy(tmp_path):
    """An up-to-date data file opens, replays and picks through the plain sqlite3 module: sqlite-utils (which loads
    numpy when it is installed) is left for first runs, upgrades and exports."""
    make = "from tuiapp.app import open_session; open_session(__import__('pathlib').Path(r'%s')).close()"
    subprocess.run([sys.executable, "-c", make % (tmp_path / "tiktui.db")], check=True)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tuiapp.app import make_app\n"
        f"app = make_app(Path(r'{tmp_path / 'tiktui.db'}'))\n"
        "assert app.session.start() is not None\n"
        "print(sorted(m for m in ('sqlite_utils', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
