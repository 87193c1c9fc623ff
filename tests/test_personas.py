"""Personas from a file (`tiktui sim --personas FILE`): the format, the runner, and what each persona does."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from recommender import sim
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.persona_file import load_personas
from recommender.personas import Drift, Persona, PersonaError, Taste, check_against, parse_personas
from recommender.store import Store

CARD_KEYS = {
    "n",
    "video_id",
    "genres",
    "creator",
    "hashtags",
    "sound",
    "duration_s",
    "mature",
    "source",
    "enjoyed",
    "rejected",
}
SOURCES = {"cold", "exploit", "explore", "fresh", "retry", "again"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(shipped_catalog_path())


def write(tmp_path: Path, personas: object, name: str = "personas.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(personas if not isinstance(personas, list) else {"personas": personas}))
    return path


def tiktui(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tuiapp", *args], capture_output=True, text=True)


def events(folder: Path) -> list[dict]:
    store = Store.open(folder / "tiktui.db")
    try:
        return list(store.events())
    finally:
        store.close()


# -- the file ---------------------------------------------------------------------------------------------


def test_only_the_name_is_needed_and_the_defaults_are_documented():
    (p,) = parse_personas({"personas": [{"name": "anyone"}]}, "f.json")
    assert (p.enjoys, p.rejects, p.mutes, p.restricted, p.style, p.drift, p.swipes_per_day, p.swipes) == (
        Taste(),
        Taste(),
        (),
        False,
        "fan",
        None,
        None,
        120,
    )


def test_the_issue_example_reads_as_written():
    (p,) = parse_personas(
        {
            "personas": [
                {
                    "name": "creator fan",
                    "enjoys": {"genres": [], "creators": ["taka_daily"], "hashtags": ["#FoodTok"], "sounds": []},
                    "rejects": {"genres": ["dance"]},
                    "mutes": [["genre", "comedy"]],
                    "restricted": True,
                    "style": "looper",
                    "drift": {"at": 60, "enjoys": {"genres": ["fitness"]}},
                    "swipes_per_day": 40,
                    "swipes": 100,
                }
            ]
        },
        "f.json",
    )
    assert p.enjoys.creators == {"taka_daily"} and p.enjoys.hashtags == {"foodtok"}
    assert p.rejects.genres == {"dance"} and p.mutes == (("genre", "comedy"),) and p.restricted
    assert p.drift == Drift(60, Taste(genres=frozenset({"fitness"})))
    assert (p.style, p.swipes_per_day, p.swipes) == ("looper", 40, 100)


def test_every_bad_field_gets_one_line_naming_the_file_persona_and_field(tmp_path):
    path = write(
        tmp_path,
        [
            {"name": "a", "enjoys": {"genres": "cooking", "max_duration_s": -3}, "style": "binge", "swipes": 0},
            {"enjoys": {"genre": ["x"]}, "mutes": [["tag", "x"]], "drift": {"at": 500}, "restricted": "yes"},
            {"name": "a", "swipes_per_day": 2.5, "colour": "red"},
        ],
    )
    with pytest.raises(PersonaError) as caught:
        load_personas(path)
    lines = caught.value.lines()
    expected = [
        ("persona 1 ('a'), field 'enjoys.genres'", "must be a list of text"),
        ("persona 1 ('a'), field 'enjoys.max_duration_s'", "above 0"),
        ("persona 1 ('a'), field 'style'", "fan, skimmer, looper, silent"),
        ("persona 1 ('a'), field 'swipes'", "between 1 and 5000"),
        ("persona 2, field 'name'", "is missing"),
        ("persona 2, field 'enjoys.genre'", "is not a field"),
        ("persona 2, field 'mutes'", "genre, creator, hashtag, sound, keyword"),
        ("persona 2, field 'restricted'", "true or false"),
        ("persona 2, field 'drift.at'", "between 1 and 119"),
        ("persona 2, field 'drift.enjoys'", "is missing"),
        ("persona 3 ('a'), field 'name'", "earlier persona"),
        ("persona 3 ('a'), field 'colour'", "not a persona field"),
        ("persona 3 ('a'), field 'swipes_per_day'", "whole number"),
    ]
    assert len(lines) == len(expected)
    for where, what in expected:
        assert any(line.startswith(f"{path}: {where}: ") and what in line for line in lines), (where, lines)
    # Every key of the file beside 'personas' is said, not the first alone (QA).
    path.write_text('{"personas": [{"name": "a"}], "version": 1, "other": 2}')
    with pytest.raises(PersonaError) as caught:
        load_personas(path)
    assert caught.value.lines() == [
        f"{path}: '{key}' is not a field of a persona file (only 'personas')" for key in ("version", "other")
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{", "not valid JSON at line 1, column 2"),
        ('{"personas": []}', "at least one persona"),
        ("[1]", "an object with a list 'personas'"),
        ('{"personas": [{"name": "a", "name": "b"}]}', "'name' is given twice"),
        ('{"personas": [{"name": "a", "swipes": NaN}]}', "NaN is not a number JSON allows"),
        # Python's own words were said (QA: "maximum recursion depth exceeded", "sys.set_int_max_str_digits()").
        ("[" * 50_000 + "]" * 50_000, "not a usable persona file: nested too deeply to read"),
        ('{"personas": [{"name": "a", "swipes": ' + "9" * 5000 + "}]}", "a number too long to read (over 4,300"),
    ],
)
def test_a_file_that_is_not_a_persona_file_is_refused_in_one_line(tmp_path, text, says):
    path = tmp_path / "p.json"
    path.write_text(text)
    with pytest.raises(PersonaError) as caught:
        load_personas(path)
    assert caught.value.lines() == [f"{path}: {caught.value.errors[0].message}"] and says in caught.value.lines()[0]


def test_a_taste_the_catalog_cannot_match_is_refused_as_a_typo(catalog):
    personas = parse_personas({"personas": [{"name": "c", "enjoys": {"genres": ["cookin", "cooking"]}}]}, "f.json")
    with pytest.raises(
        PersonaError, match=re.escape("persona 1 ('c'), field 'enjoys.genres': no video has the genre 'cookin'")
    ):
        check_against(personas, catalog.videos, "f.json")


def test_a_mistyped_mute_is_refused_and_a_name_in_other_capitals_is_pointed_at(catalog):
    """A mute no video matches ran silently, hiding nothing; 'Cooking' was refused with no hint."""
    raw = {
        "personas": [
            {"name": "m", "mutes": [["genre", "comdy"], ["keyword", "anything"]], "enjoys": {"genres": ["Cooking"]}}
        ]
    }
    with pytest.raises(PersonaError) as err:
        check_against(parse_personas(raw, "f.json"), catalog.videos, "f.json")
    assert [line.split(": ", 1)[1] for line in err.value.lines()] == [
        "persona 1 ('m'), field 'enjoys.genres': no video has the genre 'Cooking' (did you mean 'cooking'?)",
        "persona 1 ('m'), field 'mutes': item 1: no video has the genre 'comdy' (did you mean 'comedy'?)",
    ]


def test_the_command_line_prints_the_lines_and_exits_non_zero_without_a_traceback(tmp_path):
    path = write(tmp_path, [{"name": "x", "style": "binge"}, {"name": "y", "enjoys": {"genres": ["nope"]}}])
    out = tiktui("sim", "--personas", str(path), "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 1 and out.stdout == ""
    # Every fault in one pass: persona 2's genre no video has was told only once persona 1's style was mended.
    assert out.stderr.splitlines() == [
        f"tiktui: {path}: persona 1 ('x'), field 'style': must be one of fan, skimmer, looper, silent, got 'binge'",
        f"tiktui: {path}: persona 2 ('y'), field 'enjoys.genres': no video has the genre 'nope'",
    ]
    assert "Traceback" not in out.stderr
    out = tiktui("sim", "--personas", str(tmp_path / "missing.json"), "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 1 and out.stderr.strip() == f"tiktui: {tmp_path / 'missing.json'}: no such persona file"


def test_a_keyword_filter_the_settings_refuse_is_refused_in_the_file_not_a_traceback(tmp_path):
    """A persona muting the keyword 'c++', or the same keyword twice, passed the file's check and crashed the sim at
    its first swipe with a traceback: the settings screen refuses both, and now the file says so, in one line each."""
    mutes = [["keyword", "c++"], ["keyword", "Spoiler"], ["keyword", "spoiler"], ["keyword", "vitamin c"]]
    path = write(tmp_path, [{"name": "k", "mutes": mutes}])
    out = tiktui("sim", "--personas", str(path), "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.splitlines() == [
        f"tiktui: {path}: persona 1 ('k'), field 'mutes': item 1: 'c++' would be looked for as 'c' (filters compare "
        "letters and digits): give it as that, or leave it out",
        f"tiktui: {path}: persona 1 ('k'), field 'mutes': item 3: already filtered: spoiler",
    ]


def test_a_persona_with_a_bad_field_still_has_its_other_fields_checked_against_the_catalog(catalog):
    """'genres': 'cooking' (not a list) was told, and the creator 'inesxpixl' beside it only once that was mended."""
    raw = {"personas": [{"name": "p", "style": "binge", "enjoys": {"genres": "cooking", "creators": ["inesxpixl"]}}]}
    with pytest.raises(PersonaError) as err:
        parse_personas(raw, "f.json")
    with pytest.raises(PersonaError) as both:
        check_against((), catalog.videos, "f.json", found=err.value)
    said = [line.split(": ", 1)[1] for line in both.value.lines()]
    assert said[0].startswith("persona 1 ('p'), field 'enjoys.genres': must be") and len(said) == 3, said
    assert "persona 1 ('p'), field 'style': must be one of fan, skimmer, looper, silent, got 'binge'" in said
    assert said[-1] == (
        "persona 1 ('p'), field 'enjoys.creators': no video has the creator 'inesxpixl' (did you mean 'inesxpixel'?)"
    )


def test_mutes_that_hide_every_video_are_named_not_crashed_on(tmp_path, catalog):
    path = write(
        tmp_path, [{"name": "ok", "swipes": 3}, {"name": "none", "mutes": [["genre", g] for g in catalog.genres]}]
    )
    out = tiktui("sim", "--personas", str(path), "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.splitlines()[-1] == (
        f"tiktui: {path}: persona 2 ('none'), field 'mutes': Nothing to show: your mutes and keyword filters hide "
        "every video this feed could show"
    )


def test_the_shipped_target_file_is_valid_and_matches_the_catalog(catalog):
    path = Path(__file__).parent.parent / "fixtures" / "personas" / "targets.json"
    personas = load_personas(path)
    check_against(personas, catalog.videos, str(path))
    assert len(personas) == 5 and personas[0].enjoys.only_creators


# -- the output --------------------------------------------------------------------------------------------


def test_json_prints_every_card_in_order_with_its_source(tmp_path):
    path = write(
        tmp_path,
        [
            {"name": "cooks", "enjoys": {"genres": ["cooking"]}, "rejects": {"genres": ["dance"]}, "swipes": 25},
            {"name": "short", "enjoys": {"max_duration_s": 20}, "swipes": 12, "style": "silent"},
        ],
    )
    out = tiktui("sim", "--personas", str(path), "--seed", "4", "--json", "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"seed", "personas"} and data["seed"] == 4
    assert [p["name"] for p in data["personas"]] == ["cooks", "short"]
    assert [set(p) for p in data["personas"]] == [{"name", "cards"}] * 2
    cooks, short = (p["cards"] for p in data["personas"])
    assert [c["n"] for c in cooks] == list(range(1, 26)) and len(short) == 12
    assert all(set(c) == CARD_KEYS and c["source"] in SOURCES for c in cooks + short)
    assert all(c["enjoyed"] == ("cooking" in c["genres"]) and c["rejected"] == ("dance" in c["genres"]) for c in cooks)
    assert all(c["enjoyed"] == (c["duration_s"] <= 20) and not c["rejected"] for c in short)
    assert len({c["video_id"] for c in cooks}) == 25  # no repeats


def test_the_table_names_each_persona_with_its_figures(tmp_path):
    path = write(tmp_path, [{"name": "two rare", "enjoys": {"genres": ["math", "art"]}, "swipes": 50}])
    out = tiktui("sim", "--personas", str(path), "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if line.startswith("| two rare"))
    assert "9%" in row  # the base rate: 470 of 5,000 videos are math or art


def test_a_drift_the_run_ends_before_recovering_from_reads_never_not_a_dash(tmp_path):
    """QA: "-" stood both for no drift and for a drift never recovered from."""
    late = {"name": "late", "enjoys": {"genres": ["dance"]}, "drift": {"at": 47, "enjoys": {"genres": ["math"]}}}
    path = write(tmp_path, [{**late, "swipes": 50}, {"name": "steady", "enjoys": {"genres": ["dance"]}, "swipes": 50}])
    out = tiktui("sim", "--personas", str(path), "--data-dir", str(tmp_path / "d"))
    rows = [[cell.strip() for cell in line.split("|")] for line in out.stdout.splitlines() if line.startswith("| ")]
    drift = rows[0].index("drift recovery")
    cells = {row[1]: row[drift] for row in rows[1:]}
    assert cells["late"] == "never" and cells["steady"] == "-"


def test_the_same_seed_gives_the_same_cards_and_another_seed_others(catalog):
    p = Persona("p", Taste(genres=frozenset({"pets"})), rejects=Taste(genres=frozenset({"comedy"})), style="fan")
    runs = [[s.as_dict() for s in sim.run_persona(p, catalog, seed, swipes=30).seen] for seed in (2, 2, 3)]
    assert runs[0] == runs[1] != runs[2]


def test_the_shipped_personas_run_in_memory_and_on_a_file_alike(catalog, tmp_path):
    """The app reads its catalog from the data file; the sim's shortcut in memory shows the same cards."""
    p = sim.PERSONAS[1]
    in_memory = sim.run_persona(p, catalog, 5, swipes=40)
    on_file = sim.run_persona(p, catalog, 5, swipes=40, folder=tmp_path)
    assert [s.as_dict() for s in in_memory.seen] == [s.as_dict() for s in on_file.seen]


# -- what personas do ----------------------------------------------------------------------------------------


def actions(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in events(folder):
        counts[e["action"]] = counts.get(e["action"], 0) + 1
    return counts


def test_silent_never_likes_shares_or_follows_and_a_fan_does(catalog, tmp_path):
    taste = Taste(genres=frozenset({"cooking", "pets"}))
    silent, fan = tmp_path / "silent", tmp_path / "fan"
    silent.mkdir(), fan.mkdir()
    quiet = sim.run_persona(Persona("s", taste, style="silent"), catalog, 1, swipes=40, folder=silent)
    sim.run_persona(Persona("f", taste, style="fan"), catalog, 1, swipes=40, folder=fan)
    assert sum(s.enjoyed for s in quiet.seen) >= 10
    said = actions(silent)
    assert not {"like", "share", "follow", "replay"} & set(said)
    assert {"like", "share", "replay"} <= set(actions(fan))


def test_a_looper_loops_what_it_enjoys_and_a_skimmer_leaves_early(catalog, tmp_path):
    taste = Taste(genres=frozenset({"music"}))
    results = {}
    for style in ("looper", "skimmer"):
        folder = tmp_path / style
        folder.mkdir()
        results[style] = sim.run_persona(Persona(style, taste, style=style), catalog, 2, swipes=40, folder=folder)
        store = Store.open(folder / "tiktui.db")
        rows = store.conn.execute("SELECT v.video_id, v.loops, v.watched_ms, v.duration_ms FROM views v").fetchall()
        store.close()
        enjoyed = {s.video.id for s in results[style].seen if s.enjoyed}
        mine = [r for r in rows if r[0] in enjoyed]
        assert len(mine) >= 5
        if style == "looper":
            assert all(loops >= 4 for _, loops, _, _ in mine)
        else:
            assert all(loops == 0 and watched < 0.7 * duration for _, loops, watched, duration in mine)


def test_a_creator_fan_follows_on_first_sight(catalog, tmp_path):
    # The catalog's most prolific creator: met within 50 swipes whatever the feed learns (a creator of six videos
    # was met on one seed by chance, and a change of the feed's path made the test meet none).
    creator, count = Counter(v.creator for v in catalog.videos).most_common(1)[0]
    p = Persona("fan", Taste(creators=frozenset({creator})), style="fan")
    result = sim.run_persona(p, catalog, 3, swipes=50, folder=tmp_path)
    first = next(s.n for s in result.seen if s.video.creator == creator)
    follows = [e for e in events(tmp_path) if e["action"] == "follow"]
    assert follows and follows[0]["detail"] == creator
    assert [e["detail"] for e in follows] == [creator]
    assert result.creator_videos == count and result.creator_videos_seen >= 1 and first <= 50


def test_mutes_are_settings_set_before_the_first_card_and_hold(catalog, tmp_path):
    p = Persona(
        "muter",
        Taste(genres=frozenset({"comedy", "dance"})),
        mutes=(("genre", "comedy"), ("keyword", "recipe")),
        restricted=True,
    )
    result = sim.run_persona(p, catalog, 0, swipes=60, folder=tmp_path)
    assert not any("comedy" in s.video.genres or s.video.mature for s in result.seen)
    assert not any("recipe" in (s.video.title + " " + s.video.caption).lower().split() for s in result.seen)
    log = events(tmp_path)
    steering = [(e["action"], json.loads(e["detail"])) for e in log if e["view_id"] is None]
    assert steering[:3] == [
        ("set", ["restricted", True]),
        ("mute", ["genre", "comedy"]),
        ("mute", ["keyword", "recipe"]),
    ]
    assert log.index(next(e for e in log if e["view_id"] is not None)) == 3  # before any card
    assert sum(s.enjoyed for s in result.seen) >= 20  # dance is still there


def test_rejects_press_not_interested_and_the_figure_counts_what_comes_after(catalog, tmp_path):
    p = Persona("no comedy", Taste(genres=frozenset({"cooking"})), rejects=Taste(genres=frozenset({"comedy"})))
    result = sim.run_persona(p, catalog, 0, swipes=60, folder=tmp_path)
    rejected = [s.video.id for s in result.seen if s.rejected]
    assert rejected and all("comedy" in s.video.genres for s in result.seen if s.rejected)
    log = events(tmp_path)
    nopes = [e["video_id"] for e in log if e["action"] == "not_interested"]
    assert nopes == rejected
    comedy = [s.n for s in result.seen if "comedy" in s.video.genres]
    assert len(rejected) == len(comedy) and result.rejected_after_second == max(0, len(comedy) - 2)


def test_rejecting_wins_over_enjoying_in_the_figures_too(catalog, tmp_path):
    """A persona that enjoys and rejects cooking presses "not interested" on it: none of it is enjoyed, on the cards
    or in the base rate (each card said enjoyed and rejected, and the table gave 10% enjoyed)."""
    cooking = Taste(genres=frozenset({"cooking"}))
    result = sim.run_persona(Persona("both", cooking, rejects=cooking), catalog, 0, swipes=50, folder=tmp_path)
    assert any(s.rejected for s in result.seen)
    assert not any(s.enjoyed for s in result.seen) and result.on_taste_31_50 == 0.0 and result.base_rate == 0.0


def test_swipes_per_day_closes_and_reopens_the_same_data_file_a_day_later(catalog, tmp_path):
    p = Persona("daily", Taste(genres=frozenset({"cooking"})), swipes_per_day=15, mutes=(("genre", "dance"),))
    result = sim.run_persona(p, catalog, 1, swipes=40, folder=tmp_path)
    assert result.days == 3
    log = events(tmp_path)
    sessions = list(dict.fromkeys(e["session"] for e in log))
    assert len(sessions) == 3  # three runs of the app wrote to the one file
    days = sorted({e["ts"][:10] for e in log})
    assert days == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert not any("dance" in s.video.genres for s in result.seen)  # the mute survived the reopenings
    assert len({s.video.id for s in result.seen}) == 40  # and so did what was seen: no repeats across days
    later = [s for s in result.seen if s.n > 30]
    assert sum(s.enjoyed for s in later) >= 6  # what was learned on day one still steers day three


def test_a_drifting_persona_is_judged_by_its_new_taste_after_the_drift(catalog):
    p = Persona("drifter", Taste(genres=frozenset({"dance"})), drift=Drift(20, Taste(genres=frozenset({"fitness"}))))
    result = sim.run_persona(p, catalog, 0, swipes=70)
    assert all(s.enjoyed == ("dance" in s.video.genres) for s in result.seen[:20])
    assert all(s.enjoyed == ("fitness" in s.video.genres) for s in result.seen[20:])
    assert result.drift_recovery_swipes is not None and result.drift_recovery_swipes <= 50


def test_the_readme_example_is_a_valid_persona_file(catalog):
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    block = readme.split('```json\n{"personas"', 1)[1].split("```", 1)[0]
    personas = parse_personas(json.loads('{"personas"' + block), "README.md")
    check_against(personas, catalog.videos, "README.md")
    assert personas[0].enjoys.creators == {"inesxpixel"} and personas[0].drift is not None


def test_a_two_genre_fan_gets_its_longest_run_of_one_genre_counted(catalog):
    p = Persona("two", Taste(genres=frozenset({"pets", "comedy"})))
    result = sim.run_persona(p, catalog, 0, swipes=60)
    longest, run, last = 0, 0, None
    for s in result.seen:
        run = run + 1 if s.video.genre == last and s.enjoyed else int(s.enjoyed)
        last = s.video.genre
        longest = max(longest, run)
    assert result.longest_run == longest >= 2
    assert sim.run_persona(Persona("one", Taste(genres=frozenset({"pets"}))), catalog, 0, swipes=5).longest_run is None


def test_a_persona_name_is_printed_as_harmless_text(tmp_path):
    """The table printed a name's zero-width space and 30 enclosing marks as they were."""
    path = write(tmp_path, [{"name": "evil [b]p[/b] a\u200bb Z" + "\u20dd" * 30, "swipes": 3}])
    out = tiktui("sim", "--personas", str(path), "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 0, out.stderr
    assert "\u200b" not in out.stdout + out.stderr and "\u20dd" * 3 not in out.stdout + out.stderr
    assert "| evil [b]p[/b] ab Z\u20dd\u20dd" in out.stdout


def test_no_two_cards_in_a_row_by_one_creator_or_sound_across_a_reopening(catalog):
    # The first card of a day came after the last of the day before: a fan of the most prolific creator, who closes
    # the app every five swipes, met the same creator or sound twice in a row across the reopenings (at swipes 16
    # and 31 on this seed), until the feed remembered the cards before it began.
    creator, _ = Counter(v.creator for v in catalog.videos).most_common(1)[0]
    p = Persona("fan", Taste(creators=frozenset({creator})), style="fan", swipes_per_day=5)
    seen = sim.run_persona(p, catalog, 0, swipes=40).seen
    assert sum(s.video.creator == creator for s in seen) >= 8  # the creator's videos came often: the rule was tested
    twice = [
        (a.n, b.n) for a, b in pairwise(seen) if a.video.creator == b.video.creator or a.video.sound == b.video.sound
    ]
    assert twice == []


@pytest.mark.parametrize("seed", [3, 6])
def test_a_genre_refused_three_times_is_not_picked_again_for_its_creators_or_hashtags(catalog, seed):
    """QA, a fan of one creator who refuses dance: after three "not interested" in the first 30 cards, dance came
    back 2 to 5 times in 120 swipes, picked for what else it carried (its refusals weigh a quick skip, and a
    creator, a hashtag or the audience's verdict outranked them), where issue 16 allows one after the second."""
    p = Persona(
        "fan who refuses dance",
        Taste(creators=frozenset({"inesxpixel"})),
        rejects=Taste(genres=frozenset({"dance"})),
        drift=Drift(60, Taste(genres=frozenset({"fitness"}))),
    )
    result = sim.run_persona(p, catalog, seed, swipes=120)
    assert sum(s.rejected for s in result.seen) >= 2
    assert result.rejected_after_second <= 1


def test_a_refused_genre_asked_for_again_in_settings_comes_back(tmp_path):
    """Review: with refused genres out of ranked picks, "More" on a genre refused three times showed none of it in
    150 swipes (53 before): the block lifts only by engaging with the genre, which the feed no longer offered."""
    from recommender.clock import FakeClock
    from tuiapp.app import open_session

    clock = FakeClock()
    session = open_session(tmp_path / "t.db", clock=clock, rng=random.Random(1))
    card = session.start()
    while "dance" not in session.profile.blocked:
        clock.advance(2)
        card = session.not_interested() if "dance" in card.video.genres else session.next()
    session.set_topic("dance", "more")
    dance = 0
    for _ in range(60):
        clock.advance(2)
        card = session.next()
        dance += "dance" in card.video.genres
    assert dance >= 5
