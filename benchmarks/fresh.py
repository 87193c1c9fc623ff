"""One measurement in a fresh process: its own cold start and its own peak memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def one_run(module: str, *args: str, code: Path | None = None) -> Any:
    """`python -m benchmarks.MODULE --one ARGS` run in a new process (in the checkout `code`, whose code then comes
    first on the path), and the JSON it prints."""
    out = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", "--one", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=code,
    )
    return json.loads(out.stdout)
