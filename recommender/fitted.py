"""The weights' prior for the app: written by `python -m benchmarks.fit_weights --viewers 240 --seed 1000 --write`.

Kinds in order: genre, creator, hashtag, sound, length, related, audience. Do not edit by hand: run the script."""

from .weights import Prior

FITTED = Prior(mean=(0.6133, 0.1357, 0.6873, 0.5388, 0.186, 0.0704, -0.6325), strength=1.0)
