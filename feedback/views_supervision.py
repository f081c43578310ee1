"""The supervision loop's pages (B1–B5): thin views over services and selectors.

Public pages (QR receipt, online complaint, complaint tracking) need no account; every staff page
reads through ``visible_to`` so objects outside a user's scope give 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback import selectors
from feedback.enums import ActKind, ComplaintSource, ComplaintStatus, VisitStatus
from feedback.forms_supervision import (
    ActForm,
    AnswerComplaintForm,
    AssignForm,
    BoardForm,
    CloseComplaintForm,
    ComplaintFilterForm,
    HotlineComplaintForm,
    OnlineComplaintForm,
    RatingForm,
    ReplyRatingForm,
    ReviewComplaintForm,
    ReviewForm,
    SealUpDeclineForm,
    SendBackForm,
    VisitAttemptForm,
)
from feedback.models import EnforcementAct, Receipt, ReturnVisit
from feedback.services.acts import SEAL_UP_DECIDE_RULES, act_record, seal_up_decline
from feedback.services.complaints import (
    complaint_answer,
    complaint_assign,
    complaint_close,
    complaint_for_token,
    complaint_open,
    complaint_rate_reply,
    complaint_send_back,
    contact_route,
    reply_messages,
)
from feedback.services.receipts import rating_window_closes, receipt_for_token, receipt_paper_enter, receipt_rate
from feedback.services.return_visits import can_visit, visit_attempt_record
from feedback.services.supervision_review import receipt_review, review_open_complaint, visit_review
from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.documents import absolute_url, pdf_response, qr_svg_data_uri, render_pdf
from firesvc.documents.responses import attachment_response
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.stats.exports import csv_bytes, xlsx_bytes

PAGE_SIZE = 50


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff_member and not request.user.is_administrator:
        raise PermissionDenied


def _is_supervisor(user: Any) -> bool:
    return bool(user.has_role(Role.SUPERVISOR))


def _supervisor_only(request: HttpRequest) -> None:
    if not (_is_supervisor(request.user) or request.user.is_administrator):
        raise PermissionDenied


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- acts (B1) -----------------------------------------------------------------------------------------------


@login_required
def acts(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActKind.values else ""
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.acts_for(request.user, kind=kind, search=search), PAGE_SIZE).get_page(
        request.GET.get("page"))
    for row in page.object_list:
        row.rating_shown = selectors.rating_shown(request.user, row)
    return render(request, "feedback/act_list.html", {
        "page": page, "kinds": ActKind.choices, "kind": kind, "search": search, "query": _query(request)})


@login_required
def act_create(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    initial = {k: request.GET[k] for k in ("kind", "follows_inspection") if request.GET.get(k, "").isalnum()}
    form = ActForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["officers"] = list(data["officers"])
        try:
            act = act_record(actor=request.user, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Act %(n)s recorded; its receipt is ready to print.") % {"n": act.number})
            return redirect(act)
    return render(request, "feedback/act_form.html", {"form": form}, status=400 if form.errors else 200)


def _act(request: HttpRequest, pk: int) -> EnforcementAct:
    return get_object_or_404(selectors.acts_for(request.user), pk=pk)


@login_required
@require_POST
def act_seal_up_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """临时查封: the officers decide not to seal up after all; the decision clock stops."""
    _staff_only(request)
    row = _act(request, pk)
    form = SealUpDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for not sealing up."))
        return redirect(row)
    try:
        seal_up_decline(inspection=row, actor=request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("Recorded: no seal-up. The decision clock has stopped."))
    return redirect(row)


@login_required
def act(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    row = _act(request, pk)
    receipt = getattr(row, "receipt", None)
    visit = getattr(row, "return_visit", None)
    clocks = list(Clock.objects.for_owner(row).select_related("rule").prefetch_related("pauses"))
    return render(request, "feedback/act_detail.html", {
        "act": row, "receipt": receipt, "visit": visit, "officers": row.officers.all(), "clocks": clocks,
        "seal_up_waiting": any(c.rule.code in SEAL_UP_DECIDE_RULES.values() and c.status != ClockStatus.STOPPED
                               for c in clocks),
        "seal_up_form": SealUpDeclineForm(),
        "measures": row.measures.all() if row.seal_up else (),
        "complaints": selectors.complaints_for(request.user).filter(act=row),
        "receipt_url": absolute_url(receipt.public_path()) if receipt else "",
        "rating_shown": selectors.rating_shown(request.user, row),
        "window_closes": rating_window_closes(receipt) if receipt else None,
    })


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    row = _act(request, pk)
    receipt = row.receipt
    url = absolute_url(receipt.public_path())
    pdf = render_pdf("feedback/receipt_pdf.html", {
        "act": row, "receipt": receipt, "officers": row.officers.all(), "qr": qr_svg_data_uri(url),
        "verification_url": url, "letterhead": [a.name for a in row.unit.ancestors()] + [row.unit.name],
    })
    return pdf_response(pdf, f"{receipt.number}.pdf")


@login_required
def receipt_paper(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    row = _act(request, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt_paper_enter(receipt=row.receipt, rating=form.rating(), actor=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Paper receipt entered."))
            return redirect(row)
    return render(request, "feedback/receipt_paper.html", {"act": row, "form": form},
                  status=400 if form.errors else 200)


# --- receipt QR page (B2, public) ----------------------------------------------------------------------------


def receipt_public(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    receipt = receipt_for_token(pk=pk, token=token)
    if receipt is None:
        raise Http404
    initial: dict[str, Any] = {}
    if receipt.rated_at:
        initial = {f: getattr(receipt, f) for f in ("overall", "punctuality", "clarity", "courtesy",
                                                     "integrity_flag", "comment", "callback_contact",
                                                     "visit_confirmed")}
    form = RatingForm(request.POST or None, initial=initial)
    closes = rating_window_closes(receipt)
    locked = closes is not None and timezone.now() > closes
    if request.method == "POST" and form.is_valid():
        try:
            receipt_rate(receipt=receipt, rating=form.rating())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your rating has been recorded; you may change it for 7 days."))
            return redirect("feedback:receipt_public", pk=receipt.pk, token=token)
    response = render(request, "feedback/receipt_public.html", {
        "receipt": receipt, "act": receipt.act, "form": form, "closes": closes, "locked": locked,
        "complaint": receipt.complaints.filter(source=ComplaintSource.RECEIPT).order_by("-pk").first(),
    }, status=400 if form.errors else 200)
    response["Referrer-Policy"] = "same-origin"  # the token must not leak to other sites (no-referrer breaks CSRF)
    return response


# --- return visits (B3) --------------------------------------------------------------------------------------


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    _supervisor_only(request)
    page = Paginator(selectors.visits_due_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_clocks(page.object_list)
    return render(request, "feedback/visit_list.html", {"page": page, "now": timezone.now()})


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
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
                _add_errors(form, exc)
            else:
                messages.success(request, _("Visit attempt recorded."))
                return redirect(row)
    selectors.attach_clocks([row])
    return render(request, "feedback/visit_detail.html", {
        "visit": row, "act": row.act, "attempts": row.attempts.select_related("attempted_by"), "form": form,
        "can_visit": can_visit(request.user, row) and row.status == VisitStatus.DUE,
    }, status=400 if form.errors else 200)


# --- supervisor review (B4) ----------------------------------------------------------------------------------


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _supervisor_only(request)
    complaints = Paginator(selectors.open_complaints_for(request.user), PAGE_SIZE).get_page(request.GET.get("cp"))
    selectors.attach_clocks(complaints.object_list)
    receipts = Paginator(selectors.review_receipts_for(request.user), PAGE_SIZE).get_page(request.GET.get("rp"))
    visit_rows = Paginator(selectors.review_visits_for(request.user), PAGE_SIZE).get_page(request.GET.get("vp"))
    return render(request, "feedback/review_queue.html", {
        "complaints": complaints, "receipts": receipts, "visits": visit_rows, "kinds": ReviewComplaintForm().fields[
            "kind"].choices,
    })


@login_required
@require_POST
def receipt_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    _supervisor_only(request)
    receipt = get_object_or_404(Receipt.objects.visible_to(request.user).select_related("act"), pk=pk)
    return _review(request, receipt=receipt)


@login_required
@require_POST
def visit_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    _supervisor_only(request)
    row = get_object_or_404(ReturnVisit.objects.visible_to(request.user).select_related("act"), pk=pk)
    return _review(request, visit=row)


def _review(request: HttpRequest, *, receipt: Receipt | None = None, visit: ReturnVisit | None = None) -> HttpResponse:
    try:
        if request.POST.get("action") == "complaint":
            form = ReviewComplaintForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose the kind and say what is to be investigated."))
            complaint = review_open_complaint(actor=request.user, receipt=receipt, visit=visit,
                                              **form.cleaned_data)
            messages.success(request, _("Complaint %(n)s opened.") % {"n": complaint.number})
        else:
            note = ReviewForm(request.POST)
            note.is_valid()
            text = note.cleaned_data.get("note", "")
            if receipt is not None:
                receipt_review(receipt=receipt, actor=request.user, note=text)
            elif visit is not None:
                visit_review(visit=visit, actor=request.user, note=text)
            messages.success(request, _("Marked reviewed."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("feedback:review_queue")


@login_required
def board(request: HttpRequest) -> HttpResponse:
    _supervisor_only(request)
    form = BoardForm(request.GET or None)
    start, end = form.period()
    data = selectors.coverage_board(request.user, start=start, end=end)
    export = request.GET.get("export", "")
    if export in ("csv", "xlsx"):
        return _board_export(data, start=start, end=end, fmt=export)
    return render(request, "feedback/board.html", {"form": form, "start": start, "end": end, **data,
                                                   "query": _query(request)})


def _board_rows(data: dict[str, list[selectors.BoardRow]]) -> list[list[Any]]:
    header = [_("Level"), _("Unit / officer"), _("Acts"), _("Receipts returned"), _("Visits due"),
              _("Visits done"), _("Visits overdue"), _("Mean rating"), _("Complaints")]
    rows: list[list[Any]] = [header]
    for level, label in (("units", _("Unit")), ("officers", _("Officer"))):
        for r in data[level]:
            rows.append([label, r.label, r.acts, r.returned, r.visits_due, r.visits_done, r.visits_overdue,
                         r.satisfaction if r.satisfaction is not None else "", r.complaints])
    return rows


def _board_export(data: dict[str, list[selectors.BoardRow]], *, start: Any, end: Any, fmt: str) -> HttpResponse:
    rows = _board_rows(data)
    name = f"coverage-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "csv":
        return attachment_response(csv_bytes(rows[0], rows[1:]), f"{name}.csv", content_type="text/csv; charset=utf-8")
    return attachment_response(xlsx_bytes(rows[0], rows[1:], title="coverage"), f"{name}.xlsx",
                               content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# --- complaints (B5) -----------------------------------------------------------------------------------------


def _complaint_filters(request: HttpRequest) -> dict[str, str]:
    form = ComplaintFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return {"search": data.get("q", ""), "status": data.get("status", ""), "kind": data.get("kind", "")}


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    filters = _complaint_filters(request)
    rows = selectors.complaints_for(request.user, **filters)
    counts = dict(selectors.complaints_for(request.user).values_list("status").annotate(n=Count("pk")).order_by())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/complaint_list.html", {
        "page": page, "filter": ComplaintFilterForm(request.GET or None), "query": _query(request),
        "counts": counts, "statuses": ComplaintStatus.choices,
    })


@login_required
def complaints_export(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    rows = selectors.complaints_for(request.user, **_complaint_filters(request)).order_by("created_at", "pk")
    header = [_("Number"), _("Kind"), _("Source"), _("Status"), _("Unit"), _("Received"), _("Complaint")]
    body = [[c.number, c.get_kind_display(), c.get_source_display(), c.get_status_display(), c.unit.name,
             timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"), c.text]
            for c in rows.iterator(chunk_size=500)]
    return attachment_response(csv_bytes(header, body), "complaints.csv", content_type="text/csv; charset=utf-8")


@login_required
def complaints_api(request: HttpRequest) -> JsonResponse:
    """JSON list of the complaints the user may see (``visible_to``), for dashboards."""
    if not (request.user.is_staff_member or request.user.is_administrator):
        return JsonResponse({"detail": "forbidden"}, status=403)
    rows = selectors.complaints_for(request.user, **_complaint_filters(request))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return JsonResponse({
        "count": page.paginator.count,
        "results": [{"id": c.pk, "number": c.number, "kind": c.kind, "source": c.source, "status": c.status,
                     "unit": c.unit.name, "created_at": c.created_at.isoformat()} for c in page.object_list],
    })


@login_required
def complaint_hotline(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = HotlineComplaintForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = complaint_open(kind=d["kind"], source=ComplaintSource.HOTLINE, unit=d["unit"], text=d["text"],
                                 subject_officers=list(d["officers"]), complainant_name=d["complainant_name"],
                                 complainant_contact=d["complainant_contact"], actor=request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Complaint %(n)s recorded. Tracking link for the caller: %(url)s") % {
                "n": row.number, "url": absolute_url(row.public_path())})
            visible = selectors.complaints_for(request.user).filter(pk=row.pk).exists()
            return redirect(row if visible else "feedback:complaints")
    return render(request, "feedback/complaint_hotline.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def complaint(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    row = get_object_or_404(selectors.complaints_for(request.user).select_related(
        "receipt", "visit", "closed_by"), pk=pk)
    forms: dict[str, Form] = {}
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    candidates = User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR).order_by("full_name")
    if action:
        try:
            if action == "assign":
                form = forms["assign"] = AssignForm(request.POST, candidates=candidates)
                if form.is_valid():
                    complaint_assign(complaint=row, actor=request.user, **form.cleaned_data)
            elif action == "answer":
                form = forms["answer"] = AnswerComplaintForm(request.POST)
                if form.is_valid():
                    complaint_answer(complaint=row, actor=request.user, **form.cleaned_data)
            elif action == "close":
                form = forms["close"] = CloseComplaintForm(request.POST)
                if form.is_valid():
                    complaint_close(complaint=row, actor=request.user, **form.cleaned_data)
            elif action == "send_back":
                form = forms["send_back"] = SendBackForm(request.POST)
                if form.is_valid():
                    complaint_send_back(complaint=row, actor=request.user, **form.cleaned_data)
            else:
                raise Http404
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        if not form.errors:
            messages.success(request, _("Saved."))
            return redirect(row)
        status = 400
    selectors.attach_clocks([row])
    supervisor = _is_supervisor(request.user)
    return render(request, "feedback/complaint_detail.html", {
        "complaint": row, "officers": row.subject_officers.all(), "supervisor": supervisor,
        "is_investigator": row.investigator_id == request.user.pk,
        "assign_form": forms.get("assign") or AssignForm(candidates=candidates,
                                                         initial={"investigator": row.investigator_id}),
        "answer_form": forms.get("answer") or AnswerComplaintForm(initial={
            "findings": row.findings, "rectification": row.rectification, "reply": row.reply}),
        "close_form": forms.get("close") or CloseComplaintForm(),
        "send_back_form": forms.get("send_back") or SendBackForm(),
        "track_url": absolute_url(row.public_path()),
        "reply_messages": reply_messages(row), "reply_route": contact_route(row.complainant_contact),
    }, status=status)


def complaint_online(request: HttpRequest) -> HttpResponse:
    form = OnlineComplaintForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot:
            messages.success(request, _("Thank you, your report has been received."))
            return redirect("feedback:complaint_online")
        if form.is_valid():
            d = form.cleaned_data
            try:
                row = complaint_open(kind=d["kind"], source=ComplaintSource.ONLINE, unit=d["unit"], text=d["text"],
                                     complainant_name=d["complainant_name"],
                                     complainant_contact=d["complainant_contact"], actor=None)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your report has been received. Keep this page's address to follow it."))
                return redirect("feedback:complaint_track", pk=row.pk, token=row.token)
    return render(request, "feedback/complaint_online.html", {"form": form}, status=400 if form.errors else 200)


def complaint_track(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    row = complaint_for_token(pk=pk, token=token)
    if row is None:
        raise Http404
    form = ReplyRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_rate_reply(complaint=row, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Thank you for rating the reply."))
            return redirect("feedback:complaint_track", pk=row.pk, token=token)
    response = render(request, "feedback/complaint_track.html", {"complaint": row, "form": form},
                      status=400 if form.errors else 200)
    response["Referrer-Policy"] = "same-origin"
    return response
