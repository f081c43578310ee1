"""Forms of suggestions (E5). They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from enterprises.enums import Satisfaction, SuggestionSource
from enterprises.forms.pickers import EnterpriseChoiceField
from enterprises.services.suggestions import STAFF_FORM_SOURCES
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import scope_unit_ids


class StaffSuggestionForm(forms.Form):
    source = forms.ChoiceField(
        label=gettext_lazy("Source"), choices=[(v, SuggestionSource(v).label) for v in STAFF_FORM_SOURCES],
        help_text=gettext_lazy("A suggestion made at a visit or a forum is recorded on that visit's or forum's "
                               "page."))
    unit = forms.ModelChoiceField(label=gettext_lazy("Handling unit"), queryset=OrgUnit.objects.none())
    # Searched by name among the enterprises the user sees (issue 22); one outside them is refused on POST.
    enterprise = EnterpriseChoiceField(
        label=gettext_lazy("Enterprise"), required=False,
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
        self.fields["enterprise"].scope_to(user)


class OnlineSuggestionForm(forms.Form):
    content = forms.CharField(label=gettext_lazy("Your suggestion"), widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000)
    submitter_phone = forms.CharField(label=gettext_lazy("Phone for the reply"), max_length=30, required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=gettext_lazy("Assign to"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = queryset


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label=gettext_lazy("How satisfied are you with the reply?"),
                                     choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=pgettext_lazy("rating", "Comment"), max_length=300, required=False)
