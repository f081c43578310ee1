"""Return visits (B3): the supervisor's list of visits due and the page that records an attempt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.enums import VisitStatus
from feedback.forms.return_visits import VisitAttemptForm
from feedback.models import ReturnVisit
from feedback.selectors.return_visits import visits_due_for
from feedback.selectors.row_clocks import attach_clocks
from feedback.services.return_visits import can_visit, visit_attempt_record
from feedback.views.base import PAGE_SIZE, add_errors, staff_only, supervisor_only


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    supervisor_only(request)
    page = Paginator(visits_due_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    attach_clocks(page.object_list)
    return render(request, "feedback/visit_list.html", {"page": page, "now": timezone.now()})


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    row = get_object_or_404(ReturnVisit.objects.visible_to(request.user).select_related(
        "act", "act__unit", "act__enterprise", "done_by", "reviewed_by"), pk=pk)
    form = VisitAttemptForm(request.POST or None)
    if request.method == "POST":
        if not can_visit(request.user, row):
            raise PermissionDenied
        if form.is_valid():
            try:
                visit_attempt_record(visit=row, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Visit attempt recorded."))
                return redirect(row)
    attach_clocks([row])
    return render(request, "feedback/visit_detail.html", {
        "visit": row, "act": row.act, "attempts": row.attempts.select_related("attempted_by"), "form": form,
        "can_visit": can_visit(request.user, row) and row.status == VisitStatus.DUE,
    }, status=400 if form.errors else 200)

