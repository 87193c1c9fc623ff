"""Where a crash's traceback goes when the data folder cannot take it: a folder of the viewer's own, never a shared
name in the temporary folder."""

from __future__ import annotations

import os

from tuiapp.crash import write_crash_log


def test_an_unwritable_data_folder_falls_back_to_a_private_folder_of_the_viewers_own(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    log = write_crash_log(blocked, ZeroDivisionError("boom"))
    assert log == tmp_path / "tmp" / f"tiktui-{os.getuid()}" / "crash.log"
    assert "ZeroDivisionError: boom" in log.read_text()
    assert oct(log.stat().st_mode & 0o777) == "0o600" and oct(log.parent.stat().st_mode & 0o777) == "0o700"


def test_a_link_planted_at_the_fallback_is_not_followed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp" / f"tiktui-{os.getuid()}").mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_text("")
    for planted in (tmp_path / "tmp" / "crash.log", tmp_path / "tmp" / f"tiktui-{os.getuid()}" / "crash.log"):
        planted.symlink_to(victim)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    write_crash_log(blocked, ZeroDivisionError("boom"))
    assert victim.read_text() == ""
