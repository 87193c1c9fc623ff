"""Figures printed by `tiktui sim` (and `tiktui lab`): tables for people, JSON for machines."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

from lab.errors import LabDataError
from recommender import sim
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.persona_file import load_personas
from recommender.personas import FieldError, PersonaError, check_against
from recommender.words import plural

from .progress import Progress
from .safe_text import clean


def _fmt(value, kind: str) -> str:
    """A figure of the tables: a share in whole percent (under 1%, to a tenth: a creator fan's base rate of 0.1%
    read as 0%), a ratio to two places, a count as it is; "-" where it does not apply.

    >>> [_fmt(0.954, "%"), _fmt(0.0012, "%"), _fmt(0.0, "%"), _fmt(0.53, "x"), _fmt(None, "")]
    ['95%', '0.1%', '0%', '0.53', '-']
    """
    if value is None:
        return "-"
    if kind == "%":
        return f"{value:.1%}" if 0 < value < 0.01 else f"{value:.0%}"
    return f"{value:.2f}" if kind == "x" else str(value)


def sim_table(results: list[sim.Result]) -> str:
    """The persona table, as the README shows it."""
    head = ("persona", "on-taste 31-50", "explore >30", "genres 1-10", "drift recovery", "loop inflation")
    rows = [
        (
            clean(r.name),
            _fmt(r.on_taste_31_50, "%"),
            _fmt(r.exploration_after_30, "%"),
            _fmt(r.genres_first_10, ""),
            _recovered(r),
            _fmt(r.loop_inflation, "x"),
        )
        for r in results
    ]
    return _table(head, rows)


def persona_table(results: list[sim.Result]) -> str:
    """The table of `tiktui sim --personas FILE`: one row per persona."""
    head = (
        "persona",
        "enjoyed 31-50",
        "base rate",
        "explore >30",
        "rejected after 2nd",
        "creator's all seen by",
        "drift recovery",
        "longest genre run",
    )
    rows = [
        (
            clean(r.name),
            _fmt(r.on_taste_31_50, "%"),
            _fmt(r.base_rate, "%"),
            _fmt(r.exploration_after_30, "%"),
            _fmt(r.rejected_after_second, ""),
            _creators(r),
            _recovered(r),
            _fmt(r.longest_run, ""),
        )
        for r in results
    ]
    return _table(head, rows)


def _recovered(r: sim.Result) -> str:
    """Swipes to recover from the drift; "never" when the run ended first ("-" read as "no drift", QA)."""
    return "never" if r.drifts and r.drift_recovery_swipes is None else _fmt(r.drift_recovery_swipes, "")


def _creators(r: sim.Result) -> str:
    """'swipe N' when every video of the creators it enjoys was shown by then, else how many were."""
    if r.creator_videos is None:
        return "-"
    if r.creators_seen_by is not None:
        return f"swipe {r.creators_seen_by}"
    return f"{r.creator_videos_seen} of {r.creator_videos} seen"


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    line = lambda row: "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def print_sim(seed: int, as_json: bool, personas_file: str | None = None) -> None:
    catalog = load_catalog(shipped_catalog_path())
    progress = lambda name: print(f"sim: {clean(name)}", file=sys.stderr)  # noqa: E731
    if personas_file is not None:
        try:
            personas = load_personas(personas_file)
        except PersonaError as err:  # its well-formed personas' faults against the catalog too, in the same pass
            check_against((), catalog.videos, err.errors[0].file, found=err)
            raise
        check_against(personas, catalog.videos, personas_file)
        try:
            results = sim.run(catalog, seed, personas, progress=progress)
        except sim.NothingToShow as err:
            number = personas.index(err.persona) + 1
            why = err.why.split(". ")[0]  # the feed's words, without its advice about keys
            raise PersonaError([FieldError(personas_file, number, err.persona.name, "mutes", why)]) from None
        if as_json:
            print(json.dumps({"seed": seed, "personas": [r.cards_dict() for r in results]}))
            return
        print(
            f"tiktui sim --personas {clean(personas_file)} --seed {seed}: {plural(len(results), 'persona')}, "
            "shipped catalog\n"
        )
        print(persona_table(results))
        print(
            "\nEnjoyed 31-50: share of swipes 31-50 it enjoyed; base rate: share of the videos it can be shown "
            "that it enjoys; rejected after 2nd: most cards of one rejected genre, creator, hashtag or sound after "
            "its second 'not interested'; creator's all seen by: the swipe by which every video of the creators it "
            "enjoys was shown; longest genre run: the most cards in a row of one of the genres it enjoys (two or more)."
        )
        return
    results = sim.run(catalog, seed, progress=progress)
    if as_json:
        print(json.dumps({"personas": [r.as_dict() for r in results], "seed": seed}))
        return
    print(f"tiktui sim --seed {seed}: {plural(len(results), 'persona')}, {sim.SWIPES} swipes each, shipped catalog\n")
    print(sim_table(results))
    print(
        "\nTargets: fans >= 80% on-taste with exploration 5-15%; >= 8 genres in the first 10 cards;"
        " drift recovered within 25 swipes; loop inflation <= 1.0."
    )


def lab_table(report: dict) -> str:
    """Learner x K: lift share +- standard error, precision@K, mean rating of picks, viewers counted."""
    lines = [
        "| policy | K | lift share | +- stderr | precision@K | mean rating | viewers |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:  # a K no viewer has enough ratings for (K + 10) has no figures: "-"
        lines.append(
            f"| {r['policy']} | {r['k']} | {_fig(r['lift_share'], '.3f')} | {_fig(r['stderr'], '.3f')} | "
            f"{_fig(r['precision'], '.3f')} | {_fig(r['mean_rating'], '.2f')} | {r['users']} |"
        )
    paired = [p for p in report["paired"] if p["difference"] is not None]
    if paired:
        lines.append("")
        lines.append("Paired margins (mean difference over the same viewers, +- its standard error):")
    for p in paired:
        ratio = f" ({p['difference'] / p['stderr']:.1f} se)" if p["stderr"] else ""  # 0: the same picks for all
        lines.append(
            f"{p['policy']} - {p['versus']} at K={p['k']}: lift share {p['difference']:+.3f} +- {p['stderr']:.3f}"
            f"{ratio}, precision {_fig(p['precision_difference'], '+.3f')} +- {_fig(p['precision_stderr'], '.3f')}"
        )
    for f, w in enumerate(report.get("weights", [])):
        lines.append(f"fold {f + 1} weights: " + ", ".join(f"{k} {v:g}" for k, v in w.items()))
    return "\n".join(lines)


def _no_nan(value: Any) -> Any:
    """`value` with every NaN made None, through dicts and lists."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_no_nan(v) for v in value]
    return value


def _fig(value: float | None, spec: str) -> str:
    """A figure, or "-" where there is none (no viewer counted: None, or a mean of nothing)."""
    return "-" if value is None or math.isnan(value) else format(value, spec)


NEEDS_NUMPY = (
    "the lab needs numpy, which the feed does not: install it with "
    "pip install 'tiktui[lab]' (from a checkout: pip install '.[lab]')"
)


def print_lab(
    data: str, train: str | None, ks: tuple[int, ...], seed: int, as_json: bool, viewers: int | None = None
) -> None:
    try:
        import numpy  # noqa: F401  (the lab's one extra dependency)
    except ImportError:
        raise LabDataError(NEEDS_NUMPY) from None
    from lab.replay import run

    bar: list[Progress] = []

    def progress(done: int, total: int) -> None:
        if not bar:
            bar.append(Progress("lab", total, "viewers"))
        bar[0].update(done)

    report = run(data, train, ks, seed, progress=progress, viewers=viewers)
    if bar:
        bar[0].finish()
    if as_json:  # a figure of no viewer (NaN) is null: JSON has no NaN, and strict readers refuse it
        print(json.dumps(_no_nan(report), allow_nan=False))
        return
    sample = f" --viewers {viewers}" if viewers else ""
    trained = f" --train {train}" if train else ""
    picks = "" if ks == (10, 20, 50) else f" --k {','.join(map(str, ks))}"
    print(
        f"tiktui lab --data {data}{trained}{sample}{picks} --seed {seed}: {report['users']} viewers, "
        f"{report['scored']} scored, "
        f"global figures by {report['plan']}, {report['seconds']:.0f} s\n"
    )
    print(lab_table(report))
    for note in report["notes"]:
        print(f"\n({note})")
