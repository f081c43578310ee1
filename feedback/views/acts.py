"""Enforcement acts (B1): the list, recording an act, its page and the seal-up decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback.enums import ActKind
from feedback.forms.acts import ActForm, SealUpDeclineForm
from feedback.models import EnforcementAct
from feedback.selectors.acts import acts_for
from feedback.selectors.complaints import complaints_for
from feedback.selectors.receipts import rating_shown
from feedback.selectors.row_clocks import attach_clocks
from feedback.services.acts import SEAL_UP_DECIDE_RULES, act_record, seal_up_decline
from feedback.services.receipts import rating_window_closes
from feedback.views.base import PAGE_SIZE, add_errors, page_query, staff_only
from firesvc.core.submissions import Submission
from firesvc.documents import absolute_url
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock


@login_required
def acts(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActKind.values else ""
    search = request.GET.get("q", "")[:100]
    page = Paginator(acts_for(request.user, kind=kind, search=search), PAGE_SIZE).get_page(
        request.GET.get("page"))
    for row in page.object_list:
        row.rating_shown = rating_shown(request.user, row)
    return render(request, "feedback/act_list.html", {
        "page": page, "kinds": ActKind.choices, "kind": kind, "search": search, "query": page_query(request)})


@login_required
def act_create(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    initial = {k: request.GET[k] for k in ("kind", "follows_inspection") if request.GET.get(k, "").isalnum()}
    form = ActForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["officers"] = list(data["officers"])
        try:
            act = Submission.of(request).record(lambda: act_record(actor=request.user, **data))
        except ValidationError as exc:
            add_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("Act %(n)s recorded; its receipt is ready to print.") % {"n": act.number})
            return redirect(act)
    return render(request, "feedback/act_form.html", {"form": form}, status=400 if form.errors else 200)


def act_in_scope(request: HttpRequest, pk: int) -> EnforcementAct:
    return get_object_or_404(acts_for(request.user), pk=pk)


@login_required
@require_POST
def act_seal_up_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """临时查封: the officers decide not to seal up after all; the decision clock stops."""
    staff_only(request)
    row = act_in_scope(request, pk)
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
    staff_only(request)
    row = act_in_scope(request, pk)
    receipt = getattr(row, "receipt", None)
    visit = getattr(row, "return_visit", None)
    if visit is not None:
        attach_clocks([visit])  # its deadline is the clock's last day, not the ``due_at`` copy (the next midnight)
    clocks = list(Clock.objects.for_owner(row).select_related("rule").prefetch_related("pauses"))
    return render(request, "feedback/act_detail.html", {
        "act": row, "receipt": receipt, "visit": visit, "officers": row.officers.all(), "clocks": clocks,
        "seal_up_waiting": any(c.rule.code in SEAL_UP_DECIDE_RULES.values() and c.status != ClockStatus.STOPPED
                               for c in clocks),
        "seal_up_form": SealUpDeclineForm(),
        "measures": row.measures.all() if row.seal_up else (),
        "complaints": complaints_for(request.user).filter(act=row),
        "receipt_url": absolute_url(receipt.public_path()) if receipt else "",
        "rating_shown": rating_shown(request.user, row),
        "window_closes": rating_window_closes(receipt) if receipt else None,
    })

