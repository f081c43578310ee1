"""Filing (enterprises), intake and worklists (clerks), consultations and "three ones" (A3–A5, A11, A12)."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from html import escape
from typing import Any, NamedTuple
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
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
from approvals.services.consultations import consultation_record
from approvals.services.intake import IntakeLine, intake_check_acceptable, intake_checklist
from approvals.views_early import key_project_figures
from approvals.views_review import review_context
from enterprises.models import EnterpriseAccount
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.core import frames
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
        "rows_html": _my_application_rows_html(page.rows),
        "page": page,
        "account": account,
        "matters": active_matter_choices() if account.can_file else [],
        "parallel_cases": selectors.parallel_cases_of(request.user, account=account),
    })


def _my_application_rows_html(rows: list[selectors.MyApplicationRow]) -> SafeString:
    """The table rows of "my applications", written out here with ``escape`` on every value (as
    ``_worklist_rows_html``): printed by the template engine, 200 rows of five values were most
    of the page's time."""
    statuses = {s.value: escape(str(s.label)) for s in ApplicationStatus}
    draft = escape(_("draft"))
    prefix = escape(reverse("approvals:application", args=[0]).removesuffix("0/"))
    return mark_safe("\n".join(  # noqa: S308  (every value is escaped)
        f'<tr><td><a href="{prefix}{row.pk}/">{escape(row.number) if row.number else draft}</a></td>'
        f"<td>{escape(row.matter_name)}</td><td>{escape(row.project_name)}</td>"
        f"<td>{statuses.get(row.status) or escape(row.status)}</td>"
        f"<td>{row.due_date.isoformat() if row.due_date else '—'}</td></tr>"
        for row in rows))


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


# What the application page prints of the case and of the related rows joined to it (below): loading
# every column of them cost more than the page's rest.
_CASE_FIELDS = ("number", "matter", "matter__name", "enterprise", "enterprise__name", "brigade", "brigade__name",
                "filed_by_clerk", "status", "project_name", "project_address", "building_area", "building_height",
                "floors", "use", "is_key_project", "is_livelihood_project", "green_channel", "contact_name",
                "contact_phone")
_JOINED_FIELDS = {
    "review": ("review__status", "review__reviewer", "review__reviewer__username", "review__reviewer__first_name",
               "review__reviewer__last_name", "review__notes", "review__sent_back_reason"),
    "decision": ("decision__kind", "decision__outcome", "decision__reasons", "decision__rectification_items",
                 "decision__appeal_route", "decision__number", "decision__signed_at"),
    "parallel_as_acceptance": ("parallel_as_acceptance__number", "parallel_as_acceptance__created_at"),
    "parallel_as_pre_opening": ("parallel_as_pre_opening__number", "parallel_as_pre_opening__created_at"),
}


def _present(pk: int) -> dict[str, bool]:
    """Which of the application's related rows exist, by one hand-written query.

    The page shows about ten lists and one-to-one rows of an application, most of them empty for most
    cases (no inspection, no decision, no notice before intake...): the ORM's query for an empty list
    cost about 0.4 ms, this query's probe for it a few microseconds. Only what exists is then fetched.
    Runs before the access check (``_case``); what it finds is only used once that has passed.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from approvals.models import IntakeNotice, ParallelCase, RequiredItem
    from approvals.models_review import ClockNotice, Decision, Review, SiteInspection
    from firesvc.sla.models import Clock

    probes = {  # what the page shows: (model, the column that points at the application)
        "review": (Review, "application_id"), "decision": (Decision, "application_id"),
        "parallel_as_acceptance": (ParallelCase, "acceptance_id"),
        "parallel_as_pre_opening": (ParallelCase, "pre_opening_id"),
        "notices": (IntakeNotice, "application_id"), "required_items": (RequiredItem, "application_id"),
        "materials": (ApplicationMaterial, "application_id"),
        "clocks": (Clock, "owner_type_id = %(owner_type)s AND owner_id"),
        "inspections": (SiteInspection, "application_id"), "clock_notices": (ClockNotice, "application_id"),
    }
    quote = connection.ops.quote_name  # table and column names from the models; the ids are parameters
    sql = "SELECT " + ", ".join(f"EXISTS(SELECT 1 FROM {quote(model._meta.db_table)} WHERE {column} = %(pk)s)"  # noqa: S608
                                for model, column in probes.values())
    with connection.cursor() as db:
        db.execute(sql, {"pk": pk, "owner_type": ContentType.objects.get_for_model(Application).pk})
        row = db.fetchone()
    return {name: bool(value) for name, value in zip(probes, row, strict=True)}


def _case(request: HttpRequest, pk: int, present: dict[str, bool]) -> Application:
    """The application for its page, within ``visible_to``, with those of its review, decision and parallel
    case that exist joined in (the page reads them through the application: see ``_related``)."""
    joined = [name for name in _JOINED_FIELDS if present[name]]
    fields = [*_CASE_FIELDS, *(field for name in joined for field in _JOINED_FIELDS[name])]
    if present["review"]:
        joined.append("review__reviewer")
    application = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("matter", "enterprise", "brigade", *joined)
        .only(*fields), pk=pk)
    for name in _JOINED_FIELDS:  # none: known without a query
        if not present[name]:
            application._state.fields_cache[name] = None
    return application


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


def _material_rows_html(request: HttpRequest, application: Application, rows: list[dict[str, Any]]) -> SafeString:
    """The application page's list of required materials, written out here with ``escape`` on every value
    (as ``_worklist_rows_html``): through the template engine, a row with its upload form cost about
    80 µs, most of a draft's page."""
    from django.middleware.csrf import get_token

    mandatory = f'<span class="badge bg-light text-dark">{escape(_("mandatory"))}</span>'
    optional = f'<span class="badge bg-light text-muted">{escape(_("optional"))}</span>'
    not_uploaded = f'<div class="small text-muted">{escape(_("not uploaded"))}</div>'
    to_supplement, file_label, upload = escape(_("To supplement:")), escape(_("file")), escape(_("Upload"))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">' if any(
        row["can_upload"] for row in rows) else ""
    html = []
    for row in rows:
        requirement, material, item = row["requirement"], row["material"], row["notice_item"]
        name = escape(requirement.name)
        if material is not None:
            shown = (f'<div class="small"><a href="{reverse("approvals:material_file", args=[material.pk])}">'
                     f"{escape(material.original_name)}</a> · v{material.version} · "
                     f"{escape(str(material.get_status_display()))}</div>")
        else:
            shown = not_uploaded
        if item:
            fix = f" — {escape(str(item['fix']))}" if item.get("fix") else ""
            shown += f'<div class="small text-danger">{to_supplement} {escape(str(item.get("problem", "")))}{fix}</div>'
        form = ""
        if row["can_upload"]:
            action = reverse("approvals:upload", args=[application.pk, requirement.pk])
            form = (f'<form method="post" enctype="multipart/form-data" action="{action}" '
                    f'class="d-flex gap-1 align-items-center">{csrf}<input type="file" name="file" '
                    f'class="form-control form-control-sm" required aria-label="{file_label}: {name}">'
                    f'<button class="btn btn-outline-primary btn-sm">{upload}</button></form>')
        html.append(
            f'<li class="list-group-item" id="material-{requirement.pk}">'
            '<div class="d-flex justify-content-between flex-wrap gap-2">'
            f"<div><strong>{name}</strong> {mandatory if requirement.is_mandatory else optional}{shown}</div>"
            f"{form}</div></li>"
        )
    return mark_safe("\n".join(html))  # noqa: S308  (every value above is escaped)


class _Requirement(NamedTuple):
    """What the application page prints of a required material's requirement."""

    pk: int
    name: str
    is_mandatory: bool


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    present = _present(pk)
    application = _case(request, pk, present)
    notices = list(application.notices.defer("snapshot")) if present["notices"] else []
    materials = _detail_material_rows(application, notices, present)
    clocks = list(clocks_for_owner(application)) if present["clocks"] else []
    return render(request, "approvals/application_detail.html", {
        "application": application,
        "materials": materials,
        "materials_html": _material_rows_html(request, application, materials),
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
    """The detachments and brigades a user may filter by; cached per scope for a minute."""
    from firesvc.core import memo

    def load() -> list[tuple[str, str]]:
        units = OrgUnit.objects.visible_to(user).filter(kind__in=[UnitKind.DETACHMENT, UnitKind.BRIGADE])
        return [(str(pk), name) for pk, name in units.order_by("path").values_list("pk", "name")]

    return memo.cached(f"firesvc:unit-choices:{user.unit_id or 'all'}:{int(user.is_administrator)}", 60, load)


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    _require(request, *STAFF_WORKLIST_ROLES)
    units = _unit_choices(request.user)
    filters: dict[str, Any] = {}
    if any(request.GET.get(name) for name in WorklistFilterForm.base_fields):
        form = WorklistFilterForm(request.GET, units=units)
        if form.is_valid():
            data = form.cleaned_data
            filters = {"unit_id": int(data["unit"]) if data["unit"] else None, "matter_code": data["matter"],
                       "status": data["status"], "card": data["card"]}
        filter_html = _filter_fields_html(form)
    else:  # no filter chosen: the same bar for everyone with these choices
        filter_html = _blank_filter_bar(tuple(units), tuple(active_matter_choices()), get_language())
    page = selectors.worklist(request.user, cursor=request.GET.get("after", ""), **filters)
    texts = _worklist_texts(get_language(), get_script_prefix())
    next_html = ""
    if page.next_cursor:
        href = escape(_next_page_query(request.GET, page.next_cursor))
        next_html = f'<a class="btn btn-outline-secondary btn-sm" href="?{href}">{texts["next"]}</a>'
    return render(request, "approvals/worklist.html", {"page": page, "body_html": frames.fill(
        "approvals/worklist_body.html", filter_html=filter_html,
        rows_html=_worklist_rows_html(page.rows, texts) if page.rows else texts["nothing"], next_html=next_html)})


def _next_page_query(query: QueryDict, cursor: str) -> str:
    """The next page's query string: the same filters, ``after`` the page's last row."""
    if not query or list(query) == ["after"]:  # no filter: copying the QueryDict cost more than the rest
        return "after=" + quote(cursor, safe="")
    following = query.copy()
    following["after"] = cursor
    return following.urlencode()


@functools.lru_cache(maxsize=256)
def _blank_filter_bar(units: tuple[tuple[str, str], ...], matters: tuple[tuple[str, str], ...],
                      language: str) -> SafeString:
    """The filter bar with nothing chosen, for these unit and matter choices in this language: its
    arguments are all it depends on, so it is written once per process and kept."""
    form = WorklistFilterForm(None, units=list(units), matters=list(matters))
    return _filter_fields_html(form)


@login_required
def awaiting(request: HttpRequest) -> HttpResponse:
    """Cases waiting for the applicant's supplement after a one-time notice (the applicant's turn)."""
    _require(request, *STAFF_WORKLIST_ROLES)
    return render(request, "approvals/awaiting.html", {
        "applications": selectors.awaiting_supplement(request.user, limit=200)})


def _worklist_rows_html(rows: list[selectors.WorklistRow], texts: dict[str, Any]) -> str:
    """The worklist's table rows, written out here as the admin writes its changelist rows: the template
    engine's cost per printed value, over 25 rows of 14 values, was most of the page's own time
    (bench/worklist.py). ``texts``: ``_worklist_texts``.

    The rows' own words (number, matter, applicant, project) are escaped in one call, joined by NUL
    (which PostgreSQL's text cannot hold; a value holding one is escaped on its own), and the two date
    cells are written once per due date, which rows share: 25 rows took 38 µs instead of 49 µs."""
    cards, statuses, prefix = texts["cards"], texts["statuses"], texts["prefix"]
    submitted, green_badge, intake = ApplicationStatus.SUBMITTED.value, texts["green_badge"], texts["intake"]
    words = [word for row in rows for word in (row.number or "", row.matter_name, row.applicant_name,
                                                row.project_name)]
    joined = "\0".join(words)
    escaped = (escape(joined).split("\0") if joined.count("\0") == len(words) - 1
               else [escape(word) for word in words])
    date_cells: dict[date | None, tuple[str, str]] = {}
    out = []
    for n, (pk, _number, status, green_channel, _project, due_date, _matter, _applicant, card, remaining) in (
            enumerate(rows)):
        number, matter, applicant, project = escaped[4 * n:4 * n + 4]
        dates = date_cells.get(due_date)
        if dates is None:
            dates = date_cells[due_date] = _worklist_date_cells(due_date, remaining, texts)
        url = f"{prefix}{pk}/"
        intake_link = f' · <a href="{url}intake/">{intake}</a>' if status == submitted else ""
        out.append(
            f'<tr data-application="{pk}"><td><span class="badge sla-{card}">{cards[card]}</span></td>'
            f'{dates[0]}<td><a href="{url}">{number}</a>{green_badge if green_channel else ""}</td>'
            f'<td>{matter}</td><td>{applicant}<div class="small text-muted">{project}</div></td>'
            f"<td>{statuses[status]}{intake_link}</td><td>{dates[1]}</td></tr>"
        )
    return "\n".join(out)  # every value above is escaped or a number, date or enum


def _worklist_date_cells(due_date: date | None, remaining: int | None, texts: dict[str, Any]) -> tuple[str, str]:
    """A row's "days left" cell (whole, red when overdue) and its due date's text."""
    if due_date is None or remaining is None:
        return "<td></td>", ""
    if remaining < 0:
        return f'<td class="text-danger">{texts["overdue"] % {"n": -remaining}}</td>', due_date.isoformat()
    return f"<td>{texts['left'] % {'n': remaining}}</td>", due_date.isoformat()


@functools.lru_cache(maxsize=32)
def _worklist_texts(language: str, script_prefix: str) -> dict[str, Any]:
    """The rows' fixed words in ``language`` and the case pages' address under ``script_prefix``, escaped
    once per process (the ``%(n)s`` texts take an int)."""
    return {
        "cards": {"red": escape(_("Red")), "yellow": escape(_("Yellow")), "green": escape(_("Green"))},
        "statuses": {s.value: escape(str(s.label)) for s in ApplicationStatus},
        "green_badge": f' <span class="badge bg-success">{escape(_("Green channel"))}</span>',
        "intake": escape(_("intake")),
        "overdue": escape(_("%(n)s working days overdue")), "left": escape(_("%(n)s working days left")),
        "prefix": escape(reverse("approvals:application", args=[0]).removesuffix("0/")),
        "next": escape(_("Next page")),
        "nothing": f'<tr><td colspan="7" class="text-muted">{escape(_("Nothing waiting."))}</td></tr>',
    }


def _filter_fields_html(form: forms.Form) -> SafeString:
    """The filter bar's selects, as crispy's bootstrap5 markup, the current value selected: through the
    template, four selects cost as much as the table's rows (bench/worklist.py)."""
    html = []
    for field in form:
        current = str(field.value() or "")
        options = "".join(
            f'\n      <option value="{escape(str(value))}"{" selected" if str(value) == current else ""}>'
            f"{escape(str(label))}</option>" for value, label in field.field.choices)
        errors = field.errors
        invalid = " is-invalid" if errors else ""
        feedback = ("\n    <div class=\"invalid-feedback\">"
                    + "".join(f"<p><strong>{escape(error)}</strong></p>" for error in errors) + "</div>"
                    if errors else "")
        auto_id = escape(field.auto_id)
        html.append(
            f'<div class="col-6 col-md-2"><div id="div_{auto_id}" class="mb-3">\n'
            f'    <label for="{auto_id}" class="form-label">{escape(field.label)}</label>\n'
            f'    <select name="{escape(field.html_name)}" class="select form-select{invalid}" id="{auto_id}">'
            f"{options}\n    </select>{feedback}\n  </div></div>")
    return mark_safe("".join(html))  # noqa: S308  (labels, values, names and errors escaped)


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
