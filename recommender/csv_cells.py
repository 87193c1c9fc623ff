"""Text in a CSV cell that a spreadsheet would not run: the export writes it, the import reads it back.

A spreadsheet takes a cell that starts with `=`, `+`, `-` or `@` (or a tab or
carriage return before one) as a formula, and a catalog's title can be
`=HYPERLINK("https://evil.example","click")`. Such a cell is written with an
apostrophe in front, the spreadsheets' own mark for "this is text", and an
import takes that apostrophe off again. Text that already starts with
apostrophes before such a character gets one more, so every text comes back
as it went out.
"""

from __future__ import annotations

import re

_RUNS = re.compile(r"'*[=+\-@\t\r]")
"""Text a spreadsheet could read as a formula, behind any number of apostrophes."""


def to_cell(text: str) -> str:
    """`text` as a CSV cell: an apostrophe in front when a spreadsheet could run it."""
    return "'" + text if _RUNS.match(text) else text


def from_cell(cell: str) -> str:
    """The text a CSV cell holds: `to_cell` undone."""
    return cell[1:] if cell.startswith("'") and _RUNS.match(cell, 1) else cell
