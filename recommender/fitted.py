"""The weights' prior for the app: written by `python -m benchmarks.fit_weights --viewers 120 --seed 1000 --write`.

Kinds in order: genre, creator, hashtag, sound, length, related, audience. Do not edit by hand: run the script."""

from .weights import Prior

FITTED = Prior(
    mean=(0.5383, 0.1737, 0.807, 0.7182, 0.1096, -0.0273, -0.6279),
    strength=20.0,
    scale=(0.03306, 0.01845, 0.03263, 0.01246, 0.0352, 0.02642, 0.1452),
)
