"""The lab's one error, importable without numpy (the CLI names it before it knows numpy is there)."""


class LabDataError(Exception):
    """The lab's data cannot be used; the message names the file, row and field."""
