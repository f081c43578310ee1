"""Forms of visits (E3). They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.enums import VisitMethod, VisitTier
from enterprises.forms.parsing import DATE, text_lines
from enterprises.services.visits import HazardFound


class VisitRecordForm(forms.Form):
    visited_on = forms.DateField(label=gettext_lazy("Date of the visit"), widget=DATE)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=VisitMethod.choices,
                               initial=VisitMethod.ON_SITE)
    companions = forms.CharField(label=gettext_lazy("Other staff"), max_length=200, required=False)
    contact_person = forms.CharField(label=gettext_lazy("Person met"), max_length=60, required=False)
    needs = forms.CharField(label=gettext_lazy("Needs raised"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    hazards = forms.CharField(label=gettext_lazy("Hazards found, one per line"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    major_hazards = forms.CharField(label=gettext_lazy("Major fire hazards found, one per line"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=gettext_lazy("重大火灾隐患: the brigade confirms the designation."))
    suggestions = forms.CharField(label=gettext_lazy("Suggestions made by the enterprise, one per line"),
                                  required=False, widget=forms.Textarea(attrs={"rows": 3}))
    training_topic = forms.CharField(label=gettext_lazy("Training asked for (topic)"), max_length=200,
                                     required=False)
    training_attendees = forms.IntegerField(label=gettext_lazy("Expected attendees"), min_value=1, max_value=1000,
                                            initial=10, required=False)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()

    def clean_visited_on(self) -> Any:
        value = self.cleaned_data["visited_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be recorded before it happens."))
        return value

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        hazards = [HazardFound(line) for line in text_lines(data["hazards"])]
        hazards += [HazardFound(line, severity="major") for line in text_lines(data["major_hazards"])]
        return {
            "visited_on": data["visited_on"], "method": data["method"], "companions": data["companions"],
            "contact_person": data["contact_person"], "needs": data["needs"], "notes": data["notes"],
            "hazards": hazards, "suggestions": text_lines(data["suggestions"]),
            "training_topic": data["training_topic"], "training_attendees": data["training_attendees"] or 10,
        }


class VisitPlanForm(forms.Form):
    """The date and the method; the box that confirms a late date is shown once the service has warned about it
    (``visits.check_plan_date``), as on the site-inspection form."""

    planned_for = forms.DateField(label=gettext_lazy("Planned for"), widget=DATE)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=VisitMethod.choices,
                               initial=VisitMethod.ON_SITE)
    confirm_late = forms.BooleanField(label=gettext_lazy("Plan the visit on this date all the same"), required=False,
                                      widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get("confirm_late") in ("on", "True", "true", "1"):
            self._show_confirmation()

    def _show_confirmation(self) -> None:
        self.fields["confirm_late"].widget = forms.CheckboxInput()

    def add_error(self, field: str | None, error: Any) -> None:
        """A warning on the date brings up the box that confirms it."""
        super().add_error(field, error)
        if "confirm_late" in (self._errors or {}):
            self._show_confirmation()

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"planned_for": data["planned_for"], "method": data["method"], "late_confirmed": data["confirm_late"]}


class OverdueFilterForm(forms.Form):
    tier = forms.ChoiceField(label=gettext_lazy("Tier"), required=False,
                             choices=[("", gettext_lazy("All tiers")), *VisitTier.choices])
    planned = forms.ChoiceField(label=gettext_lazy("Planned"), required=False, choices=[
        ("", gettext_lazy("All")), ("yes", gettext_lazy("Visit planned")), ("no", gettext_lazy("Not planned"))])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


