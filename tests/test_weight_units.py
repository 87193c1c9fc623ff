"""The weights' ridge counts evidence in each kind's own units: a kind whose terms are small (as co-engagement's on
real viewers) is not held back for their size."""

import random

from recommender.weights import KINDS, OnlineWeights, fit

RELATED = KINDS.index("related")


def viewers(shrink: float, related: float = 1.2, count: int = 16) -> list[list[tuple[list[float], float]]]:
    """Views whose surprise follows the terms (co-engagement by `related`), the co-engagement terms `shrink` times
    theirs."""
    rng = random.Random(7)
    truth = (0.3, 0.0, 0.4, 0.0, 0.2, related, 0.1)
    out = []
    for _ in range(count):
        seq = []
        for _ in range(25):
            terms = [rng.uniform(-0.5, 0.5) if rng.random() < 0.6 else 0.0 for _ in KINDS]
            residual = sum(w * t for w, t in zip(truth, terms, strict=True)) + rng.gauss(0.0, 0.3)
            terms[RELATED] *= shrink
            seq.append((terms, residual))
        out.append(seq)
    return out


def test_a_kind_with_terms_ten_times_smaller_gets_a_weight_ten_times_larger_and_ranks_the_same():
    plain, small = fit(viewers(1.0), 0.986), fit(viewers(0.1), 0.986)
    assert small.strength == plain.strength
    assert abs(small.mean[RELATED] - 10 * plain.mean[RELATED]) < 0.01 * abs(plain.mean[RELATED])
    for k in range(len(KINDS)):
        if k != RELATED:
            assert abs(small.mean[k] - plain.mean[k]) < 0.002
    # a viewer for whom co-engagement counts less moves off the prior alike: a term 10 times smaller, same score
    learned = []
    for prior, shrink in ((plain, 1.0), (small, 0.1)):
        w = OnlineWeights(prior)
        for terms, residual in viewers(shrink, related=0.2, count=1)[0] * 4:
            w.add(terms, residual, 0.986)
        learned.append(w.weights[RELATED] * shrink)
    assert abs(learned[0] - learned[1]) < 0.01 * abs(learned[0])
    assert abs(learned[0] - plain.mean[RELATED]) > 0.05  # the viewer's views moved it off the prior
