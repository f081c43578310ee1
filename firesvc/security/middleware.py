"""A security event for every 403 answer: PermissionDenied (the 403 handler), DRF, CSRF failures."""

from __future__ import annotations

from collections.abc import Callable

from django.http import FileResponse, HttpRequest, HttpResponse

from firesvc.security.models import SecurityEventKind
from firesvc.security.services import security_event_record


class DeniedAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            security_event_record(kind=SecurityEventKind.ACCESS_DENIED, request=request, user=user,
                                  detail={"status": 403})
        return response


class DownloadHardeningMiddleware:
    """Every file a view serves (``FileResponse``: uploads, stored documents) is a download.

    The authorising views decide *who* gets a file; this makes sure *how* is safe whatever the
    view did: ``nosniff``, ``Content-Disposition: attachment`` (an ``inline`` one is turned into an
    attachment, keeping the file name), and a sandboxing CSP in case a browser renders it anyway;
    except a PDF or image preview the view allowed (``allow_inline_preview``), framed by this site only.
    ``<img src>`` ignores Content-Disposition, so photos shown in pages keep working.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, FileResponse):
            harden_download(response)
        return response


# The one exception: a PDF or an image whose view marked it as a preview (``allow_inline_preview``) is
# shown in a frame of this site (the intake checklist), never of another. Its type was read from the
# content at upload, and a PDF cannot be shown in a sandboxed frame, so it gets no sandbox.
PREVIEW_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def allow_inline_preview(response: FileResponse) -> FileResponse:
    """Let the hardening keep ``response`` inline, framed by this site only (PDF, PNG and JPEG only)."""
    response.inline_preview = True  # type: ignore[attr-defined]
    return response


def harden_download(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if getattr(response, "inline_preview", False) and content_type in PREVIEW_TYPES:
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    disposition = response.get("Content-Disposition", "")
    if not disposition:
        response["Content-Disposition"] = "attachment"
    elif disposition.lower().startswith("inline"):
        response["Content-Disposition"] = "attachment" + disposition[len("inline"):]
    return response
