"""The search behind the enterprise pickers (issue 22): JSON for ``static/js/enterprise_picker.js``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_GET

from enterprises.forms.pickers import enterprise_label
from enterprises.selectors.pickers import PICKER_SCOPES, enterprise_search


@login_required
@require_GET
def enterprise_choices(request: HttpRequest) -> JsonResponse | HttpResponseBadRequest:
    """At most 20 enterprises the member of staff may act on, by partial name or credit code, exact first."""
    if not request.user.is_staff_member:
        raise PermissionDenied
    scope = request.GET.get("scope", "visible")
    if scope not in PICKER_SCOPES:
        return HttpResponseBadRequest()
    found = enterprise_search(user=request.user, scope=scope, term=request.GET.get("q", ""))
    response = JsonResponse({"results": [
        {"id": e.pk, "name": e.name, "uscc": e.uscc, "text": enterprise_label(e)} for e in found]})
    response["Cache-Control"] = "private, no-store"
    return response
