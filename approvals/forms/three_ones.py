"""The period of the "three ones" page (三个一, A5)."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from firesvc.core.fields import PeriodDateField

MAX_PERIOD = timedelta(days=3660)


class ThreeOnesPeriodForm(forms.Form):
    start = PeriodDateField(label=pgettext_lazy("date range", "From"), required=False)
    end = PeriodDateField(label=pgettext_lazy("date range", "To"), required=False)

    def period(self) -> tuple[date, date]:
        """The chosen days (this month so far by default); a date that is not one is ignored."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or today.replace(day=1)
        end = data.get("end") or today
        if end < start:
            start, end = end, start
        if (end - start) > MAX_PERIOD:
            start = end - MAX_PERIOD
        return start, end
