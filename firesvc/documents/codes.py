"""Verification keys printed on documents: a token for the QR code and a short code to type.

A token is read by a scanner, so it may be long, but never starts or ends with ``-`` or ``_``: on
paper a line break beside one of them loses it. The short code (``7KQ4-MX2P``) is typed by a person
at ``/approvals/verify/``: eight characters without 0/O/1/I, which are easily mistaken for one another.
"""

from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 characters: 40 bits in eight
CODE_LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def new_verification_token(nbytes: int = 24) -> str:
    """A URL-safe random token whose first and last characters are a letter or a digit."""
    while True:
        token = secrets.token_urlsafe(nbytes)
        if token[0].isalnum() and token[-1].isalnum():
            return token


def new_verification_code() -> str:
    """A random short code of ``CODE_LENGTH`` characters from ``CODE_ALPHABET`` (stored without a hyphen)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """The code as printed: two groups of four, ``7KQ4-MX2P``."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def normalize_code(text: str) -> str | None:
    """What a person typed, as stored: upper case, without spaces or hyphens, the look-alikes read as the
    code's letters (O→0 is not in the alphabet, so O and 0 are refused rather than guessed). None when it
    cannot be a code."""
    code = _SEPARATORS.sub("", text or "").upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code
