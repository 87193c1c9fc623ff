"""Could a pick rank fewer candidates, exactly? `python -m benchmarks.ranking_bound`.

A candidate's ranking score is its verdict term (the audience's verdict, times 1 plus the learned "audience"
weight) plus the rest (the viewer's offsets, the stage's bonus, a follow). If the rest never exceeds a bound B
worked out once a pick (each kind's largest weighted offset over every feature the profile holds, the largest
co-engagement term, the largest bonus, a follow), the candidates could be taken best verdict first and the
ranking stop at the first whose verdict term plus B is below the best score found: the same pick, by
construction. This runs the simulated audience on the shipped catalog and, at every ranked pick, counts the
candidates such a stop could never skip (verdict term + B at or above the pick's score), beside B, the spread of
the candidates' verdict terms and how far the pick's score is above the best verdict term.

    python -m benchmarks.ranking_bound --viewers 8 --days 7
"""

from __future__ import annotations

import argparse
import statistics

from recommender import policy as policy_module
from recommender.audience import simulate
from recommender.catalog_file import load_catalog, shipped_catalog_path
from recommender.lifecycle import BONUS
from recommender.weights import KINDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--viewers", type=int, default=8)
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args()
    rows: list[tuple[int, int, float, float, float]] = []
    exploit = policy_module.Policy._exploit

    def measured(self, profile, now, rules):  # the app's pick, unchanged; what a bound would allow, beside it
        rec = exploit(self, profile, now, rules)
        doubted = profile.doubted
        pool = list(self.candidates(profile, rules, doubted).values())
        scored = self.ranked(profile, pool, now, rules, doubted)
        best = -next(s for s, _, v in scored if v is rec.video)
        weights = dict(zip(KINDS, profile.combination.weights, strict=True))
        top: dict[str, float] = {}
        for (kind, value), _ in profile.evidence.items():
            top[kind] = max(top.get(kind, 0.0), weights[kind] * profile.offset(kind, value, doubted))
        related = max((weights["related"] * profile.related_offset(v) for v in profile.related), default=0.0)
        bound = sum(top.values()) + max(0.0, related) + max(BONUS.values())
        bound += policy_module.FOLLOW_SCORE if profile.following else 0.0
        verdict = [(1.0 + weights["audience"]) * self.prior(v) for _, _, v in scored]
        kept = sum(1 for x in verdict if x + bound >= best)
        rows.append((len(scored), kept, bound, max(verdict) - min(verdict), best - max(verdict)))
        return rec

    policy_module.Policy._exploit = measured  # type: ignore[method-assign]
    try:
        simulate(load_catalog(shipped_catalog_path()), args.viewers, args.days, 50, seed=0, workers=1)
    finally:
        policy_module.Policy._exploit = exploit  # type: ignore[method-assign]

    def quartiles(i: int) -> str:
        return " ".join(f"{x:.2f}" for x in statistics.quantiles([r[i] for r in rows], n=4))

    print(f"{len(rows):,} ranked picks, {args.viewers} viewers x {args.days} days x 50 swipes")
    print(
        f"candidates a pick: mean {statistics.mean(r[0] for r in rows):.1f}; that a bound could never skip: "
        f"mean {statistics.mean(r[1] for r in rows):.1f}, median {statistics.median(r[1] for r in rows):.0f}"
    )
    print(f"bound B (quartiles): {quartiles(2)}")
    print(f"spread of the candidates' verdict terms (quartiles): {quartiles(3)}")
    print(f"pick's score above the best verdict term (quartiles): {quartiles(4)}")


if __name__ == "__main__":
    main()
