from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from firesvc.core.elder import elder_mode_for
from firesvc.core.navigation import nav_for, nav_key


def portal(request: HttpRequest) -> dict[str, Any]:
    """``nav_items``: the navigation bar's entries for the user (``components/nav.html`` draws them), built
    only when the bar is not in the shared cache; ``nav_key``: what the cached bar depends on (base.html);
    ``elder_mode``: whether the reader chose the 长辈版 display (large text, high contrast; ``firesvc.core.elder``:
    the account's choice when signed in, else the browser's)."""
    user = getattr(request, "user", None)
    return {"nav_items": SimpleLazyObject(lambda: nav_for(user)), "nav_key": nav_key(user),
            "elder_mode": elder_mode_for(request)}
