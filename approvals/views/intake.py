"""The clerks' intake (A4), worklists (A12) and one-time window filing (A11)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.enums import ApplicationStatus, NoticeKind
from approvals.forms.filing import ApplicationForm
from approvals.forms.intake import WindowFilingForm, WorklistFilterForm
from approvals.models import Application
from approvals.selectors import intake as selectors
from approvals.selectors.filing import accepted_message
from approvals.services import applications as services
from approvals.services.intake import ACCEPT, NOTICE, Verdict, application_intake, intake_recheck, supplement_due_date
from approvals.views.access import CLERK_ROLES, STAFF_WORKLIST_ROLES, _error_text, _require, _visible
from approvals.views.confirmations import refuse_confirmation
from approvals.views.filing import _material_rows
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.core.confirm import confirmation_needed, confirmation_page
from firesvc.core.submissions import Submission


def verdicts_from_post(data: QueryDict, requirement_ids: list[int], prefix: str = "") -> dict[int, Verdict]:
    """The clerk's verdicts as the checklist form posts them (``state_<prefix><id>``, ``problem_…``,
    ``fix_…``); a row without a chosen state stays unchecked."""
    return {pk: Verdict(data.get(f"state_{prefix}{pk}", ""), data.get(f"problem_{prefix}{pk}", "")[:300],
                        data.get(f"fix_{prefix}{pk}", "")[:300]) for pk in requirement_ids}


def intake_rows(application: Application) -> list[dict[str, Any]]:
    """The checklist rows of an intake page (``_material_rows``). At the intake of a supplement each row starts
    from its earlier verdict that still holds, and says whether its material is new since the one-time notice
    and what the notice said of it (``intake_recheck``)."""
    recheck = intake_recheck(application=application)
    rows = _material_rows(application)
    for row in rows:
        pk = row["requirement"].pk
        row.update(state=recheck.verdicts.get(pk, Verdict()).state, changed=pk in recheck.changed,
                   earlier=recheck.listed.get(pk, ""))
    return rows


@login_required
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk's check of every material, ending in accept, one-time notice or refusal (A4)."""
    _require(request, *CLERK_ROLES)
    application = _visible(request, pk)
    rows = intake_rows(application)
    errors: list[str] = []
    if request.method == "POST":
        if application.status != ApplicationStatus.SUBMITTED:
            messages.error(request, _("This application is not waiting for intake."))
            return redirect("approvals:application", pk=pk)
        action = request.POST.get("action", "")
        verdicts = verdicts_from_post(request.POST, [row["requirement"].pk for row in rows])
        for row in rows:
            verdict = verdicts[row["requirement"].pk]
            row.update(state=verdict.state, problem=verdict.problem, fix=verdict.fix)
        try:
            if action == "refuse" and confirmation_needed(request) and request.POST.get("reasons", "").strip():
                return confirmation_page(request, refuse_confirmation(
                    application, reasons=request.POST.get("reasons", "")[:2000]))
            notice = application_intake(actor=request.user, application=application, action=action,
                                        verdicts=verdicts, reasons=request.POST.get("reasons", "")[:2000])
        except ValidationError as exc:
            errors = exc.messages
        else:
            if action == ACCEPT:
                messages.success(request, accepted_message(application, notice))
            elif action == NOTICE:
                messages.success(request, _("One-time notice %(number)s issued with %(n)d items.") % {
                    "number": notice.number, "n": len(notice.items)})
            else:
                messages.success(request, _("Not accepted; notice %(number)s issued.") % {"number": notice.number})
            return redirect("approvals:application", pk=pk)
    return render(request, "approvals/intake.html", {
        "application": application, "rows": rows, "errors": errors, "reasons": request.POST.get("reasons", ""),
        "earlier_notices": application.notices.filter(kind=NoticeKind.DEFICIENCY),
        "supplement_due": supplement_due_date(timezone.localdate()),
    })


def _unit_choices(user: Any) -> list[tuple[str, str]]:
    """The detachments and brigades a user may filter by."""
    units = OrgUnit.objects.visible_to(user).filter(kind__in=[UnitKind.DETACHMENT, UnitKind.BRIGADE])
    return [(str(pk), name) for pk, name in units.order_by("path").values_list("pk", "name")]


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    _require(request, *STAFF_WORKLIST_ROLES)
    filters: dict[str, Any] = {}
    chosen = any(request.GET.get(name) for name in WorklistFilterForm.base_fields)
    form = WorklistFilterForm(request.GET if chosen else None, units=_unit_choices(request.user))
    if chosen and form.is_valid():  # an invalid filter shows its error over the whole list
        data = form.cleaned_data
        filters = {"unit_id": int(data["unit"]) if data["unit"] else None, "matter_code": data["matter"],
                   "status": data["status"], "card": data["card"]}
    page = selectors.worklist(request.user, cursor=request.GET.get("after", ""), **filters)
    next_query = _next_page_query(request.GET, page.next_cursor) if page.next_cursor else ""
    return render(request, "approvals/worklist.html", {"page": page, "filter_form": form, "next_query": next_query})


def _next_page_query(query: QueryDict, cursor: str) -> str:
    """The next page's query string: the same filters, ``after`` the page's last row."""
    following = query.copy()
    following["after"] = cursor
    return following.urlencode()


@login_required
def awaiting(request: HttpRequest) -> HttpResponse:
    """Cases waiting for the applicant's supplement after a one-time notice (the applicant's turn)."""
    _require(request, *STAFF_WORKLIST_ROLES)
    return render(request, "approvals/awaiting.html", {
        "applications": selectors.awaiting_supplement(request.user, limit=200)})


@login_required
def window_filing(request: HttpRequest) -> HttpResponse:
    """A clerk files the whole pack with the enterprise in one sitting (一次性申报服务, A11)."""
    _require(request, *CLERK_ROLES)
    form = WindowFilingForm(request.POST or None, user=request.user)
    project_form = ApplicationForm(request.POST or None, submit_label=_("Start the filing"))
    if request.method == "POST" and form.is_valid() and project_form.is_valid():
        try:
            application = Submission.of(request).record(lambda: services.application_create(
                actor=request.user, matter=form.cleaned_data["matter"], enterprise=form.cleaned_data["enterprise"],
                **project_form.cleaned_data))
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Filing started for %(enterprise)s: upload the materials with the "
                                        "applicant, then submit.") % {"enterprise": application.enterprise})
            return redirect("approvals:application", pk=application.pk)
    return render(request, "approvals/window_filing.html", {"form": form, "project_form": project_form})
