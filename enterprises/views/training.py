"""Free training (E8): enterprise requests, the staff queue, session attendance. Thin views over services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enterprises.models import (
    EnterpriseAccount,
    TrainingRequest,
    TrainingSession,
    TrainingStatus,
)
from enterprises.services import training as training_services
from firesvc.core.submissions import Submission


class TrainingRequestForm(forms.Form):
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200,
                            help_text=gettext_lazy("For example: evacuation drill, use of extinguishers."))
    preferred_dates = forms.CharField(label=gettext_lazy("Preferred dates"), max_length=200, required=False)
    attendees_estimate = forms.IntegerField(label=gettext_lazy("Expected attendees"), min_value=1,
                                            max_value=1000, initial=10)


class SessionChoice(forms.ModelChoiceField):
    """A session with its free seats, so that the officer sees which one can take the request."""

    rescheduled: TrainingRequest | None = None  # its own seats are free to it when it stays in its session

    def label_from_instance(self, obj: Any) -> str:
        booked = obj.booked or 0
        own = self.rescheduled
        if own is not None and own.session_id == obj.pk and own.status in training_services.SEAT_HOLDING:
            booked -= own.attendees_estimate
        left = training_services.seats_left(capacity=obj.capacity, booked=booked)
        return _("%(date)s %(time)s %(topic)s (%(left)s of %(capacity)s seats left)") % {
            "date": f"{obj.date:%Y-%m-%d}", "time": f"{obj.start_time:%H:%M}", "topic": obj.topic, "left": left,
            "capacity": obj.capacity}


class ScheduleForm(forms.Form):
    session = SessionChoice(label=gettext_lazy("Existing session"), queryset=TrainingSession.objects.none(),
                            required=False, empty_label=gettext_lazy("— a new session —"))
    date = forms.DateField(label=gettext_lazy("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=gettext_lazy("Start time"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}))
    trainer = forms.CharField(label=gettext_lazy("Trainer"), max_length=60, required=False)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    capacity = forms.IntegerField(label=gettext_lazy("Capacity"), min_value=1, max_value=1000, initial=30,
                                  required=False)

    def __init__(self, *args: Any, request: TrainingRequest, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = TrainingSession.objects.visible_to(user).filter(
            unit=request.enterprise.brigade, internal=False, date__gte=timezone.localdate(),
        ).annotate(
            booked=Sum("requests__attendees_estimate", filter=Q(requests__status__in=training_services.SEAT_HOLDING)),
        ).order_by("date", "start_time")
        self.fields["session"].rescheduled = request

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("session"):
            for name in ("date", "start_time", "trainer", "place"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for a new session."))
            if data.get("date") and data["date"] < timezone.localdate():
                self.add_error("date", _("The date has passed."))
        return data


def _staff_only(request: HttpRequest) -> None:
    if not training_services.can_manage_training(request.user):
        raise PermissionDenied


@login_required
def training_requests(request: HttpRequest) -> HttpResponse:
    """An enterprise user's training requests, with a form for a new one."""
    account = EnterpriseAccount.objects.filter(user=request.user).select_related("enterprise").first()
    if account is None:
        raise PermissionDenied
    form = TrainingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            Submission.of(request).record(lambda: training_services.training_request_create(
                actor=request.user, enterprise=account.enterprise,
                **form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Request sent. The brigade will tell you the date."))
            return redirect("enterprises:training_requests")
    items = (TrainingRequest.objects.visible_to(request.user).filter(enterprise=account.enterprise)
             .select_related("session"))
    return render(request, "enterprises/training/request_list.html", {
        "account": account, "form": form, "items": items,
    })


@login_required
def training_queue(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    status = request.GET.get("status", TrainingStatus.REQUESTED)
    if status not in TrainingStatus.values:
        status = TrainingStatus.REQUESTED
    items = (TrainingRequest.objects.visible_to(request.user).filter(status=status)
             .select_related("enterprise__brigade", "requested_by", "session").order_by("created_at", "pk"))
    sessions = (TrainingSession.objects.visible_to(request.user).filter(date__gte=timezone.localdate())
                .select_related("unit").order_by("date", "start_time")[:50])
    return render(request, "enterprises/training/queue.html", {
        "items": items, "status": status, "statuses": TrainingStatus.choices, "sessions": sessions,
    })


@login_required
def training_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    item = get_object_or_404(TrainingRequest.objects.visible_to(request.user).select_related("enterprise__brigade"),
                             pk=pk)
    form = ScheduleForm(request.POST or None, request=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session_fields = None if data["session"] else {
            "unit": item.enterprise.brigade, "date": data["date"], "start_time": data["start_time"],
            "trainer": data["trainer"], "place": data["place"], "capacity": data["capacity"] or 30,
            "topic": item.topic,
        }
        try:
            training_services.training_request_schedule(actor=request.user, request=item, session=data["session"],
                                                        session_fields=session_fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Training scheduled."))
            return redirect("enterprises:training_queue")
    return render(request, "enterprises/training/schedule.html", {"item": item, "form": form})


@login_required
@require_POST
def training_decline(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    item = get_object_or_404(TrainingRequest.objects.visible_to(request.user), pk=pk)
    try:
        training_services.training_request_decline(actor=request.user, request=item,
                                                   reason=request.POST.get("reason", "")[:300])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request declined; the enterprise sees your reason."))
    return redirect("enterprises:training_queue")


@login_required
def training_session(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance list of a session: tick who came, add people who were not listed."""
    _staff_only(request)
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user).select_related("unit"), pk=pk)
    enterprises = {r.enterprise for r in session.requests.select_related("enterprise")}
    typed_names, enterprise_id, is_officer = "", "", session.internal
    ticked: set[str] | None = None  # the boxes as sent, shown again when the list is refused
    if request.method == "POST":
        typed_names = request.POST.get("new_names", "")
        enterprise_id = request.POST.get("enterprise", "")
        enterprise = next((e for e in enterprises if str(e.pk) == enterprise_id), None)
        is_officer = request.POST.get("is_officer") == "on"
        ticked = set(request.POST.getlist("attended"))
        try:
            attended = {int(v) for v in request.POST.getlist("attended")}
            training_services.training_attendance_record(
                actor=request.user, session=session, attended_ids=attended,
                new_people=[{"person_name": line[:60], "enterprise": None if is_officer else enterprise,
                             "is_officer": is_officer} for line in typed_names.splitlines() if line.strip()],
            )
        except (ValueError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [_("Invalid attendance list.")])))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("enterprises:training_session", pk=session.pk)
    rows = session.attendance.select_related("enterprise")
    return render(request, "enterprises/training/session.html", {
        "session": session, "rows": rows, "enterprises": sorted(enterprises, key=lambda e: e.name),
        "requests": session.requests.select_related("enterprise"), "typed_names": typed_names,
        "picked_enterprise": enterprise_id, "is_officer": is_officer, "ticked": ticked,
    })
