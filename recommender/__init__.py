"""The domain of tiktui: catalog, signals, taste profile, policy, store and feed.

Nothing here imports textual or prints; time and randomness are passed in.
"""

__version__ = "0.1.0"
