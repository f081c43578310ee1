"""Form fields every app uses to read input that reaches date arithmetic or the database."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

# A period filter's days stay far from date.min/date.max: "9999-12-31 plus one day" would overflow.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


class PeriodDateField(forms.DateField):
    """A day of a filter or period: an impossible date (2026-02-30, 0000-00-00) or one outside
    1900–2199 (9999-12-31) is a form error, never a 500."""

    default_validators = [
        MinValueValidator(FIRST_DAY, message=_("Enter a date between 1900 and 2199.")),
        MaxValueValidator(LAST_DAY, message=_("Enter a date between 1900 and 2199.")),
    ]

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)  # type: ignore[arg-type]
