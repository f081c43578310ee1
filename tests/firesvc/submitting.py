"""Send a create form twice as a double click does: the same token (read from the page) and the same body."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

TOKEN = re.compile(r'name="submission_token"\s+value="([0-9a-f-]{36})"')


def token_on(client: Client, url: str) -> str:
    """The one-time token the form page at ``url`` carries (the test fails if the page has none)."""
    found = TOKEN.search(client.get(url).content.decode())
    assert found, f"{url} renders no submission token"
    return found.group(1)


def post_twice(client: Client, url: str, data: dict[str, Any]) -> tuple[Any, Any]:
    body = {**data, "submission_token": token_on(client, url)}
    return client.post(url, body), client.post(url, body)
