"""A security event for every 403 answer: PermissionDenied (the 403 handler), DRF, CSRF failures."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from firesvc.core.api_errors import api_error_response, is_api_request
from firesvc.security.models import SecurityEventKind
from firesvc.security.services import security_event_record

logger = logging.getLogger(__name__)


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


class UnusableInputMiddleware:
    """Input no database can take is a clear 400, never a 500 (issue 23 §1).

    The fields and URLs refuse such input where they parse it (``<id:…>`` in URLs, form fields with
    bounds, ``CharField``'s refusal of NUL); this catches the class wherever a value reaches the database
    or date arithmetic another way:

    * a NUL character in the path or the query string (PostgreSQL cannot store or compare it): refused
      before any view runs;
    * a number or date out of range (``OverflowError``, ``decimal.InvalidOperation``), or a value the
      database refuses as data (``DataError``: a number out of range, text too long, NUL) when a view
      passes it on: answered 400 instead of the error page. Logged, so a view that should have refused
      the value itself is still found.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or any(
                "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return unusable_input_response(request)
        # Django reads undecodable bytes as "\ufffd" and a form would store "���": a browser on a UTF-8
        # page never sends them, so such a query string or form body is refused as a whole.
        # WSGI hands the query string over as bytes decoded as ISO-8859-1 (PEP 3333): encode to get them back.
        if not _is_utf8_form_data(request.META.get("QUERY_STRING", "").encode("iso-8859-1", errors="ignore")):
            return unusable_input_response(request, invalid_text=True)
        if (request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
                and not _is_utf8_form_data(request.body)):
            return unusable_input_response(request, invalid_text=True)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_unusable_input(exception):
            return None
        logger.warning("Unusable input refused with 400 at %s: %r", request.path, exception)
        return unusable_input_response(request)


def is_unusable_input(exception: BaseException) -> bool:
    """Whether an exception says the request carried a value out of what can be stored or computed."""
    from decimal import InvalidOperation

    from django.db import DataError

    if isinstance(exception, OverflowError | InvalidOperation | DataError):
        return True
    # psycopg refuses a NUL in a parameter with a ValueError before it reaches the server.
    return isinstance(exception, ValueError) and "NUL" in str(exception)


def _is_utf8_form_data(data: bytes) -> bool:
    """Whether every name and value of ``a=1&b=2`` (percent-encoded) decodes as UTF-8."""
    from urllib.parse import unquote_to_bytes

    try:
        for pair in data.replace(b";", b"&").split(b"&"):
            unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def unusable_input_response(request: HttpRequest, *, invalid_text: bool = False) -> HttpResponse:
    if invalid_text:
        message = _("The form or the address contains characters that are not valid text (not UTF-8). "
                    "Type the text again and send it once more.")
    else:
        message = _("The request contains a value that cannot be used (a number or date out of range, or a "
                    "control character). Check what was typed and try again.")
    if is_api_request(request):
        return api_error_response(400, message, "invalid_input")
    if request.path_info.startswith("/open311/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)
