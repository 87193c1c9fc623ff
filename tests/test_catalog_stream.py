"""A catalog file read as a stream (CatalogFile): what a user of `tiktui import` on a big file would notice.

The file is read CHUNK_BYTES at a time; these tests make that tiny, so a
small file crosses hundreds of chunk boundaries.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import recommender.catalog as rows_module
import recommender.catalog_file as catalog_module
from recommender.catalog import CatalogError, parse_row, parse_rows
from recommender.catalog_columns import plain_columns
from recommender.catalog_file import CatalogFile, load_catalog
from recommender.stored_index import _iso
from recommender.video import FIELDS, Video

ROW = {
    "id": "v1",
    "title": "Pasta night 🍝",
    "caption": 'the best "pasta"\\ ever',
    "creator": "@ana",
    "genre": "Cooking",
    "hashtags": ["pasta", "#Food"],
    "sound": "original sound - ana",
    "duration_s": 123,
    "uploaded_at": "2026-11-01T10:00:00Z",
    "views": 987654,
    "completion_rate": 0.25,
    "likes": 1200,
    "mature": False,
    "related": ["v2", "v3"],
}


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "CHUNK_BYTES", 64)


def rows(n: int) -> list[dict]:
    """n different rows (duplicates only where a test makes them)."""
    return [
        {**ROW, "id": f"v{i}", "title": f"Pasta night {i} 🍝", "duration_s": 100 + i % 400} for i in range(1, n + 1)
    ]


def write(path: Path, data: object, *, indent: int | None = 1) -> Path:
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


def read_all(source: CatalogFile, size: int = 5000) -> list:
    return [video for batch in source.batches(size) for video in batch]


def error_of(source: CatalogFile, size: int = 5000) -> CatalogError:
    with pytest.raises(CatalogError) as err:
        read_all(source, size)
    return err.value


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_every_chunk_size_reads_the_same_catalog(tmp_path, monkeypatch, chunk, indent):
    data = {"videos": rows(12), "seed": [1, {"a": 2.5e-3}], "as_of": 1_795_176_000}  # a number the chunks may cut
    data["videos"][3].update(caption="é\u2028\\u00e9", views=10**12, duration_s=599.999)
    path = write(tmp_path / "cat.json", data, indent=indent)
    whole = load_catalog(path)
    monkeypatch.setattr(catalog_module, "CHUNK_BYTES", chunk)
    source = CatalogFile(path)
    assert read_all(source, size=5) == list(whole.videos)
    assert source.as_of == whole.as_of == 1_795_176_000.0
    assert whole.videos[3].views == 10**12 and whole.videos[3].duration_s == 599.999


@pytest.mark.parametrize("chunk", [1, 2, 5, 64])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_csv_records_that_span_lines_and_chunks_read_the_same(tmp_path, monkeypatch, chunk, newline):
    header = "id,title,caption,creator,genre,hashtags,sound,duration_s,uploaded_at"
    lines = [header, 'v1,Pasta,"one\r\ntwo\nthree",ana,food,a|b,s,30,2026-11-01T10:00:00Z', ""]
    lines += [f"v{i},Soup {i} é,,bob,food,,s,{i},1763640000" for i in range(2, 9)]
    path = tmp_path / "cat.csv"
    path.write_bytes(("\ufeff" + newline.join(lines) + newline).encode("utf-8"))
    monkeypatch.setattr(catalog_module, "CHUNK_BYTES", chunk)
    videos = read_all(CatalogFile(path), size=3)
    assert [v.id for v in videos] == [f"v{i}" for i in range(1, 9)]
    assert videos[0].caption == "one\r\ntwo\nthree" and videos[-1].duration_s == 8.0
    path.write_bytes((newline.join([*lines, "v9,Stew,,cy,food,,s,long,0", "v10,x"]) + newline).encode("utf-8"))
    assert error_of(CatalogFile(path)).lines() == [
        f"{path}: row 9, field 'duration_s': must be a number, got 'long'",
        f"{path}: row 10: has 2 cells, the header has 9 columns (line 14)",  # lines, not records
    ]


def test_broken_json_past_the_first_chunk_names_its_line_and_column(tmp_path, small_chunks):
    text = json.dumps({"as_of": 0, "videos": rows(40)}, indent=2, ensure_ascii=False)
    for broken in (
        text.replace('"duration_s": 130', '"duration_s": }', 1),  # row 30
        text.replace('"id": "v31",', '"id": "v31"', 1),
        text[: text.index('"title": "Pasta night 35')] + '"title": "never closed',
        text[:-1],  # no closing brace
        text + "\n  x",  # extra data
    ):
        path = tmp_path / "cat.json"
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(json.JSONDecodeError) as expected:
            json.loads(broken)
        err = expected.value
        assert err.lineno > 100 and err.pos > 10 * catalog_module.CHUNK_BYTES
        want = f"{path}: not valid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        assert str(error_of(CatalogFile(path))) == want


def test_broken_json_on_one_long_line_names_its_column(tmp_path, small_chunks):
    text = json.dumps(rows(30), ensure_ascii=False).replace('"id": "v25"', '"id": "v25" "x"', 1)
    path = tmp_path / "cat.json"
    path.write_text(text, encoding="utf-8")
    column = text.index(' "x"') + 2
    assert column > 10 * catalog_module.CHUNK_BYTES
    want = f"{path}: not valid JSON at line 1, column {column}: Expecting ',' delimiter"
    assert str(error_of(CatalogFile(path))) == want


def test_bytes_not_utf8_past_the_first_chunk_name_their_line(tmp_path, small_chunks):
    good = json.dumps(rows(30), indent=1, ensure_ascii=False).encode("utf-8")
    at = good.index(b"Pasta night 20")
    path = tmp_path / "cat.json"
    path.write_bytes(good[:at] + b"caf\xe9 " + good[at:])
    line = good.count(b"\n", 0, at) + 1
    assert line > 100
    assert str(error_of(CatalogFile(path))) == f"{path}: is not UTF-8 text (byte 0xe9 on line {line})"


def test_bytes_not_utf8_late_in_the_file_outrank_a_json_fault_before_them(tmp_path, small_chunks):
    path = tmp_path / "cat.json"
    path.write_bytes(b'[{"id": }' + b" " * 500 + b"\n\xff]")
    assert str(error_of(CatalogFile(path))) == f"{path}: is not UTF-8 text (byte 0xff on line 2)"


def test_progress_is_reported_as_reading_goes_and_ends_at_the_file_size(tmp_path, small_chunks):
    path = write(tmp_path / "cat.json", rows(50))
    source = CatalogFile(path)
    assert source.size == path.stat().st_size
    seen: list[int] = []
    at_batches = []
    for _ in source.batches(10, progress=seen.append):
        at_batches.append(len(seen))
    assert len(at_batches) == 5 and seen[-1] == source.size
    assert seen == sorted(seen) and len(seen) > 5
    assert seen[at_batches[0] - 1] < source.size / 2, "the first batch comes before the file is read through"


def test_batches_come_in_file_order_and_duplicates_are_told_as_before(tmp_path, small_chunks):
    data = rows(25)
    data[7]["id"] = "v3"  # a repeated id
    data[12].update(title=" pasta NIGHT 2 🍝 ", duration_s=data[1]["duration_s"])  # the same content as v2
    path = write(tmp_path / "cat.json", data)
    source = CatalogFile(path)
    told = source.duplicates  # handed on before reading, as an importer does
    batches = list(source.batches(4))
    in_memory = parse_rows(data, str(path))
    assert [len(b) for b in batches] == [4, 4, 4, 4, 4, 3]
    assert [v for b in batches for v in b] == list(in_memory.videos)
    assert (
        told
        == source.duplicates
        == list(in_memory.duplicates)
        == [
            f"{path}: row 8, field 'id': duplicate id 'v3', left out",
            f"{path}: row 13: same title, creator and duration as 'v2', left out",
        ]
    )


def test_as_of_after_the_videos_is_read(tmp_path, small_chunks):
    path = tmp_path / "cat.json"
    path.write_text(json.dumps({"videos": rows(20), "seed": 7, "as_of": "2026-11-20T12:00:00Z"}))
    source = CatalogFile(path)
    assert len(read_all(source)) == 20 and source.as_of == 1_795_176_000.0
    assert load_catalog(path).as_of == 1_795_176_000.0
    path.write_text(json.dumps({"videos": rows(20), "as_of": "whenever"}))
    assert str(error_of(CatalogFile(path))).startswith(f"{path}: field 'as_of' must be an ISO 8601 time")


def test_a_bad_row_late_in_a_big_file_raises_one_error_and_nothing_is_yielded_after_it(tmp_path, small_chunks):
    data = rows(200)
    data[153]["duration_s"] = "long"
    data[181]["creator"] = "\x1b[31mana"
    path = write(tmp_path / "cat.json", data)
    yielded = []
    with pytest.raises(CatalogError) as err:
        for batch in CatalogFile(path).batches(10):
            yielded.extend(batch)
    assert [v.id for v in yielded] == [f"v{i}" for i in range(1, 151)], "whole batches before row 154 only"
    assert err.value.lines() == [
        f"{path}: row 154, field 'duration_s': must be a number, got 'long'",
        f"{path}: row 182, field 'creator': contains a control character U+001B",
    ]


def test_a_repeated_key_late_in_the_file_is_named_as_before(tmp_path, small_chunks):
    data = rows(60)
    data[2]["duration_s"] = "long"  # outranked: json.loads found repeated keys before any row was checked
    text = json.dumps(data).replace('"id": "v57", ', '"id": "v57", "id": "again", ', 1)
    path = tmp_path / "cat.json"
    path.write_text(text)
    assert str(error_of(CatalogFile(path))) == f"{path}: row 57, field 'id': appears twice in this row"
    path.write_text(json.dumps({"videos": data[3:], "seed": {"a": 1}}).replace('{"a": 1}', '{"a": 1, "a": 2}'))
    assert str(error_of(CatalogFile(path))) == f"{path}: an object gives key 'a' twice"
    path.write_text(json.dumps({"videos": data[3:], "x": 1}).replace('"x"', '"videos"'))
    assert str(error_of(CatalogFile(path))) == f"{path}: key 'videos' appears twice at the top level"


def test_the_path_is_checked_when_the_file_is_opened_not_when_read(tmp_path):
    with pytest.raises(CatalogError, match="is a folder, not a catalog file"):
        CatalogFile(tmp_path)
    with pytest.raises(CatalogError, match="no such catalog file"):
        CatalogFile(tmp_path / "none.json")
    with pytest.raises(CatalogError, match="is a device, not a catalog file"):
        CatalogFile("/dev/null")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch, small_chunks):
    path = write(tmp_path / "cat.json", rows(5))
    source = CatalogFile(path)
    monkeypatch.setattr(catalog_module, "MAX_FILE_BYTES", source.size)

    def grow(done: int) -> None:
        with path.open("a") as more:
            more.write(" " * 10)

    with pytest.raises(CatalogError) as err:
        read_all_with(source, grow)
    assert str(err.value) == f"{path}: is over {source.size:,} bytes, the most a catalog file may be"


def read_all_with(source: CatalogFile, progress) -> list:
    return [video for batch in source.batches(progress=progress) for video in batch]


ODD = [
    *(None, True, 0, 1, -1, 0.5, 600.5, 1e12, 10**12 + 1, float("nan")),
    *("", " ", "0", " 30 ", "30.5", "1e3", "nan", "١٢", "²", "0012", "true", "yes", "@", "#", "a b", "a|b", "A"),
    *(" #Tag ", "x\x1b", "x\u2028", "x\ud800", "\u200b", "x" * 61, "x" * 301, "x" * 60 + " y"),
    *([], [""], ["a", "a"], ["A b"], ["#x"], [1], ["x\t"], [f"t{i}" for i in range(13)], ["x" * 60 + " y"]),
    *({}, {"a": 1}, "2026-11-01", "2026-11-01T10:00:00+01:00", "1795132800", "9999-12-31T23:59:59-05:00"),
]


def test_the_fast_path_accepts_only_what_the_field_by_field_checks_accept(monkeypatch):
    """parse_row tries _plain_row first; whatever it accepts, the checks one field at a time accept alike."""
    cases = [{**ROW, field: value} for field in FIELDS for value in ODD]
    cases += [{k: v for k, v in ROW.items() if k != field} for field in FIELDS]
    fast = [rows_module._plain_row(row, 1_795_132_800.0) for row in cases]
    monkeypatch.setattr(rows_module, "_plain_row", lambda row, now: None)
    accepted = 0
    for row, video in zip(cases, fast, strict=True):
        try:
            careful = parse_row(row, "c.json", 1, now=1_795_132_800.0)
        except CatalogError:
            assert video is None, row
            continue
        accepted += 1
        if video is not None:
            assert [type(x) for x in vars_of(video)] == [type(x) for x in vars_of(careful)] and video == careful, row
    assert accepted > 100


def vars_of(video) -> list:
    return [getattr(video, name) for name in video.__slots__]


def test_a_batch_checked_a_field_at_a_time_keeps_exactly_what_row_by_row_keeps():
    """plain_columns takes a whole batch or none of it; what it takes, parse_row takes alike, value for value."""
    now = 1_795_132_800.0
    plain = {**ROW, "hashtags": ["pasta", "food"]}
    cases = [{**plain, field: value} for field in FIELDS for value in ODD]
    cases += [{k: v for k, v in plain.items() if k != field} for field in FIELDS]
    cases += [ROW, {**plain, "uploaded_at": "2026-11-01T10:00:00.1234Z"}]
    taken = 0
    for case in cases:
        batch = plain_columns([dict(plain), case], now)
        try:
            careful = [parse_row(row, "c.json", 1, now=now) for row in (plain, case)]
        except CatalogError:
            assert batch is None, case
            continue
        if batch is not None:
            taken += 1
            fast = list(map(Video, *batch.columns))
            assert [list(map(type, vars_of(v))) for v in fast] == [list(map(type, vars_of(v))) for v in careful]
            assert fast == careful, case
            if batch.times is not None:
                assert batch.times == [_iso(v.uploaded_at) for v in careful], case
    assert taken > 50


@pytest.mark.parametrize("fraction", ["", ".5", ".25", ".125", ".1234", ".99999", ".999999"])
def test_upload_times_kept_as_given_read_back_as_the_same_moment(fraction):
    row = {**ROW, "hashtags": ["food"], "uploaded_at": f"2031-02-28T23:59:59{fraction}Z"}
    batch = plain_columns([row], None)
    assert batch is not None and batch.times == [_iso(batch.columns[8][0])]


@pytest.mark.parametrize("style", ["comma first", "comma last"])
def test_rows_a_line_each_read_in_runs_give_what_one_at_a_time_gives(tmp_path, monkeypatch, style):
    """Rows a line each are decoded many at a go; the result, and the fault found, is the same as one by one."""
    monkeypatch.setattr(catalog_module, "RUN_CHARS", 200)
    lines = [json.dumps(row, ensure_ascii=False) for row in rows(300)]
    lines[150] = lines[150].replace('"id": "v151"', '"id": 151')
    lines[250] = lines[250].replace('"title"', '"caption": "x", "title"')
    text = '{"videos": [\n' + ("\n,".join(lines) if style == "comma first" else ",\n".join(lines)) + "\n]}\n"
    path = tmp_path / "cat.json"
    path.write_text(text, encoding="utf-8")
    in_runs = str(error_of(CatalogFile(path)))
    monkeypatch.setattr(catalog_module, "RUN_CHARS", 10**9)
    assert in_runs == str(error_of(CatalogFile(path)))
    assert "row 251, field 'caption': appears twice" in in_runs
    path.write_text(text.replace('"caption": "x", ', ""), encoding="utf-8")
    one_by_one = error_of(CatalogFile(path))
    monkeypatch.setattr(catalog_module, "RUN_CHARS", 200)
    assert str(error_of(CatalogFile(path))) == str(one_by_one) == f"{path}: row 151, field 'id': must be text, got int"
    path.write_text(text.replace('"caption": "x", ', "").replace('"id": 151', '"id": "v151"'), encoding="utf-8")
    assert [v.id for v in read_all(CatalogFile(path), 7)] == [f"v{i}" for i in range(1, 301)]
