"""Path converters: a URL can only name what the database can store.

``<id:pk>`` replaces Django's ``<id:pk>`` in every URL (tests/security/test_hostile_input.py checks
that none is left): an id past a signed 64-bit integer (``/approvals/99999999999999999999/``) matches
no URL, so it is a 404 like any other unknown id, instead of an overflow in the database driver.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1  # BigAutoField on PostgreSQL and SQLite alike


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # the resolver treats it as no match: 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)
