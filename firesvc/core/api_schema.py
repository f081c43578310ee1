"""The OpenAPI schema documents every status code an operation can answer (issue 23 §3).

Views declare their own answers (``@extend_schema(responses=…)``); ``PortalAutoSchema`` adds the error
answers that DRF and the portal give any operation of that kind, each with the one error shape
(``firesvc.core.api_errors.ErrorSerializer``), unless the view documented that code itself:

* 400 on every operation: invalid input, and a query string the portal refuses (NUL, not UTF-8);
* 401 where the view authenticates (a wrong or expired token, no credentials where they are needed);
* 403 where the view needs more than ``AllowAny`` (and on writes: the session's CSRF check);
* 404 where the path names an object, and on paginated lists (a page past the end);
* 406 on every operation (an ``Accept`` header that excludes JSON);
* 415 where the operation takes a body (a content type the operation does not parse);
* 422 where the operation takes an ``Idempotency-Key`` (the key reused with another request);
* 429 where the view is throttled.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.permissions import AllowAny

from firesvc.core.api_errors import ErrorSerializer

STANDARD_ERRORS: dict[str, Any] = {
    "400": gettext_lazy("Invalid input (see errors), a malformed body, or a value that cannot be used."),
    "401": gettext_lazy("No valid credentials: send Authorization: Token <token>."),
    "403": gettext_lazy("The caller may not do this."),
    "404": gettext_lazy("Not found, or not visible to the caller."),
    "406": gettext_lazy("The Accept header excludes application/json, the only answer the API gives."),
    "415": gettext_lazy("The body's content type is not one this operation reads."),
    "422": gettext_lazy("The Idempotency-Key was already used with a different request."),
    "429": gettext_lazy("Too many requests; wait before trying again."),
}

IDEMPOTENCY_ATTR = "idempotent_operation"  # set on a view method by firesvc.core.idempotency.idempotent

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    "Idempotency-Key", {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    OpenApiParameter.HEADER, required=False,
    description=gettext_lazy(
        "Optional, 1 to 255 visible ASCII characters (a UUID is a good key), new for each new request. Sent "
        "again with the same request by the same caller within 24 hours, it creates nothing and answers with "
        "the first answer (the same status and body, the first record; header Idempotent-Replayed: true). "
        "The same key with a different request is refused with 422. Only successful answers are kept: after "
        "an error the key may be used again."))


class PortalAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        view = self.view
        codes = ["400", "406"]
        if getattr(view, "authentication_classes", None):
            codes.append("401")
        permissions = view.get_permissions() if hasattr(view, "get_permissions") else []
        if any(not isinstance(p, AllowAny) for p in permissions) or (
                self.method not in ("GET", "HEAD", "OPTIONS") and getattr(view, "authentication_classes", None)):
            codes.append("403")
        if "{" in self.path or (self._is_list_view() and getattr(view, "pagination_class", None)):
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH"):
            codes.append("415")
        if self._is_idempotent():
            codes.append("422")
        if getattr(view, "throttle_classes", None):
            codes.append("429")
        return sorted(codes)

    def _is_idempotent(self) -> bool:
        handler = getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)
        return bool(getattr(handler, IDEMPOTENCY_ATTR, False))

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self._is_idempotent():
            parameters.append(IDEMPOTENCY_KEY_PARAMETER)
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=str(STANDARD_ERRORS[code])), code,
                    direction=direction)
        return responses
