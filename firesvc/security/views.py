from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from firesvc.accounts.roles import Role
from firesvc.core.api_errors import api_error_response, is_api_request
from firesvc.security.models import SecurityEvent, SecurityEventKind
from firesvc.security.selectors import name_typed_accounts

PAGE_SIZE = 50


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Security events within the user's scope, newest first, keyset-paginated by id."""
    if not (request.user.is_administrator or request.user.has_role(Role.SUPERVISOR)):
        raise PermissionDenied
    events = SecurityEvent.objects.visible_to(request.user).select_related("user").order_by("-id")
    kind = request.GET.get("kind", "")
    if kind in SecurityEventKind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    username = request.GET.get("username", "").strip()[:150]
    if username:
        events = events.filter(username=username)
    before = request.GET.get("before", "")
    if before.isdigit():
        events = events.filter(id__lt=int(before))
    page = name_typed_accounts(list(events[: PAGE_SIZE + 1]))
    next_before = page[PAGE_SIZE - 1].id if len(page) > PAGE_SIZE else None
    return render(request, "security/event_list.html", {
        "events": page[:PAGE_SIZE], "next_before": next_before, "kind": kind, "username": username,
        "kinds": SecurityEventKind.choices,
    })


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): a page in the user's language, 429."""
    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    if is_api_request(request):  # the token endpoint: JSON like every answer of the API
        return api_error_response(429, _(
            "Too many failed sign-ins for this username from your address; try again in %(minutes)s minutes.")
            % {"minutes": minutes or "?"}, "throttled")
    return render(request, "security/lockout.html", {
        "failure_limit": get_failure_limit(request, credentials), "cooloff_minutes": minutes,
    }, status=429)
