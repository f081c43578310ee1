"""Supervision review (监督评查, B4): open complaints, returned receipts and visit records
to review, each marked reviewed or turned into a complaint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback.forms.supervision_review import ReviewComplaintForm, ReviewForm
from feedback.hazard_reports.selectors import reopened_for
from feedback.models import Complaint, Receipt, ReturnVisit
from feedback.selectors.row_clocks import attach_clocks
from feedback.selectors.supervision_review import open_complaints_for, review_receipts_for, review_visits_for
from feedback.services.supervision_review import AlreadyLodged, receipt_review, review_open_complaint, visit_review
from feedback.views.base import PAGE_SIZE, supervisor_only
from firesvc.sla.selectors import clock_rule_names


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    supervisor_only(request)
    complaints = Paginator(open_complaints_for(request.user), PAGE_SIZE).get_page(request.GET.get("cp"))
    attach_clocks(complaints.object_list)
    receipts = Paginator(review_receipts_for(request.user), PAGE_SIZE).get_page(request.GET.get("rp"))
    visit_rows = Paginator(review_visits_for(request.user), PAGE_SIZE).get_page(request.GET.get("vp"))
    return render(request, "feedback/review_queue.html", {
        "reopened_reports": reopened_for(request.user)[:50],
        # Each complaint's answer limit in its case page's words (the kernel's naming of any clock).
        "clock_names": clock_rule_names(row.clock for row in complaints.object_list if row.clock),
        "complaints": complaints, "receipts": receipts, "visits": visit_rows, "kinds": ReviewComplaintForm().fields[
            "kind"].choices,
    })


@login_required
@require_POST
def receipt_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    supervisor_only(request)
    receipt = get_object_or_404(Receipt.objects.visible_to(request.user).select_related("act"), pk=pk)
    return _review(request, receipt=receipt)


@login_required
@require_POST
def visit_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    supervisor_only(request)
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
            opened = _("Integrity report %(n)s opened.") if complaint.is_integrity else _("Complaint %(n)s opened.")
            messages.success(request, opened % {"n": complaint.number})
        else:
            note = ReviewForm(request.POST)
            note.is_valid()
            text = note.cleaned_data.get("note", "")
            if receipt is not None:
                receipt_review(receipt=receipt, actor=request.user, note=text)
            elif visit is not None:
                visit_review(visit=visit, actor=request.user, note=text)
            messages.success(request, _("Marked reviewed."))
    except AlreadyLodged as exc:  # one complaint per receipt or visit: show the one there is, if it may be read
        if Complaint.objects.visible_to(request.user).filter(pk=exc.complaint.pk).exists():
            messages.warning(request, exc.messages[0])
            return redirect(exc.complaint)
        messages.error(request, _("A complaint has already been opened from this; no second complaint is opened."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("feedback:review_queue")

