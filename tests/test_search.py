"""Search as a viewer types: prefixes, accents, hostile text, the viewer's rules, limits; the index kept in step."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
import sqlite_utils

from recommender import dbfile, stored_index
from recommender.keywords import KeywordFilter
from recommender.policy import Rules
from recommender.search import LIMIT, search
from recommender.store import Store
from recommender.stored_index import content_key, refresh_meta, video_row

from .conftest import make_video

CATALOG = [
    make_video(1, title="Cooking bread at home", creator="ana.cooks", hashtags=("baking",), sound="Lunar Drift"),
    make_video(2, title="Crème brûlée in 5 minutes", creator="Zoë", hashtags=("dessert",), sound="original sound"),
    make_video(
        3, title="Regex explained", creator="mei_stack", hashtags=("coding",), sound="Neon Orbit", genres=("tech",)
    ),
    make_video(4, title="Late night ramen", creator="ana.cooks", hashtags=("ramen",), mature=True),
    make_video(
        5, title="Bread NEAR the oven", creator="bo", hashtags=("baking",), sound="Lunar Drift", genres=("diy",)
    ),
]


def titles(results) -> list[str]:
    return [v.title for v in results.videos]


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    store.add_videos(CATALOG)
    yield store
    store.close()


def test_each_word_is_a_prefix_in_any_field(store):
    assert titles(search(store.conn, "coo bre")) == ["Cooking bread at home"]
    assert set(titles(search(store.conn, "ana"))) == {"Cooking bread at home", "Late night ramen"}  # the creator
    assert titles(search(store.conn, "#dess")) == ["Crème brûlée in 5 minutes"]  # a hashtag
    assert titles(search(store.conn, "neon orb")) == ["Regex explained"]  # the sound
    assert titles(search(store.conn, "stack")) == ["Regex explained"]  # a part of mei_stack
    assert titles(search(store.conn, "tech")) == ["Regex explained"]  # the genre
    assert not search(store.conn, "bread zz")


def test_case_and_accents_do_not_matter(store):
    for typed in ("creme brulee", "CRÈME", "crème brû", "zoe"):
        assert titles(search(store.conn, typed)) == ["Crème brûlée in 5 minutes"], typed


@pytest.mark.parametrize(
    "typed",
    ['"', '""', "*", "bread*", "NEAR", "NEAR(bread oven)", "-bread", "title:bread", "{title}: x", "^bread", "(", ")",
     "AND", "bread OR x", "NOT bread", "bread + oven", "a'b", "\x00", "\u202e", "[b]", "x" * 5000, "a " * 500],
)  # fmt: skip
def test_hostile_text_is_text_never_query_syntax(store, typed):
    results = search(store.conn, typed)  # never raises
    if "NEAR" in typed:
        assert "Bread NEAR the oven" in titles(results)
    if typed in ("bread*", "-bread", "^bread"):
        assert set(titles(results)) == {"Cooking bread at home", "Bread NEAR the oven"}


def test_nothing_typed_finds_nothing(store):
    assert not search(store.conn, "") and not search(store.conn, '  -*" ')


def test_restricted_mode_and_mutes_are_honoured(store):
    assert "Late night ramen" in titles(search(store.conn, "ana"))
    assert titles(search(store.conn, "ana", Rules(restricted=True))) == ["Cooking bread at home"]
    lunar = search(store.conn, "bread")
    assert len(lunar.videos) == 2
    assert titles(search(store.conn, "bread", Rules(muted=frozenset({("sound", "Lunar Drift")})))) == []
    assert titles(search(store.conn, "bread", Rules(muted=frozenset({("creator", "bo")})))) == ["Cooking bread at home"]
    assert titles(search(store.conn, "bread", Rules(muted=frozenset({("hashtag", "baking")})))) == []
    assert titles(search(store.conn, "bread", Rules(muted=frozenset({("genre", "cooking")})))) == [
        "Bread NEAR the oven"
    ]


def test_keyword_filters_hide_matches_by_title_caption_or_hashtag(store):
    """A keyword filter holds in search as in the feed (it used to be checked against an empty title and caption,
    so "bread" filtered still listed both breads)."""
    assert titles(search(store.conn, "bread", Rules(words=KeywordFilter.of({"bread"})))) == []
    assert titles(search(store.conn, "ana", Rules(words=KeywordFilter.of({"ramen"})))) == ["Cooking bread at home"]
    assert titles(search(store.conn, "bread", Rules(words=KeywordFilter.of({"oven"})))) == ["Cooking bread at home"]
    assert titles(search(store.conn, "lunar", Rules(words=KeywordFilter.of({"baking"})))) == []  # a hashtag
    assert not search(store.conn, "ana", Rules(words=KeywordFilter.of({"cooking", "ramen"})))  # nor its creator
    assert len(search(store.conn, "bread", Rules(words=KeywordFilter.of({"brea"}))).videos) == 2  # whole words


def test_creators_hashtags_and_sounds_come_as_entries_unless_muted(store):
    found = search(store.conn, "lunar")
    assert [(n.kind, n.value, n.videos) for n in found.names] == [("sound", "Lunar Drift", 2)]
    found = search(store.conn, "ana")
    assert [(n.kind, n.value) for n in found.names] == [("creator", "ana.cooks")]
    assert [(n.kind, n.value) for n in search(store.conn, "bak").names] == [("hashtag", "baking")]
    assert not search(store.conn, "lunar", Rules(muted=frozenset({("sound", "Lunar Drift")}))).names
    # A creator none of whose videos the rules allow is not offered either.
    assert not search(store.conn, "ana", Rules(muted=frozenset({("genre", "cooking")}))).names


def test_results_are_limited_best_match_first_ties_to_the_audience(tmp_path):
    store = Store.open(tmp_path / "tiktui.db")
    same = [make_video(i, title="bread", creator=f"c{i}", likes=i, views=1000) for i in range(80)]
    store.add_videos([*same, make_video(100, title="long caption", caption="bread " + "x " * 40)])
    results = search(store.conn, "bre")
    assert len(results.videos) == LIMIT
    # Equal titles score alike: the audience's verdict orders them (more likes, better).
    assert [v.id for v in results.videos] == [f"t{i}" for i in range(79, 79 - LIMIT, -1)]
    assert "t100" not in [v.id for v in results.videos]  # a match in a long caption ranks below
    assert [v.id for v in search(store.conn, "bre", limit=5).videos] == ["t79", "t78", "t77", "t76", "t75"]
    store.close()


def test_a_search_cut_at_its_limits_says_so_and_a_complete_one_does_not(tmp_path):
    """A search lists 50 videos and counts names among its best 200 matches: "50 videos" and "sound · 200 videos
    found" read as totals of a catalog that had 257."""
    from recommender.search import NAME_POOL
    from tuiapp.screens.search import name_line

    store = Store.open(tmp_path / "tiktui.db")
    store.add_videos([make_video(i, title=f"lofi beat {i}", creator=f"c{i}", sound="Lofi Orbit") for i in range(257)])
    store.add_videos([make_video(1000 + i, title=f"rain walk {i}", creator=f"r{i}", sound="Rain") for i in range(7)])
    cut = search(store.conn, "lofi")
    assert len(cut.videos) == LIMIT and cut.more and cut.counted_some
    sound = next(n for n in cut.names if n.kind == "sound")
    assert sound.videos <= NAME_POOL and f"{sound.videos}+ videos found" in name_line(sound, cut.counted_some).plain
    whole = search(store.conn, "rain")
    assert len(whole.videos) == 7 and not whole.more and not whole.counted_some
    rain = next(n for n in whole.names if n.kind == "sound")
    assert "sound · 7 videos found" in name_line(rain, whole.counted_some).plain
    store.close()


def test_imports_in_any_order_of_verdicts_list_matches_best_liked_first(tmp_path):
    # Each import's videos go into the index in the index's own order (verdict first); a later import's
    # videos fall between earlier ones', and a batch's own come in any order of verdicts.
    store = Store.open(tmp_path / "tiktui.db")
    likes = [(i * 37) % 90 for i in range(90)]  # every count once, in a scrambled order
    made = [make_video(i, title="bread", creator=f"c{i}", likes=n, views=1000) for i, n in enumerate(likes)]
    store.import_videos([made[:30], made[30:45]])
    store.import_videos([made[45:]])
    best = sorted(made, key=lambda v: -v.likes)
    assert [v.id for v in search(store.conn, "b").videos] == [v.id for v in best[:LIMIT]]
    assert [v.id for v in search(store.conn, "bread", limit=90).videos] == [v.id for v in best]
    index_ok(store)
    store.close()


def test_a_title_match_ranks_above_a_caption_match(store):
    store.add_videos([make_video(9, title="Sunday", caption="bread bread bread", creator="x", views=10**6)])
    store.add_videos([make_video(i, title=f"filler {i}", creator="y") for i in range(10, 40)])  # bread is rare
    assert titles(search(store.conn, "bread"))[-1] == "Sunday"


def index_ok(store: Store) -> None:
    with store.write():
        store.conn.execute("INSERT INTO video_search (video_search) VALUES ('integrity-check')")


def test_an_import_keeps_the_index_in_step_all_or_nothing(store):
    new = [make_video(i, title=f"Sourdough starter day {i}", creator="new.baker") for i in range(20, 30)]

    def failing():
        yield new[:5]
        raise ValueError("a bad row late in the file")

    with pytest.raises(ValueError):
        store.import_videos(failing())
    assert not search(store.conn, "sourdough")
    index_ok(store)
    store.import_videos([new[:5], new[5:]])
    assert len(search(store.conn, "sourdough").videos) == 10
    assert [(n.value, n.videos) for n in search(store.conn, "new.baker").names] == [("new.baker", 10)]
    index_ok(store)


def test_a_big_import_that_drops_the_lists_indexes_is_searchable_too(tmp_path):
    from benchmarks.synthetic import videos

    store = Store.open(tmp_path / "tiktui.db")
    store.import_videos([list(videos(21_000))])
    assert len(search(store.conn, "video 20999").videos) == 1
    index_ok(store)
    store.close()


def test_a_changed_verdict_formula_keys_the_index_again(tmp_path, monkeypatch):
    import recommender.stored_index as stored_index

    store = Store.open(tmp_path / "tiktui.db")
    store.add_videos([make_video(i, title="Fresh bread", creator="same", duration_s=10.0 + i) for i in (1, 5)])
    # The two titles score alike: the audience's verdict orders them, and a new verdict orders them anew.
    assert [v.id for v in search(store.conn, "bread").videos] == ["t1", "t5"]
    monkeypatch.setattr(stored_index, "audience_reward", lambda v: 0.9 if v.id == "t5" else 0.0)
    monkeypatch.setattr(stored_index, "verdict_fingerprint", lambda: "new")
    store.index()
    assert [v.id for v in search(store.conn, "bread").videos] == ["t5", "t1"]
    index_ok(store)


def v4_file(path) -> None:
    """A data file as tiktui 4 left it: the catalog in `videos`, no search index."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in dbfile.MIGRATIONS[:4]:
        step(sqlite_utils.Database(conn))
    rows = [video_row(v, content_key(v)) for v in CATALOG]
    conn.executemany(stored_index._INSERT, rows)
    conn.executemany(
        "INSERT INTO video_tags (tag, rank, video_id) VALUES (?, ?, ?)",
        [(tag, row[16], v.id) for v, row in zip(CATALOG, rows, strict=True) for tag in v.hashtags],
    )
    refresh_meta(conn)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("COMMIT")
    conn.close()


def test_the_upgrade_from_version_4_indexes_the_catalog_already_there(tmp_path):
    path = tmp_path / "tiktui.db"
    v4_file(path)
    store = Store.open(path)
    assert store.version == dbfile.SCHEMA_VERSION == 6
    assert titles(search(store.conn, "coo bre")) == ["Cooking bread at home"]
    assert [n.value for n in search(store.conn, "lunar").names] == ["Lunar Drift"]
    index_ok(store)
    store.close()


def test_the_upgrade_from_version_5_makes_the_index_again_with_the_genre(tmp_path):
    """A search for a genre found nothing where no title, caption or hashtag said it ("cooking" in the shipped
    catalog, whose cooking videos say #foodtok): the index now holds the genre, and a file's older index is made
    again."""
    path = tmp_path / "tiktui.db"
    v4_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(
        "CREATE VIRTUAL TABLE video_search USING fts5(title, caption, creator, hashtags, sound, "
        "content='', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
    )
    conn.execute(
        "INSERT INTO video_search (rowid, title, caption, creator, hashtags, sound) "
        "SELECT rowid, title, caption, creator, hashtags, sound FROM videos"
    )
    conn.execute("PRAGMA user_version = 5")
    conn.execute("COMMIT")
    conn.close()
    store = Store.open(path)
    assert store.version == 6
    assert titles(search(store.conn, "tech")) == ["Regex explained"]
    assert titles(search(store.conn, "coo bre")) == ["Cooking bread at home"]
    index_ok(store)
    store.close()


def test_an_upgrade_says_so_before_it_starts_and_a_new_file_says_nothing(tmp_path):
    """A big catalog takes a minute or more to upgrade: the viewer is told first, once, and not when the file is
    new (nothing of theirs is being upgraded)."""
    heard: list[str] = []
    v4_file(tmp_path / "old.db")
    Store.open(tmp_path / "old.db", tell=heard.append).close()
    Store.open(tmp_path / "old.db", tell=heard.append).close()  # already upgraded: nothing to say
    Store.open(tmp_path / "new.db", tell=heard.append).close()
    assert heard == [
        f"upgrading {tmp_path / 'old.db'} for this version of tiktui (once: a minute or more with a million videos)"
    ]


def test_a_search_writes_nothing(store):
    before = store.counts(), store.last_event_id()
    changes = store.conn.total_changes
    search(store.conn, "bread")
    assert (store.counts(), store.last_event_id(), store.conn.total_changes) == (*before, changes)


def test_a_video_read_back_is_the_video_imported(store):
    (found,) = search(store.conn, "regex").videos
    assert found == replace(CATALOG[2], uploaded_at=found.uploaded_at)
