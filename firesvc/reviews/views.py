"""Pages of 好差评: rating a stage online or through the window code, the window code itself, the
supervisors' follow-up queue and a follow-up, the satisfaction figures. Views parse and call one service."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods

from firesvc.audit.selectors import timeline_for
from firesvc.documents.links import absolute_url
from firesvc.documents.qr import qr_svg
from firesvc.reviews import selectors, services
from firesvc.reviews.enums import Channel, FollowUpStatus, Stage
from firesvc.reviews.forms import RatingForm, ReplyForm, VisitForm
from firesvc.reviews.models import FollowUp, Review
from firesvc.reviews.registry import CaseKind, kind


def _kind(key: str) -> CaseKind:
    """The kind a rating page serves. A kind with its own rating flow is rated on its own page only: rated here,
    its bad rating would skip the owner's answer to it (a hazard report would not reopen for a supervisor)."""
    case_kind = kind(key)
    if case_kind is None or case_kind.own_rating_flow:
        raise Http404
    return case_kind


def _stage(case_kind: CaseKind, case: Any, stage: str) -> str:
    if stage not in Stage.values or stage not in case_kind.stages(case):
        raise Http404
    return stage


def _rating_page(request: HttpRequest, *, case_kind: CaseKind, case: Any, stage: str, channel: str,
                 rater: Any, back_url: str, template: str, extra: dict[str, Any] | None = None,
                 access_checked: bool = False) -> HttpResponse:
    """Shared by the online page and the window code's page: the stage's rating, its follow-up, the form."""
    first = Review.objects.for_owner(case).filter(stage=stage, parent__isnull=True).select_related(
        "follow_up").first()
    follow_up = getattr(first, "follow_up", None) if first is not None else None
    reached = case_kind.stages(case).get(stage) is not None
    can_rate = reached and first is None
    can_rate_again = follow_up is not None and follow_up.status == FollowUpStatus.REPLIED
    form = RatingForm(channel=channel)
    if request.method == "POST" and (can_rate or can_rate_again):
        form = RatingForm(request.POST, channel=channel)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if can_rate:
                    services.review_submit(kind=case_kind, case=case, stage=stage, channel=channel,
                                           level=data["level"], items=data["items"], comment=data["comment"],
                                           rater=rater, access_checked=access_checked)
                else:
                    services.review_rate_again(kind=case_kind, follow_up=follow_up, level=data["level"],
                                               items=data["items"], comment=data["comment"], rater=rater,
                                               channel=channel, access_checked=access_checked)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you for your rating."))
                return redirect(request.path)
    elif request.method == "POST":
        messages.info(request, _("This stage of the case has already been rated."))
        return redirect(request.path)
    context = {
        "case_kind": case_kind, "case": case, "case_title": case_kind.title(case), "stage": stage,
        "stage_label": Stage(stage).label, "reached": reached, "first": first, "follow_up": follow_up,
        "again": first.follow_up_rating if first is not None and hasattr(first, "follow_up_rating") else None,
        "can_rate": can_rate, "can_rate_again": can_rate_again, "form": form, "back_url": back_url,
        "channel": channel, **(extra or {}),
    }
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, kind_key: str, pk: int, stage: str) -> HttpResponse:
    """The applicant rates a stage of their case online (网上评价)."""
    case_kind = _kind(kind_key)
    case = case_kind.visible_to(request.user).filter(pk=pk).first()
    if case is None or not services.may_rate_online(kind=case_kind, case=case, user=request.user):
        raise Http404
    stage = _stage(case_kind, case, stage)
    return _rating_page(request, case_kind=case_kind, case=case, stage=stage, channel=Channel.ONLINE,
                        rater=request.user, back_url=case_kind.rater_url(case), template="reviews/rate.html")


def _token_case(request: HttpRequest, token: str, read: Any) -> tuple[CaseKind, Any, str] | HttpResponse:
    """The case kind, case and stage a signed rating token names, or the page saying the code is not valid.
    The token is the permission: only staff who see the case (window code) or the case's own tracking page
    (rating link) hand it out."""
    try:
        kind_key, pk, stage = read(token)
    except ValidationError as error:
        return render(request, "reviews/code_invalid.html", {"message": error.messages[0]}, status=404)
    case_kind = _kind(kind_key)
    case = apps.get_model(case_kind.model)._default_manager.filter(pk=pk).first()
    if case is None:
        raise Http404
    return case_kind, case, _stage(case_kind, case, stage)


def _token_in_path(response: HttpResponse) -> HttpResponse:
    # The token is in the path: it never leaves the site. Same origin, not no-referrer: with no-referrer the
    # browser sends "Origin: null" with the rating form and the CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def window_rate(request: HttpRequest, token: str) -> HttpResponse:
    """The page the window code opens (窗口评价, no account): rates the stage the clerk chose, once."""
    found = _token_case(request, token, services.window_token_read)
    if isinstance(found, HttpResponse):
        return found
    case_kind, case, stage = found
    return _token_in_path(_rating_page(
        request, case_kind=case_kind, case=case, stage=stage, channel=Channel.WINDOW, rater=None, back_url="",
        template="reviews/rate.html", extra={"public": True}))


@require_http_methods(["GET", "POST"])
def link_rate(request: HttpRequest, token: str) -> HttpResponse:
    """The online rating page of a rater without an account (网上评价): the link their case's tracking page
    shows (a resident's question); rates the stage once, and once more after a bad rating's reply."""
    found = _token_case(request, token, services.rater_token_read)
    if isinstance(found, HttpResponse):
        return found
    case_kind, case, stage = found
    return _token_in_path(_rating_page(
        request, case_kind=case_kind, case=case, stage=stage, channel=Channel.ONLINE, rater=None,
        back_url=case_kind.rater_url(case), template="reviews/rate.html", extra={"public": True},
        access_checked=True))


@login_required
def window_code(request: HttpRequest, kind_key: str, pk: int, stage: str) -> HttpResponse:
    """The clerk shows (or prints) the code that opens the rating page of a stage of a case in scope."""
    if not (request.user.is_staff_member or request.user.is_administrator):
        raise PermissionDenied
    case_kind = _kind(kind_key)
    case = case_kind.visible_to(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    stage = _stage(case_kind, case, stage)
    token = services.window_token(kind=case_kind, case=case, stage=stage)
    link = absolute_url(reverse("reviews:window_rate", args=[token]))
    rated = Review.objects.for_owner(case).filter(stage=stage, parent__isnull=True).exists()
    return render(request, "reviews/window_code.html", {
        "case_title": case_kind.title(case), "stage_label": Stage(stage).label, "qr": qr_svg(link), "link": link,
        "rated": rated, "reached": case_kind.stages(case).get(stage) is not None,
        "back_url": case_kind.staff_url(case), "case_kind_label": case_kind.label})


def _may_follow_up(user: Any) -> bool:
    return user.is_administrator or user.has_role(*services.FOLLOW_UP_ROLES)


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """The supervisors' queue of bad reviews (差评整改), the oldest first, each with its card."""
    if not _may_follow_up(request.user):
        raise PermissionDenied
    done = request.GET.get("done") == "1"
    rows = selectors.follow_up_queue(request.user, open_only=not done)
    return render(request, "reviews/follow_up_list.html", {"rows": rows, "done": done, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp.objects.visible_to(request.user).select_related(
        "review", "unit", "review__clerk", "visited_by", "replied_by"), pk=pk)
    if not services.may_follow_up(user=request.user, follow_up=follow_up):
        raise PermissionDenied
    visit_form, reply_form = VisitForm(), ReplyForm()
    if request.method == "POST":
        action = request.POST.get("action")
        form: forms.Form = VisitForm(request.POST) if action == "visit" else ReplyForm(request.POST)
        if action == "visit":
            visit_form = form  # type: ignore[assignment]
        else:
            reply_form = form  # type: ignore[assignment]
        if action not in ("visit", "reply"):
            messages.error(request, _("Choose what to record."))
        elif form.is_valid():
            try:
                if action == "visit":
                    services.follow_up_visit(follow_up=follow_up, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The return visit was recorded."))
                else:
                    services.follow_up_reply(follow_up=follow_up, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The reply was sent to the applicant."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("reviews:follow_up", pk=follow_up.pk)
    review = follow_up.review
    case_kind = kind(review.kind)
    case = review.owner
    return render(request, "reviews/follow_up_detail.html", {
        "follow_up": follow_up, "review": review, "row": selectors.follow_up_row(follow_up),
        "visit_form": visit_form, "reply_form": reply_form, "now": timezone.now(),
        "case_url": case_kind.staff_url(case) if case_kind and case is not None else "",
        "again": getattr(review, "follow_up_rating", None) if hasattr(review, "follow_up_rating") else None,
        "timeline": timeline_for(follow_up)})


class PeriodForm(forms.Form):
    # The period's dates, not the audit log's old and new status (bare "From" / "To").
    start = forms.DateField(label=pgettext_lazy("date range", "From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=pgettext_lazy("date range", "To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise ValidationError(_("The end of the period is before its start."))
        return data


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """Satisfaction per unit, window and clerk in the user's scope, with the share of bad reviews visited
    and rectified (national target 100 %)."""
    # Like the dashboard it is linked from: every member of staff, within their scope.
    if not (request.user.is_administrator or request.user.is_staff_member):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    start, end = today - timedelta(days=89), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    first, last = _bounds(start, end)
    tables = selectors.satisfaction_figures(request.user, first=first, last=last) if form.is_valid() or \
        not form.is_bound else {"units": [], "windows": [], "clerks": []}
    return render(request, "reviews/figures.html", {"form": form, "start": start, "end": end, **tables},
                  status=200 if not form.is_bound or form.is_valid() else 400)


def _bounds(start: date, end: date) -> tuple[Any, Any]:
    from datetime import datetime, time

    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))
