"""Where tiktui keeps the viewer's data: one SQLite file, private to the user."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

from recommender import DB_NAME


def data_dir(explicit: str | None = None) -> Path:
    """--data-dir, else $TIKTUI_DATA_DIR, else the user data dir appdirs gives for "tiktui"."""
    chosen = explicit or os.environ.get("TIKTUI_DATA_DIR") or appdirs.user_data_dir("tiktui")
    return Path(chosen).expanduser()


def db_path(explicit: str | None = None) -> Path:
    return data_dir(explicit) / DB_NAME


def not_a_folder(path: Path) -> str:
    """A one-line error when the data folder of `path` (or a folder above it) is a file: "no data file there" was
    said of it, and `post --list` said "no posts yet"; "" when it is a folder or not there yet."""
    for folder in path.parents:
        if folder.exists():
            if folder.is_dir():
                return ""
            return f"tiktui: {folder}: is a file, not a folder; choose another place with --data-dir or TIKTUI_DATA_DIR"
    return ""
