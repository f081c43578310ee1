"""Parallel approval (并联审批, A7): the case page with both tracks side by side, shared materials,
joint submission, joint intake with one merged one-time notice."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from approvals.enums import ApplicationStatus, NoticeKind
from approvals.forms.filing import ApplicationForm, MaterialUploadForm
from approvals.hall_hours import hours_text_zh
from approvals.models import MaterialRequirement, ParallelCase, Review
from approvals.selectors.parallel import case_due, track_due_kind
from approvals.selectors.submissions import submitted_on as submission_date
from approvals.services import parallel as services
from approvals.services import parallel_tracks as tracks
from approvals.services.applications import current_materials
from approvals.services.intake import (
    ACCEPT,
    Verdict,
    supplement_due_date,
)
from approvals.verification import letterhead, verification_context
from approvals.views.access import CLERK_ROLES
from approvals.views.confirmations import parallel_submit_confirmation
from approvals.views.intake import intake_rows, verdicts_from_post
from enterprises.models import EnterpriseAccount
from firesvc.core.confirm import confirmation_needed, confirmation_page
from firesvc.core.submissions import Submission
from firesvc.core.uploads import max_upload_bytes
from firesvc.documents import absolute_url, pdf_response, render_pdf
from firesvc.sla.selectors import clocks_for_owner


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or _("Not allowed."))


def _case(request: HttpRequest, pk: int) -> ParallelCase:
    return get_object_or_404(ParallelCase.objects.visible_to(request.user).select_related(
        "acceptance__matter", "pre_opening__matter", "enterprise", "brigade"), pk=pk)


@login_required
def parallel_new(request: HttpRequest) -> HttpResponse:
    account = EnterpriseAccount.objects.filter(user=request.user).select_related("enterprise").first()
    if account is None:
        raise PermissionDenied
    if not account.can_file:
        messages.error(request, _("Your enterprise account is not verified yet; the brigade verifies it first."))
        return redirect("enterprises:mine")
    form = ApplicationForm(request.POST or None, submit_label=_("Start the parallel case"))
    if request.method == "POST" and form.is_valid():
        try:
            case = Submission.of(request).record(lambda: services.parallel_case_create(
                actor=request.user, enterprise=account.enterprise,
                **form.cleaned_data))
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Parallel case started: upload each material once, then submit."))
            return redirect(case.get_absolute_url())
    return render(request, "approvals/parallel/new.html", {"form": form})


def _track(request: HttpRequest, case: ParallelCase, application: Any) -> dict[str, Any]:
    review = Review.objects.filter(application=application).select_related("reviewer").first()
    termination = None
    if application.status == ApplicationStatus.TERMINATED:
        reason, basis = tracks.termination_text(case)
        termination = {"reason": reason, "basis": basis}
    return {"application": application, "clocks": clocks_for_owner(application), "review": review,
            "decision": getattr(application, "decision", None) if application.status in tracks.DECIDED else None,
            "termination": termination, "due_kind": track_due_kind(application.status)}


@login_required
def parallel_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    editable = {a.pk for a in case.tracks if a.status in (ApplicationStatus.DRAFT, ApplicationStatus.DEFICIENT)}
    rows = []
    for row in services.shared_requirements(case):
        materials = [current_materials(a).get(r.pk) for a, r in row["tracks"]]
        row["material"] = next((m for m in materials if m), None)
        row["track_names"] = [a.matter.name for a, _r in row["tracks"]]
        row["can_upload"] = not request.user.is_staff_member and any(a.pk in editable for a, _r in row["tracks"])
        rows.append(row)
    user = request.user
    return render(request, "approvals/parallel/case.html", {
        "case": case, "tracks": [_track(request, case, a) for a in case.tracks], "rows": rows,
        "can_submit": not user.is_staff_member and bool(editable),
        "missing": any(row["mandatory"] and row["material"] is None for row in rows),
        "awaiting_acceptance": tracks.awaiting_acceptance(case),
        "case_due": case_due([(a.status, a.due_date) for a in case.tracks]),
        "can_withdraw": not user.is_staff_member and case.closed_at is None
        and any(a.status not in tracks.ENDED for a in case.tracks),
        "can_intake": user.is_staff_member and (user.is_administrator or user.has_role(*CLERK_ROLES))
        and any(a.status == ApplicationStatus.SUBMITTED for a in case.tracks),
        "merged_notices": services.merged_deficiency_notices(case), "upload_form": MaterialUploadForm(),
    })


@login_required
@require_POST
def parallel_upload(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    case = _case(request, pk)
    form = MaterialUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(case.get_absolute_url())
    upload = form.cleaned_data["file"]
    if upload.size > max_upload_bytes():
        messages.error(request, _("The file is too large."))
        return redirect(case.get_absolute_url())
    try:
        served = services.parallel_material_upload(actor=request.user, case=case, code=code, data=upload.read(),
                                                   filename=upload.name)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        name = MaterialRequirement.objects.filter(code=code).values_list("name", flat=True).first() or upload.name
        messages.success(request, (_("%(name)s uploaded; both applications use it.") if served > 1
                                   else _("%(name)s uploaded.")) % {"name": name})
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def parallel_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if confirmation_needed(request) and any(
            a.status in (ApplicationStatus.DRAFT, ApplicationStatus.DEFICIENT) for a in case.tracks):
        return confirmation_page(request, parallel_submit_confirmation(case, back_url=case.get_absolute_url()))
    try:
        services.parallel_case_submit(actor=request.user, case=case,
                                      allow_incomplete=request.POST.get("allow_incomplete") == "on")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Both tracks submitted together."))
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def parallel_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant withdraws the whole case (both tracks), having confirmed that they understand it."""
    case = _case(request, pk)
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Confirm that the whole case is withdrawn: both tracks and their time limits."))
        return redirect(case.get_absolute_url())
    try:
        tracks.parallel_case_withdraw(actor=request.user, case=case, reason=request.POST.get("reason", "")[:300])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The parallel case is withdrawn: both tracks."))
    return redirect(case.get_absolute_url())


@login_required
def parallel_intake(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk checks both tracks' materials at once: accept both, or one merged one-time notice."""
    if not (request.user.is_administrator or request.user.has_role(*CLERK_ROLES)):
        raise PermissionDenied
    case = _case(request, pk)
    tracks = [{"application": a, "rows": intake_rows(a)} for a in case.tracks
              if a.status == ApplicationStatus.SUBMITTED]
    errors: list[str] = []
    if request.method == "POST":
        verdicts: dict[int, dict[int, Verdict]] = {}
        for track in tracks:
            application = track["application"]
            verdicts[application.pk] = verdicts_from_post(
                request.POST, [row["requirement"].pk for row in track["rows"]], prefix=f"{application.pk}_")
            for row in track["rows"]:
                verdict = verdicts[application.pk][row["requirement"].pk]
                row.update(state=verdict.state, problem=verdict.problem)
        action = request.POST.get("action", "")
        try:
            issued = services.parallel_case_intake(actor=request.user, case=case, action=action, verdicts=verdicts)
        except (ValidationError, PermissionDenied) as exc:
            errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        else:
            accepted = [n.application.matter.name for n in issued if n.kind == NoticeKind.ACCEPTANCE]
            if action == ACCEPT:
                messages.success(request, _("Both tracks accepted; each has its own clock."))
            elif accepted:
                messages.success(request, _("One merged one-time notice issued. %(matters)s: materials complete, "
                                            "accepted at once; its decision clock runs.") % {
                    "matters": "、".join(accepted)})
            else:
                messages.success(request, _("One merged one-time notice issued."))
            return redirect(case.get_absolute_url())
    return render(request, "approvals/parallel/intake.html", {
        "case": case, "tracks": tracks, "errors": errors, "supplement_due": supplement_due_date(timezone.localdate())})


@login_required
@require_GET
def parallel_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The merged one-time notice of the case (every track's items in one document)."""
    case = _case(request, pk)
    notices = services.merged_deficiency_notices(case)
    if not notices:
        messages.error(request, _("No one-time notice has been issued for this case."))
        return redirect(case.get_absolute_url())
    # Each track as its own one-time notice prints it (documents/notice_deficiency.html): its case number, the
    # day its materials arrived, its items.
    rows = [{"notice": n, "application": n.application,
             "submitted_on": submission_date(n.application, before=n.issued_at)} for n in notices]
    pdf = render_pdf("approvals/documents/merged_notice.html", {
        "case": case, "tracks": rows, "enterprise": case.enterprise, "brigade": case.brigade,
        "matter": notices[0].application.matter, "letterhead": letterhead(case.acceptance.brigade),
        "issued_on": timezone.localdate(notices[0].issued_at), **verification_context(notices[0]),
        "supplement_due": max((n.supplement_due for n in notices if n.supplement_due), default=None),
        "accepted": services.merged_acceptances(case, notices),
        "portal_url": absolute_url(reverse("home")), "hall_hours_zh": hours_text_zh(),
    })
    return pdf_response(pdf, f"一次性告知书（并联审批）-{case.number}.pdf")
