"""Figures printed by `tiktui sim` (and `tiktui lab`): tables for people, JSON for machines."""

from __future__ import annotations

import json
import sys

from recommender import sim
from recommender.catalog import load_catalog, shipped_catalog_path


def _fmt(value, kind: str) -> str:
    if value is None:
        return "-"
    return f"{value:.0%}" if kind == "%" else (f"{value:.2f}" if kind == "x" else str(value))


def sim_table(results: list[sim.Result]) -> str:
    """The persona table, as the README shows it."""
    head = ("persona", "on-taste 31-50", "explore >30", "genres 1-10", "drift recovery", "loop inflation")
    rows = [(r.name, _fmt(r.on_taste_31_50, "%"), _fmt(r.exploration_after_30, "%"), _fmt(r.genres_first_10, ""),
             _fmt(r.drift_recovery_swipes, ""), _fmt(r.loop_inflation, "x")) for r in results]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    line = lambda row: "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def print_sim(seed: int, as_json: bool) -> None:
    catalog = load_catalog(shipped_catalog_path())
    results = sim.run(catalog, seed, progress=lambda name: print(f"sim: {name}", file=sys.stderr))
    if as_json:
        print(json.dumps({"personas": [r.as_dict() for r in results], "seed": seed}))
        return
    print(f"tiktui sim --seed {seed}: {len(results)} personas, {sim.SWIPES} swipes each, shipped catalog\n")
    print(sim_table(results))
    print("\nTargets: fans >= 80% on-taste with exploration 5-15%; >= 8 genres in the first 10 cards;"
          " drift recovered within 25 swipes; loop inflation <= 1.0.")
