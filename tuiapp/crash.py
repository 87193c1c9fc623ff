"""When tiktui itself fails: the traceback goes to a private log file, the viewer gets one line naming it."""

from __future__ import annotations

import os
import signal
import traceback
from datetime import UTC, datetime
from pathlib import Path

from recommender.dbfile import make_private_folder

HANG_UPS = (signal.SIGHUP, signal.SIGTERM) if hasattr(signal, "SIGHUP") else ()
"""Signals that end tiktui as q does, or an export as Ctrl-C does, through its cleanup (a POSIX terminal's: a
closed window, a kill; Windows has neither)."""
LOG_NAME = "crash.log"


def fallback_folder() -> Path:
    """Where a crash log goes when the data folder cannot be written: the viewer's own folder in the temporary one."""
    return Path(os.environ.get("TMPDIR", "/tmp")) / f"tiktui-{os.getuid()}"


def fallback_crash_log() -> Path | None:
    """The crash log in `fallback_folder`, if tiktui ever wrote one there (a file of the viewer's, not a link)."""
    folder = fallback_folder()
    log = folder / LOG_NAME
    try:
        own = not folder.is_symlink() and folder.stat().st_uid == os.getuid()
        return log if own and log.is_file() and not log.is_symlink() else None
    except OSError:
        return None


def write_crash_log(folder: Path, error: BaseException) -> Path:
    """Append `error`'s traceback to `folder`/crash.log (0600); return its path.

    Falls back to a folder of the viewer's own in the temporary folder (`tiktui-UID`, 0700) when the data folder
    cannot be written: never a shared name there, which another user could have made first (or made a link).
    """
    text = "".join(traceback.format_exception(error))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    for place in (folder, fallback_folder()):
        path = place / LOG_NAME
        try:
            make_private_folder(place)
            if place != folder and (place.is_symlink() or place.stat().st_uid != os.getuid()):
                continue  # not the viewer's own: write nothing there
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as log:
                log.write(f"--- tiktui crashed at {stamp}\n{text}\n")
            return path
        except OSError:
            continue
    return folder / LOG_NAME


def crash_line(log: Path) -> str:
    """The one line a viewer sees."""
    return f"tiktui: something went wrong inside tiktui; the details are in {log} (your data is safe)"
