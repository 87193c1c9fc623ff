"""`tiktui sim --audience`: what a creator sees of their videos' life, as text or JSON, and bad --post files."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

POST = [
    {
        "id": "mine",
        "title": "My grandmother's [bold]pasta[/bold], in one pan",
        "creator": "newcook",
        "genre": "cooking",
        "hashtags": ["pasta"],
        "sound": "kitchen radio",
        "duration_s": 28,
        "completion_rate": 0.9,
        "posted_day": 1,
    }
]
SMALL = ["--audience", "12", "--days", "2", "--swipes-per-day", "4", "--workers", "1"]


def tiktui(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tuiapp", "sim", *argv], capture_output=True, text=True, timeout=600)


def test_json_holds_every_live_video_day_by_day_with_the_posted_one(tmp_path):
    path = tmp_path / "posts.json"
    path.write_text(json.dumps(POST))
    out = tiktui(*SMALL, "--seed", "3", "--post", str(path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == ["seed", "days", "videos"] and (data["seed"], data["days"]) == (3, 2)
    assert len(data["videos"]) > 10  # the shipped catalog's uploads of the last two days live under the audience
    for video in data["videos"]:
        assert list(video) == ["id", "creator", "posted_day", "days"]
        assert [d["day"] for d in video["days"]] == list(range(video["posted_day"], 2))
        assert all(list(d) == ["day", "stage", "batch", "views", "score"] for d in video["days"])
        views = [d["views"] for d in video["days"]]
        assert views == sorted(views)
    (mine,) = (v for v in data["videos"] if v["id"] == "mine")
    assert (mine["creator"], mine["posted_day"], mine["days"][0]["stage"]) == ("newcook", 1, "trial")
    assert mine["days"][0]["batch"] >= 1


def test_text_shows_the_posted_video_day_by_day_and_its_reach_chart(tmp_path):
    path = tmp_path / "posts.json"
    path.write_text(json.dumps({"videos": POST}))
    out = tiktui(*SMALL, "--post", str(path))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "mine by newcook, posted day 1" in text
    assert "new views per day" in text and "stage    T" in text
    assert "  1  trial" in text
    tables = [line for line in text.splitlines() if ", posted day " in line and ":" not in line]  # not the charts'
    # So small an audience watched none of the new videos: it says so, and shows yours (not "the most viewed").
    assert len(tables) == 1 and "was watched by 12 viewers at 4 swipes a day" in text and text.count(" Yours:") == 1


def test_a_bad_post_file_is_one_line_per_fault_and_nothing_runs(tmp_path):
    path = tmp_path / "posts.json"
    bad = [dict(POST[0], posted_day=5), dict(POST[0], id="two", duration_s="long", posted_day=0)]
    path.write_text(json.dumps(bad))
    out = tiktui(*SMALL, "--post", str(path))
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.splitlines() == [
        "tiktui: posts.json: row 1, field 'posted_day': must be a whole number from 0 to 1: 5",
        "tiktui: posts.json: row 2, field 'duration_s': " + out.stderr.splitlines()[1].split("'duration_s': ")[1],
    ]
    assert "Traceback" not in out.stderr
    path.write_text("[{")
    out = tiktui(*SMALL, "--post", str(path))
    assert out.returncode == 1 and out.stderr.startswith(f"tiktui: {path}: not valid JSON at line 1, column 3: ")
    # A field said twice ran with its last value (QA); an import refuses it.
    path.write_text(json.dumps([POST[0]])[:-2] + ', "title": "again"}]')
    out = tiktui(*SMALL, "--post", str(path))
    assert out.returncode == 1 and out.stderr == f"tiktui: {path}: the field 'title' is given twice in one object\n"
    # Too deep, a number too long: a crash log (QA); one line now.
    for text, said in (
        ("[" * 50_000 + "]" * 50_000, "nested too deeply to read"),
        (
            json.dumps([POST[0]]).replace('"posted_day": 1', '"posted_day": ' + "9" * 5000),
            "holds a number too long to read (over 4,300 digits)",
        ),
    ):
        path.write_text(text)
        out = tiktui(*SMALL, "--post", str(path))
        assert out.returncode == 1 and out.stderr == f"tiktui: {path}: {said}\n"
    # QA: an empty list was "must be a JSON list of videos"; a row without a day, "must be a whole number".
    path.write_text("[]")
    assert tiktui(*SMALL, "--post", str(path)).stderr == f"tiktui: {path}: an empty list: no video to post\n"
    path.write_text(json.dumps([{k: v for k, v in POST[0].items() if k != "posted_day"}]))
    assert tiktui(*SMALL, "--post", str(path)).stderr.splitlines() == [
        "tiktui: posts.json: row 1, field 'posted_day': is missing (the day it is posted, 0 to 1)"
    ]
    # A pipe was waited on for good (QA: `--post FIFO` until killed).
    os.mkfifo(tmp_path / "pipe")
    out = tiktui(*SMALL, "--post", str(tmp_path / "pipe"))
    assert out.returncode == 1 and out.stderr == (
        f"tiktui: {tmp_path / 'pipe'}: not a regular file (a folder, a device or a pipe?); give a JSON file\n"
    )
    # An id given twice: named at the row, before the run (it was refused once the run had started, as if the
    # catalog held it already).
    path.write_text(json.dumps([POST[0], dict(POST[0], title="Another one")]))
    out = tiktui(*SMALL, "--post", str(path))
    assert out.returncode == 1 and "sim:" not in out.stderr
    assert out.stderr.splitlines() == ["tiktui: posts.json: row 2, field 'id': repeats row 1's id 'mine'"]
    # The id of a catalog video: named at its row before the run (the run started, then stopped on it unnamed).
    path.write_text(json.dumps([dict(POST[0], id="v0001")]))
    out = tiktui(*SMALL, "--post", str(path))
    assert (
        out.returncode == 1
        and "sim:" not in out.stderr
        and out.stderr.splitlines()
        == [
            "tiktui: posts.json: row 1, field 'id': 'v0001' is a video of the shipped catalog;"
            " give your video an id of its own"
        ]
    )
    path.write_text(json.dumps([dict(POST[0], genre="cokking")]))  # a genre of its own, that no viewer's feed knows
    out = tiktui(*SMALL, "--post", str(path))
    assert out.returncode == 1 and out.stderr.splitlines() == [
        "tiktui: posts.json: row 1, field 'genre': 'cokking' is not a genre of the catalog (did you mean 'cooking'?)"
    ]


@pytest.mark.parametrize("flag", [["--days", "3"], ["--swipes-per-day", "3"], ["--workers", "1"]])
def test_an_audience_option_without_an_audience_is_refused_in_one_line(flag):
    """--swipes-per-day and --workers were ignored without a word: they had defaults, so a run could not tell them
    given. A command line that cannot run exits 2, as argparse's own refusals do (QA: it was 1, a bad file's)."""
    out = tiktui(*flag)
    assert out.returncode == 2 and out.stderr.strip() == (
        f"tiktui sim: {flag[0]} needs --audience N: how many simulated viewers (see tiktui sim --help)"
    )


def test_only_posted_without_posts_is_a_mistyped_command_line():
    out = tiktui("--audience", "5", "--only-posted")
    assert out.returncode == 2 and out.stderr.strip() == (
        "tiktui sim: --only-posted needs --post FILE: the videos to watch (see tiktui sim --help)"
    )


def test_an_audience_option_beside_personas_names_itself():
    """`--personas F --days 3` said "--personas runs personas, --audience an audience", with no --audience given."""
    out = tiktui("--personas", "f.json", "--days", "3")
    assert out.returncode == 2 and out.stderr.strip() == (
        "tiktui sim: --days is for a simulated audience (--audience N), not --personas: give one of them"
        " (see tiktui sim --help)"
    )


def test_the_run_says_its_size_in_words_one_as_one():
    out = tiktui("--audience", "1", "--days", "1", "--swipes-per-day", "1", "--workers", "1")
    assert out.returncode == 0, out.stderr
    assert "sim: 1 viewer x 1 day x 1 swipe ..." in out.stderr


def test_a_run_where_no_new_video_was_watched_says_so_instead_of_naming_the_most_viewed():
    """Five videos at 0 views were shown as "the most viewed", with empty charts."""
    out = tiktui(*SMALL)
    assert out.returncode == 0, out.stderr
    assert "None of the " in out.stdout and "was watched by 12 viewers at 4 swipes a day" in out.stdout
    assert "the most viewed" not in out.stdout and "Reach over days" not in out.stdout
    out = tiktui("--audience", "30", "--days", "2", "--swipes-per-day", "40", "--workers", "1")
    tables = [line for line in out.stdout.splitlines() if ", posted day " in line and ":" not in line]
    (said,) = [line for line in out.stdout.splitlines() if line.startswith("Shown: ")]  # a few of many: it says which
    assert said.startswith(f"Shown: {len(tables)} of the ") and "most viewed" in said
    # The words count what the tables show: five tables read "the most viewed, and the one that came back most".
    counted = re.search(r"the (\d+) most viewed", said)
    assert counted and int(counted.group(1)) + (", and the one that came back most" in said) == len(tables), said
    assert "None of the " not in out.stdout and "Reach over days of the first 3 (" in out.stdout


def _workers_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] if Path(f"/proc/{pid}").exists() else "X"
    return state not in ("Z", "X")


@pytest.mark.parametrize(("sent", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_run_stopped_by_ctrl_c_or_a_kill_stops_its_workers_without_a_traceback(tmp_path, sent, status):
    """Ctrl-C (sent to the whole process group, as a terminal does) printed sixty lines of the workers' tracebacks;
    a kill of tiktui left its workers computing for a minute at 2,000 viewers."""
    run = subprocess.Popen(
        [sys.executable, "-m", "tuiapp", "sim", "--audience", "2000", "--days", "3", "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "TIKTUI_DATA_DIR": str(tmp_path)},
    )
    deadline = time.monotonic() + 120
    while len(workers := _workers_of(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(workers) == 2, "the run never started its workers"
    time.sleep(1.0)  # at work on the first day
    if sent == signal.SIGINT:
        os.killpg(run.pid, sent)
    else:
        run.send_signal(sent)
    _, err = run.communicate(timeout=60)
    assert run.returncode == status and "Traceback" not in err, err
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker went on after the run was stopped"


def test_every_fault_of_a_post_file_is_said_in_one_run(tmp_path):
    """QA: a file of four faulty rows was mended over four runs, a fault or two a row each time ('sound: is missing'
    hid a misspelt genre, a negative length and a repeated id)."""
    path = tmp_path / "posts.json"
    rows = [
        {"id": "a", "title": "t", "creator": "c", "genre": "cokking", "duration_s": 28, "posted_day": 0},
        {"id": "a", "title": "t2", "creator": "c", "genre": "tech", "sound": "s", "duration_s": -3, "posted_day": 0},
    ]
    path.write_text(json.dumps(rows))
    out = tiktui(*SMALL, "--post", str(path))
    assert out.returncode == 1 and out.stderr.splitlines() == [
        "tiktui: posts.json: row 1, field 'sound': is missing",
        "tiktui: posts.json: row 1, field 'genre': 'cokking' is not a genre of the catalog (did you mean 'cooking'?)",
        "tiktui: posts.json: row 2, field 'duration_s': must be between 1 and 600, got -3",
        "tiktui: posts.json: row 2, field 'id': repeats row 1's id 'a'",
    ]


def test_the_readme_example_of_your_own_videos_is_what_the_command_prints():
    """QA: the README showed the pasta held back with a second chance; the command printed it standard, then cooling
    (an earlier refit had moved it). The README's charts are the command's, character for character."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    command = "tiktui sim --audience 100 --days 10 --swipes-per-day 15 --post tests/data/my-videos.json --only-posted"
    assert f"`{command}`" in readme
    after = readme[readme.index(f"`{command}`") :]
    block = after[after.index("```\n") + 4 :]
    block = block[: block.index("```\n")]
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "tuiapp", *command.split()[1:]], capture_output=True, text=True, cwd=root, timeout=600
    )
    assert out.returncode == 0, out.stderr
    printed = out.stdout[out.stdout.index(block.split(":")[0] + ":") :]  # the charts: "my-pasta by ...: N views"
    assert printed.rstrip() == block.rstrip()
