"""Window consultations (窗口咨询, A5), recorded by the clerk who answered."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from approvals.forms.window_consultations import ConsultationForm
from approvals.models import Consultation
from approvals.services.window_consultations import consultation_record
from approvals.views.access import CLERK_ROLES, _error_text, _require
from firesvc.core.submissions import Submission


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    _require(request, *CLERK_ROLES)
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            Submission.of(request).record(lambda: consultation_record(clerk=request.user, **form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Consultation recorded."))
            return redirect("approvals:consultations")
    recent = Consultation.objects.filter(clerk=request.user).select_related("matter").order_by("-created_at")[:30]
    return render(request, "approvals/consultations.html", {"form": form, "recent": recent})
