"""Early intervention meetings (提前介入, A10) and the key-project service figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.forms.early import EarlyInterventionForm
from approvals.models import Application, EarlyIntervention
from approvals.services import early as services
from firesvc.accounts.scoping import unit_scope_q
from firesvc.core.submissions import Submission


def _require(request: HttpRequest) -> None:
    if not (request.user.is_administrator or request.user.has_role(*services.ROLES)):
        raise PermissionDenied


def key_project_figures(user: Any) -> dict[str, int]:
    """Key-project services (重点项目服务) in the user's scope: meetings, and key/livelihood cases."""
    scope = unit_scope_q(user, "brigade")
    meetings = EarlyIntervention.objects.all() if scope is None else EarlyIntervention.objects.filter(scope)
    applications = Application.objects.filter(Q(is_key_project=True) | Q(is_livelihood_project=True))
    applications = applications if scope is None else applications.filter(scope)
    return {"meetings": meetings.count(), "linked": meetings.filter(application__isnull=False).count(),
            "key_cases": applications.exclude(accepted_at__isnull=True).count(),
            "green_channel": applications.filter(green_channel=True).count()}


@login_required
def early_interventions(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = EarlyInterventionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            Submission.of(request).record(lambda: services.early_intervention_record(
                actor=request.user, enterprise=data["enterprise"],
                project_name=data["project_name"], met_on=data["met_on"],
                staff=list(data["staff"]), advice=data["advice"]))
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Early intervention recorded."))
            return redirect("approvals:early_interventions")
    scope = unit_scope_q(request.user, "brigade")
    recent = EarlyIntervention.objects.all() if scope is None else EarlyIntervention.objects.filter(scope)
    return render(request, "approvals/early_interventions.html", {
        "form": form, "figures": key_project_figures(request.user),
        "recent": recent.select_related("enterprise", "application").prefetch_related("staff")[:50]})


@login_required
@require_POST
def early_intervention_link(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    scope = unit_scope_q(request.user, "brigade")
    qs = EarlyIntervention.objects.all() if scope is None else EarlyIntervention.objects.filter(scope)
    intervention = get_object_or_404(qs, pk=pk)
    number = request.POST.get("number", "").strip()[:40]
    application = Application.objects.visible_to(request.user).filter(number=number).first()
    if application is None:
        messages.error(request, _("No application %(number)s in your scope.") % {"number": number or "—"})
        return redirect("approvals:early_interventions")
    try:
        services.early_intervention_link(actor=request.user, intervention=intervention, application=application)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("Linked to %(number)s.") % {"number": number})
    return redirect("approvals:early_interventions")
