"""The domain of tiktui: catalog, signals, taste profile, policy, store and feed.

Nothing here imports textual or prints; time and randomness are passed in.
"""

__version__ = "0.1.0"
DB_NAME = "tiktui.db"
"""The data file's name, in the folder the viewer chose (light: the command line reads it at once)."""
