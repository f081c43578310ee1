"""Review → decision (A6), time-limit changes (A8), decision and clock-notice documents (C7).

Views parse input and call one service; a refused step comes back as a message (or the form
again, with what was typed kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from approvals import clock_notice_texts, decision_texts
from approvals.enums import ApplicationStatus, ClockNoticeKind, ReviewStatus
from approvals.forms.technical_review import (
    AssignForm,
    DraftForm,
    ExtendForm,
    InspectionScheduleForm,
    NotesForm,
    PauseForm,
    ResumeForm,
    SendBackForm,
    SignForm,
)
from approvals.models import Application, ClockNotice, Decision, InspectionPhoto, Review, SiteInspection
from approvals.selectors import technical_review as technical_review_selectors
from approvals.services import clocks as clock_services
from approvals.services import technical_review as services
from approvals.verification import letterhead, notice_facts, token_page, verification_context
from firesvc.accounts.roles import Role
from firesvc.documents import pdf_response, render_document_html, render_pdf
from firesvc.sla.enums import SYSTEM_PAUSE_REASONS, ClockStatus
from firesvc.sla.models import Clock

STAFF_ROLES = (Role.REVIEWER, Role.APPROVER)
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def _visible_applications(user: Any) -> QuerySet[Application]:
    visible = Application.objects.visible_to(user)
    account = getattr(user, "enterprise_account", None)
    if not user.is_staff_member and (account is None or not account.can_file):
        visible = visible.none()
    return visible


def _staff_application(request: HttpRequest, pk: int) -> Application:
    if not (request.user.is_administrator or request.user.has_role(*STAFF_ROLES)):
        raise PermissionDenied
    return get_object_or_404(Application.objects.visible_to(request.user)
                             .select_related("matter", "enterprise", "brigade"), pk=pk)


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Not allowed.")


def _back(application: Application) -> HttpResponse:
    return redirect(f"{application.get_absolute_url()}#review")


def _form_page(request: HttpRequest, pk: int, *, form_class: Any, title: str, success: str,
               call: Callable[[Application, dict[str, Any]], Any],
               form_kwargs: Callable[[Application], dict[str, Any]] | None = None,
               refusal: Callable[[Application], str] | None = None,
               warning: Callable[[Application], str] | None = None) -> HttpResponse:
    """GET: the form; POST: validate, call the service, redirect; a refusal keeps the input on the page.
    ``refusal``: why the step cannot be taken at all ("" if it can); then back to the case with it, no form.
    ``warning``: what the step would run into later ("" if nothing), shown above the form."""
    application = _staff_application(request, pk)
    # Every step here belongs to the review: on a case no longer under review the form is not offered at all.
    refused = services.not_under_review(application) or (refusal(application) if refusal else "")
    if refused:
        messages.error(request, refused)
        return _back(application)
    extra = form_kwargs(application) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            call(application, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, success)
            return _back(application)
    return render(request, "approvals/review/action.html", {"application": application, "form": form,
                                                            "title": title,
                                                            "warning": warning(application) if warning else ""})


def review_context(request: HttpRequest, application: Application, *, review: Any, decision: Any,
                   clocks: list[Clock] | None = None, inspections: bool = True,
                   clock_notices: bool = True) -> dict[str, Any]:
    """What the application page shows of the review, decision and time-limit notices.

    ``review`` (with its reviewer) and ``decision``: the application's, or None where it has none (the
    caller reads them: approvals.selectors.filing.case_rows). ``clocks``: the application's
    clocks if the caller has them (the current decision clock is then taken from them). ``inspections``,
    ``clock_notices``: False when the caller knows there are none (then they are not looked up).
    """
    user = request.user
    is_approver = bool(user.is_staff_member and (user.is_administrator or user.has_role(Role.APPROVER)))
    is_reviewer = bool(review and review.reviewer_id == user.pk) or is_approver
    under_review = application.status == ApplicationStatus.ACCEPTED
    clock = None
    if under_review and clocks is not None:
        running = [c for c in clocks if c.status != ClockStatus.STOPPED]
        clock = max(running, key=lambda c: c.started_at) if running else None
    elif under_review:
        clock = (Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED)
                 .select_related("rule").order_by("-started_at").first())
    return {
        "review": review,
        "decision": decision if decision and (decision.is_signed or user.is_staff_member) else None,
        "inspections": (list(application.inspections.prefetch_related("inspectors", "photos"))
                        if inspections else []),
        "clock_notices": list(application.clock_notices.all()) if clock_notices else [],
        "decision_clock": clock,
        "can_assign": under_review and is_approver and (review is None or review.status == ReviewStatus.ASSIGNED),
        "can_work": under_review and review is not None and review.status == ReviewStatus.ASSIGNED and is_reviewer,
        "can_sign": under_review and is_approver and review is not None and review.status == ReviewStatus.DRAFTED
        and services.separated_from(user.pk, reviewer_id=review.reviewer_id,
                                    drafted_by_id=decision.drafted_by_id if decision else None),
        "can_pause": clock is not None and clock.status == ClockStatus.RUNNING and review is not None
        and is_reviewer and bool(clock_services.pause_reasons_for(clock)),
        "can_resume": clock is not None and clock.status == ClockStatus.PAUSED and is_reviewer
        and clock.pause_reason not in SYSTEM_PAUSE_REASONS,
        "can_extend": clock is not None and is_approver and clock.rule.extension_max > clock.extension,
    }


# --- review steps --------------------------------------------------------------------------

@login_required
def review_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request, pk, form_class=AssignForm, title=_("Assign a reviewer"), success=_("Reviewer assigned."),
        form_kwargs=lambda a: {"brigade_id": a.brigade_id, "actor": request.user},
        call=lambda a, d: services.review_assign(actor=request.user, application=a, reviewer=d["reviewer"]))


@login_required
def review_notes(request: HttpRequest, pk: int) -> HttpResponse:
    def initial(application: Application) -> dict[str, Any]:
        review = Review.objects.filter(application=application).first()
        return {"initial": {"notes": review.notes if review else ""}}

    return _form_page(request, pk, form_class=NotesForm, title=_("Technical review notes"),
                      success=_("Notes saved."), form_kwargs=initial,
                      call=lambda a, d: services.review_note(actor=request.user, application=a, notes=d["notes"]))


@login_required
def inspection_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The date and the officers going with the reviewer; a weekend or a holiday comes back with a warning
    and the box that confirms it (the service decides: ``check_inspection_date``)."""
    application = _staff_application(request, pk)
    review = Review.objects.select_related("reviewer").filter(application=application).first()
    if review is None:
        messages.error(request, _("No reviewer is assigned to this application yet; the approver assigns one first."))
        return _back(application)
    form = InspectionScheduleForm(request.POST or None, brigade_id=application.brigade_id, reviewer=review.reviewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_schedule(actor=request.user, application=application, on=data["scheduled_for"],
                                         inspectors=list(data["inspectors"]),
                                         rest_day_confirmed=data["confirm_rest_day"])
        except ValidationError as exc:
            _add_refusal(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Site inspection scheduled."))
            return _back(application)
    return render(request, "approvals/review/action.html", {"application": application, "form": form,
                                                            "title": _("Schedule a site inspection")})


def _add_refusal(form: Any, exc: ValidationError) -> None:
    """A service's refusal on the form: beside the fields it names, else above the form."""
    if hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
        form.add_error(None, exc)
    else:
        form.add_error(None, _error_text(exc))


def _visible_inspection(request: HttpRequest, pk: int, *related: str) -> SiteInspection:
    """A site inspection of a case the member of staff may see (else 403 for others, 404 out of scope)."""
    if not request.user.is_staff_member:
        raise PermissionDenied
    return get_object_or_404(
        SiteInspection.objects.filter(application__in=Application.objects.visible_to(request.user).values("pk"))
        .select_related(*(related or ("application",))), pk=pk)


@login_required
@require_POST
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Call off a scheduled inspection (the reviewer or the approver, with a reason)."""
    inspection = _visible_inspection(request, pk)
    try:
        services.inspection_cancel(actor=request.user, inspection=inspection,
                                   reason=request.POST.get("reason", "")[:300])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The site inspection of %(date)s is called off.") % {
            "date": inspection.scheduled_for.isoformat()})
    return _back(inspection.application)


@login_required
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Pass/fail and a note per checklist item, and photos (by content: JPEG or PNG)."""
    inspection = _visible_inspection(request, pk, "application__matter", "application__brigade")
    application = inspection.application
    items = services.checklist_of(application)
    rows = [{"item": item, "state": request.POST.get(f"item_{item.pk}", ""),
             "note": request.POST.get(f"note_{item.pk}", "")[:500]} for item in items]
    errors: list[str] = []
    if request.method == "POST":
        results = []
        for row in rows:
            if row["state"] not in ("pass", "fail"):
                errors.append(_("Choose pass or fail for “%(item)s”.") % {"item": row["item"].text})
                continue
            results.append(services.ChecklistResult(row["item"].pk, row["state"] == "pass", row["note"]))
        photos = []
        for upload in request.FILES.getlist("photos"):
            if upload.size > MAX_PHOTO_BYTES:
                errors.append(_("%(name)s is larger than 10 MB.") % {"name": upload.name})
                continue
            photos.append(services.Photo(upload.read(), upload.name))
        if not errors:
            try:
                services.inspection_record(actor=request.user, inspection=inspection, results=results, photos=photos)
            except (ValidationError, PermissionDenied) as exc:
                errors.append(_error_text(exc))
            else:
                messages.success(request, _("Inspection result recorded."))
                return _back(application)
    return render(request, "approvals/review/inspection_record.html", {
        "application": application, "inspection": inspection, "rows": rows, "errors": errors})


@login_required
def inspection_photo(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_staff_member:
        raise PermissionDenied
    photo = get_object_or_404(InspectionPhoto.objects.filter(
        inspection__application__in=Application.objects.visible_to(request.user).values("pk")), pk=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _draft_initial(application: Application) -> dict[str, Any]:
    """The matter (its conclusions' words) and, for a draft sent back, the draft as it was written: the reviewer
    amends it rather than typing it again."""
    draft = Decision.objects.filter(application=application, signed_at__isnull=True).first()
    if draft is None:
        return {"matter_code": application.matter.code}
    return {"matter_code": application.matter.code,
            "initial": {"outcome": draft.outcome, "reasons": draft.reasons,
                        "rectification_items": "\n".join(draft.rectification_items or [])}}


@login_required
def decision_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request, pk, form_class=DraftForm, title=_("Draft decision"), success=_("Draft sent to the approver."),
        call=lambda a, d: services.decision_draft(
            actor=request.user, application=a, outcome=d["outcome"], reasons=d["reasons"],
            rectification_items=d["rectification_items"].splitlines()),
        form_kwargs=_draft_initial, warning=services.inspection_missing)


@login_required
def decision_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request, pk, form_class=SendBackForm, title=_("Send the draft back"),
        success=_("Draft sent back to the reviewer."),
        call=lambda a, d: services.decision_send_back(actor=request.user, application=a, reason=d["reason"]))


def _draft_to_sign(request: HttpRequest, pk: int) -> tuple[Application, Decision | None]:
    """The application and its unsigned draft (None if there is none), for an approver of its unit."""
    application = _staff_application(request, pk)
    if not (request.user.is_administrator or request.user.has_role(Role.APPROVER)):
        raise PermissionDenied
    decision = (Decision.objects.select_related("application__matter", "application__enterprise",
                                                "application__brigade")
                .filter(application=application, signed_at__isnull=True).first())
    return application, decision


@login_required
def decision_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the document exactly as it will be printed (the preview), what would stop the signature, and the
    confirmation; POST (confirmed): sign. Works without JavaScript; a refusal comes back on this page.

    Approving despite failed checks: the reason is typed, shown in the preview (a GET with
    ``override_reason``), and signed with what was previewed (the POST carries the same text)."""
    application, decision = _draft_to_sign(request, pk)
    if refused := services.not_under_review(application):
        messages.error(request, refused)
        return _back(application)
    if decision is None:
        messages.error(request, _("There is no draft decision to sign."))
        return _back(application)
    form = SignForm(request.POST if request.method == "POST" else None)
    override_reason = (request.POST if request.method == "POST" else request.GET).get("override_reason", "")[:2000]
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_sign(actor=request.user, application=application,
                                              override_reason=form.cleaned_data["override_reason"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Decision %(number)s signed; the applicant is notified.") % {
                "number": decision.number})
            return _back(application)
    return render(request, "approvals/review/sign.html", {
        "application": application, "decision": decision, "form": form, "override_reason": override_reason,
        "title": decision_title(decision),
        "refusals": services.sign_refusals(application=application, decision=decision,
                                           override_reason=override_reason, signer=request.user),
        "failed_items": services.overridden_items(decision=decision,
                                                  inspection=services.latest_inspection(application)),
    })


@login_required
@require_GET
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def decision_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft's document as HTML, rendered by the PDF's template and context (shown on the sign page)."""
    _application, decision = _draft_to_sign(request, pk)
    if decision is None:
        raise Http404
    html = render_document_html("approvals/documents/decision.html", _decision_document_context(
        decision, override_reason=request.GET.get("override_reason", "")[:2000]))
    return HttpResponse(html)


# --- time limits ---------------------------------------------------------------------------

@login_required
def track_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request, pk, form_class=PauseForm, title=_("Stop the clock"),
        success=_("Clock stopped; the applicant received the written notice."),
        form_kwargs=lambda a: {"reasons": clock_services.decision_clock_pause_reasons(a)},
        refusal=clock_services.decision_clock_pause_refusal,
        call=lambda a, d: clock_services.track_pause(actor=request.user, application=a, reason=d["reason"],
                                                     note=d["note"], expected_until=d["expected_until"]))


@login_required
def track_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request, pk, form_class=ResumeForm, title=_("Restart the clock"),
        success=_("Clock restarted; the applicant received the written notice."),
        call=lambda a, d: clock_services.track_resume(actor=request.user, application=a, note=d["note"]))


@login_required
def track_extend(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(
        request, pk, form_class=ExtendForm, title=_("Extend the time limit"),
        success=_("Time limit extended; the applicant received the reason."),
        refusal=clock_services.extension_refusal,
        call=lambda a, d: clock_services.track_extend(actor=request.user, application=a, amount=d["amount"],
                                                      reason=d["reason"]))


# --- documents -----------------------------------------------------------------------------

def decision_title(decision: Decision) -> str:
    """The document's title, from the decision texts (approvals.decision_texts)."""
    return decision_texts.text_for(kind=decision.kind, matter_code=decision.application.matter.code,
                                   outcome=decision.outcome).title


def _decision_document_context(decision: Decision, *, override_reason: str = "") -> dict[str, Any]:
    """The context of ``approvals/documents/decision.html``: the same for the PDF and the approver's preview
    of a draft (no number yet, today's date, and the override reason the approver is about to record)."""
    application = decision.application
    inspection = services.latest_inspection(application)
    accepted_on = timezone.localdate(application.accepted_at) if application.accepted_at else None
    inspected_on = inspection.scheduled_for if inspection else None
    if decision.is_signed:
        doc = decision_texts.document_for(decision, accepted_on=accepted_on, inspected_on=inspected_on)
    else:
        doc = decision_texts.document_for(
            decision, accepted_on=accepted_on, inspected_on=inspected_on, override_reason=override_reason,
            override_items=services.overridden_items(decision=decision, inspection=inspection))
    return {
        "doc": doc, "decision": decision, "application": application, "enterprise": application.enterprise,
        "letterhead": letterhead(application.brigade),
        "number": decision.number or "（文号在签发时生成）",
        "signed_on": timezone.localdate(decision.signed_at) if decision.signed_at else timezone.localdate(),
        **verification_context(decision),
    }


@login_required
@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed decision's PDF for whoever may see its application (others: 404)."""
    decision = get_object_or_404(
        Decision.objects.filter(application__in=_visible_applications(request.user).values("pk"),
                                signed_at__isnull=False)
        .select_related("application__matter", "application__enterprise", "application__brigade", "signed_by"),
        pk=pk)
    context = _decision_document_context(decision)
    pdf = render_pdf("approvals/documents/decision.html", context)
    return pdf_response(pdf, f"{context['doc'].title}-{decision.number}.pdf")


@require_GET
def verify_decision(request: HttpRequest, token: str) -> HttpResponse:
    """What a decision's QR code opens: number, enterprise, project, outcome, date — nothing more."""
    decision = (Decision.objects.select_related("application__enterprise", "application__matter")
                .filter(verification_token=token, signed_at__isnull=False).first())
    if decision is None:
        response = render(request, "approvals/public/verify_unknown.html", status=404)
    else:
        response = render(request, "approvals/public/verify_decision.html", {
            "title": decision_title(decision), "number": decision.number,
            "enterprise_name": decision.application.enterprise.name,
            "project_name": decision.application.project_name, "outcome": decision.outcome_label,
            "signed_on": timezone.localdate(decision.signed_at)})
    return token_page(response)


CLOCK_NOTICE_TITLES = {
    ClockNoticeKind.PAUSE: "中止计算审批期限告知书",
    ClockNoticeKind.RESUME: "恢复计算审批期限告知书",
    ClockNoticeKind.EXTENSION: "延长审批期限告知书",
}


def clock_notice_context(notice: ClockNotice) -> dict[str, Any]:
    """What the time-limit notice prints: the reason as a clause of its sentence, and the legal basis of a
    suspension or of the resumption (that of the suspension it ends)."""
    from firesvc.sla.enums import PauseReason

    pause_reason = notice.pause_reason
    if notice.kind == ClockNoticeKind.RESUME:
        pause_reason = technical_review_selectors.pause_reason_ended_by(notice)
    return {
        "notice": notice, "title": CLOCK_NOTICE_TITLES[notice.kind], "application": notice.application,
        "enterprise": notice.application.enterprise, "letterhead": letterhead(notice.application.brigade),
        "issued_on": timezone.localdate(notice.issued_at),
        "pause_reason": dict(PauseReason.choices).get(notice.pause_reason, ""),
        "reason_in_sentence": clock_notice_texts.in_sentence(notice.reason),
        "basis": (clock_notice_texts.EXTENSION_BASIS if notice.kind == ClockNoticeKind.EXTENSION
                  else clock_notice_texts.pause_basis(pause_reason)),
        **verification_context(notice),
    }


@login_required
@require_GET
def clock_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(
        ClockNotice.objects.filter(application__in=_visible_applications(request.user).values("pk"))
        .select_related("application__matter", "application__enterprise", "application__brigade"), pk=pk)
    pdf = render_pdf("approvals/documents/clock_notice.html", clock_notice_context(notice))
    return pdf_response(pdf, f"{CLOCK_NOTICE_TITLES[notice.kind]}-{notice.number}.pdf")


@require_GET
def verify_clock_notice(request: HttpRequest, token: str) -> HttpResponse:
    """What a time-limit notice's QR code opens: the intake notices' page (is this paper ours, and its key facts),
    with the time limit as the notice states it."""
    notice = (ClockNotice.objects.select_related("application__matter", "application__enterprise",
                                                 "application__brigade")
              .filter(verification_token=token).first())
    if notice is None:
        response = render(request, "approvals/public/verify_unknown.html", status=404)
    else:
        response = render(request, "approvals/public/verify_clock_notice.html",
                          notice_facts(notice, CLOCK_NOTICE_TITLES[notice.kind]))
    return token_page(response)


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The review desk: my cases; for approvers also cases to assign and drafts to sign."""
    from approvals.selectors import technical_review as selectors

    if not (request.user.is_administrator or request.user.has_role(*STAFF_ROLES)):
        raise PermissionDenied
    approver = selectors.is_approver(request.user)
    return render(request, "approvals/review/my_reviews.html", {
        "mine": selectors.reviews_assigned_to(request.user),
        "to_sign": selectors.drafts_to_sign(request.user) if approver else [],
        "to_assign": selectors.applications_to_assign(request.user) if approver else [],
        "approver": approver,
    })
