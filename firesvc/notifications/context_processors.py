from typing import Any

from django.http import HttpRequest

from firesvc.notifications.selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications``: the signed-in user's unread count (one COUNT); nothing for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user=user)}
