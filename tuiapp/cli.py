"""The `tiktui` command: parse arguments, run the app or a subcommand, print."""

from __future__ import annotations

import argparse
import errno
import io
import os
import signal
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from recommender import __version__
from recommender.feeds import FEEDS

from .locations import db_path, not_a_folder

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from recommender.store import Store

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


_DATA_DIR_HELP = (
    "where tiktui.db lives (default: $TIKTUI_DATA_DIR if set, else the user data dir: ~/.local/share/tiktui on Linux)"
)


class _HelpFormatter(argparse.HelpFormatter):
    """Paragraphs wrapped to the terminal, as argparse does; the examples' lines kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        fill = super()._fill_text
        return "\n\n".join(
            part if part.startswith("example") else fill(part, width, indent) for part in text.split("\n\n")
        )


def _folder(text: str) -> str:
    """--data-dir's folder: an empty one would quietly be the default, the viewer's own data (`forget --yes`!)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give a folder, or leave the option out for the default")
    return text


def _file(text: str) -> str:
    """A file named on the command line: an empty name would read as no option at all, or as a file named ''."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give a file")
    return text


def _examples(*lines: str) -> str:
    return "example" + ("s" if len(lines) > 1 else "") + ":\n" + "\n".join(f"  {line}" for line in lines)


def _with_common(parser: argparse.ArgumentParser, main: bool = False) -> argparse.ArgumentParser:
    """The options every command takes, before its name or after it.

    On a command's own parser their default is SUPPRESS: an option given
    before the command's name is then not overwritten by the command's parser.
    """
    default = None if main else argparse.SUPPRESS
    parser.add_argument("-V", "--version", action="version", version=f"tiktui {__version__}", help="print the version")
    parser.add_argument("--data-dir", metavar="DIR", type=_folder, default=default, help=_DATA_DIR_HELP)
    return parser


def _with_feed_options(parser: argparse.ArgumentParser, main: bool = False) -> None:
    """The feed's options: on the main parser (with their defaults) and on `run` (SUPPRESS, see `_with_common`)."""

    def default(value: object) -> object:
        return value if main else argparse.SUPPRESS

    parser.add_argument(
        "--speed",
        type=_speed,
        default=default(1.0),
        metavar="X",
        help="play videos X times faster, 0.1 to 100 (default: 1)",
    )
    parser.add_argument(
        "--feed",
        choices=sorted(FEEDS),
        default=default("foryou"),
        help="which feed to watch: foryou (everything), following (the creators you follow, newest first) or "
        "stem (science, math and tech) (default: foryou)",
    )
    parser.add_argument(
        "--restricted",
        action="store_true",
        default=default(False),
        help="turn restricted mode on (mature videos hidden, for younger viewers) and keep it on; only settings (,) "
        "turn it off, asking for the passcode if one is set (default: as last set, else off)",
    )
    parser.add_argument(
        "--motion",
        choices=("full", "low", "off"),
        default=default(None),
        help="how the picture moves: full (15 fps), low (5 fps), off (a still frame, for slow links); remembered "
        "(default: the last one chosen, else full)",
    )


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return value


def _whole(text: str) -> int:
    """Any whole number (a seed): said as `_positive` says it (argparse's own read "invalid int value")."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _up_to(limit: int, why: str) -> Callable[[str], int]:
    """A whole number from 1 to `limit` (`why` says where the limit comes from, in the error)."""

    def parse(text: str) -> int:
        value = _positive(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"{value:,} is more than {limit:,} ({why})")
        return value

    return parse


MAX_AUDIENCE = 10_000
"""Viewers a simulated audience may have: ten times the benchmark's 1,000 (about half an hour on two cores, each
viewer a profile in memory); a larger number would run for hours and fill the memory."""
MAX_SWIPES_PER_DAY = 1_000
"""Picks a simulated viewer makes a day: more than anyone swipes."""
MAX_DAYS = 365
"""Simulated days (the shipped catalog's span limits a run that lives its uploads much sooner)."""
MAX_WORKERS = 64


def _with_audience_options(sim: argparse.ArgumentParser) -> None:
    """`tiktui sim --audience N`: videos living their life under a simulated audience (tuiapp.audience_report)."""
    group = sim.add_argument_group(
        "a simulated audience",
        "With --audience, the videos uploaded in the last --days days of the shipped catalog, and those of --post, "
        "live their life under N simulated viewers: their stage, batch, views and score per day, and a chart.",
    )
    group.add_argument(
        "--audience",
        type=_up_to(MAX_AUDIENCE, "a larger audience would run for hours"),
        metavar="N",
        help="simulated viewers (default: none: the six personas instead)",
    )
    group.add_argument("--days", type=_up_to(MAX_DAYS, "a year"), metavar="D", help="simulated days (default: 7)")
    group.add_argument(
        "--swipes-per-day",
        type=_up_to(MAX_SWIPES_PER_DAY, "more than anyone swipes in a day"),
        metavar="K",
        help="picks per viewer a day (default: 50)",
    )
    group.add_argument(
        "--post",
        metavar="FILE",
        type=_file,
        help="a JSON list of your videos (catalog rows, each with a posted_day) to post during the run (default: none)",
    )
    group.add_argument(
        "--only-posted",
        action="store_true",
        help="only the --post videos live under the audience: the run starts at the catalog's snapshot, so the "
        "catalog's own uploads keep their figures and leave every trial slot to yours (default: off)",
    )
    group.add_argument(
        "--workers",
        type=_up_to(MAX_WORKERS, "processes"),
        metavar="W",
        help=f"processes to share the audience, 1 to {MAX_WORKERS} (default: 2; the run is the same with any number)",
    )


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but a bad argument is one line: what is wrong, and where the help is (argparse printed
    its whole usage block, four lines or more, before it)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:  # argparse's own signature
        """As argparse's, but arguments no parser took are refused by the command's parser: 'tiktui post --bogus'
        pointed at 'tiktui --help', whose help does not list post's options."""
        parsed, extra = self.parse_known_args(args, namespace)
        commands = [a for a in self._actions if isinstance(a, argparse._SubParsersAction)]
        command = commands[0].choices.get(getattr(parsed, "command", None) or "") if commands else None
        if extra:
            (command or self).error(f"unrecognized arguments: {' '.join(extra)}")
        if command is not None and (mistyped := _mistyped_sim(parsed)):
            command.error(mistyped)  # a command line that cannot run: 2, as argparse's own (QA: it was 1)
        return parsed


def build_parser() -> argparse.ArgumentParser:
    formatter = _HelpFormatter
    parser = _Parser(
        prog="tiktui",
        description="A short-video feed for the terminal that learns its viewer on the viewer's own machine.",
        epilog="Your data stays in one SQLite file on this machine (see --data-dir). "
        "Every option also works after the command's name; 'tiktui COMMAND --help' tells more.\n\n"
        + _examples("tiktui --speed 2", "tiktui run --feed stem --data-dir /tmp/trial", "tiktui export ~/tiktui.json"),
        formatter_class=formatter,
    )
    _with_common(parser, main=True)
    _with_feed_options(parser, main=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str, *examples: str) -> argparse.ArgumentParser:
        return _with_common(
            sub.add_parser(
                name,
                help=summary,
                description=description,
                epilog=_examples(*examples),
                formatter_class=formatter,
            )
        )

    run = command(
        "run",
        "start the feed (the default)",
        "Start the feed in this terminal (needs one: standard input must be a terminal).",
        "tiktui run --speed 4 --motion low",
    )
    _with_feed_options(run)
    sim = command(
        "sim",
        "run simulated viewers through the feed and print how it learns",
        "Drive simulated viewers through the feed on the shipped catalog, in memory or in a temporary folder (your "
        "data file is not used; --data-dir only says where a crash log would go), and print how fast it learns "
        "them: the six shipped personas, or those of a persona file (its format is in the README).",
        "tiktui sim --seed 3 --json",
        "tiktui sim --personas fixtures/personas/targets.json --seed 1",
    )
    sim.add_argument("--seed", type=_whole, default=0, help="seed of the simulated viewers' choices (default: 0)")
    sim.add_argument("--json", action="store_true", help="print one JSON object (default: a table)")
    sim.add_argument(
        "--personas",
        metavar="FILE",
        type=_file,
        help="run the personas of this JSON file; --json then prints every card (default: the six shipped ones)",
    )
    _with_audience_options(sim)
    imp = command(
        "import",
        "add videos from a catalog file (JSON or CSV; schema in README)",
        "Add the videos of a catalog file (JSON or CSV, schema in the README) to the catalog, all or nothing.",
        "tiktui import my-videos.csv --data-dir /tmp/trial",
    )
    imp.add_argument("path", metavar="PATH", help="the catalog file: .json or .csv")
    exp = command(
        "export",
        "write everything tiktui keeps about you as JSON, or CSV files",
        "Write the videos you have seen, your views, your events, your settings and what tiktui learned of you "
        "as one JSON file, or as one CSV file per table (videos.csv, views.csv, events.csv, settings.csv, "
        "profile.csv) when PATH is a folder or ends with /. The files are readable by you only.",
        "tiktui export ~/tiktui.json",
        "tiktui export ~/tiktui-csv/ --force",
    )
    exp.add_argument("path", metavar="PATH", help="a .json file to write, or a folder (ending with /) for CSV")
    exp.add_argument("--force", action="store_true", help="replace files that are already there (default: off: refuse)")
    forget = command(
        "forget",
        "delete your data file (asks first)",
        "Delete tiktui.db with its -wal and -shm: every view, event and everything tiktui learned about you. "
        "Asks you to type 'forget' on the terminal first; refuses while another tiktui has the file open. "
        "Without a data file there is nothing to do (exit status 0).",
        "tiktui forget --data-dir /tmp/trial --yes",
    )
    forget.add_argument(
        "--yes", action="store_true", help="delete without asking, for scripts (default: off: ask on the terminal)"
    )
    from .post_command import add_post_options

    post = command(
        "post",
        "post a video of your own: review, duplicate check, into the catalog",
        "Post a video of your own to the local catalog as your handle (default 'you'; --as sets it). It is checked "
        "as an imported row is (one line per bad field), refused when it is a near-duplicate of a catalog video "
        "(named), and held for review when it breaks a rule (the word list, link spam, all caps, caption length; "
        "README: Posting). A post that passes joins the catalog; a held or refused one can be edited and submitted "
        "again with --edit ID (fields not given keep their value). Exit status: 0 posted, 3 held for review, "
        "1 bad or refused, 2 a mistyped command line.",
        'tiktui post --title "My sourdough" --caption "day 3 #baking" --genre cooking --length 42',
        "tiktui post --from my-post.json --as ana.bakes",
        "tiktui post --edit my-2 --caption 'no links this time'",
        "tiktui post --list",
    )
    add_post_options(post)
    lab = command(
        "lab",
        "replay real viewers (MovieLens layout) as a feed and measure the lift",
        "Replay real viewers (a folder in the MovieLens ml-latest-small layout) as a feed and measure how much "
        "tiktui's picks beat other learners' (lift share, precision@K, paired margins). Needs numpy (the lab extra).",
        "tiktui lab --data ml-latest-small --k 10,20",
    )
    lab.add_argument(
        "--data", required=True, metavar="DIR", help="viewers to replay: movies.csv, ratings.csv, tags.csv (required)"
    )
    lab.add_argument(
        "--train",
        metavar="DIR2",
        help="learn global figures from these viewers instead of folds of --data (default: folds)",
    )
    lab.add_argument("--k", default="10,20,50", type=_ks, help="picks per viewer, comma-separated (default: 10,20,50)")
    lab.add_argument("--seed", type=_whole, default=0, help="seed of the folds, the sample and the picks (default: 0)")
    lab.add_argument(
        "--viewers",
        type=_whole,
        metavar="N",
        help="score a seeded sample of N viewers, learning global figures from all the others (default: every "
        "viewer, by 5-fold cross-fitting)",
    )
    lab.add_argument("--json", action="store_true", help="print one JSON object (default: a table)")
    return parser


def main(argv: list[str] | None = None) -> None:
    for stream in (sys.stdout, sys.stderr):  # a terminal or a pipe that is not UTF-8 gets \u00e9, not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        run(args)
        sys.stdout.flush()  # what is still buffered goes now, where a reader that went away is caught (below)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # the reader of the output went away (`| head`): nothing wrong, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit, flushing stdout
        sys.exit(141)  # as if SIGPIPE had ended it, like any other command in a pipe
    except OSError as err:
        if err.errno not in (errno.ENOSPC, errno.EDQUOT):
            fail(args, err)
        # The output could not be written (`> /dev/full`, a full disk): say so, and try no second flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(shown(f"tiktui: cannot write: {err.strerror or err}"))
    except Exception as err:  # the modules that name these errors are imported only if one happens
        fail(args, err)


def say(line: str) -> None:
    """One line for the viewer, now (before the app takes the screen, or beside a command's output)."""
    print(shown(f"tiktui: {line}"), file=sys.stderr, flush=True)


def shown(line: object) -> str:
    """A line as printed: a path, a file name or a name in it (an argument, catalog text) has its control, bidi and
    zero-width characters made harmless, as on the screen (`safe_text.clean`): `tiktui import $'x\\e]0;t\\a.json'`
    must not set the terminal's title."""
    from .safe_text import clean

    return clean(str(line))


def fail(args: argparse.Namespace, err: Exception) -> NoReturn:
    """End with one line for what went wrong: a bad catalog, an unusable data file, a bug (its log named)."""
    import sqlite3

    from lab.errors import LabDataError
    from recommender.catalog import CatalogError
    from recommender.dbfile import CorruptError, left_damaged, store_error
    from recommender.personas import PersonaError
    from recommender.store import StoreError

    if isinstance(err, CatalogError):
        lines = err.lines()
        if len(lines) == 1 and args.command == "import":  # one fault, one line
            sys.exit(shown(f"tiktui: {lines[0]}; nothing was imported"))
        for line in lines:
            print(shown(f"tiktui: {line}"), file=sys.stderr)
        sys.exit("tiktui: nothing was imported" if args.command == "import" else 1)
    if isinstance(err, PersonaError):
        for line in err.lines():
            print(shown(f"tiktui: {line}"), file=sys.stderr)
        sys.exit(1)
    if isinstance(err, StoreError | LabDataError):
        sys.exit(shown(f"tiktui: {err}"))
    from .data_export import ExportError

    if isinstance(err, ExportError):
        sys.exit(shown(f"tiktui: {err}"))
    if isinstance(err, CorruptError):  # a write met a damaged page (rolled back): the file is as it was
        sys.exit(shown(f"tiktui: {left_damaged(db_path(args.data_dir), err)}"))
    if isinstance(err, sqlite3.Error):  # a write after opening failed: a full disk, a lock held too long
        sys.exit(shown(f"tiktui: {store_error(db_path(args.data_dir), err)}"))
    from .crash import crash_line, write_crash_log  # a bug: one line for the viewer, the traceback in a log file

    sys.exit(crash_line(write_crash_log(db_path(args.data_dir).parent, err)))


def _ended_by_kill(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _mistyped_sim(args: argparse.Namespace) -> str:
    """What makes a `tiktui sim` command line one that cannot run (options of the audience without it, or with
    --personas); "" when it can."""
    if args.command != "sim":
        return ""
    given = (args.days, args.swipes_per_day, args.post, args.only_posted, args.workers)
    flags = ("--days", "--swipes-per-day", "--post", "--only-posted", "--workers")
    audience_only = [flag for flag, value in zip(flags, given, strict=True) if value]
    if args.personas and (args.audience or audience_only):
        said = "--audience" if args.audience else audience_only[0]
        return f"{said} is for a simulated audience (--audience N), not --personas: give one of them"
    if audience_only and not args.audience:
        need = "needs" if len(audience_only) == 1 else "need"
        return f"{' and '.join(audience_only)} {need} --audience N: how many simulated viewers"
    if args.only_posted and not args.post:
        return "--only-posted needs --post FILE: the videos to watch"
    return ""


def run(args: argparse.Namespace) -> None:
    if args.command == "sim" and args.audience:
        from .audience_report import print_audience

        # A kill ends the run as Ctrl-C does: through the runner's exit, which stops its worker processes (they went
        # on for a minute at 2,000 viewers after their parent was gone).
        signal.signal(signal.SIGTERM, _ended_by_kill)
        print_audience(args)
        return
    if args.command == "sim":
        from .reports import print_sim

        print_sim(args.seed, args.json, args.personas)
        return
    if args.command == "lab":
        from .reports import print_lab

        print_lab(args.data, args.train, args.k, args.seed, args.json, args.viewers)
        return
    if args.command == "import":
        import_file(args)
        return
    if args.command == "export":
        export_data(args)
        return
    if args.command == "post":
        from .post_command import post_video

        post_video(args)
        return
    if args.command == "forget":
        forget_data(args)
        return
    from .terminal import own_size, unfit

    if (why := unfit(os.environ, sys.stdin, sys.__stdout__ or sys.stdout, sys.__stderr__ or sys.stderr)) is not None:
        sys.exit(f"tiktui: {why}")
    own_size(os.environ)
    import gc

    gc.disable()  # start-up makes objects that live as long as the app; the app runs the collector again (app.py)

    # Textual updates the screen at most 60 times a second: a key that came just after a picture frame waited up
    # to 16 ms for the next slot. At 240 it waits at most 4 ms; the screen is still updated only when something
    # on it changed. A TEXTUAL_FPS of the viewer's own wins.
    os.environ.setdefault("TEXTUAL_FPS", "240")
    from .app import make_app
    from .crash import crash_line

    try:
        app = make_app(
            db_path(args.data_dir),
            speed=args.speed,
            feed=args.feed,
            restricted=args.restricted,
            motion=args.motion,
            tell=say,
        )
        if app.session.store.notice:
            print(shown(f"tiktui: {app.session.store.notice}"), file=sys.stderr)
        app.run()
    finally:
        gc.enable()  # an app that never got to its first card has not
    if app.damage:
        from .app import set_aside

        sys.exit(shown(f"tiktui: {set_aside(app, tell=say)}"))
    # Closed here, not when the interpreter frees it: a thread still running (My videos' simulated audience) holds
    # the app, and the file was never closed, its -wal and -shm left beside it.
    app.session.store.close()
    if app.crash_log is not None:
        sys.exit(crash_line(app.crash_log))
    if app.quit_error:
        sys.exit(f"tiktui: {app.quit_error}")
    if app.forget_on_exit:
        forget_now(db_path(args.data_dir))
    if app.return_code:
        sys.exit(app.return_code)


def import_file(args: argparse.Namespace) -> None:
    """Read, check and add a catalog file in one transaction, showing how far it got; all or nothing. Then add
    its videos to search's index, if it left them out (a big import), showing that too."""
    from recommender.catalog_file import CatalogFile
    from recommender.clock import SystemClock
    from recommender.feed import stored_catalog
    from recommender.read_ahead import checked_rows
    from recommender.store import Store
    from recommender.stored_index import catalog_rows
    from recommender.words import plural

    from .progress import Progress

    source = CatalogFile(args.path, now=SystemClock().utc().timestamp())  # a missing or unreadable file: no store
    store = Store.open(db_path(args.data_dir), tell=say, set_aside=False)
    if store.notice:
        print(shown(f"tiktui: {store.notice}"), file=sys.stderr)
    stored_catalog(store, SystemClock())  # a new data file gets the shipped catalog first, as the app would
    try:
        with Progress(f"importing {source.name}", source.size, "bytes", quiet=source.size < 2**20) as progress:
            # Rows are checked as they are read and written in one transaction: a bad row anywhere rolls all back.
            batches = checked_rows(source, catalog_rows, progress=progress.update)  # a big file: a second core reads
            added, skipped = store.import_rows(
                batches,
                lambda: progress.finish("every row read; updating the catalog's lists"),
                search_later=True,  # the catalog is usable sooner; its search index is added just below
            )
    except KeyboardInterrupt:  # the transaction is rolled back: said, as a stop while indexing is (QA: a bare ^C)
        print(shown(f"tiktui: stopped; nothing of {args.path} was imported"), file=sys.stderr)
        raise
    skipped = [*source.duplicates, *skipped]  # a file's repeats are all known once it is read
    for line in skipped[:20]:
        print(shown(f"tiktui: {line}"), file=sys.stderr)
    if len(skipped) > 20:
        print(f"tiktui: ... and {len(skipped) - 20} more left out", file=sys.stderr)
    print(
        shown(
            f"imported {plural(added, 'video')} from {args.path} into {store.path}; "
            f"{plural(len(skipped), 'duplicate')} left out"
        ),
        flush=True,
    )
    build_search_index(store)


def build_search_index(store: Store) -> None:
    """Add the videos an import left out to search's index, with a progress bar (a line per tenth in a log).

    Ctrl-C stops it between two steps: what is indexed stays, search says how
    much that is, and the next tiktui to start goes on from there.
    """
    from .progress import Progress

    building = store.search_progress()
    if building is None:
        return
    merging = False

    def step(indexed: int, total: int) -> None:
        nonlocal merging
        if indexed < total:
            progress.update(indexed)
        elif not merging:
            merging = True
            progress.finish("every video in; merging the index's parts")

    try:
        with Progress("indexing for search", building[1], "videos") as progress:
            progress.update(building[0])
            store.build_search(progress=step, copy_beside=True)
    except KeyboardInterrupt:
        now = store.search_progress()
        share = f"{now[0] / max(now[1], 1):.0%} of the catalog is" if now else "every video is"
        print(f"tiktui: stopped; {share} searchable, and tiktui goes on when it next starts", file=sys.stderr)
        raise
    print(f"search index complete: {building[1]:,} videos", flush=True)


def export_data(args: argparse.Namespace) -> None:
    """Write the data file's tables to PATH (JSON, or CSV files in a folder); say how many rows of each."""
    from recommender.clock import SystemClock
    from recommender.store import Store, StoreError

    from .crash import HANG_UPS
    from .data_export import export, summary

    path = db_path(args.data_dir)
    if wrong := not_a_folder(path):
        sys.exit(shown(wrong))
    if not path.exists():  # opening would make a new, empty file: there is nothing of the viewer's to export
        sys.exit(shown(f"tiktui: {path}: no data file there; nothing to export (choose one with --data-dir)"))
    try:
        store = Store.open(path, set_aside=False)
    except StoreError as err:  # a file that cannot be written (read-only, a full disk) can still be read out
        if not err.unwritable:
            raise
        store = Store.open_read_only(path)
        print(shown(f"tiktui: {path} cannot be written to; exporting it as it is, read-only"), file=sys.stderr)
    if store.notice:
        print(shown(f"tiktui: {store.notice}"), file=sys.stderr)
    # A kill or a closed terminal ends it as Ctrl-C does, through the cleanup: a half-written file of the viewer's
    # data was left behind, hidden (".out.json.yvudhbnh.part"), and nothing named it (QA).
    before = {ended: signal.signal(ended, _ended_by_kill) for ended in HANG_UPS}
    try:
        counts = export(store, args.path, now=SystemClock().utc(), force=args.force)
    except (KeyboardInterrupt, SystemExit):
        print("tiktui: export stopped; nothing was written", file=sys.stderr)
        raise
    finally:
        for ended, handler in before.items():
            signal.signal(ended, handler)
        store.close()
    print(shown(f"exported {summary(counts)} from {path} to {args.path}"))


def forget_data(args: argparse.Namespace) -> None:
    """Delete the data file with its -wal and -shm, once the viewer has typed 'forget' (or gave --yes)."""

    from recommender.dbfile import database_parts

    from .data_export import crash_log_beside, describe

    path = db_path(args.data_dir)
    if wrong := not_a_folder(path):
        sys.exit(shown(wrong))
    parts = [part for part in database_parts(path) if part.exists()]  # a link to nothing holds no data
    if not parts:
        print(shown(f"tiktui: {path}: no data file there; nothing to forget"), file=sys.stderr)
        return
    if not args.yes:
        if not sys.stdin.isatty():
            sys.exit(
                "tiktui: forget asks before deleting, and standard input is not a terminal: "
                "add --yes to delete without asking; nothing was deleted"
            )
        log = crash_log_beside(path)  # deleted with it (`data_export.forget`): said before it is (review)
        print(shown(f"This deletes {describe([*parts, *([log] if log is not None else [])])}:"))
        print("every view, every event and everything tiktui learned about you. It cannot be undone.")
        try:
            answer = input("Type 'forget' to delete it, anything else to keep it: ")
        except EOFError:
            answer = ""
        if answer.strip() != "forget":
            sys.exit("tiktui: kept; nothing was deleted")
    forget_now(path)


def forget_now(path: Path) -> None:
    """Delete the data file (asked and confirmed already) and say what was deleted, and what was not."""
    from recommender.store import StoreError

    from .data_export import forget, what_is_left

    try:
        done = forget(path)
    except StoreError as err:
        sys.exit(f"tiktui: {err}")  # it says that nothing was deleted
    print(shown(f"deleted {', '.join(str(p) for p in done.deleted)}"))
    for left in done.left:
        print(
            shown(f"tiktui: not deleted: {left}, {what_is_left(left)}; it holds your data too: delete it by hand"),
            file=sys.stderr,
        )
