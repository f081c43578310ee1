"""One shape for every error of the REST API under ``/api/`` (issue 23 §3).

Every error answer, whoever produces it, is JSON of the shape that ``ErrorSerializer`` documents::

    {"detail": "What went wrong, in the user's language.",
     "code": "invalid",
     "errors": {"file": ["The file is 12.0 MB; at most 10 MB is accepted."],
                "materials.1.state": ["“x” is not a valid choice."]}}

``detail`` and ``code`` are always there; ``errors`` (invalid input) names each field, with a dotted path
into lists and nested objects. The producers:

* DRF views: ``exception_handler`` (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``) reshapes DRF's answers;
* Django itself (an unknown path, a server error, a refused request before any view): the project's
  error handlers call ``api_error_response`` for paths under ``/api/``; HTML pages keep their error pages.
* a path without its trailing slash: ``PortalCommonMiddleware`` answers a GET with the permanent redirect
  and ``{"detail": ..., "code": "redirect", "location": "/api/.../"}``, and a POST (PUT, PATCH, DELETE)
  with a 404 ``{"detail": ..., "code": "trailing_slash", "location": "/api/.../"}``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    """Whether the request is for the REST API, whose every answer (errors included) is JSON."""
    return request.path_info.startswith(API_PREFIX)


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer of the API (``exception_handler`` and ``api_error_response`` make it)."""

    detail = serializers.CharField(help_text=gettext_lazy("What went wrong, in the user's language."))
    code = serializers.CharField(help_text=gettext_lazy(
        "What went wrong, for programs: invalid, parse_error, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, not_acceptable, unsupported_media_type, throttled, "
        "idempotency_key_reused, server_error, service_unavailable …"))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text=gettext_lazy("Invalid input: the messages of each field, by its name (a dotted path into "
                               "lists and nested objects, e.g. materials.1.state)."))


def error_body(detail: str, code: str, errors: dict[str, list[str]] | None = None,
               **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": str(detail), "code": code}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def api_error_response(status: int, detail: str, code: str, **extra: Any) -> JsonResponse:
    """An error answer of the API outside DRF (Django's handlers, middleware), in the one shape."""
    return JsonResponse(error_body(detail, code, **extra), status=status, json_dumps_params={"ensure_ascii": False})


# Keys under which DRF and the services put messages that concern the whole request, not one field.
_WHOLE_REQUEST_KEYS = frozenset({api_settings.NON_FIELD_ERRORS_KEY, "detail", ""})


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation errors as ``{"dotted.path": [messages]}``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            for path, messages in flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)).items():
                flat.setdefault(path, []).extend(messages)
        return flat
    if isinstance(detail, list | tuple):
        flat = {}
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                for path, messages in flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    flat.setdefault(path, []).extend(messages)
            else:
                flat.setdefault(prefix, []).append(str(item))
        return flat
    return {prefix: [str(detail)]}


def _plain(value: Any) -> Any:
    """DRF's ErrorDetail trees as plain JSON values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value) if value is not None else None


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def body_for(exc: exceptions.APIException) -> dict[str, Any]:
    """The error body of a DRF exception in the one shape."""
    if isinstance(exc, exceptions.ValidationError):
        flat = flatten_errors(exc.detail)
        whole = [m for key in _WHOLE_REQUEST_KEYS for m in flat.pop(key, [])]
        code = "invalid"
        if whole and not flat and isinstance(exc.detail, dict | list):
            codes = exc.get_codes()
            first = next(iter(codes.values()), None) if isinstance(codes, dict) else codes
            while isinstance(first, list | tuple) and first:
                first = first[0]
            if isinstance(first, str) and first not in ("invalid", ""):
                code = first
        detail = " ".join(whole) if whole else _("Invalid input.")
        return error_body(detail, code, flat)
    if isinstance(exc.detail, dict):
        # A command refused with more than a message (e.g. the missing materials of a submission).
        extra = {str(k): _plain(v) for k, v in exc.detail.items() if k not in ("detail", "code", "errors")}
        return error_body(str(exc.detail.get("detail", exc.default_detail)), exc.default_code, **extra)
    if isinstance(exc.detail, list):
        return error_body(" ".join(str(m) for m in exc.detail), exc.default_code)
    return error_body(str(exc.detail), _code_of(exc))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (Http404 and PermissionDenied included), the body in the one shape.

    Anything DRF does not handle goes on to Django's 500 handler, which answers JSON under /api/ too.
    """
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = body_for(exc)
    return response
