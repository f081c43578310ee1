"""The 长辈版 display (large text, high contrast): whose choice a page follows.

A signed-in person's choice is kept on their account (``accounts.services.user_elder_mode_set``), so it
follows them to every device they sign in on; a visitor's is kept in the browser's cookie
(``settings.ELDER_MODE_COOKIE_NAME``), which the switch (``views.elder_mode``) writes for both. A choice a
visitor makes before signing in (an older reader who enlarged the sign-in form to read it) is also noted in
their session and goes to the account at sign-in, as the latest choice. The cookie alone is not carried
over: it may be older than a switch-off made on another device.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from firesvc.accounts.services import user_elder_mode_set

# The choice a visitor made in this session, before signing in.
SESSION_KEY = "firesvc_elder_choice"


def elder_mode_for(request: HttpRequest) -> bool:
    """Whether the page is shown in the 长辈版 display: the account's choice, or the browser's for a visitor."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(getattr(user, "elder_mode", False))
    return request.COOKIES.get(settings.ELDER_MODE_COOKIE_NAME) == "1"


def elder_mode_choose(request: HttpRequest, *, on: bool) -> None:
    """Record the reader's choice: on the account when signed in, else in the session until they sign in
    (the caller sets the cookie, which the browser keeps either way)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        user_elder_mode_set(user=user, on=on)
    else:
        request.session[SESSION_KEY] = on


def on_signed_in(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    """``user_logged_in``: a choice made in this session before signing in becomes the account's."""
    session = getattr(request, "session", None)
    if session is None or user is None:
        return
    choice = session.pop(SESSION_KEY, None)
    if choice is not None:
        user_elder_mode_set(user=user, on=bool(choice))
