"""The restricted-mode passcode, kept only as a salted hash (scrypt, a random salt from `secrets`).

The hash is stored as one text, `scrypt$n$r$p$salt$hash` (hex), in a `set`
event; the passcode itself is never stored, logged or shown. The salt's
randomness is the operating system's (`secrets`), never the feed's seeded
`random.Random`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

N, R, P = 2**14, 8, 1
"""scrypt's cost: about 16 MiB and a few tens of milliseconds per check."""
SALT_BYTES = 16
MIN_LENGTH = 4
"""A passcode is at least this many characters."""


def new_hash(passcode: str) -> str:
    """The salted hash to keep for `passcode` (a new salt every time)."""
    salt = secrets.token_bytes(SALT_BYTES)
    return f"scrypt${N}${R}${P}${salt.hex()}${_derive(passcode, salt, N, R, P).hex()}"


def matches(passcode: str, stored: str) -> bool:
    """Whether `passcode` is the one `stored` (a `new_hash`) was made from; False for anything unreadable."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        found = _derive(passcode, bytes.fromhex(salt), int(n), int(r), int(p))
    except (ValueError, TypeError, AttributeError, MemoryError):
        return False
    return hmac.compare_digest(found, expected)


def problem(passcode: str) -> str:
    """Why `passcode` cannot be used ('' when it can)."""
    if len(passcode) < MIN_LENGTH:
        return f"a passcode has at least {MIN_LENGTH} characters"
    if passcode != passcode.strip():
        return "a passcode does not start or end with a space"
    return ""


def _derive(passcode: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passcode.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 2**20, dklen=32)
