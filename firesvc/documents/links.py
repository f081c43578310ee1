"""Public addresses for printed documents, e-mails and text messages: a QR code on paper needs the whole URL."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# The address that served the current request, while ``PORTAL_BASE_URL`` is not set (development).
_served_from: ContextVar[str] = ContextVar("firesvc_portal_served_from", default="")


def portal_base_url() -> str:
    """The portal's public address without a trailing slash.

    ``settings.PORTAL_BASE_URL`` when set (production refuses to start without it: a document printed
    from an internal address or behind a proxy must still point at the public portal). In development,
    the address that served the current request (``PortalAddressMiddleware``), else
    ``settings.PORTAL_DEFAULT_URL`` (``http://127.0.0.1:$PORT``, for the worker's e-mails).
    """
    base = str(getattr(settings, "PORTAL_BASE_URL", "") or "") or _served_from.get() or str(
        getattr(settings, "PORTAL_DEFAULT_URL", "") or "")
    return base.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (as ``reverse`` returns it) on the portal's public address (``portal_base_url``).

    An already absolute URL is returned unchanged.
    """
    if urlsplit(path).scheme:
        return path
    return f"{portal_base_url()}/{path.lstrip('/')}"


class PortalAddressMiddleware:
    """Without ``PORTAL_BASE_URL`` (development), links made while serving a request use its address,
    so that ``PORT=8101 make run`` prints 8101 in QR codes. With it set, this does nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "PORTAL_BASE_URL", ""):
            return self.get_response(request)
        token = _served_from.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _served_from.reset(token)
