"""Staff and enterprise pages of hazards (E6): parse input, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enterprises.models import EnterpriseAccount
from enterprises.safety import forms as f
from enterprises.safety.enums import HazardStatus
from enterprises.safety.models import (
    Hazard,
    HazardAttachment,
    RectificationOrder,
)
from enterprises.safety.selectors import hazard_list, hazard_source_reference, orders_for_enterprise_user
from enterprises.safety.services import hazards as services
from firesvc.accounts.roles import Role
from firesvc.core.submissions import Submission
from firesvc.documents.verification import verification_context
from firesvc.sla.models import Clock
from firesvc.sla.selectors import clock_rule_names


def require_staff(request: HttpRequest) -> None:
    if not request.user.is_staff_member:
        raise PermissionDenied


def form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's error on the form: field errors on their fields when the form has them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Hazards: staff -----------------------------------------------------------------------------------------------


@login_required
def hazard_list_view(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    filters = f.HazardFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = hazard_list(user=request.user, status=data.get("status", ""), severity=data.get("severity", ""),
                     source=data.get("source", ""), q=data.get("q", ""), overdue=bool(data.get("overdue")),
                     unreported=bool(data.get("unreported")))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "safety/hazard_list.html", {
        "filters": filters, "page": page, "query": query.urlencode(), "today": timezone.localdate()})


def _brigade_of(user: Any) -> Any:
    unit = getattr(user, "unit", None)
    return unit.ancestor_of_kind("brigade") if unit is not None else None


@login_required
def hazard_create(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    form = f.HazardForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = data["enterprise"]
        unit = enterprise.brigade if enterprise else _brigade_of(request.user)
        if unit is None:
            form.add_error(None, _("Name the enterprise: your account belongs to no brigade."))
        else:
            try:
                hazard = Submission.of(request).record(lambda: services.hazard_record(
                    unit=unit, enterprise=enterprise, source=data["source"], severity=data["severity"],
                    description=data["description"], address=data["address"],
                    source_reference=data["source_reference"], actor=request.user,
                    photos=f.uploads(data["photos"]), found_on=data["found_on"], officers=list(data["officers"])))
            except ValidationError as exc:
                form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Hazard recorded."))
                return redirect(hazard)
    return render(request, "safety/hazard_form.html", {"form": form})


def _visible_hazard(request: HttpRequest, pk: int) -> Hazard:
    return get_object_or_404(
        Hazard.objects.visible_to(request.user).select_related("unit", "enterprise", "reported_by",
                                                              "major_confirmed_by", "government_report_by"), pk=pk)


@login_required
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_staff(request)
    hazard = _visible_hazard(request, pk)
    return _render_detail(request, hazard)


def _render_detail(request: HttpRequest, hazard: Hazard, **forms_: Any) -> HttpResponse:
    user = request.user
    can_order = user.is_administrator or user.has_role(*services.ORDER_ROLES)
    context: dict[str, Any] = {
        "hazard": hazard, "order": getattr(hazard, "order", None),
        "source_reference": hazard_source_reference(hazard, user),
        "attachments": hazard.attachments.all(), "rechecks": hazard.rechecks.select_related("checked_by"),
        "clocks": list(Clock.objects.for_owner(hazard).select_related("rule").order_by("started_at")),
        "can_order": can_order, "can_decide_major": user.is_administrator or user.has_role(Role.APPROVER),
    }
    context["clock_names"] = clock_rule_names(context["clocks"])
    if hazard.status == HazardStatus.MAJOR_REVIEW:
        context["major_form"] = forms_.get("major_form") or f.MajorDecisionForm()
    # A refused report shows its form with the reason, whoever sent it (a second report, a role without it).
    if "report_form" in forms_ or (hazard.awaits_government_report and context["can_decide_major"]):
        context["report_form"] = forms_.get("report_form") or f.GovernmentReportForm()
    if hazard.status == HazardStatus.RECORDED and can_order:
        context["order_form"] = forms_.get("order_form") or f.OrderForm(
            user=user, needs_enterprise=hazard.enterprise_id is None)
    if hazard.status == HazardStatus.RECHECK and can_order:
        context["recheck_form"] = forms_.get("recheck_form") or f.RecheckForm()
    if hazard.status != HazardStatus.ELIMINATED:
        context["photo_form"] = forms_.get("photo_form") or f.PhotoForm()
    return render(request, "safety/hazard_detail.html", context,
                  status=400 if any(form.errors for form in forms_.values()) else 200)


def _hazard_action(request: HttpRequest, pk: int, form_name: str, build: Callable[[], forms.Form],
                   call: Callable[[Hazard, dict[str, Any]], Any], success: str) -> HttpResponse:
    require_staff(request)
    hazard = _visible_hazard(request, pk)
    form = build()
    if form.is_valid():
        try:
            call(hazard, form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Your role does not allow this step."))
        else:
            messages.success(request, success)
            return redirect(hazard)
    hazard.refresh_from_db()
    return _render_detail(request, hazard, **{form_name: form})


@login_required
@require_POST
def hazard_major(request: HttpRequest, pk: int) -> HttpResponse:
    return _hazard_action(
        request, pk, "major_form", lambda: f.MajorDecisionForm(request.POST),
        lambda h, d: services.hazard_major_decide(hazard=h, confirm=d["confirm"], reason=d["reason"],
                                                  actor=request.user),
        _("Decision recorded."))


@login_required
@require_POST
def hazard_government_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _hazard_action(
        request, pk, "report_form", lambda: f.GovernmentReportForm(request.POST),
        lambda h, d: services.hazard_major_report(hazard=h, reported_on=d["reported_on"],
                                                  reported_to=d["reported_to"], note=d["note"], actor=request.user),
        _("The report to the people's government has been recorded."))


@login_required
@require_POST
def hazard_order(request: HttpRequest, pk: int) -> HttpResponse:
    hazard = _visible_hazard(request, pk)
    return _hazard_action(
        request, pk, "order_form",
        lambda: f.OrderForm(request.POST, user=request.user, needs_enterprise=hazard.enterprise_id is None),
        lambda h, d: services.rectification_order_issue(
            hazard=h, requirements=d["requirements"], rectify_workdays=d["rectify_workdays"],
            enterprise=d.get("enterprise"), actor=request.user),
        _("Rectification order issued; the enterprise has been notified."))


@login_required
@require_POST
def hazard_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    return _hazard_action(
        request, pk, "recheck_form", lambda: f.RecheckForm(request.POST, request.FILES),
        lambda h, d: services.hazard_recheck(hazard=h, passed=d["passed"], note=d["note"],
                                             new_rectify_workdays=d["new_rectify_workdays"],
                                             photos=f.uploads(d["photos"]), actor=request.user),
        _("Re-check recorded."))


@login_required
@require_POST
def hazard_photo(request: HttpRequest, pk: int) -> HttpResponse:
    return _hazard_action(
        request, pk, "photo_form", lambda: f.PhotoForm(request.POST, request.FILES),
        lambda h, d: services.hazard_photo_add(hazard=h, upload=f.uploads(d["photo"])[0], actor=request.user),
        _("Photo added."))


@login_required
def attachment_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve an attachment only to people who may see its hazard (never from /media/)."""
    attachment = get_object_or_404(HazardAttachment, pk=pk)
    if not Hazard.objects.visible_to(request.user).filter(pk=attachment.hazard_id).exists():
        raise Http404
    return file_response(attachment.file, attachment.original_name, attachment.content_type)


def file_response(field: Any, name: str, content_type: str) -> FileResponse:
    inline = content_type in ("image/jpeg", "image/png", "application/pdf")
    response = FileResponse(field.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The rectification order (责令限期改正通知书) as a PDF, for staff in scope and the enterprise it names."""
    from firesvc.documents.pdf import render_pdf
    from firesvc.documents.responses import pdf_response

    hazard = get_object_or_404(Hazard.objects.visible_to(request.user).select_related("order", "enterprise", "unit"),
                               pk=pk)
    order = getattr(hazard, "order", None)
    if order is None:
        raise Http404
    pdf = render_pdf("safety/order_pdf.html", {"hazard": hazard, "order": order, "letterhead": _letterhead(hazard),
                                               **verification_context(order)})
    return pdf_response(pdf, f"{order.number}.pdf")


def _letterhead(hazard: Hazard) -> list[str]:
    """The issuing units from the detachment down, as the order prints them (as the approval notices do)."""
    return hazard.unit.letterhead()


@require_GET
def verify_order(request: HttpRequest, token: str) -> HttpResponse:
    """What an order's QR code (or its 核验码, typed at the public verify page) opens: is this paper ours, and
    its key facts — number, date, issuer, addressee; nothing of the hazard itself. No sign-in."""
    order = (RectificationOrder.objects.select_related("hazard__enterprise", "hazard__unit")
             .filter(verification_token=token).first())
    if order is None:
        response = render(request, "approvals/public/verify_unknown.html", status=404)
    else:
        response = render(request, "safety/verify_order.html", {
            "order": order, "issued_on": timezone.localdate(order.issued_at),
            "issuer": " ".join(_letterhead(order.hazard)),
            "enterprise_name": order.hazard.enterprise.name if order.hazard.enterprise else ""})
    # The token in the address is the key to the page: keep it out of referrers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- Hazards: the enterprise ---------------------------------------------------------------------------------------


def _enterprise_account(request: HttpRequest) -> EnterpriseAccount:
    account = EnterpriseAccount.objects.filter(user=request.user).select_related("enterprise").first()
    if account is None:
        raise PermissionDenied
    return account


@login_required
def my_orders(request: HttpRequest) -> HttpResponse:
    account = _enterprise_account(request)
    return render(request, "safety/my_orders.html", {
        "account": account, "items": orders_for_enterprise_user(request.user)})


@login_required
def my_order(request: HttpRequest, pk: int) -> HttpResponse:
    account = _enterprise_account(request)
    hazard = get_object_or_404(Hazard.objects.visible_to(request.user).select_related("order", "enterprise"), pk=pk)
    # While a re-check is pending the enterprise reports its correction or adds to its answer.
    reporting = services.reports_correction(hazard, hazard.order)
    form = f.ResponseForm(request.POST or None, request.FILES or None,
                          adding=services.adds_to_report(hazard, hazard.order))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                Submission.of(request).record(lambda: services.rectification_respond(
                    hazard=hazard, note=form.cleaned_data["note"], files=f.uploads(form.cleaned_data["files"]),
                    actor=request.user))
            except ValidationError as exc:
                form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Thank you. The officer who issued the order has your report.") if reporting
                                 else _("Thank you. The fire service will re-check within 3 working days."))
                return redirect("safety:my_order", pk=hazard.pk)
        status = 400
        hazard.refresh_from_db()
    return render(request, "safety/my_order.html", {
        "account": account, "hazard": hazard, "order": hazard.order, "form": form,
        "source_reference": hazard_source_reference(hazard, request.user),
        "attachments": hazard.attachments.all(), "rechecks": hazard.rechecks.all(),
        "can_answer": hazard.status == HazardStatus.ORDERED and account.can_file,
        "can_report": reporting and account.can_file,
    }, status=status)
