"""Filing (enterprises), intake and worklists (clerks), consultations and "three ones" (A3–A5, A11, A12)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals import selectors
from approvals.enums import ApplicationStatus, NoticeKind
from approvals.forms import (
    ApplicationForm,
    ConsultationForm,
    MaterialUploadForm,
    WindowFilingForm,
    WorklistFilterForm,
    active_matter_choices,
)
from approvals.models import Application, ApplicationMaterial, Consultation, Matter, ThreeOnesBreach
from approvals.services import applications as services
from approvals.services.intake import IntakeLine, intake_check_acceptable, intake_checklist
from approvals.services.window_consultations import consultation_record
from approvals.views_early import key_project_figures
from approvals.views_review import review_context
from enterprises.models import EnterpriseAccount
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.core.storage import StorageFullError
from firesvc.core.uploads import max_upload_bytes
from firesvc.sla.selectors import clocks_for_owner

STAFF_WORKLIST_ROLES = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER)
CLERK_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)


def _require(request: HttpRequest, *roles: str) -> None:
    if not (request.user.is_administrator or request.user.has_role(*roles)):
        raise PermissionDenied


def _visible(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("matter", "enterprise", "brigade"), pk=pk)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- enterprises: filing -------------------------------------------------------------------

def _account_of(request: HttpRequest, *related: str) -> EnterpriseAccount | None:
    """The signed-in user's enterprise account (one per user, so no ORDER BY as ``first()`` adds), or None."""
    return next(iter(EnterpriseAccount.objects.filter(user_id=request.user.pk).select_related(*related)[:1]), None)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    account = _account_of(request, "enterprise")
    if account is None:
        raise PermissionDenied
    page = selectors.applications_of(request.user, account=account, before=request.GET.get("before", ""),
                                     after=request.GET.get("after", ""))
    return render(request, "approvals/my_applications.html", {
        "page": page,
        "account": account,
        "matters": active_matter_choices() if account.can_file else [],
        "parallel_cases": selectors.parallel_cases_of(request.user, account=account),
    })


@login_required
def application_new(request: HttpRequest, code: str) -> HttpResponse:
    matter = get_object_or_404(Matter, code=code, is_active=True)
    # The brigade too: the new draft is filed with it, and its audit event names it.
    account = _account_of(request, "enterprise__brigade")
    if account is None:
        raise PermissionDenied
    if not account.can_file:
        messages.error(request, _("Your enterprise account is not verified yet; the brigade verifies it first."))
        return redirect("enterprises:mine")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(actor=request.user, matter=matter, account=account,
                                                       enterprise=account.enterprise, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Draft saved. Now upload the materials, then submit."))
            return redirect("approvals:application", pk=application.pk)
    return render(request, "approvals/application_form.html", {"form": form, "matter": matter})


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        messages.error(request, _("Only a draft can be edited."))
        return redirect("approvals:application", pk=pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(actor=request.user, application=application, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("approvals:application", pk=pk)
    return render(request, "approvals/application_form.html", {"form": form, "matter": application.matter,
                                                                "application": application})


def _material_rows(application: Application) -> list[dict[str, Any]]:
    current = services.current_materials(application)
    notice = (application.notices.filter(kind=NoticeKind.DEFICIENCY).order_by("-issued_at", "-pk").first()
              if application.status == ApplicationStatus.DEFICIENT else None)
    requirements = [item.requirement for item in application.required_items.select_related("requirement")
                    .order_by("requirement__order", "requirement_id")]
    return _rows_of(application, requirements, current, notice)


def _rows_of(application: Application, requirements: list[Any], current: dict[int, Any],
             notice: Any) -> list[dict[str, Any]]:
    """One row per required material: its current upload, what the one-time notice says of it, and whether
    the applicant may upload it now (a draft: any; after a notice: only what the notice lists)."""
    listed = {item["requirement_id"]: item for item in (notice.items if notice else [])}
    rows = []
    for requirement in requirements:
        can_upload = (application.status == ApplicationStatus.DRAFT
                      or (application.status == ApplicationStatus.DEFICIENT and requirement.pk in listed))
        rows.append({"requirement": requirement, "material": current.get(requirement.pk),
                     "notice_item": listed.get(requirement.pk), "can_upload": can_upload})
    return rows


def _detail_material_rows(application: Application, notices: list[Any],
                          present: dict[str, bool]) -> list[dict[str, Any]]:
    """``_material_rows`` for the application page, with what it prints of the requirements only and from
    the intake notices it has already (``notices``); nothing looked up that ``present`` says is not there."""
    if not present["required_items"]:
        return []
    items = [_Requirement(*row) for row in application.required_items.order_by("requirement__order", "requirement_id")
             .values_list("requirement_id", "requirement__name", "requirement__is_mandatory")]
    current = services.current_materials(application) if present["materials"] else {}
    notice = None
    if application.status == ApplicationStatus.DEFICIENT:
        notice = max((n for n in notices if n.kind == NoticeKind.DEFICIENCY), key=lambda n: (n.issued_at, n.pk),
                     default=None)
    return _rows_of(application, items, current, notice)


class _Requirement(NamedTuple):
    """What the application page prints of a required material's requirement."""

    pk: int
    name: str
    is_mandatory: bool


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application, present = selectors.application_for_page(request.user, pk)
    notices = list(application.notices.defer("snapshot")) if present["notices"] else []
    materials = _detail_material_rows(application, notices, present)
    clocks = list(clocks_for_owner(application)) if present["clocks"] else []
    return render(request, "approvals/application_detail.html", {
        "application": application,
        "materials": materials,
        "clocks": clocks,
        "notices": notices,
        "is_staff_member": request.user.is_staff_member,
        "can_intake": (request.user.is_staff_member and application.status == ApplicationStatus.SUBMITTED
                       and (request.user.is_administrator or request.user.has_role(*CLERK_ROLES))),
        "can_withdraw": (not request.user.is_staff_member
                         and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED,
                                                    ApplicationStatus.DEFICIENT, ApplicationStatus.ACCEPTED)),
        # The mandatory materials without an upload (services.missing_mandatory), from the rows above.
        "missing": ([row["requirement"] for row in materials
                     if row["requirement"].is_mandatory and row["material"] is None]
                    if application.status == ApplicationStatus.DRAFT else []),
        "parallel_case": _parallel_case_of(application),
        **review_context(request, application, clocks=clocks, inspections=present["inspections"],
                         clock_notices=present["clock_notices"]),
    })


def _related(obj: Any, name: str) -> Any:
    """A one-to-one row joined by select_related (or looked up), None if there is none."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def _parallel_case_of(application: Application) -> Any:
    """The parallel case the application is a track of (joined in by ``_case``), the newest if two."""
    cases = [case for case in (_related(application, "parallel_as_acceptance"),
                               _related(application, "parallel_as_pre_opening")) if case is not None]
    return max(cases, key=lambda case: (case.created_at, case.pk), default=None)


@login_required
@require_POST
def material_upload(request: HttpRequest, pk: int, requirement_id: int) -> HttpResponse:
    application = _visible(request, pk)
    item = get_object_or_404(application.required_items.select_related("requirement"), requirement_id=requirement_id)
    form = MaterialUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload for %(name)s.") % {"name": item.requirement.name})
        return redirect("approvals:application", pk=pk)
    upload = form.cleaned_data["file"]
    limit = max_upload_bytes()
    if upload.size > limit:
        messages.error(request, _("%(name)s: the file is %(size).1f MB; at most %(max)d MB is accepted.") % {
            "name": item.requirement.name, "size": upload.size / 1024 / 1024, "max": limit // 1024 // 1024})
        return redirect("approvals:application", pk=pk)
    try:
        services.material_upload(actor=request.user, application=application, requirement=item.requirement,
                                 data=upload.read(), filename=upload.name)
    except ValidationError as exc:
        messages.error(request, f"{item.requirement.name}: {_error_text(exc)}")
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Not allowed."))
    except StorageFullError:  # nothing was stored; the application and its other materials are unchanged
        problem = _("The server could not store the file. Please try again later; nothing else was changed.")
        messages.error(request, f"{item.requirement.name}: {problem}")
    else:
        messages.success(request, _("%(name)s uploaded.") % {"name": item.requirement.name})
    return redirect("approvals:application", pk=pk)


@login_required
def material_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve a material only to people who may see its application (never from /media/)."""
    material = get_object_or_404(ApplicationMaterial.objects.select_related("application"), pk=pk)
    if not Application.objects.visible_to(request.user).filter(pk=material.application_id).exists():
        raise PermissionDenied
    suffix = material.file.name.rsplit(".", 1)[-1] if "." in material.file.name else "bin"
    response = FileResponse(material.file.open("rb"), as_attachment=True,
                            filename=f"{material.requirement.name}-v{material.version}.{suffix}",
                            content_type=material.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _action(request: HttpRequest, pk: int, call: Any, success: str) -> HttpResponse:
    application = _visible(request, pk)
    try:
        call(application)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Not allowed."))
    else:
        messages.success(request, success)
    return redirect("approvals:application", pk=pk)


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    allow_incomplete = request.POST.get("allow_incomplete") == "on"
    return _action(request, pk, lambda a: services.application_submit(actor=request.user, application=a,
                                                                      allow_incomplete=allow_incomplete),
                   _("Submitted. The window checks the materials within 5 working days."))


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")[:300]
    return _action(request, pk, lambda a: services.application_withdraw(actor=request.user, application=a,
                                                                        reason=reason), _("Application withdrawn."))


# --- clerks: intake, worklists, window filing ----------------------------------------------

@login_required
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk's check of every material, ending in accept, one-time notice or refusal (A4)."""
    _require(request, *CLERK_ROLES)
    application = _visible(request, pk)
    rows = _material_rows(application)
    errors: list[str] = []
    if request.method == "POST":
        if application.status != ApplicationStatus.SUBMITTED:
            messages.error(request, _("This application is not waiting for intake."))
            return redirect("approvals:application", pk=pk)
        action = request.POST.get("action", "")
        lines = []
        for row in rows:
            requirement = row["requirement"]
            state = request.POST.get(f"state_{requirement.pk}", "ok")
            problem = request.POST.get(f"problem_{requirement.pk}", "").strip()[:300]
            fix = request.POST.get(f"fix_{requirement.pk}", "").strip()[:300]
            row.update(state=state, problem=problem, fix=fix)
            lines.append(IntakeLine(requirement.pk, requirement.name, requirement.is_mandatory,
                                    row["material"] is not None, state, problem, fix))
        try:
            items = intake_checklist(lines)
            if action == "accept":
                intake_check_acceptable(items)
                notice = services.application_accept(actor=request.user, application=application)
                messages.success(request, _("Accepted. Decision due by %(date)s; notice %(number)s issued.") % {
                    "date": notice.due_date, "number": notice.number})
            elif action == "notice":
                notice = services.application_issue_deficiency_notice(actor=request.user, application=application,
                                                                      items=items)
                messages.success(request, _("One-time notice %(number)s issued with %(n)d items.") % {
                    "number": notice.number, "n": len(items)})
            elif action == "refuse":
                notice = services.application_refuse(actor=request.user, application=application,
                                                     reasons=request.POST.get("reasons", "")[:2000])
                messages.success(request, _("Not accepted; notice %(number)s issued.") % {"number": notice.number})
            else:
                raise ValidationError(_("Choose accept, one-time notice or refuse."))
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("approvals:application", pk=pk)
    return render(request, "approvals/intake.html", {
        "application": application, "rows": rows, "errors": errors, "reasons": request.POST.get("reasons", ""),
        "earlier_notices": application.notices.filter(kind=NoticeKind.DEFICIENCY),
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
            application = services.application_create(
                actor=request.user, matter=form.cleaned_data["matter"], enterprise=form.cleaned_data["enterprise"],
                **project_form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Filing started for %(enterprise)s: upload the materials with the "
                                        "applicant, then submit.") % {"enterprise": application.enterprise})
            return redirect("approvals:application", pk=application.pk)
    return render(request, "approvals/window_filing.html", {"form": form, "project_form": project_form})


# --- consultations and "three ones" --------------------------------------------------------

@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    _require(request, *CLERK_ROLES)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_record(clerk=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Consultation recorded."))
            return redirect("approvals:consultations")
    recent = Consultation.objects.filter(clerk=request.user).select_related("matter").order_by("-created_at")[:30]
    return render(request, "approvals/consultations.html", {"form": form, "recent": recent})


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    start = parse_date(request.GET.get("start", "") or "") or today.replace(day=1)
    end = parse_date(request.GET.get("end", "") or "") or today
    if end < start:
        start, end = end, start
    if (end - start) > timedelta(days=3660):
        start = end - timedelta(days=3660)
    return start, end


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
