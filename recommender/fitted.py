"""The weights' prior for the app: written by `python -m benchmarks.fit_weights --viewers 120 --seed 1000 --write`.

Kinds in order: genre, creator, hashtag, sound, length, related, audience. Do not edit by hand: run the script."""

from .weights import Prior

FITTED = Prior(mean=(0.5253, 0.1991, 0.8549, 0.8438, 0.084, 0.1855, -0.5102), strength=1.0)
