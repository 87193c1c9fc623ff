"""`tiktui post`: post a video of your own (or edit a held one), list your posts, edit the review word list."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .locations import db_path, not_a_folder

if TYPE_CHECKING:
    from recommender.posting import Post

# Parsing imports this module (`add_post_options`): what only posting needs (the recommender, Textual's text
# cleaning) is imported when a post is made, so `tiktui --help` still loads neither.

MAX_JSON_BYTES = 1 << 20
"""A post's JSON file is one small object: a bigger file is refused before it is read."""
HELD_STATUS = 3
"""Exit status of a post held for review (passed: 0; bad or refused as a duplicate: 1; 2 is argparse's, for a
mistyped command line: a script that read 2 as held took a typo for a held post)."""


def add_post_options(post: argparse.ArgumentParser) -> None:
    """The `post` command's options (a new post needs a title, a genre and a length; an edit, only its changes)."""
    post.add_argument("--title", help="the title, up to 300 characters (default: none; a new post needs one)")
    post.add_argument("--caption", help="the caption; review holds one over 2,200 characters (default: empty)")
    post.add_argument(
        "--hashtags", help="hashtags, separated by spaces or commas, with or without #, up to 12 (default: none)"
    )
    post.add_argument("--sound", help="the sound (default: 'original sound - HANDLE')")
    post.add_argument("--genre", help="the genre, e.g. cooking (default: none; a new post needs one)")
    post.add_argument("--length", help="length in seconds, 1 to 600 (default: none; a new post needs one)")
    post.add_argument(
        "--from",
        dest="from_file",
        metavar="FILE",
        help='read the fields from a JSON object, e.g. {"title": "...", "genre": "cooking", "length": 30}; '
        "flags given as well win (default: flags only)",
    )
    post.add_argument(
        "--edit",
        metavar="ID",
        help="edit a post held for review (or refused) and submit it again (default: a new post)",
    )
    post.add_argument(
        "--as", dest="handle", metavar="HANDLE", help="post as HANDLE from now on (default: the last set, else 'you')"
    )
    post.add_argument("--list", action="store_true", help="list your posts and what became of each (default: off)")
    post.add_argument("--words", action="store_true", help="print the review word list in use (default: off)")
    post.add_argument(
        "--add-word", action="append", default=[], metavar="WORD", help="add to the review word list (default: none)"
    )
    post.add_argument(
        "--remove-word",
        action="append",
        default=[],
        metavar="WORD",
        help="remove from the review word list (default: none)",
    )


def _from_file(path: str) -> dict[str, Any]:
    """The fields of a post's JSON file; SystemExit with one line when it cannot be read."""
    from recommender import strict_json

    from .safe_text import clean

    name = clean(path)
    try:
        file = Path(path)
        if not file.exists():
            sys.exit(f"tiktui: {name}: no such file")
        if file.is_dir():
            sys.exit(f"tiktui: {name}: is a folder; give the post's JSON file")
        if not file.is_file():  # a pipe, a device: a post is read whole, from a file
            sys.exit(f"tiktui: {name}: not a regular file; give the post's JSON file")
        if file.stat().st_size > MAX_JSON_BYTES:
            sys.exit(f"tiktui: {name}: larger than {MAX_JSON_BYTES >> 20} MiB; a post is one small JSON object")
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        sys.exit(f"tiktui: {name}: not UTF-8 text")
    except OSError as err:
        sys.exit(f"tiktui: {name}: cannot be read: {err.strerror or err}")
    try:
        data = strict_json.loads(text)
    except json.JSONDecodeError as err:
        sys.exit(f"tiktui: {name}: not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}")
    except strict_json.Refused as err:  # a field given twice: its last value was posted (QA)
        sys.exit(f"tiktui: {name}: {err}; nothing was posted")
    if not isinstance(data, dict):
        sys.exit(f"tiktui: {name}: must hold one JSON object with the post's fields")
    return data


def _where(line: str, file_fields: set[str], path: str | None) -> str:
    """A fault in a field the post's file gave, named with the file: "p.json: field 'colour': ..." (QA: the file's own
    faults named it, its fields' did not)."""
    named = line.split("'", 2)[1] if line.startswith("field '") else None
    return f"{path}: {line}" if path and named in file_fields else line


def post_video(args: argparse.Namespace) -> None:
    """Run `tiktui post`: print what became of the post, one line each; exit 1 (bad, refused) or 3 (held)."""
    from recommender.clock import SystemClock
    from recommender.feed import stored_catalog
    from recommender.posting import PostError, Posting, word_key
    from recommender.store import Store, StoreError

    from .safe_text import clean

    fields = _from_file(args.from_file) if args.from_file else {}
    file_fields = set(fields)  # a fault in one of these is named with the file (the command line's are not)
    for name in ("title", "caption", "hashtags", "sound", "genre", "length"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
            file_fields.discard(name)
    changes = bool(args.add_word or args.remove_word or args.handle is not None)
    if not fields and args.edit is None and not (args.list or args.words or changes):
        # A command line that cannot run: 2, as every mistyped one (1 is a bad post, 3 a held one).
        print(
            "tiktui post: nothing to post: give --title, --genre and --length (or --from FILE); see --help",
            file=sys.stderr,
        )
        sys.exit(2)
    path = db_path(args.data_dir)
    if wrong := not_a_folder(path):
        sys.exit(clean(wrong))  # the folder's name as text: a control character in it never reaches the terminal
    if args.list and not (fields or args.edit or args.words or changes) and not path.exists():
        print("no posts yet: tiktui post --title ... --genre ... --length ...")  # and no data file made to say so
        return
    clock, reading = SystemClock(), False
    try:
        store = Store.open(path, set_aside=False)
    except StoreError as err:  # a file that cannot be written can still be listed (QA: --list said "cannot be opened")
        if not (err.unwritable and (args.list or args.words) and not (fields or args.edit is not None or changes)):
            raise
        store, reading = Store.open_read_only(path), True
        print(f"tiktui: {clean(str(path))} cannot be written to; reading it as it is", file=sys.stderr)
    if store.notice:
        print(f"tiktui: {clean(store.notice)}", file=sys.stderr)
    try:
        if not reading:  # the first run seeds the shipped catalog: duplicates are checked against it
            stored_catalog(store, clock)
        posting = Posting(store, clock)
        try:
            with_post = bool(fields) and args.edit is None  # the handle is then set with the post, if it is made
            if args.handle is not None and not with_post:  # with a post, `submit` checks it beside the fields
                kept = clean(posting.set_handle(args.handle))
                edited = posting.get(args.edit) if args.edit is not None else None
                if edited is not None and edited.creator != posting.handle:  # it said "posting as" and kept @you
                    print(f"posting as @{kept} from now on; {args.edit} stays @{clean(edited.creator)}'s post")
                else:
                    print(f"posting as @{kept}")
            if args.add_word or args.remove_word:
                # Entries as review compares them, case and accents folded (QA: 'LACKER' was added beside 'läcker').
                removing = {word_key(w): w for w in args.remove_word}
                if any(not w.strip() for w in args.add_word):
                    raise PostError(["--add-word: an empty word; the word list was not changed"])
                absent = sorted(w for key, w in removing.items() if key not in {word_key(x) for x in posting.words})
                if absent:
                    raise PostError([f"--remove-word {absent[0]!r}: not in the word list (tiktui post --words)"])
                kept = [w for w in posting.words if word_key(w) not in removing]
                listed = {word_key(w): w for w in kept}
                posting.set_words([*kept, *args.add_word])
                for word in args.add_word:
                    if word_key(word) in listed:
                        was = listed[word_key(word)]
                        said = "" if was == word else f" as {clean(was)!r}"
                        print(f"{clean(word)!r} was in the word list already{said}")
                print(f"review word list: {len(posting.words)} words or phrases")
        except PostError as err:
            sys.exit(f"tiktui: {err.lines[0]}")
        if args.words:
            for word in posting.words:
                print(clean(word))
        status = 0
        if fields or args.edit is not None:
            try:
                post = posting.submit(fields, edit=args.edit, handle=args.handle if with_post else None)
            except PostError as err:
                lines = [_where(line, file_fields, args.from_file) for line in err.lines]
                if len(lines) == 1:  # one fault, one line
                    sys.exit(f"tiktui: {clean(lines[0])}; nothing was posted")
                for line in lines:
                    print(f"tiktui: {clean(line)}", file=sys.stderr)
                sys.exit("tiktui: nothing was posted")
            if args.handle is not None and with_post:
                print(f"posting as @{clean(posting.handle)}")
            status = _said(post, args.data_dir)
        if args.list:  # after a post or an edit: the list holds it as it is now
            for post in posting.posts():
                print(f'{post.id}  "{clean(post.title)}"  @{clean(post.creator)}  {clean(post.outcome())}')
            if not posting.posts():
                print("no posts yet: tiktui post --title ... --genre ... --length ...")
    finally:
        store.close()
    if status:
        sys.exit(status)


def _at_fault(reasons: tuple[str, ...]) -> list[str]:
    """The fields review's reasons name ("the hashtags hold ...", "links in the title and caption", "caption
    length"), read before any quoted word: the flags an edit needs (QA: the hint said --title and --caption of a
    post held for a hashtag)."""
    named = " ".join(reason.split('"', 1)[0] for reason in reasons)
    return [name for name in ("title", "caption", "hashtags") if name in named.split()] or ["title", "caption"]


def _said(post: Post, data_dir: str | None) -> int:
    """What became of a post, in a line or a few; the exit status it asks for (0 passed, HELD_STATUS held, 1 refused).
    The edit's command names the data folder when one was given: copied as printed, it edits that post."""
    from recommender.posting import HELD, PASSED

    from .safe_text import clean

    what = f'{post.id} "{clean(post.title)}" by @{clean(post.creator)}'
    if post.status == PASSED:
        print(f"posted {what}: passed review; it is in the catalog")
        return 0
    if post.status == HELD:
        print(f"{what} is held for review:")
        for reason in post.reasons:
            print(f"  - {clean(reason)}")
        where = f" --data-dir {shlex.quote(data_dir)}" if data_dir is not None else ""
        flags = " ".join(f"--{name} ..." for name in _at_fault(post.reasons))
        print(f"edit it and submit again: tiktui post{clean(where)} --edit {post.id} {flags}")
        return HELD_STATUS
    print(f"tiktui: {what} was refused: {clean(post.reasons[0])}", file=sys.stderr)
    return 1
