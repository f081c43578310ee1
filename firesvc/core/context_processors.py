from typing import Any

from django.http import HttpRequest

from firesvc.core.navigation import nav_html


def portal(request: HttpRequest) -> dict[str, Any]:
    """``nav_html``: the navigation bar's links for the user, the current page marked."""
    match = getattr(request, "resolver_match", None)
    return {"nav_html": nav_html(getattr(request, "user", None), match.view_name if match else "")}
