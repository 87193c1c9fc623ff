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
