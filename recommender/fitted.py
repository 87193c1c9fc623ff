"""The weights' prior for the app: written by `python -m benchmarks.fit_weights --viewers 240 --seed 1000 --write`.

Kinds in order: genre, creator, hashtag, sound, length, related, audience. Do not edit by hand: run the script."""

from .weights import Prior

FITTED = Prior(mean=(0.6156, 0.1106, 0.6975, 0.5834, 0.1881, 0.0761, -0.612), strength=1.0)
