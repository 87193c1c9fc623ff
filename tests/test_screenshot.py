"""The palette's Screenshot saves an SVG of the screen where the viewer can find it, and says where."""

from __future__ import annotations

from .conftest import make_app_for


async def shoot(app, pilot) -> list[str]:
    """Take a screenshot as the palette's "Screenshot" does; the toasts shown."""
    app.deliver_screenshot()
    await pilot.pause()
    return [n.message for n in app._notifications]


async def test_without_a_downloads_folder_the_screenshot_goes_beside_the_data_file(tmp_path, clock, monkeypatch):
    """Textual saves to ~/Downloads, and where there is none (a server over SSH, a fresh account) it only said
    "Failed to save screenshot"."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    app = make_app_for(tmp_path / "data" / "t.db", clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        toasts = await shoot(app, pilot)
    [saved] = list((tmp_path / "data").glob("*.svg"))
    assert saved.read_text().startswith("<svg")
    assert oct(saved.stat().st_mode & 0o777) == "0o600", "it shows what was watched: the viewer's alone"
    assert toasts == [f"Saved a screenshot to {saved}"], "the path as it is, not markup around it"


async def test_with_a_downloads_folder_the_screenshot_goes_there(tmp_path, clock, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "Downloads").mkdir(parents=True)
    app = make_app_for(tmp_path / "data" / "t.db", clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        toasts = await shoot(app, pilot)
    [saved] = list((tmp_path / "home" / "Downloads").glob("*.svg"))
    assert toasts == [f"Saved a screenshot to {saved}"]
    assert not list((tmp_path / "data").glob("*.svg"))


async def test_a_folder_that_refuses_the_file_is_one_line_naming_it(tmp_path, clock, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    app = make_app_for(tmp_path / "data" / "t.db", clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        app.deliver_screenshot(path=str(tmp_path / "nowhere"))
        await pilot.pause()
        [toast] = [n.message for n in app._notifications]
    assert toast.startswith(f"Could not save a screenshot in {tmp_path / 'nowhere'}: ") and "\n" not in toast
