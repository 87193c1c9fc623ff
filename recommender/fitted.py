"""The weights' prior for the app: written by `python -m benchmarks.fit_weights --viewers 240 --seed 1000 --write`.

Kinds in order: genre, creator, hashtag, sound, length, related, audience. Do not edit by hand: run the script."""

from .weights import Prior

FITTED = Prior(mean=(0.5918, 0.1047, 0.7338, 0.5705, 0.1965, 0.0935, -0.5924), strength=1.0)
