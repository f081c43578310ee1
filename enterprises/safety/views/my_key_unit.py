"""The key unit's own page (E7): its 六加一 checklist, its responsibility letter, evidence uploads.

Only for the users of the enterprise: the enterprise comes from the user's account, never from the URL, so
no one can open another enterprise's checklist; staff work on ``safety:key_unit``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.models import EnterpriseAccount
from enterprises.safety import forms as f
from enterprises.safety.models import KeyUnitMeasure
from enterprises.safety.selectors import key_unit_checklist
from enterprises.safety.services import key_units as services


def _account(request: HttpRequest) -> EnterpriseAccount:
    if request.user.is_staff_member:
        raise PermissionDenied
    account = (EnterpriseAccount.objects.filter(user=request.user)
               .select_related("enterprise", "enterprise__brigade").first())
    if account is None:
        raise PermissionDenied
    return account


def _render(request: HttpRequest, account: EnterpriseAccount, *, failed: int | None = None,
            failed_form: f.EvidenceForm | None = None, status: int = 200) -> HttpResponse:
    enterprise = account.enterprise
    # Until the brigade verifies the account, its holder has not been shown to speak for the enterprise: the
    # checklist, evidence and letter stay hidden.
    checklist = key_unit_checklist(enterprise) if enterprise.is_key_unit and account.can_file else None
    forms_ = {row.measure.pk: failed_form if row.measure.pk == failed else f.EvidenceForm(prefix=f"m{row.measure.pk}")
              for row in (checklist.rows if checklist else [])}
    return render(request, "safety/enterprise_key_unit.html", {
        "account": account, "enterprise": enterprise, "checklist": checklist,
        "rows": [{"row": row, "form": forms_[row.measure.pk]} for row in (checklist.rows if checklist else [])],
        "can_upload": account.can_file, "failed_form": failed_form,
    }, status=status)


@login_required
def my_key_unit(request: HttpRequest) -> HttpResponse:
    """The checklist with each measure's status, evidence and dates, and the current responsibility letter."""
    return _render(request, _account(request))


@login_required
@require_POST
def my_key_unit_evidence(request: HttpRequest, measure_pk: int) -> HttpResponse:
    """Upload the evidence that one measure is in place; staff see it on the unit's page."""
    account = _account(request)
    measure = get_object_or_404(KeyUnitMeasure, pk=measure_pk, is_active=True)
    form = f.EvidenceForm(request.POST, request.FILES, prefix=f"m{measure.pk}")
    status = 400
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            services.key_unit_measure_update(
                enterprise=account.enterprise, measure=measure, in_place=True, implemented_on=data["implemented_on"],
                note=data["note"], evidence=f.uploads(data["evidence"])[0], actor=request.user)
        except ValidationError as exc:
            errors_by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for field, errors in errors_by_field.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Your role does not allow this step."))
            status = 403
        else:
            messages.success(request, _("Evidence for “%(measure)s” uploaded. The brigade sees it now.")
                             % {"measure": measure.title})
            return redirect("safety:my_key_unit")
    return _render(request, account, failed=measure.pk, failed_form=form, status=status)
