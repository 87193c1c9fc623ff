"""`python -m tuiapp` runs tiktui."""

from .cli import main

main()
