"""`tiktui sim --audience N`: videos living their life under a simulated audience, as tables, charts or JSON."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Collection, Container
from pathlib import Path
from typing import Any

from recommender import strict_json
from recommender.audience import AudienceRun, VideoLife, reach_chart, simulate
from recommender.audience.chart import LEGEND
from recommender.catalog import CatalogError, RowError, field_faults, parse_row
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.lifecycle import DAY
from recommender.posting import genre_problem
from recommender.video import Video
from recommender.words import plural

from .safe_text import clean

DAYS = 7
SWIPES_PER_DAY = 50
"""Picks per simulated viewer a day, by default (`--swipes-per-day`)."""
WORKERS = 2
"""Processes that share an audience, by default (`--workers`): the machine's two cores."""
SHOWN = 6
"""Videos shown in the table: the most viewed, the one paused and back the most, and every posted one."""
MAX_POST_BYTES = 1_000_000


def read_posts(
    path: str, days: int, genres: Collection[str] = (), taken: Container[str] = ()
) -> list[tuple[Video, int]]:
    """The videos of a --post file (a JSON list of catalog rows, each with a posted_day), checked like an import,
    each in one of `genres` (the catalog's) as a post is, with an id none of `taken` (the catalog's videos) has."""
    name = Path(path).name
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe was waited on for good (QA)
            raise CatalogError(f"{path}: not a regular file (a folder, a device or a pipe?); give a JSON file")
        with open(path, "rb") as f:
            data = f.read(MAX_POST_BYTES + 1)
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such file") from None
    except OSError as err:
        raise CatalogError(f"{path}: cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_POST_BYTES:
        raise CatalogError(f"{path}: over {MAX_POST_BYTES:,} bytes: not a list of your videos")
    try:
        rows = strict_json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise CatalogError(f"{path}: is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise CatalogError(f"{path}: not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except strict_json.Refused as err:  # a field given twice (its last value won), a file too deep (a crash): QA
        raise CatalogError(f"{path}: {err}") from None
    if isinstance(rows, dict) and isinstance(rows.get("videos"), list):
        rows = rows["videos"]
    if not isinstance(rows, list):
        raise CatalogError(f'{path}: must be a JSON list of videos (or {{"videos": [...]}}), each with a posted_day')
    if not rows:
        raise CatalogError(f"{path}: an empty list: no video to post")
    errors: list[RowError] = []
    posts = []
    first: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(RowError(name, number, "-", "must be an object with the catalog fields and a posted_day"))
            continue
        day = row.get("posted_day")
        if "posted_day" not in row:
            errors.append(RowError(name, number, "posted_day", f"is missing (the day it is posted, 0 to {days - 1})"))
        elif type(day) is not int or not 0 <= day < days:
            given = json.dumps(day)[:20]
            errors.append(RowError(name, number, "posted_day", f"must be a whole number from 0 to {days - 1}: {given}"))
        fields = {k: v for k, v in row.items() if k != "posted_day"}
        fields.setdefault("uploaded_at", 0)  # the run sets it from posted_day
        # Every fault of the row in one pass, the catalog's and a post's (they came one fix at a time, QA).
        try:
            video: Video | None = parse_row(fields, name, number)
        except CatalogError as err:
            video = None
            errors.extend(field_faults(fields, name, number) or err.errors)
        vid, genre = _as_text(fields.get("id")), _as_text(fields.get("genre")).strip().lower()
        said_genre = any(e.row == number and e.field == "genre" for e in errors)  # too long, say: said once
        if genre and not said_genre and (problem := genre_problem(genre, genres)) is not None:
            errors.append(RowError(name, number, "genre", problem))
        if vid in taken:
            problem = f"{vid!r} is a video of the shipped catalog; give your video an id of its own"
            errors.append(RowError(name, number, "id", problem))
        elif vid in first:  # found here, before the run: the catalog would refuse the second once it started
            errors.append(RowError(name, number, "id", f"repeats row {first[vid]}'s id {vid!r}"))
        elif vid:
            first[vid] = number
        if video is not None and not errors:
            posts.append((video, day))
    if errors:
        raise CatalogError(errors)
    return posts


def _as_text(value: object) -> str:
    """A field's value when it is text (stripped), else "": what the post's own checks can read of a bad row."""
    return value.strip() if isinstance(value, str) else ""


def interesting(run: AudienceRun, posted: set[str]) -> list[VideoLife]:
    """The lives worth showing: the posted ones, the most viewed, and the one that came back most (of those watched
    at all: a video no viewer met is not "the most viewed")."""
    yours, viewed, back = _chosen(run, posted)
    return [*yours, *viewed, *([back] if back is not None and back not in viewed else [])]


def _chosen(run: AudienceRun, posted: set[str]) -> tuple[list[VideoLife], list[VideoLife], VideoLife | None]:
    """(the posted lives, the most viewed others, the one that came back most or None) of `interesting`."""
    lives = [v for v in run.videos if v.days]
    yours = [v for v in lives if v.id in posted]
    lives = [v for v in lives if v.days[-1].views]
    by_views = sorted(lives, key=lambda v: (-v.days[-1].views, v.id))
    back = min(
        (v for v in lives if any(d.stage == "second chance" for d in v.days)),
        key=lambda v: (-v.days[-1].views, v.id),
        default=None,
    )
    viewed = [v for v in by_views[: SHOWN - 1] if v not in yours]
    if back is not None and back in yours:
        back = None
    return yours, viewed, back


def which_shown(run: AudienceRun, posted: set[str]) -> str:
    """Which videos the tables show, in words that count them: "the 4 most viewed, and the one that came back
    most" (it said "the most viewed, and the one..." over five tables, four of them the most viewed)."""
    yours, viewed, back = _chosen(run, posted)
    words = []
    if viewed:
        among = " (among them the one that came back most)" if back in viewed else ""
        words.append(("the most viewed" if len(viewed) == 1 else f"the {len(viewed)} most viewed") + among)
    if back is not None and back not in viewed:
        words.append("the one that came back most")
    rest = ", and ".join(words)
    return f"yours, then {rest}" if yours and rest else "yours" if yours else rest


def life_table(life: VideoLife) -> list[str]:
    """Day by day: stage, batch, views so far, score so far."""
    lines = [f"  {'day':>3}  {'stage':<13} {'batch':>6} {'views':>7} {'score':>6}"]
    lines += [f"  {d.day:>3}  {d.stage:<13} {d.batch:>6,} {d.views:>7,} {d.score:>6.2f}" for d in life.days]
    return lines


def report(run: AudienceRun, posted: set[str], charts: int = 3, posts: str = "") -> list[str]:
    """The text `tiktui sim --audience` prints; `posts`: the command line's --post (and --only-posted), so that
    its first line runs it again."""
    lines = [
        f"tiktui sim --audience {run.viewers} --days {run.days} --swipes-per-day {run.swipes_per_day}{posts} "
        f"--seed {run.seed}: {plural(len(run.videos), 'video')} posted during the run, on the shipped catalog",
        "",
        "The audience per day: views, par (points per view, every video), exit rate",
    ]
    lines += [
        f"  day {a.day:>3}: {a.views:>8,} {'view, ' if a.views == 1 else 'views,'} par {a.par:5.2f}, "
        f"exit rate {a.exit_rate:.1%}"
        for a in run.audience
    ]
    shown = interesting(run, posted)
    if not any(v.days and v.days[-1].views for v in run.videos):
        lines += [
            "",
            ("The one video" if len(run.videos) == 1 else f"None of the {len(run.videos):,} videos")
            + f" posted during the run was {'not ' if len(run.videos) == 1 else ''}watched by "
            f"{plural(run.viewers, 'viewer')} at {plural(run.swipes_per_day, 'swipe')} a day: a new video reaches "
            "a feed through its trial slots, about 7% of the "
            "picks after the first cards. More viewers or more swipes a day give new videos an audience."
            + (" Yours:" if shown else ""),
        ]
    elif len(shown) < len(run.videos):  # say which, or the few tables read as all there was
        which = which_shown(run, posted)
        lines += ["", f"Shown: {len(shown)} of the {len(run.videos)} videos: {which}; --json has every one."]
    for life in shown:
        lines += ["", f"{life.id} by {life.creator}, posted day {life.posted_day}", *life_table(life)]
    if shown:
        first = f" of the first {charts}" if len(shown) > charts else ""
        lines += ["", f"Reach over days{first} (new views per day; stage under each day):", LEGEND]
    for life in shown[:charts]:
        lines += ["", *reach_chart(life)]
    return lines


def print_audience(args: argparse.Namespace) -> None:
    swipes, workers = args.swipes_per_day or SWIPES_PER_DAY, args.workers or WORKERS  # the command line is checked
    days = args.days or DAYS
    catalog = load_catalog(shipped_catalog_path())
    posts = read_posts(args.post, days, catalog.genres, catalog) if args.post else []
    if not args.only_posted:  # the run starts `days` days before the catalog's snapshot: it needs videos by then
        latest = catalog.as_of if catalog.as_of is not None else max(v.uploaded_at for v in catalog.videos)
        span = int((latest - min(v.uploaded_at for v in catalog.videos)) // DAY)
        if days > span:
            raise CatalogError(
                f"--days {days}: the shipped catalog's uploads span {span} days, and a run starts that many days "
                f"before its snapshot; ask for at most {span} (with --post, --only-posted starts at the snapshot)"
            )
    sizes = (plural(args.audience, "viewer"), plural(days, "day"), plural(swipes, "swipe"))
    print(f"sim: {' x '.join(sizes)} ...", file=sys.stderr)
    try:
        start = catalog.as_of if args.only_posted else None
        run = simulate(catalog, args.audience, days, swipes, args.seed, posts, workers=workers, start=start)
    except ValueError as err:
        raise CatalogError(f"--post {args.post}: {err}") from None
    if args.json:
        out: dict[str, Any] = run.as_json()
        print(json.dumps(out))
        return
    given = f" --post {args.post}" + (" --only-posted" if args.only_posted else "") if args.post else ""
    print("\n".join(map(clean, report(run, {v.id for v, _ in posts}, posts=given))))  # a posted video's names: data
