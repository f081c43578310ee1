"""Forms of visits (E3), forums (E4) and suggestions (E5). They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.enums import Satisfaction, SuggestionSource, VisitMethod, VisitTier
from enterprises.models import Enterprise
from enterprises.services.forums import Attendee
from enterprises.services.visits import HazardFound
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import scope_unit_ids

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


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
        hazards = [HazardFound(line) for line in _lines(data["hazards"])]
        hazards += [HazardFound(line, severity="major") for line in _lines(data["major_hazards"])]
        return {
            "visited_on": data["visited_on"], "method": data["method"], "companions": data["companions"],
            "contact_person": data["contact_person"], "needs": data["needs"], "notes": data["notes"],
            "hazards": hazards, "suggestions": _lines(data["suggestions"]),
            "training_topic": data["training_topic"], "training_attendees": data["training_attendees"] or 10,
        }


class VisitPlanForm(forms.Form):
    planned_for = forms.DateField(label=gettext_lazy("Planned for"), widget=DATE)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=VisitMethod.choices,
                               initial=VisitMethod.ON_SITE)


class OverdueFilterForm(forms.Form):
    tier = forms.ChoiceField(label=gettext_lazy("Tier"), required=False,
                             choices=[("", gettext_lazy("All tiers")), *VisitTier.choices])
    planned = forms.ChoiceField(label=gettext_lazy("Planned"), required=False, choices=[
        ("", gettext_lazy("All")), ("yes", gettext_lazy("Visit planned")), ("no", gettext_lazy("Not planned"))])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


def _enterprise_by_uscc(user: Any, uscc: str) -> Enterprise:
    enterprise = Enterprise.objects.visible_to(user).filter(uscc=uscc.strip().upper()).first()
    if enterprise is None:
        raise forms.ValidationError(_("No enterprise with the credit code %(uscc)s in your unit.")
                                    % {"uscc": uscc.strip()})
    return enterprise


class StaffSuggestionForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Source"), choices=[
        (v, label) for v, label in SuggestionSource.choices if v != SuggestionSource.ONLINE])
    unit = forms.ModelChoiceField(label=gettext_lazy("Handling unit"), queryset=OrgUnit.objects.none())
    uscc = forms.CharField(label=gettext_lazy("Enterprise credit code"), max_length=18, required=False,
                           help_text=gettext_lazy("Leave empty when the suggestion is not from an enterprise."))
    submitter_name = forms.CharField(label=gettext_lazy("Submitted by"), max_length=60)
    submitter_phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    content = forms.CharField(label=gettext_lazy("Suggestion"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        ids = scope_unit_ids(user)
        units = OrgUnit.objects.filter(kind__in=["detachment", "brigade"]).order_by("path")
        self.fields["unit"].queryset = units if ids is None else units.filter(pk__in=ids)
        if user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit_id

    def clean_uscc(self) -> Enterprise | None:
        value = self.cleaned_data["uscc"]
        return _enterprise_by_uscc(self.user, value) if value.strip() else None


class OnlineSuggestionForm(forms.Form):
    content = forms.CharField(label=gettext_lazy("Your suggestion"), widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000)
    submitter_phone = forms.CharField(label=gettext_lazy("Phone for the reply"), max_length=30, required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=gettext_lazy("Assign to"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = queryset


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=gettext_lazy("How satisfied are you with the reply?"),
                                     choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=gettext_lazy("Comment"), max_length=300, required=False)


class ForumForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Host unit"), queryset=OrgUnit.objects.none())
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200)
    attendees = forms.CharField(
        label=gettext_lazy("Attending enterprises"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One representative per line: credit code, name, position (optional), "
                               "separated by spaces or commas."))
    minutes = forms.CharField(label=gettext_lazy("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        ids = scope_unit_ids(user)
        units = OrgUnit.objects.filter(kind__in=["detachment", "brigade"]).order_by("path")
        self.fields["unit"].queryset = units if ids is None else units.filter(pk__in=ids)
        if user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit_id

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Record a forum after it has been held."))
        return value

    def clean_attendees(self) -> list[Attendee]:
        attendees, errors = [], []
        for number, line in enumerate(_lines(self.cleaned_data["attendees"]), start=1):
            parts = [p for p in line.replace(",", " ").replace("，", " ").split() if p]
            if len(parts) < 2:
                errors.append(_("Line %(n)d: give the credit code and the representative's name.") % {"n": number})
                continue
            try:
                enterprise = _enterprise_by_uscc(self.user, parts[0])
            except forms.ValidationError as exc:
                errors.append(_("Line %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)})
                continue
            attendees.append(Attendee(enterprise, parts[1], " ".join(parts[2:])))
        if errors:
            raise forms.ValidationError(errors)
        if not attendees:
            raise forms.ValidationError(_("List at least one attending enterprise."))
        return attendees


class ForumSuggestionForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=gettext_lazy("Enterprise"), queryset=Enterprise.objects.none(),
                                        required=False, empty_label=gettext_lazy("— not from one enterprise —"))
    submitter_name = forms.CharField(label=gettext_lazy("Raised by"), max_length=60, required=False)
    content = forms.CharField(label=gettext_lazy("Suggestion"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, forum: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(forum_attendance__forum=forum).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("enterprise") and not (data.get("submitter_name") or "").strip():
            self.add_error("submitter_name", _("Say who raised it."))
        return data


def add_service_error(form: forms.Form, exc: Exception) -> None:
    """Show a service's refusal on the form: on the field it names if the form has it, else on top."""
    error_dict = getattr(exc, "error_dict", None)
    if error_dict is None:
        form.add_error(None, list(getattr(exc, "messages", [str(exc)])))
        return
    for field, errors in error_dict.items():
        messages = [m for e in errors for m in e.messages]
        form.add_error(field if field in form.fields else None, messages)
