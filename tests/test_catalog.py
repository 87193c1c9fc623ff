"""The shipped catalog and catalog validation."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter

import pytest

import recommender.catalog_file as catalog_module
from fixtures.make_catalog import make
from recommender.catalog import CatalogError, parse_row
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.video import FIELDS


def test_shipped_catalog_has_the_promised_shape(catalog):
    videos = catalog.videos
    assert len(videos) >= 5000
    genres = {v.genre for v in videos}
    assert len(genres) >= 16 and {"science", "math", "tech"} <= genres
    assert len({v.creator for v in videos}) >= 600
    assert all(2 <= len(v.hashtags) <= 5 for v in videos)
    tag_use = Counter(t for v in videos for t in v.hashtags)
    assert tag_use.most_common(1)[0][1] >= 50, "hashtags come from a shared pool"
    sounds = Counter(v.sound for v in videos)
    assert sounds.most_common(1)[0][1] >= 50, "a trending sound sits on many videos"
    assert all(5 <= v.duration_s <= 180 for v in videos)
    ages = [(catalog.as_of - v.uploaded_at) / 86400 for v in videos]
    assert min(ages) >= 0 and max(ages) <= 125 and sum(a < 7 for a in ages) > 50
    views = sorted(v.views for v in videos)
    assert views[-1] > 20 * views[len(views) // 2], "audience figures have a long tail"
    assert 0.025 <= sum(v.mature for v in videos) / len(videos) <= 0.035
    text = " ".join(v.title + v.caption for v in videos)
    assert "[" in text and re.search("[\u4e00-\u9fff]", text) and re.search("[\U0001f300-\U0001faff]", text)


def test_shipped_catalog_is_varied_like_a_real_feed(catalog):
    videos = catalog.videos
    titles = Counter(" ".join(v.title.casefold().split()) for v in videos)
    assert titles.most_common(1)[0][1] <= 3, "no title more than 3 times"
    assert re.search("POV:|Day \\d+|Wait for it|Part \\d+", " ".join(titles), re.IGNORECASE)
    assert sum(v.caption.startswith("Reply to @") for v in videos) > 100, "captions answer comments"
    per_creator = sorted(Counter(v.creator for v in videos).values(), reverse=True)
    top_tenth = sum(per_creator[: len(per_creator) // 10])
    assert per_creator[len(per_creator) // 2] <= 5 and top_tenth > 0.3 * len(videos), "a heavy tail of creators"
    by_genre = Counter((v.genre, v.creator) for v in videos)
    genre_size = Counter(v.genre for v in videos)
    assert all(n < 0.3 * genre_size[g] for (g, _), n in by_genre.items()), "no genre is one creator's"
    trending = Counter(v.sound for v in videos if not v.sound.startswith("original sound - "))
    top_sound = trending.most_common(1)[0][0]
    assert len({v.creator for v in videos if v.sound == top_sound}) >= 50, "a trend recurs across creators"
    assert len({v.genre for v in videos if v.sound == top_sound}) >= 8, "... and across genres"
    durations = sorted(v.duration_s for v in videos)
    assert durations[len(durations) // 2] < 60, "lengths skew short"
    for v in videos:
        assert 5 <= len(v.related) <= 10 and v.id not in v.related and all(r in catalog for r in v.related)
    same_genre = sum(catalog[r].genre == v.genre for v in videos for r in v.related)
    assert same_genre > 0.6 * sum(len(v.related) for v in videos), "co-engagement follows tastes"


def test_catalog_script_is_seeded_and_made_the_shipped_file():
    shipped = json.loads(shipped_catalog_path().read_text(encoding="utf-8"))
    assert make(shipped["seed"]) == shipped
    assert make(1) != shipped


def test_broken_catalog_names_file_row_and_field(tmp_path):
    data = json.loads(shipped_catalog_path().read_text(encoding="utf-8"))
    data["videos"][4]["duration_s"] = "long"
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert str(err.value) == f"{path}: row 5, field 'duration_s': must be a number, got 'long'"


def test_catalog_that_is_not_json_says_where(tmp_path):
    path = tmp_path / "cat.json"
    path.write_text('{"videos": [\n{"id": }')
    with pytest.raises(CatalogError, match=r"cat.json: not valid JSON at line 2"):
        load_catalog(path)


# --- The gate: every text field, number, time and file shape is checked on load (README, "Adding videos") ---

ROW = {
    "id": "v1",
    "title": "Pasta night",
    "caption": "the best #pasta",
    "creator": "@ana",
    "genre": "Cooking",
    "hashtags": ["pasta", "food"],
    "sound": "original sound",
    "duration_s": 30,
    "uploaded_at": "2026-11-01T10:00:00Z",
    "related": ["v2"],
}
HEADER = "id,title,caption,creator,genre,hashtags,sound,duration_s,uploaded_at"
REFUSED_IN_ONE_LINE = {
    "\x1b": "a control character U+001B",  # ESC: starts every terminal escape
    "\x00": "a control character U+0000",
    "\t": "a control character U+0009",
    "\n": "a line break U+000A",
    "\r": "a line break U+000D",
    "\x7f": "a control character U+007F",  # DEL
    "\x9b": "a control character U+009B",  # C1 CSI
    "\x85": "a line break U+0085",  # NEL
    "\u202e": "a bidi control U+202E",  # right-to-left override
    "\u202a": "a bidi control U+202A",
    "\u2066": "a bidi control U+2066",  # left-to-right isolate
    "\u2069": "a bidi control U+2069",  # pop directional isolate
    "\u200f": "a bidi control U+200F",  # right-to-left mark
    "\u061c": "a bidi control U+061C",  # Arabic letter mark
    "\u2028": "a line separator U+2028",
    "\u2029": "a paragraph separator U+2029",
    "\u200b": "an invisible format character U+200B",  # zero-width space: 'nadia_codes' passed for another creator
    "\u200d": "an invisible format character U+200D",  # zero-width joiner
    "\u00ad": "an invisible format character U+00AD",  # soft hyphen
    "\ufeff": "an invisible format character U+FEFF",
    "\U000e0041": "an invisible format character U+E0041",  # a tag character
}
ONE_LINE_FIELDS = ("id", "creator", "genre", "hashtags", "sound", "related")


def write_json(tmp_path, rows, name="cat.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def load_error(path, **kw) -> str:
    with pytest.raises(CatalogError) as err:
        load_catalog(path, **kw)
    lines = err.value.lines()
    assert len(lines) == 1 and "\n" not in lines[0], lines
    return lines[0]


def with_char(field, ch):
    row = dict(ROW)
    if field in ("hashtags", "related"):
        row[field] = [*row[field], f"x{ch}y"]
    else:
        row[field] = f"{row[field]}{ch}x"
    return row


@pytest.mark.parametrize("ch", REFUSED_IN_ONE_LINE)
@pytest.mark.parametrize("field", ONE_LINE_FIELDS)
def test_one_line_fields_refuse_controls_bidi_and_separators(tmp_path, field, ch):
    path = write_json(tmp_path, [ROW, with_char(field, ch)])
    line = load_error(path)
    assert line.startswith(f"{path}: row 2, field '{field}': ")
    assert REFUSED_IN_ONE_LINE[ch] in line


@pytest.mark.parametrize("field", ["hashtags", "related"])
def test_list_fields_given_as_text_refuse_tabs_and_breaks_instead_of_splitting_on_them(field):
    for ch in "\t\n\u2028\x1b":
        with pytest.raises(CatalogError, match=rf"field '{field}': contains .*U\+{ord(ch):04X}"):
            parse_row({**ROW, field: f"a{ch}b"}, "c.csv", 1)


def test_hashtags_given_as_text_are_split_on_commas_too():
    """`tiktui post --hashtags sourdough,bread` made one hashtag, "sourdough,bread": a comma is never part of one
    (a list's items are taken as they are)."""
    assert parse_row({**ROW, "hashtags": "sourdough, bread,#Pasta"}, "c.csv", 1).hashtags == (
        "sourdough",
        "bread",
        "pasta",
    )


def test_free_text_keeps_every_refused_character(tmp_path):
    hostile = "".join(REFUSED_IN_ONE_LINE)
    path = write_json(tmp_path, [{**ROW, "title": f"T{hostile}", "caption": f"C{hostile}"}])
    video = load_catalog(path).videos[0]
    assert video.title == f"T{hostile}" and video.caption == f"C{hostile}"


@pytest.mark.parametrize("field", ["title", "caption", "creator", "genre", "sound", "id"])
def test_a_lone_surrogate_is_refused_in_any_text_field(tmp_path, field):
    path = tmp_path / "cat.json"
    text = json.dumps([ROW])
    path.write_text(text.replace(f'"{field}": "', f'"{field}": "\\ud800', 1), encoding="utf-8")
    assert load_error(path) == f"{path}: row 1, field '{field}': contains a lone surrogate U+D800"


@pytest.mark.parametrize("creator", ["@", " @ ", "@@", "@ \u3000"])
def test_a_creator_with_no_name_is_refused(creator):
    with pytest.raises(CatalogError, match="field 'creator': has no name"):
        parse_row({**ROW, "creator": creator}, "c.json", 1)


@pytest.mark.parametrize(
    "title", ["\u200b", "\u200b\u200c\u200d", " \u2060 ", "\ufeff", "\u202e\u2066", "\x1b\x07", "\u3000\u00a0"]
)
def test_a_title_that_shows_nothing_is_refused(title):
    with pytest.raises(CatalogError, match=r"field 'title': (shows nothing|must not be empty)"):
        parse_row({**ROW, "title": title}, "c.json", 1)


def test_every_format_character_is_refused_in_a_one_line_field():
    """Unicode's format characters show nothing: in a name, a second creator would look like the first."""
    from recommender.catalog import _NOT_ONE_LINE

    shown_nothing = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(shown_nothing) > 150 and not [hex(c) for c in shown_nothing if not _NOT_ONE_LINE.search(chr(c))]


@pytest.mark.parametrize(
    ("tags", "says"),
    [
        (["sp ace"], "has a hashtag with a space inside: 'sp ace'"),
        (["a#b"], "has a hashtag with # inside: 'a#b'"),
        (["##e"], "has a hashtag with # inside: '#e'"),  # it was taken as "e"
        ("##x y", "has a hashtag with # inside: '#x'"),
        (["a,b"], "has a hashtag with , inside: 'a,b'"),  # a CSV export read it back as two (QA)
        (["x|y"], "has a hashtag with | inside: 'x|y'"),
    ],
)
def test_a_hashtag_is_one_word_without_a_hash_inside(tags, says):
    """Written out, "#sp ace" is two hashtags and "#a#b" reads as two: an export read back changed them."""
    with pytest.raises(CatalogError, match=f"field 'hashtags': {says}"):
        parse_row({**ROW, "hashtags": tags}, "c.json", 1)


@pytest.mark.parametrize("value", ["1_0", "３０", "٣٠", " 1_000 "])
@pytest.mark.parametrize("field", ["duration_s", "views"])
def test_a_number_as_text_is_written_in_ascii_digits(field, value):
    """Python reads "1_0" as 10 and full-width "３０" as 30: an import took both, and changed what was written."""
    with pytest.raises(CatalogError, match=f"field '{field}': must be a number, got"):
        parse_row({**ROW, field: value}, "c.json", 1)
    assert getattr(parse_row({**ROW, field: " 31 "}, "c.json", 1), field) == 31  # ASCII digits, spaces around


def test_an_id_is_one_word(tmp_path):
    """`related` lists ids separated by spaces: an id with a space in it could never be named there."""
    path = write_json(tmp_path, [ROW, {**ROW, "id": "g5 evil", "title": "other"}])
    assert load_error(path) == f"{path}: row 2, field 'id': must be one word, got 'g5 evil'"


def test_a_title_with_something_visible_among_invisible_characters_loads():
    assert parse_row({**ROW, "title": "\u200bhi\u202e"}, "c.json", 1).title == "\u200bhi\u202e"


def test_repeated_json_keys_are_refused_naming_row_and_key(tmp_path):
    path = tmp_path / "cat.json"
    good = json.dumps(ROW)
    path.write_text(f'[{good}, {good[:-1]}, "title": "again"}}]'.replace('"id": "v1"', '"id": "v9"', 1))
    assert load_error(path) == f"{path}: row 2, field 'title': appears twice in this row"
    path.write_text(f'[{good[:-1]}, "extra": {{"a": 1, "a": 2}}}}]')
    assert load_error(path) == f"{path}: row 1, field 'extra': holds an object that gives key 'a' twice"
    path.write_text(f'{{"videos": [{good}], "videos": [{good}]}}')
    assert load_error(path) == f"{path}: key 'videos' appears twice at the top level"


def test_uploads_more_than_a_day_after_now_are_refused_only_when_now_is_given(tmp_path):
    now = 1_795_132_800.0  # 2026-11-20T00:00:00Z
    path = write_json(tmp_path, [{**ROW, "uploaded_at": "2026-11-22T00:00:00Z"}])
    assert load_error(path, now=now) == (
        f"{path}: row 1, field 'uploaded_at': is in the future (2026-11-22T00:00:00Z, more than a day from now)"
    )
    assert len(load_catalog(path)) == 1
    assert len(load_catalog(path, now=now + 86_400)) == 1  # exactly a day ahead: clocks disagree, allowed


def test_the_shipped_catalog_loads_with_its_own_time_as_now():
    shipped = load_catalog(shipped_catalog_path())
    assert len(load_catalog(shipped_catalog_path(), now=shipped.as_of)) == len(shipped) == 5000


@pytest.mark.parametrize(
    "number, message",
    [
        ("9" * 5000, "is a number with 5000 digits, far too long"),
        ("9" * 400, "must be between 1 and 600, got a number with about 400 digits"),
        ("1e999", "must be a number, got inf"),
        ("-1" + "0" * 5000, "is a number with 5001 digits, far too long"),
    ],
)
def test_numbers_with_hundreds_of_digits_name_row_and_field(tmp_path, number, message):
    path = tmp_path / "cat.json"
    text = json.dumps([ROW, {**ROW, "id": "v2", "duration_s": 0}])
    path.write_text(text.replace('"duration_s": 0', f'"duration_s": {number}'))
    assert load_error(path) == f"{path}: row 2, field 'duration_s': {message}"


def test_deeply_nested_json_is_one_line(tmp_path):
    path = tmp_path / "cat.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert load_error(path) == f"{path}: not valid JSON: nested too deeply to read"
    path.write_text(json.dumps([{**ROW, "sound": 0}]).replace('"sound": 0', '"sound": ' + "[" * 900 + "]" * 900))
    assert load_error(path) == f"{path}: row 1, field 'sound': must be text, got list"


@pytest.mark.parametrize(
    "when",
    [
        "9999-12-31T23:59:59-05:00",
        "0001-01-01T00:00:00+01:00",
        "1969-12-31T23:59:59Z",
        "2100-01-01T00:00:01Z",
        -1,
        5_000_000_000,
        "-1",
        "1e999",
    ],
)
def test_upload_times_out_of_range_once_their_offset_is_applied_are_refused(tmp_path, when):
    path = write_json(tmp_path, [{**ROW, "uploaded_at": when}])
    assert load_error(path).startswith(f"{path}: row 1, field 'uploaded_at': must be ")


@pytest.mark.parametrize("data", ["42", '"videos"', "null", '{"videos": 3}', '{"as_of": 1}'])
def test_json_that_is_not_a_list_of_videos_is_one_line(tmp_path, data):
    path = tmp_path / "cat.json"
    path.write_text(data)
    assert load_error(path) == f"{path}: must hold a list of videos (or an object with 'videos')"


def test_bytes_that_are_not_utf8_are_one_line(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_bytes(f"{HEADER}\nv1,caf\xe9".encode("latin-1"))
    assert load_error(path) == f"{path}: is not UTF-8 text (byte 0xe9 on line 2)"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = write_json(tmp_path, [ROW])
    size = path.stat().st_size
    monkeypatch.setattr(catalog_module, "MAX_FILE_BYTES", size - 1)
    assert load_error(path) == f"{path}: is {size:,} bytes; a catalog file may be at most {size - 1:,}"
    monkeypatch.setattr(catalog_module, "MAX_FILE_BYTES", size)
    assert len(load_catalog(path)) == 1


def test_folders_and_devices_are_refused_without_reading(tmp_path):
    assert load_error(tmp_path) == f"{tmp_path}: is a folder, not a catalog file"
    assert load_error("/dev/null") == "/dev/null: is a device, not a catalog file"
    assert load_error(tmp_path / "none.json") == f"{tmp_path / 'none.json'}: no such catalog file"


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path):
    path = tmp_path / "bad\nname.json"
    path.write_text("[]")
    assert load_error(path) == f"{tmp_path}/bad\\nname.json: holds no videos"


# --- CSV: parsed as CSV over the whole file ---


def write_csv(tmp_path, text, *, bom=False, newline="\n"):
    path = tmp_path / "cat.csv"
    path.write_bytes((("\ufeff" if bom else "") + text.replace("\n", newline)).encode("utf-8"))
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_keeps_a_line_break_inside_a_quoted_caption(tmp_path, newline):
    path = write_csv(
        tmp_path,
        f'{HEADER}\nv1,Pasta,"line one\nline two",ana,food,a|b,s,30,2026-11-01T10:00:00Z\n'
        f"v2,Soup,,bob,food,,s,30,2026-11-01T10:00:00Z\n",
        newline=newline,
    )
    first, second = load_catalog(path).videos
    assert first.caption == f"line one{newline}line two" and second.id == "v2"


def test_csv_row_numbers_count_records_not_lines(tmp_path):
    path = write_csv(
        tmp_path,
        f'{HEADER}\nv1,Pasta,"one\ntwo\nthree",ana,food,,s,30,2026-11-01T10:00:00Z\n'
        f"v2,Soup,,bob,food,,s,long,2026-11-01T10:00:00Z\n",
    )
    assert load_error(path) == f"{path}: row 2, field 'duration_s': must be a number, got 'long'"


def test_csv_accepts_a_byte_order_mark(tmp_path):
    path = write_csv(tmp_path, f"{HEADER}\nv1,Pasta,,ana,food,,s,30,2026-11-01T10:00:00Z\n", bom=True)
    assert load_catalog(path).videos[0].id == "v1"


def test_csv_keeps_a_line_separator_in_a_caption_and_refuses_it_in_a_creator(tmp_path):
    caption = "one\u2028two\u2029three\x85four"
    path = write_csv(tmp_path, f"{HEADER}\nv1,Pasta,{caption},ana,food,,s,30,2026-11-01T10:00:00Z\n")
    assert load_catalog(path).videos[0].caption == caption
    path = write_csv(tmp_path, f"{HEADER}\nv1,Pasta,,an\u2028a,food,,s,30,2026-11-01T10:00:00Z\n")
    assert load_error(path) == f"{path}: row 1, field 'creator': contains a line separator U+2028"
    path = write_csv(tmp_path, f'{HEADER}\nv1,Pasta,,"an\na",food,,s,30,2026-11-01T10:00:00Z\n')
    assert load_error(path) == f"{path}: row 1, field 'creator': contains a line break U+000A"


def test_csv_accepts_unix_seconds_as_text(tmp_path):
    path = write_csv(tmp_path, f"{HEADER}\nv1,Pasta,,ana,food,,s,30,1763640000\nv2,Soup,,bob,food,,s,30,1763640000.5\n")
    assert [v.uploaded_at for v in load_catalog(path).videos] == [1763640000.0, 1763640000.5]


def test_csv_with_an_oversized_field_names_the_row(tmp_path):
    path = write_csv(tmp_path, f'{HEADER}\nv1,Pasta,,ana,food,,s,30,1763640000\nv2,"{"x" * 140_000}",,b,f,,s,30,0\n')
    assert load_error(path) == (f"{path}: row 2: has a field longer than 131,072 characters (the row starts on line 3)")


def test_csv_with_an_unterminated_quote_names_the_row(tmp_path):
    path = write_csv(tmp_path, f'{HEADER}\nv1,Pasta,,ana,food,,s,30,1763640000\nv2,"Soup,,bob,food,,s,30,0\nv3\n')
    assert load_error(path) == f"{path}: row 2: has a quote that is never closed (the row starts on line 3)"


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "id,title,creator\nv1,a,b\n",
            "the CSV header lacks required column(s) 'genre', 'sound', 'duration_s', 'uploaded_at'",
        ),
        (f"{HEADER},notes\nv1,a,,b,g,,s,30,0,n\n", "the CSV header has unknown column(s) 'notes'; the columns are "),
        (
            f"{HEADER},likess\nv1,a,,b,g,,s,30,0,1\n",
            "the CSV header has unknown column(s) 'likess'; did you mean 'likes'?",
        ),
        (f"{HEADER},title\nv1,a,,b,g,,s,30,0,a\n", "the CSV header names column 'title' twice"),
        (f"{HEADER}\nv1,a,,b,g,,s,30,0,extra\n", "row 1: has 10 cells, the header has 9 columns (line 2)"),
        (f"{HEADER}\nv1,a,,b\n", "row 1: has 4 cells, the header has 9 columns (line 2)"),
        ("", "is empty (a CSV catalog starts with a header row naming its columns)"),
        (f"{HEADER}\n", "holds no videos"),
    ],
)
def test_csv_with_wrong_columns_is_one_clear_line(tmp_path, text, message):
    path = write_csv(tmp_path, text)
    assert load_error(path).startswith(f"{path}: {message}")


def test_load_catalog_raises_only_catalog_error_for_odd_values(tmp_path):
    odd = [None, True, [], {}, [[[]]], "", " ", "\ud800", 1e308, -1e308, float("nan"), 10**300, "1e999", "NaN"]
    fields = [
        "id",
        "title",
        "caption",
        "creator",
        "genre",
        "hashtags",
        "sound",
        "duration_s",
        "uploaded_at",
        "views",
        "completion_rate",
        "likes",
        "mature",
        "related",
    ]
    for name in fields:
        for value in odd:
            try:
                parse_row({**ROW, name: value}, "c.json", 1, now=0.0)
            except CatalogError as err:
                assert "\n" not in str(err)


def test_a_key_that_is_not_a_field_is_refused_with_the_nearest_not_left_out(tmp_path):
    """A JSON row's "hashtag" (for "hashtags") was dropped without a word: the video came in with no hashtags."""
    rows = [dict(ROW, id=f"v{i}", title=f"t{i}") for i in range(3)]
    rows[1]["hashtag"] = rows[1].pop("hashtags", ["a"])
    line = load_error(write_json(tmp_path, rows))
    assert line == f"{tmp_path}/cat.json: row 2, field 'hashtag': is not a catalog field (did you mean 'hashtags'?)"
    rows[1] = dict(ROW, id="v1", title="t1", thumbnail="x.png")
    assert load_error(write_json(tmp_path, rows)).endswith(
        f"field 'thumbnail': is not a catalog field (the fields are {', '.join(FIELDS)})"
    )
    assert len(load_catalog(write_json(tmp_path, [dict(ROW, id=f"v{i}", title=f"t{i}") for i in range(3)])).videos) == 3
