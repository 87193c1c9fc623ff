"""The weights' prior for the app: written by `python -m benchmarks.fit_weights --viewers 120 --seed 1000 --write`.

Kinds in order: genre, creator, hashtag, sound, length, related, audience. Do not edit by hand: run the script."""

from .weights import Prior

FITTED = Prior(mean=(0.4204, 0.1748, 0.8851, 0.5871, 0.1235, 0.0684, -0.6596), strength=1.0)
