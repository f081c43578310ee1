"""Visits (E3) and the enterprise timeline: thin views over ``enterprises.services.visits`` and the selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.enums import VisitStatus
from enterprises.forms.parsing import add_service_error
from enterprises.forms.visits import OverdueFilterForm, ReasonForm, VisitPlanForm, VisitRecordForm
from enterprises.models import Enterprise, Visit
from enterprises.selectors.timeline import KINDS, timeline_page
from enterprises.selectors.visits import overdue_page, visit_status_of
from enterprises.services import visits as visit_services
from firesvc.core.submissions import Submission


def _staff_only(request: HttpRequest) -> None:
    if not visit_services.can_visit(request.user):
        raise PermissionDenied


def _enterprise(request: HttpRequest, pk: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("brigade", "grid"), pk=pk)


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    status = request.GET.get("status", VisitStatus.DONE)
    if status not in VisitStatus.values:
        status = VisitStatus.DONE
    visits = (Visit.objects.visible_to(request.user).filter(status=status)
              .select_related("enterprise", "staff", "unit").order_by("-visited_on", "planned_for", "-pk"))
    page = Paginator(visits, 25).get_page(request.GET.get("page"))
    return render(request, "enterprises/visits/visit_list.html", {
        "page": page, "status": status, "statuses": VisitStatus.choices})


@login_required
def visit_overdue(request: HttpRequest) -> HttpResponse:
    """Enterprises whose next visit per their tier is past (an index range scan), longest overdue first."""
    _staff_only(request)
    form = OverdueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = overdue_page(request.user, tier=filters.get("tier", ""), planned=filters.get("planned", ""),
                        cursor=request.GET.get("after", ""))
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("page", None)
    return render(request, "enterprises/visits/overdue.html", {
        "form": form, "page": page, "query": query.urlencode(), "first_page": bool(request.GET.get("after"))})


@login_required
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a visit on site or from a phone, with what it found."""
    _staff_only(request)
    enterprise = _enterprise(request, pk)
    form = VisitRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = Submission.of(request).record(lambda: visit_services.visit_record(
                actor=request.user, enterprise=enterprise,
                **form.service_kwargs()))
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("enterprises:visit_detail", pk=visit.pk)
    planned = enterprise.visits.filter(status=VisitStatus.PLANNED).order_by("planned_for").first()
    return render(request, "enterprises/visits/visit_form.html",
                  {"form": form, "enterprise": enterprise, "planned": planned})


@login_required
def visit_plan(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    enterprise = _enterprise(request, pk)
    form = VisitPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            Submission.of(request).record(lambda: visit_services.visit_plan(
                actor=request.user, enterprise=enterprise, **form.service_kwargs()))
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Visit planned."))
            return redirect("enterprises:timeline", pk=enterprise.pk)
    return render(request, "enterprises/visits/plan_form.html", {"form": form, "enterprise": enterprise})


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related(
        "enterprise", "staff", "unit", "training_request"), pk=pk)
    hazards = []
    try:
        from enterprises.safety.models import Hazard
    except ImportError:  # pragma: no cover - the safety app is part of the project
        pass
    else:
        hazards = list(Hazard.objects.filter(enterprise=visit.enterprise, source_reference=f"visit:{visit.pk}"))
    return render(request, "enterprises/visits/visit_detail.html", {
        "visit": visit, "suggestions": visit.suggestions.all(), "hazards": hazards, "cancel_form": ReasonForm()})


@login_required
@require_POST
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason."))
        visit_services.visit_cancel(actor=request.user, visit=visit, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Visit cancelled."))
    return redirect("enterprises:visit_detail", pk=visit.pk)


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one enterprise in date order: visits, suggestions, hazards, filings, training, forums."""
    _staff_only(request)
    enterprise = _enterprise(request, pk)
    due = visit_status_of(enterprise)
    kinds = {k for k in request.GET.getlist("kind") if k in KINDS}
    page = timeline_page(enterprise, user=request.user, kinds=kinds, before=request.GET.get("before", ""))
    query = request.GET.copy()
    query.pop("before", None)
    return render(request, "enterprises/visits/timeline.html", {
        "enterprise": enterprise, "entries": page.entries, "older": page.older, "due": due, "kinds": kinds,
        "query": query.urlencode(), "is_first_page": not request.GET.get("before")})
