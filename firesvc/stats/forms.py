from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import scope_unit_ids
from firesvc.core.fields import PeriodDateField

MAX_PERIOD_DAYS = 3660
DASHBOARD_UNIT_KINDS = (UnitKind.PROVINCE, UnitKind.DETACHMENT, UnitKind.BRIGADE, UnitKind.SUBDISTRICT,
                        UnitKind.COMMUNITY)


class _UnitChoices(ModelChoiceIterator):
    """The unit list read once per form: the select checks its first option, then draws them all."""

    def _units(self) -> list[OrgUnit]:
        cached = getattr(self.field, "_units_read", None)
        if cached is None or cached[0] is not self.queryset:
            cached = (self.queryset, list(self.queryset.only("pk", "name")))  # the option: pk and str(unit)
            self.field._units_read = cached
        return cached[1]

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in self._units():
            yield self.choice(unit)

    def __len__(self) -> int:
        return len(self._units()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self._units())


class _UnitField(forms.ModelChoiceField):
    iterator = _UnitChoices


class PeriodForm(forms.Form):
    """Which unit and which days; the unit list holds only units in the user's scope."""

    unit = _UnitField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("All units"))
    start = PeriodDateField(label=_("Period start"), required=False)
    end = PeriodDateField(label=_("Period end"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        ids = scope_unit_ids(user)
        units = OrgUnit.objects.filter(kind__in=DASHBOARD_UNIT_KINDS).order_by("path")
        if ids is not None:
            units = units.filter(pk__in=ids)
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None
        self.fields["unit"].queryset = units
        self.fields["unit"].error_messages["invalid_choice"] = _("Choose a unit within your own scope.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        start: date | None = data.get("start")
        end: date | None = data.get("end")
        end = end or today
        start = start or end.replace(month=1, day=1)
        if start > end:
            self.add_error("end", _("The end of the period must not be before its start."))
        elif (end - start) > timedelta(days=MAX_PERIOD_DAYS):
            self.add_error("start", _("Choose a period of at most ten years."))
        data["start"], data["end"] = start, end
        return data

    def default_unit(self) -> OrgUnit | None:
        if scope_unit_ids(self.user) is None:
            return None
        try:
            return self.user.unit  # kept on the user: the page's header shows it too
        except OrgUnit.DoesNotExist:
            return None
