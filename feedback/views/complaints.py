"""Complaints and integrity reports (B5): staff lists, the hotline form, a complaint's page,
and the public pages (file online, follow and rate the reply) that need no account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.enums import ComplaintSource
from feedback.forms.complaints import (
    AnswerComplaintForm,
    AssignForm,
    CloseComplaintForm,
    ComplaintFilterForm,
    HotlineComplaintForm,
    OnlineComplaintForm,
    ReplyRatingForm,
    SendBackForm,
)
from feedback.selectors.complaints import complaint_status_counts, complaints_for, investigator_candidates
from feedback.selectors.row_clocks import attach_clocks
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
from feedback.views.base import PAGE_SIZE, add_errors, is_supervisor, page_query, staff_only
from firesvc.core.submissions import Submission
from firesvc.documents import absolute_url
from firesvc.documents.responses import attachment_response
from firesvc.stats.exports import csv_bytes


def _complaint_filters(request: HttpRequest) -> dict[str, str]:
    form = ComplaintFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return {"search": data.get("q", ""), "status": data.get("status", ""), "kind": data.get("kind", "")}


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    filters = _complaint_filters(request)
    rows = complaints_for(request.user, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/complaint_list.html", {
        "page": page, "filter": ComplaintFilterForm(request.GET or None), "query": page_query(request),
        "counts": complaint_status_counts(request.user),
    })


@login_required
def complaints_export(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    rows = complaints_for(request.user, **_complaint_filters(request)).order_by("created_at", "pk")
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
    rows = complaints_for(request.user, **_complaint_filters(request))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return JsonResponse({
        "count": page.paginator.count,
        "results": [{"id": c.pk, "number": c.number, "kind": c.kind, "source": c.source, "status": c.status,
                     "unit": c.unit.name, "created_at": c.created_at.isoformat()} for c in page.object_list],
    })


@login_required
def complaint_hotline(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    form = HotlineComplaintForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = Submission.of(request).record(lambda: complaint_open(
                kind=d["kind"], source=ComplaintSource.HOTLINE, unit=d["unit"], text=d["text"],
                subject_officers=list(d["officers"]), complainant_name=d["complainant_name"],
                complainant_contact=d["complainant_contact"], actor=request.user))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            recorded = (_("Integrity report %(n)s recorded. Tracking link for the caller: %(url)s")
                        if row.is_integrity else _("Complaint %(n)s recorded. Tracking link for the caller: %(url)s"))
            messages.success(request, recorded % {"n": row.number, "url": absolute_url(row.public_path())})
            visible = complaints_for(request.user).filter(pk=row.pk).exists()
            return redirect(row if visible else "feedback:complaints")
    return render(request, "feedback/complaint_hotline.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def complaint(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    row = get_object_or_404(complaints_for(request.user).select_related(
        "receipt", "visit", "closed_by"), pk=pk)
    forms: dict[str, Form] = {}
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    candidates = investigator_candidates(row)
    if action:
        try:
            if action == "assign":
                form = forms["assign"] = AssignForm(request.POST, candidates=candidates)
                if form.is_valid():
                    complaint_assign(complaint=row, actor=request.user, **form.cleaned_data)
            elif action == "answer":
                form = forms["answer"] = AnswerComplaintForm(request.POST, integrity=row.is_integrity)
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
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        if not form.errors:
            messages.success(request, _("Saved."))
            return redirect(row)
        status = 400
    attach_clocks([row])
    supervisor = is_supervisor(request.user)
    return render(request, "feedback/complaint_detail.html", {
        "complaint": row, "officers": row.subject_officers.all(), "supervisor": supervisor,
        "is_investigator": row.investigator_id == request.user.pk, "own_answer": row.answered_by(request.user),
        "assign_form": forms.get("assign") or AssignForm(candidates=candidates,
                                                         initial={"investigator": row.investigator_id}),
        "answer_form": forms.get("answer") or AnswerComplaintForm(integrity=row.is_integrity, initial={
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
                row = Submission.of(request).record(lambda: complaint_open(
                    kind=d["kind"], source=ComplaintSource.ONLINE, unit=d["unit"], text=d["text"],
                    complainant_name=d["complainant_name"], complainant_contact=d["complainant_contact"],
                    actor=None))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Your report has been received. Note down the address of this page "
                                            "%(url)s: with it you can follow the report at any time.")
                                 % {"url": absolute_url(row.public_path())})
                return redirect(row.public_path())
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
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you for rating the reply."))
            return redirect("feedback:complaint_track", pk=row.pk, token=token)
    response = render(request, "feedback/complaint_track.html", {"complaint": row, "form": form},
                      status=400 if form.errors else 200)
    response["Referrer-Policy"] = "same-origin"
    return response

