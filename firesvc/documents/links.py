"""Public addresses for printed documents: a QR code on paper needs the whole URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse`` returns it) on the portal's public address, ``settings.PORTAL_BASE_URL``.

    The request's own host is not used on purpose: a document printed from an internal
    address or behind a proxy must still point at the public portal. An already absolute
    URL is returned unchanged.
    """
    if urlsplit(path).scheme:
        return path
    base = str(settings.PORTAL_BASE_URL).rstrip("/")
    return f"{base}/{path.lstrip('/')}"
