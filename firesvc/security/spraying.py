"""Password spraying: one password tried against many usernames from one address (issue 23 §6).

django-axes locks a username *from one address* after ``AXES_FAILURE_LIMIT`` failures; a sprayer
tries each username once or twice and never meets that limit. Here every failed sign-in also counts
against the client address alone (``client_address``: ``TRUSTED_PROXY_COUNT``), in the shared cache;
past ``SIGN_IN_ADDRESS_FAILURE_LIMIT`` failures within ``SIGN_IN_ADDRESS_WINDOW_MINUTES`` that address
cannot sign in at all until the window ends. The limit is far above what one office's mistyped
passwords reach (an enterprise park behind one NAT address included).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from firesvc.security.client_address import client_address


def _enabled() -> bool:
    return bool(getattr(settings, "AXES_ENABLED", True))  # the sign-in throttles switch on and off together


def _key(address: str) -> str:
    return f"sign-in-failures:address:{address}"


def _window_seconds() -> int:
    return 60 * int(getattr(settings, "SIGN_IN_ADDRESS_WINDOW_MINUTES", 15))


def sign_in_failure_record(*, request: HttpRequest | None) -> None:
    """Count a failed sign-in against the request's client address (from ``user_login_failed``)."""
    address = client_address(request) if request is not None else None
    if not _enabled() or not address:
        return
    key = _key(address)
    cache.add(key, 0, timeout=_window_seconds())
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=_window_seconds())


def address_is_throttled(request: HttpRequest | None) -> bool:
    address = client_address(request) if request is not None else None
    if not _enabled() or not address:
        return False
    limit = int(getattr(settings, "SIGN_IN_ADDRESS_FAILURE_LIMIT", 30))
    return int(cache.get(_key(address), 0)) >= limit


class AddressThrottleBackend:
    """First authentication backend: an address past its failure limit gets no further checks.

    Covers every ``authenticate()`` call (the sign-in page, the admin's, the API token); the sign-in
    form and the token serializer also check first to say why.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if address_is_throttled(request):
            raise PermissionDenied("Too many failed sign-ins from this address.")
    # No get_user(): it never signs anyone in, so a session never names it (and force_login skips it).
