"""How much each kind of evidence counts: a per-viewer Bayesian linear model over the profile's offsets.

A video's personal score is `sum(w[k] * term[k])` over KINDS, where `term[k]`
is the profile's offset for the video's features of kind k (genre, creator,
hashtag, sound, length, co-engagement, the audience's verdict). The weights `w` are not set by hand:

- their *prior* (`Prior.mean`, and `Prior.strength`, how many views of
  evidence it is worth) is fitted on training viewers by a script, never on
  the viewers being scored: `benchmarks/fit_weights.py` for the app (shipped
  as `recommender/fitted.py`), the lab's training folds for the lab;
- each viewer's own weights are the posterior mean of a ridge regression of
  what each view surprised by (the residual the profile learns) on the
  terms the profile held *before* that view: a viewer whose taste is a
  hashtag learns that hashtag offsets predict them well, and hashtags count
  more for them. Evidence fades with the profile's half-life, so a drift of
  taste moves the weights too;
- but a GLOBAL kind (the audience's verdict) keeps the prior's weight for
  every viewer: it is the same for everyone, so what it foretells is fitted
  on the population, and the viewer's regression learns the other kinds on
  what it leaves of each view's surprise.

Everything here is plain arithmetic on lists (seven kinds: a 7x7 solve per
view), deterministic, so replaying the events log rebuilds the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("genre", "creator", "hashtag", "sound", "length", "related", "audience")
"""The terms of a personal score, in the order the weights are kept. "audience" is the audience's verdict on the
video over a typical video's (`profile.TYPICAL_REWARD`): its weight is how much more (or less) than the ranking's
plain verdict the crowd's opinion counts for this viewer."""
GLOBAL = frozenset({KINDS.index("audience")})
"""Kinds whose weight is the prior's for every viewer, never learned per viewer: the audience's verdict on a video is
the same for everyone, so what it foretells is a fact about the population (fitted with the prior), and a viewer's
few views only add noise to it (learned per viewer it swung to about -1 within a few views and taught a dance fan
to skip fitness before a change of taste). The per-viewer regression learns the other kinds on what the fixed
term leaves of each view's surprise."""


@dataclass(frozen=True)
class Prior:
    """Where every viewer's weights start, and how many views of evidence that start is worth."""

    mean: tuple[float, ...]
    strength: float

    def as_dict(self) -> dict[str, float]:
        return dict(zip(KINDS, self.mean, strict=True))


def solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix @ x = vector, for a symmetric positive definite matrix (Gaussian elimination, in place safe).

    >>> solve([[2.0, 0.0], [0.0, 4.0]], [1.0, 1.0])
    [0.5, 0.25]
    """
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    # Every view learned solves one (`OnlineWeights.refit`): plain loops, no call per step (a lambda for the pivot, a
    # generator for the sums took a third of the time), the same operations in the same order, so the same figures.
    for col in range(n):
        pivot, best = col, abs(a[col][col])  # the first row of the largest size, as `max` would find
        for r in range(col + 1, n):
            size = abs(a[r][col])
            if size > best:
                pivot, best = r, size
        top = a[pivot]
        a[pivot], a[col] = a[col], top
        head = top[col]
        if abs(head) < 1e-12:
            continue
        span = range(col, n + 1)
        for r in range(col + 1, n):
            row = a[r]
            f = row[col] / head
            if f:
                for c in span:
                    row[c] -= f * top[c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        row = a[r]
        head = row[r]
        s: float = 0  # summed from 0 in column order, as `sum` does
        for c in range(r + 1, n):
            s += row[c] * x[c]
        x[r] = (row[n] - s) / head if abs(head) >= 1e-12 else 0.0
    return x


class OnlineWeights:
    """One viewer's weights: a prior plus decayed sums of (terms, residual) pairs.

    >>> w = OnlineWeights(Prior((1.0, 0.5, 0.5, 0.3, 0.3, 0.8, 0.0), 10.0))
    >>> w.weights[2]
    0.5
    >>> for i in range(40):  # a hashtag offset of 0.5 foretells 0.7 more surprise: its weight heads for 1.4
    ...     w.add([0.0, 0.0, 0.5 * (i % 2), 0.0, 0.0, 0.0, 0.0], 0.6 if i % 2 else -0.1, 1.0)
    >>> round(w.weights[2], 2)
    0.69
    """

    __slots__ = ("_intercept", "_weights", "gram", "prior", "stale", "xy")

    def __init__(self, prior: Prior) -> None:
        self.prior = prior
        n = len(KINDS) + 1  # and an intercept: surprise common to every video, which ranks nothing
        self.gram = [[0.0] * n for _ in range(n)]
        self.xy = [0.0] * n
        self._weights = list(prior.mean)
        self._intercept = 0.0
        self.stale = False
        """Views were added since the weights were last solved for: they are solved again when next read."""

    @property
    def weights(self) -> list[float]:
        """The weights of the kinds, in KINDS' order: solved for (`refit`) when first read after views were added,
        not at every view (a pick that reads none, as exploration's, and a replay of many views solve once)."""
        if self.stale:
            self.refit()
        return self._weights

    @weights.setter
    def weights(self, value: list[float]) -> None:
        self._weights, self.stale = value, False

    @property
    def intercept(self) -> float:
        """The surprise common to every video (`predict` adds it; it ranks nothing)."""
        if self.stale:
            self.refit()
        return self._intercept

    def add(self, terms: list[float], residual: float, decay: float) -> None:
        """Learn that a video with these (unweighted) terms surprised the viewer by `residual`."""
        x = [*terms, 1.0]
        gram, xy = self.gram, self.xy
        for i, xi in enumerate(x):
            row = gram[i]
            for j, xj in enumerate(x):
                row[j] = row[j] * decay + xi * xj
            xy[i] = xy[i] * decay + xi * residual
        self.stale = True

    def predict(self, terms: list[float]) -> float:
        """The surprise these terms foretell (with the intercept: for measuring, not ranking)."""
        return sum(w * t for w, t in zip(self.weights, terms, strict=True)) + self.intercept

    def refit(self) -> None:
        """Solve for the weights from the sums as they are now (the same figures whenever it is done)."""
        self.stale = False
        lam, mean = self.prior.strength, (*self.prior.mean, 0.0)
        n = len(mean)
        if not any(self.xy) and not any(any(row) for row in self.gram):
            self._weights, self._intercept = list(self.prior.mean), 0.0
            return
        gram, xy = self.gram, self.xy
        free = [i for i in range(n) if i not in GLOBAL]
        fixed = [(i, mean[i]) for i in GLOBAL]
        matrix = [[gram[i][j] + (lam if i == j else 0.0) for j in free] for i in free]
        vector = [xy[i] - sum(gram[i][k] * w for k, w in fixed) + lam * mean[i] for i in free]
        out = list(mean)
        for i, w in zip(free, solve(matrix, vector), strict=True):
            out[i] = w
        *self._weights, self._intercept = out

    def dump(self) -> list:
        return [[list(row) for row in self.gram], list(self.xy)]

    def load(self, data: list) -> None:
        gram, xy = data
        self.gram = [[float(x) for x in row] for row in gram]
        self.xy = [float(x) for x in xy]
        self.refit()

    def copy(self) -> OnlineWeights:
        out = OnlineWeights(self.prior)
        out.gram = [list(row) for row in self.gram]
        out.xy = list(self.xy)
        out._weights = list(self._weights)
        out._intercept = self._intercept
        out.stale = self.stale
        return out


Sequence = list[tuple[list[float], float]]
"""One training viewer's views in order: (the terms before the view, its residual)."""
STRENGTHS = (1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 80.0, 160.0, 320.0, 640.0, 1280.0)
"""Prior strengths (views of evidence) the fit chooses from: wide enough that the choice is not at either end (the
app's simulated viewers choose 1, half a view and two views foretelling them worse; the lab's real viewers chose
160, then the largest tried)."""
RIDGE = 1.0
"""Pseudo-evidence (at weight 0) that keeps the pooled fit of a kind rarely seen near 0."""


def pooled(sequences: list[Sequence]) -> tuple[float, ...]:
    """The weights one ridge regression over every training view gives: the prior's mean."""
    n = len(KINDS) + 1  # the last column is an intercept (a viewer's general surprise), not a weight
    gram = [[RIDGE if i == j < n - 1 else 0.0 for j in range(n)] for i in range(n)]
    xy = [0.0] * n
    for seq in sequences:
        for terms, residual in seq:
            x = [*terms, 1.0]
            for i in range(n):
                for j in range(n):
                    gram[i][j] += x[i] * x[j]
                xy[i] += x[i] * residual
    return tuple(round(w, 4) for w in solve(gram, xy)[:-1])


def online_error(sequences: list[Sequence], prior: Prior, decay: float) -> float:
    """Mean squared error of predicting each view's residual from the weights learned before it."""
    total = count = 0.0
    for seq in sequences:
        w = OnlineWeights(prior)
        for terms, residual in seq:
            guess = w.predict(terms)
            total += (residual - guess) ** 2
            count += 1
            w.add(terms, residual, decay)
    return total / count if count else 0.0


def fit(sequences: list[Sequence], decay: float) -> Prior:
    """The prior for viewers like these: the pooled weights as its mean, and the strength whose online weights
    predicted the second half of the viewers best (the mean fitted on the first half alone, then on all)."""
    half = len(sequences) // 2
    train, test = sequences[:half] or sequences, sequences[half:] or sequences
    mean = pooled(train)
    strength = min(STRENGTHS, key=lambda s: (online_error(test, Prior(mean, s), decay), s))
    return Prior(pooled(sequences), strength)


__all__ = [
    "GLOBAL",
    "KINDS",
    "STRENGTHS",
    "OnlineWeights",
    "Prior",
    "Sequence",
    "fit",
    "online_error",
    "pooled",
    "solve",
]
