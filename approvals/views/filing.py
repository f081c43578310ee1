"""Filing by enterprises (A3): my applications, a draft, its materials, submit and withdraw; the application page."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from approvals.enums import OPEN_STATUSES, WITHDRAWABLE, ApplicationStatus, NoticeKind
from approvals.forms.filing import (
    ApplicationForm,
    MaterialUploadForm,
    active_matter_choices,
)
from approvals.models import Application, ApplicationMaterial, Matter
from approvals.selectors import filing as selectors
from approvals.selectors.case_history import case_history_latest, case_history_page, clock_names
from approvals.selectors.enterprise_home import actions_for_enterprise_user
from approvals.selectors.parallel import parallel_cases_of
from approvals.selectors.technical_review import supplement_reported_at
from approvals.services import applications as services
from approvals.services import clocks as clock_services
from approvals.services import parallel_tracks
from approvals.services.green_channel import can_set_green_channel
from approvals.status_words import application_status_label, application_status_words
from approvals.views.access import CLERK_ROLES, _error_text, _visible
from approvals.views.confirmations import submit_confirmation, withdraw_confirmation
from approvals.views.technical_review import review_context
from enterprises.models import EnterpriseAccount
from firesvc.audit.selectors import timeline_page
from firesvc.core.confirm import confirmation_needed, confirmation_page
from firesvc.core.storage import StorageFullError
from firesvc.core.submissions import Submission
from firesvc.core.uploads import max_upload_bytes
from firesvc.security.middleware import PREVIEW_TYPES, allow_inline_preview
from firesvc.sla.selectors import clocks_for_owner


def _account_of(request: HttpRequest, *related: str) -> EnterpriseAccount | None:
    """The signed-in user's enterprise account (one per user, so no ORDER BY as ``first()`` adds), or None."""
    return next(iter(EnterpriseAccount.objects.filter(user_id=request.user.pk).select_related(*related)[:1]), None)


def _post_or_back_to_case(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An action of the application page: POST only, but a GET (Back or Forward onto the action's address,
    a bookmark) returns to the case page rather than to a blank 405. The case page checks who may see it."""
    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            return redirect("approvals:application", pk=pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, pk, *args, **kwargs)
    return wrapped


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
        "parallel_cases": parallel_cases_of(request.user, account=account),
        "actions": actions_for_enterprise_user(request.user, account=account),
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
            application = Submission.of(request).record(lambda: services.application_create(
                actor=request.user, matter=matter, account=account, enterprise=account.enterprise,
                **form.cleaned_data))
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
             notice: Any, *, supplement_paused: bool = False) -> list[dict[str, Any]]:
    """One row per required material: its current upload, what the one-time notice says of it and whether
    that was supplied since (``supplied``), and whether the applicant may upload it now (a draft: any; after
    a notice: only what the notice lists; while the decision clock is stopped for a supplement,
    ``supplement_paused`` from ``services.supplement_pause_clock``: any)."""
    listed = {item["requirement_id"]: item for item in (notice.items if notice else [])}
    outstanding = ({item["requirement_id"] for item in services.notice_outstanding(
        notice, {pk: material.version for pk, material in current.items()})} if notice else set())
    rows = []
    for requirement in requirements:
        can_upload = (application.status == ApplicationStatus.DRAFT or supplement_paused
                      or (application.status == ApplicationStatus.DEFICIENT and requirement.pk in listed))
        rows.append({"requirement": requirement, "material": current.get(requirement.pk),
                     "notice_item": listed.get(requirement.pk), "can_upload": can_upload,
                     "supplied": requirement.pk in listed and requirement.pk not in outstanding})
    return rows


def _detail_material_rows(application: Application, notices: list[Any], present: dict[str, bool], *,
                          supplement_paused: bool = False) -> list[dict[str, Any]]:
    """``_material_rows`` for the application page, with what it prints of the requirements only and from
    the intake notices it has already (``notices``); nothing looked up that ``present`` says is not there."""
    if not present["required_items"]:
        return []
    items = [_Requirement(*row) for row in application.required_items.order_by("requirement__order", "requirement_id")
             .values_list("requirement_id", "requirement__name", "requirement__is_mandatory")]
    current = services.current_materials(application) if present["materials"] else {}
    return _rows_of(application, items, current, _supplement_notice(application, notices),
                    supplement_paused=supplement_paused)


def _supplement_notice(application: Application, notices: list[Any]) -> Any:
    """The one-time notice a case awaiting its supplement answers (the newest), or None."""
    if application.status != ApplicationStatus.DEFICIENT:
        return None
    return max((n for n in notices if n.kind == NoticeKind.DEFICIENCY), key=lambda n: (n.issued_at, n.pk),
               default=None)


class _Requirement(NamedTuple):
    """What the application page prints of a required material's requirement."""

    pk: int
    name: str
    is_mandatory: bool


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application, present = selectors.application_for_page(request.user, pk)
    rows = selectors.case_rows(application, present)
    notices = list(application.notices.defer("snapshot")) if present["notices"] else []
    clocks = list(clocks_for_owner(application)) if present["clocks"] else []
    # The decision clock stopped for the applicant's supplement: uploads open again until it runs again.
    supplement_clock = services.supplement_pause_clock(application, clocks)
    materials = _detail_material_rows(application, notices, present, supplement_paused=(
        supplement_clock is not None and not request.user.is_staff_member))
    supplement_notice = _supplement_notice(application, notices)
    # The applicant reads the steps of the case (the allow-list); staff the whole timeline (audit_timeline).
    history = (None if request.user.is_staff_member
               else case_history_latest(application, limit=CASE_TIMELINE_SHOWN, clocks=clocks))
    return render(request, "approvals/application_detail.html", {
        "application": application,
        "status_label": application_status_label(application),
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
        # What the one-time notice lists that is not supplied yet (services.supplement_outstanding).
        "to_supplement": [row["requirement"] for row in materials if row["notice_item"] and not row["supplied"]],
        "supplement_notice": supplement_notice,
        "parallel_case": rows.parallel_case,
        "timeline_shown": CASE_TIMELINE_SHOWN,
        "clock_names": clock_names(clocks, application.matter),
        "history": history,
        "can_green_channel": can_set_green_channel(request.user) and application.status in OPEN_STATUSES,
        **_supplement_pause_context(request, application, supplement_clock),
        **review_context(request, application, review=rows.review, decision=rows.decision, clocks=clocks,
                         inspections=present["inspections"],
                         clock_notices=present["clock_notices"]),
    })


def _supplement_pause_context(request: HttpRequest, application: Application, clock: Any) -> dict[str, Any]:
    """What the application page says of a pause of the decision clock for the applicant's supplement: what was
    asked and by when (the open pause), whether and when the applicant reported it as submitted; the applicant
    may report it (``can_report_supplement``)."""
    if clock is None:
        return {"supplement_pause": None}
    return {
        "supplement_pause": clock.pauses.filter(ended_at__isnull=True).order_by("-started_at").first(),
        "supplement_reported_at": supplement_reported_at(application, clock),
        "can_report_supplement": not request.user.is_staff_member,
    }


# The application page shows the newest changes of the case; the rest are a link away, on pages of their own.
CASE_TIMELINE_SHOWN = 20
TIMELINE_PAGE_SIZE = 50


@login_required
def application_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole timeline of a case, in pages: for staff who may see the case every change, oldest first; for
    its applicant the steps of the case (``case_history``), newest first. The application page shows only the
    newest of either."""
    application = _visible(request, pk)
    if not request.user.is_staff_member:
        before = _cursor(request.GET.get("before", ""))
        history = case_history_page(application, before=before, limit=TIMELINE_PAGE_SIZE,
                                    clocks=clocks_for_owner(application))
        return render(request, "approvals/case_history.html", {"application": application, "page": history})
    page = timeline_page(application, after=_cursor(request.GET.get("after", "")), limit=TIMELINE_PAGE_SIZE)
    return render(request, "approvals/timeline.html", {
        "application": application, "page": page, "status_words": application_status_words(application),
        "clock_names": clock_names(clocks_for_owner(application), application.matter)})


def _cursor(value: str) -> int | None:
    """A page's keyset cursor (an event's number), or None for anything else (the first page)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


@login_required
@_post_or_back_to_case
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


def material_suffix(stored_name: str, content_type: str) -> str:
    """The download's extension, so that it opens on a double click: the stored file's own, else the one
    its checked content type has (stored names may carry none)."""
    base = stored_name.rsplit("/", 1)[-1]
    if "." in base:
        return base.rsplit(".", 1)[-1]
    return (mimetypes.guess_extension(content_type or "") or ".bin").lstrip(".")


@login_required
def material_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve a material only to people who may see its application (never from /media/).

    ``?inline=1`` shows a PDF or an image in the page that frames it (the intake checklist's preview),
    from this origin only; any other kind is always a download."""
    material = get_object_or_404(ApplicationMaterial.objects.select_related("application"), pk=pk)
    if not Application.objects.visible_to(request.user).filter(pk=material.application_id).exists():
        raise Http404  # as for a case out of scope: whether another's file exists is not told
    suffix = material_suffix(material.file.name, material.content_type)
    inline = request.GET.get("inline") == "1" and material.content_type in PREVIEW_TYPES
    response = FileResponse(material.file.open("rb"), as_attachment=not inline,
                            filename=f"{material.requirement.name}-v{material.version}.{suffix}",
                            content_type=material.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return allow_inline_preview(response) if inline else response


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
@_post_or_back_to_case
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit (or send the supplement), after the applicant has read what it does and confirmed."""
    allow_incomplete = request.POST.get("allow_incomplete") == "on"
    application = _visible(request, pk)
    missing = services.missing_mandatory(application) if application.status == ApplicationStatus.DRAFT else []
    if confirmation_needed(request) and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.DEFICIENT):
        outstanding = [item["name"] for item in services.supplement_outstanding(application)]
        if not missing or allow_incomplete:  # else the command refuses at once, with the list of what is missing
            return confirmation_page(request, submit_confirmation(application, without=missing,
                                                                  outstanding=outstanding))
    response = _action(request, pk, lambda a: services.application_submit(actor=request.user, application=a,
                                                                          allow_incomplete=allow_incomplete),
                       _("Submitted. The window checks the materials within 5 working days."))
    if missing and not allow_incomplete:  # refused: say how to submit without them, as the page offers
        messages.info(request, _("To submit without them, tick “Submit without the missing materials” and submit "
                                 "again; the window will list everything to supplement in one notice."))
    return response


@login_required
@_post_or_back_to_case
def supplement_report(request: HttpRequest, pk: int) -> HttpResponse:
    """补正材料已提交: the applicant tells the officer who stopped the clock that the supplement is uploaded."""
    return _action(request, pk, lambda a: clock_services.supplement_report(actor=request.user, application=a),
                   _("The officer who suspended the time limit has been told that the supplement is submitted. "
                     "The time limit runs again once the officer has checked it."))


@login_required
@_post_or_back_to_case
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw, after the applicant has read what it does and confirmed (one confirmation page for every
    withdrawal)."""
    reason = request.POST.get("reason", "")[:300]
    application = _visible(request, pk)
    may_withdraw = not request.user.is_staff_member or request.user.is_administrator
    if confirmation_needed(request) and may_withdraw and application.status in WITHDRAWABLE:
        return confirmation_page(request, withdraw_confirmation(application, reason=reason))
    return _action(request, pk, lambda a: parallel_tracks.application_withdraw(actor=request.user, application=a,
                                                                               reason=reason),
                   _("Application withdrawn."))
