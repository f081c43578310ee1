"""The calendar page for administrators: a year's working days, month by month."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from firesvc import workdays
from firesvc.workcalendar.selectors import calendar_warning_for, year_overview
from firesvc.workcalendar.services import MAX_YEAR, MIN_YEAR

WEEK_OF_REFERENCE = [date(2024, 1, d) for d in range(1, 8)]  # Monday 1 January 2024 to Sunday: weekday headers


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not request.user.is_administrator:
        raise PermissionDenied
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR else today.year
    cal = workdays.calendar()
    years = range(max(MIN_YEAR, year - 2), min(MAX_YEAR, year + 2) + 1)
    nearby = [(y, cal.is_provisional(date(y, 1, 1))) for y in years]
    return render(request, "workcalendar/overview.html", {
        "view": year_overview(year),
        "today": today,
        "warning": calendar_warning_for(request.user, today),
        "nearby_years": nearby,
        "weekdays": WEEK_OF_REFERENCE,
    })
