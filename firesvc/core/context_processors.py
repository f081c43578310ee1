from typing import Any

from django.http import HttpRequest

from firesvc.core.navigation import nav_for


def portal(request: HttpRequest) -> dict[str, Any]:
    """``nav_items``: the navigation bar's entries for the user (``components/nav.html`` draws them)."""
    return {"nav_items": nav_for(getattr(request, "user", None))}
