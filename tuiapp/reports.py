"""Figures printed by `tiktui sim` (and `tiktui lab`): tables for people, JSON for machines."""

from __future__ import annotations

import json
import sys

from lab import movielens as lab
from recommender import sim
from recommender.catalog_file import load_catalog, shipped_catalog_path

from .progress import Progress


def _fmt(value, kind: str) -> str:
    if value is None:
        return "-"
    return f"{value:.0%}" if kind == "%" else (f"{value:.2f}" if kind == "x" else str(value))


def sim_table(results: list[sim.Result]) -> str:
    """The persona table, as the README shows it."""
    head = ("persona", "on-taste 31-50", "explore >30", "genres 1-10", "drift recovery", "loop inflation")
    rows = [
        (
            r.name,
            _fmt(r.on_taste_31_50, "%"),
            _fmt(r.exploration_after_30, "%"),
            _fmt(r.genres_first_10, ""),
            _fmt(r.drift_recovery_swipes, ""),
            _fmt(r.loop_inflation, "x"),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    line = lambda row: "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def print_sim(seed: int, as_json: bool) -> None:
    catalog = load_catalog(shipped_catalog_path())
    results = sim.run(catalog, seed, progress=lambda name: print(f"sim: {name}", file=sys.stderr))
    if as_json:
        print(json.dumps({"personas": [r.as_dict() for r in results], "seed": seed}))
        return
    print(f"tiktui sim --seed {seed}: {len(results)} personas, {sim.SWIPES} swipes each, shipped catalog\n")
    print(sim_table(results))
    print(
        "\nTargets: fans >= 80% on-taste with exploration 5-15%; >= 8 genres in the first 10 cards;"
        " drift recovered within 25 swipes; loop inflation <= 1.0."
    )


def lab_table(report: dict) -> str:
    """Policy x K: lift share +- standard error, mean rating of picks, viewers counted."""
    lines = [
        "| policy | K | lift share | +- stderr | mean rating | precision | viewers |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["results"]:
        lines.append(
            f"| {r['policy']} | {r['k']} | {r['lift_share']:.3f} | {r['stderr']:.3f} | "
            f"{r['mean_rating']:.2f} | {r['precision']:.3f} | {r['users']} |"
        )
    lines.append("")
    for p in report["paired"]:
        lines.append(
            f"tiktui - quality at K={p['k']}: {p['difference']:+.3f} (paired stderr {p['stderr']:.3f}, "
            f"{p['difference'] / p['stderr']:.1f} standard errors)"
        )
    for f, w in enumerate(report.get("weights", [])):
        lines.append(f"fold {f + 1} weights: " + ", ".join(f"{k} {v:g}" for k, v in w.items()))
    return "\n".join(lines)


def print_lab(data: str, train: str | None, ks: tuple[int, ...], seed: int, as_json: bool) -> None:
    try:
        import numpy  # noqa: F401  (the lab's one extra dependency)
    except ImportError:
        raise lab.LabDataError(
            "the lab needs numpy, which the feed does not: install it with "
            "pip install 'tiktui[lab]' (from a checkout: pip install '.[lab]')"
        ) from None
    bar: list[Progress] = []

    def progress(done: int, total: int) -> None:
        if not bar:
            bar.append(Progress("lab", total, "viewers"))
        bar[0].update(done)

    report = lab.run(data, train, ks, seed, progress=progress)
    if bar:
        bar[0].finish()
    if as_json:
        print(json.dumps(report))
        return
    source = f"--train {train}" if train else f"{lab.FOLDS}-fold cross-fitting"
    print(
        f"tiktui lab --data {data} --seed {seed}: {report['users']} viewers, global figures by {source}, "
        f"{report['seconds']:.0f} s\n"
    )
    print(lab_table(report))
