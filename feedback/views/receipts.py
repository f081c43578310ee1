"""Receipts (B2): the printed receipt, the paper receipt typed in, and the public QR page.

The QR page needs no account: its token is the key, and it must not leak to other sites.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.enums import ComplaintSource
from feedback.forms.receipts import RatingForm
from feedback.services.receipts import rating_window_closes, receipt_for_token, receipt_paper_enter, receipt_rate
from feedback.views.acts import act_in_scope
from feedback.views.base import add_errors, staff_only
from firesvc.documents import absolute_url, pdf_response, qr_svg_data_uri, render_pdf


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    row = act_in_scope(request, pk)
    receipt = row.receipt
    url = absolute_url(receipt.public_path())
    pdf = render_pdf("feedback/receipt_pdf.html", {
        "act": row, "receipt": receipt, "officers": row.officers.all(), "qr": qr_svg_data_uri(url),
        "verification_url": url, "letterhead": row.unit.letterhead(),
    })
    return pdf_response(pdf, f"{receipt.number}.pdf")


@login_required
def receipt_paper(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    row = act_in_scope(request, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt_paper_enter(receipt=row.receipt, rating=form.rating(), actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Paper receipt entered."))
            return redirect(row)
    return render(request, "feedback/receipt_paper.html", {"act": row, "form": form},
                  status=400 if form.errors else 200)


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
            add_errors(form, exc)
        else:
            messages.success(request, _("Thank you. Your rating has been recorded; you may change it for 7 days."))
            return redirect("feedback:receipt_public", pk=receipt.pk, token=token)
    response = render(request, "feedback/receipt_public.html", {
        "receipt": receipt, "act": receipt.act, "form": form, "closes": closes, "locked": locked,
        "complaint": receipt.complaints.filter(source=ComplaintSource.RECEIPT).order_by("-pk").first(),
    }, status=400 if form.errors else 200)
    response["Referrer-Policy"] = "same-origin"  # the token must not leak to other sites (no-referrer breaks CSRF)
    return response

