"""Suggestions (E5): the staff queue and case page, enterprise users' own suggestions and replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.enums import SuggestionSource, SuggestionStatus
from enterprises.forms.parsing import add_service_error
from enterprises.forms.suggestions import AssignForm, OnlineSuggestionForm, RateForm, StaffSuggestionForm
from enterprises.models import EnterpriseAccount, Suggestion
from enterprises.selectors.suggestions import attach_clocks, suggestion_clock
from enterprises.services import suggestions as svc
from firesvc.accounts.models import User
from firesvc.accounts.roles import STAFF_ROLES
from firesvc.accounts.scoping import scope_unit_ids
from firesvc.core.submissions import Submission
from firesvc.sla.models import TimeLimitRule


def _staff_only(request: HttpRequest) -> None:
    if not svc.can_handle_suggestions(request.user):
        raise PermissionDenied


def _assignees(user: User, suggestion: Suggestion) -> object:
    """Staff who can see the suggestion's unit: members of that unit or of a unit above it."""
    ancestors = [int(p) for p in suggestion.unit.path.strip("/").split("/") if p.isdigit()] \
        if hasattr(suggestion.unit, "path") else []
    ids = scope_unit_ids(user)
    qs = User.objects.filter(is_active=True, groups__name__in=[r.value for r in STAFF_ROLES]).distinct()
    qs = qs.filter(unit_id__in=[suggestion.unit_id, *ancestors]) if ancestors else qs.filter(unit=suggestion.unit)
    return qs if ids is None else qs.filter(unit_id__in=ids).order_by("full_name", "pk")


@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    status = request.GET.get("status", "open")
    qs = Suggestion.objects.visible_to(request.user).select_related("unit", "enterprise", "assignee")
    if status == "open":
        qs = qs.exclude(status=SuggestionStatus.FED_BACK).order_by("due_at", "pk")
    elif status in SuggestionStatus.values:
        qs = qs.filter(status=status).order_by("-created_at", "-pk")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    page.object_list = attach_clocks(page.object_list)
    tabs = [("open", _("Open")), *SuggestionStatus.choices]
    return render(request, "enterprises/suggestions/list.html", {"page": page, "status": status, "tabs": tabs})


@login_required
def suggestion_create(request: HttpRequest) -> HttpResponse:
    """Staff record a suggestion from the window, a return visit or a deputy / assessor."""
    _staff_only(request)
    # ``?enterprise=<id>`` from an enterprise's timeline; the picker shows it only if it is in the user's scope.
    initial = {"source": SuggestionSource.WINDOW, "enterprise": request.GET.get("enterprise", "")}
    form = StaffSuggestionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = Submission.of(request).record(lambda: svc.suggestion_create(
                actor=request.user, source=data["source"], content=data["content"], unit=data["unit"],
                enterprise=data["enterprise"], submitter_name=data["submitter_name"],
                submitter_phone=data["submitter_phone"]))
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Suggestion %(number)s recorded.") % {"number": suggestion.number})
            return redirect("enterprises:suggestion_detail", pk=suggestion.pk)
    return render(request, "enterprises/suggestions/form.html", {"form": form})


@login_required
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    suggestion = get_object_or_404(Suggestion.objects.visible_to(request.user).select_related(
        "unit", "enterprise", "assignee", "visit", "forum"), pk=pk)
    return _render_detail(request, suggestion)


def _render_detail(request: HttpRequest, suggestion: Suggestion, *, typed: str = "", action: str = "") -> HttpResponse:
    return render(request, "enterprises/suggestions/detail.html", {
        "s": suggestion, "clock": suggestion_clock(suggestion), "can_rate": svc.can_rate(request.user, suggestion),
        "assign_form": AssignForm(queryset=_assignees(request.user, suggestion)),
        "rate_form": RateForm(), "typed": typed, "typed_action": action})


ACTIONS = {  # action → (command, needs text)
    "accept": (lambda user, s, text: svc.suggestion_accept(actor=user, suggestion=s, note=text), False),
    "decline": (lambda user, s, text: svc.suggestion_decline(actor=user, suggestion=s, reason=text), True),
    "rectify": (lambda user, s, text: svc.suggestion_rectify(actor=user, suggestion=s, rectification=text), True),
    "feedback": (lambda user, s, text: svc.suggestion_feed_back(actor=user, suggestion=s, feedback=text), True),
}


def _done_message(action: str) -> str:
    return {"accept": _("Suggestion accepted."), "decline": _("Suggestion declined."),
            "rectify": _("Rectification recorded."), "feedback": _("Reply sent to the submitter."),
            "assign": _("Suggestion assigned."), "rate": _("Satisfaction recorded.")}[action]


@login_required
@require_POST
def suggestion_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _staff_only(request)
    suggestion = get_object_or_404(Suggestion.objects.visible_to(request.user).select_related("unit"), pk=pk)
    try:
        if action == "assign":
            form = AssignForm(request.POST, queryset=_assignees(request.user, suggestion))
            if not form.is_valid():
                raise ValidationError(_("Choose a member of staff of the handling unit."))
            svc.suggestion_assign(actor=request.user, suggestion=suggestion, assignee=form.cleaned_data["assignee"])
        elif action == "rate":
            form = RateForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose how satisfied the submitter is."))
            svc.suggestion_rate(actor=request.user, suggestion=suggestion, **form.cleaned_data)
        elif action in ACTIONS:
            command, needs_text = ACTIONS[action]
            text = request.POST.get("text", "").strip()
            if needs_text and not text:
                raise ValidationError(_("Write the text first."))
            command(request.user, suggestion, text)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        # Show the case again with the error and what was typed.
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        suggestion.refresh_from_db()
        return _render_detail(request, suggestion, typed=request.POST.get("text", ""), action=action)
    else:
        messages.success(request, _done_message(action))
    return redirect("enterprises:suggestion_detail", pk=suggestion.pk)


@login_required
def suggestion_mine_list(request: HttpRequest) -> HttpResponse:
    """An enterprise user's suggestions with the replies, and a form to send a new one online."""
    account = EnterpriseAccount.objects.filter(user=request.user).select_related("enterprise").first()
    if account is None:
        raise PermissionDenied
    form = OnlineSuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            Submission.of(request).record(lambda: svc.suggestion_create(
                actor=request.user, source=SuggestionSource.ONLINE, enterprise=account.enterprise,
                content=form.cleaned_data["content"],
                submitter_phone=form.cleaned_data["submitter_phone"]))
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Thank you. The brigade will reply within the promised time."))
            return redirect("enterprises:suggestions_mine")
    items = Suggestion.objects.visible_to(request.user).order_by("-created_at", "-pk")[:100]
    rule = TimeLimitRule.objects.filter(ruleset__is_active=True, code=svc.RULE_CODE).first()
    return render(request, "enterprises/suggestions/mine.html", {
        "form": form, "items": items, "account": account, "feedback_days": rule.limit if rule else None})


@login_required
def suggestion_mine(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.is_staff_member:
        return redirect("enterprises:suggestion_detail", pk=pk)
    suggestion = get_object_or_404(Suggestion.objects.visible_to(request.user).select_related("unit"), pk=pk)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.suggestion_rate(actor=request.user, suggestion=suggestion, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("enterprises:suggestion_mine", pk=suggestion.pk)
    return render(request, "enterprises/suggestions/mine_detail.html", {
        "s": suggestion, "form": form, "can_rate": svc.can_rate(request.user, suggestion),
        "clock": suggestion_clock(suggestion)})
