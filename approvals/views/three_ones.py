"""The window's "three ones" (三个一, A5): its figures by clerk or window, and the recent breaches."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from approvals.forms.three_ones import ThreeOnesPeriodForm
from approvals.models import ThreeOnesBreach
from approvals.selectors import three_ones as selectors
from approvals.views.access import _require
from approvals.views.early import key_project_figures
from firesvc.accounts.roles import Role


def _period(request: HttpRequest) -> tuple[date, date]:
    return ThreeOnesPeriodForm(request.GET or None).period()


@login_required
def three_ones(request: HttpRequest) -> HttpResponse:
    _require(request, Role.WINDOW_CLERK, Role.APPROVER, Role.SUPERVISOR)
    start, end = _period(request)
    by = "window" if request.GET.get("by") == "window" else "clerk"
    return render(request, "approvals/three_ones.html", {
        "figures": selectors.three_ones_figures(request.user, start=start, end=end, by=by),
        "start": start, "end": end, "by": by,
        "breaches": _recent_breaches(request.user),
        "key_projects": key_project_figures(request.user),
    })


def _recent_breaches(user: Any) -> list[ThreeOnesBreach]:
    from firesvc.accounts.scoping import unit_scope_q

    scope = unit_scope_q(user, "unit")
    qs = ThreeOnesBreach.objects.all() if scope is None else ThreeOnesBreach.objects.filter(scope)
    return list(qs.select_related("application", "requirement", "clerk", "notice").order_by("-created_at")[:50])
