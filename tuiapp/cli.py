"""The `tiktui` command: parse arguments, run the app or a subcommand, print."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from recommender import __version__
from recommender.feeds import FEEDS

from .locations import db_path

# Only what parsing needs is imported here: `--version` and `--help` answer without loading the app,
# the database layer or the lab.


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.1 <= value <= 100:
        raise argparse.ArgumentTypeError("must be between 0.1 and 100")
    return value


def _ks(text: str) -> tuple[int, ...]:
    try:
        ks = tuple(sorted({int(part) for part in text.split(",")}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not ks or ks[0] < 1:
        raise argparse.ArgumentTypeError("K must be at least 1")
    return ks


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tiktui",
        description="A short-video feed for the terminal that learns its viewer on the viewer's own machine.",
        epilog="Your data stays in one SQLite file on this machine (see --data-dir).",
    )
    parser.add_argument("--version", action="version", version=f"tiktui {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="where tiktui.db lives (default: $TIKTUI_DATA_DIR, else the user data dir)"
    )
    parser.add_argument("--speed", type=_speed, default=1.0, metavar="X", help="play videos X times faster")
    parser.add_argument("--feed", choices=sorted(FEEDS), default="foryou", help="which feed to watch")
    parser.add_argument("--restricted", action="store_true", help="hide mature videos (for younger viewers)")
    parser.add_argument(
        "--motion",
        choices=("full", "low", "off"),
        help="how the picture moves: full (15 fps), low (5 fps, for SSH), off (a still frame); remembered",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="start the feed (the default)")
    sim = sub.add_parser("sim", help="run simulated viewers through the feed and print how it learns")
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    imp = sub.add_parser("import", help="add videos from a catalog file (JSON or CSV; schema in README)")
    imp.add_argument("path", metavar="PATH")
    lab = sub.add_parser("lab", help="replay real viewers (MovieLens layout) as a feed and measure the lift")
    lab.add_argument(
        "--data", required=True, metavar="DIR", help="viewers to replay (movies.csv, ratings.csv, tags.csv)"
    )
    lab.add_argument("--train", metavar="DIR2", help="learn global figures from these viewers instead of folds")
    lab.add_argument("--k", default="10,20,50", type=_ks, help="picks per viewer, comma-separated")
    lab.add_argument("--seed", type=int, default=0)
    lab.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        run(args)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # the modules that name these errors are imported only if one happens
        fail(args, err)


def fail(args: argparse.Namespace, err: Exception) -> NoReturn:
    """End with one line for what went wrong: a bad catalog, an unusable data file, a bug (its log named)."""
    import sqlite3

    from lab.movielens import LabDataError
    from recommender.catalog import CatalogError
    from recommender.dbfile import store_error
    from recommender.store import StoreError

    if isinstance(err, CatalogError):
        for line in err.lines():
            print(f"tiktui: {line}", file=sys.stderr)
        sys.exit("tiktui: nothing was imported" if args.command == "import" else 1)
    if isinstance(err, StoreError | LabDataError):
        sys.exit(f"tiktui: {err}")
    if isinstance(err, sqlite3.Error):  # a write after opening failed: a full disk, a lock held too long
        sys.exit(f"tiktui: {store_error(db_path(args.data_dir), err)}")
    from .crash import crash_line, write_crash_log  # a bug: one line for the viewer, the traceback in a log file

    sys.exit(crash_line(write_crash_log(db_path(args.data_dir).parent, err)))


def run(args: argparse.Namespace) -> None:
    if args.command == "sim":
        from .reports import print_sim

        print_sim(args.seed, args.json)
        return
    if args.command == "lab":
        from .reports import print_lab

        print_lab(args.data, args.train, args.k, args.seed, args.json)
        return
    if args.command == "import":
        import_file(args)
        return
    if not sys.stdin.isatty():
        sys.exit(
            "tiktui: the feed needs a terminal (standard input is not one); for scripts use "
            "'tiktui sim', 'tiktui lab' or 'tiktui import'"
        )
    from .app import make_app
    from .crash import crash_line

    app = make_app(
        db_path(args.data_dir), speed=args.speed, feed=args.feed, restricted=args.restricted, motion=args.motion
    )
    if app.session.store.notice:
        print(f"tiktui: {app.session.store.notice}", file=sys.stderr)
    app.run()
    if app.damage:
        from .app import set_aside

        sys.exit(f"tiktui: {set_aside(app)}")
    if app.crash_log is not None:
        sys.exit(crash_line(app.crash_log))
    if app.return_code:
        sys.exit(app.return_code)


def import_file(args: argparse.Namespace) -> None:
    """Read, check and add a catalog file in one transaction, showing how far it got; all or nothing."""
    from recommender.catalog_file import CatalogFile
    from recommender.clock import SystemClock
    from recommender.feed import import_rows
    from recommender.read_ahead import checked_rows
    from recommender.store import Store
    from recommender.stored_index import catalog_row

    from .progress import Progress

    source = CatalogFile(args.path, now=SystemClock().utc().timestamp())  # a missing or unreadable file: no store
    store = Store.open(db_path(args.data_dir))
    if store.notice:
        print(f"tiktui: {store.notice}", file=sys.stderr)
    with Progress(f"importing {source.name}", source.size, "bytes", quiet=source.size < 2**20) as progress:
        # Rows are checked as they are read and written in one transaction: a bad row anywhere rolls all back.
        batches = checked_rows(source, catalog_row, progress=progress.update)  # a big file: read on a second core
        added, skipped = import_rows(
            store,
            batches,
            SystemClock(),
            source.duplicates,
            lambda: progress.finish("every row read; updating the catalog's lists"),
        )
    for line in skipped[:20]:
        print(f"tiktui: {line}", file=sys.stderr)
    if len(skipped) > 20:
        print(f"tiktui: ... and {len(skipped) - 20} more left out", file=sys.stderr)
    print(f"imported {added} videos from {args.path} into {store.path}; {len(skipped)} duplicates left out")
