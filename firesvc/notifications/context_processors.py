from typing import Any

from django.http import HttpRequest


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the navigation bar (filled in by the notifications feature)."""
    return {}
