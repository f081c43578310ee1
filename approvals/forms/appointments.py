"""Forms of window appointments (A9): booking, moving, and generating a hall's slots."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from approvals.models import AppointmentSlot, Matter
from approvals.selectors.halls import hall_groups
from approvals.services import appointments as services
from firesvc.accounts.models import OrgUnit


class BookingForm(forms.Form):
    """Who comes, when and why. The slot is checked by the service (past, full, other unit)."""

    slot = forms.ModelChoiceField(
        queryset=AppointmentSlot.objects.select_related("unit"),
        error_messages={"required": gettext_lazy("Choose a time."),
                        "invalid_choice": gettext_lazy("That time no longer exists; please choose another.")},
    )
    name = forms.CharField(label=gettext_lazy("Visitor's name"), max_length=60)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    matter = forms.ModelChoiceField(label=gettext_lazy("Matter"), queryset=Matter.objects.filter(is_active=True),
                                    required=False, empty_label=gettext_lazy("— not decided yet —"))
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=200, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=gettext_lazy("For example: project name, the question to ask."))


class MoveForm(forms.Form):
    slot = BookingForm.base_fields["slot"]


class GenerateForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Service hall"), queryset=OrgUnit.objects.none())
    start = forms.DateField(label=gettext_lazy("Starting from"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label=gettext_lazy("Number of days"), min_value=1, max_value=services.MAX_GENERATE_DAYS,
                              initial=14)

    def __init__(self, *args: Any, halls: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = halls
        self.fields["unit"].choices = [(group.label, [(h.pk, h.name) for h in group.halls])
                                       for group in hall_groups(halls.select_related("parent"))]
