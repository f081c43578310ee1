"""Complaints (B5): the list's filter, the hotline and public forms, and the steps of handling."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from feedback.enums import ComplaintKind, ComplaintStatus
from feedback.forms.fields import SCORE_WORDS, FieldsOnlyMixin, UnitChoiceField, UserChoiceField
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role


class ComplaintFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *ComplaintStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ComplaintKind.choices])


class HotlineComplaintForm(FieldsOnlyMixin, forms.Form):
    """A complaint taken on the hotline, typed in by staff."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ComplaintKind.choices)
    unit = UnitChoiceField(label=_("Unit complained about"), queryset=OrgUnit.objects.none(),
                           empty_label=_("— choose —"))
    officers = UserChoiceField(label=_("Officers concerned"), queryset=User.objects.none(), required=False)
    text = forms.CharField(label=_("Complaint"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    complainant_name = forms.CharField(label=_("Caller's name"), max_length=60, required=False)
    complainant_contact = forms.CharField(label=_("Caller's phone"), max_length=60, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.visible_to(user).filter(kind__in=[UnitKind.DETACHMENT, UnitKind.BRIGADE])
        self.fields["unit"].queryset = units
        self.fields["officers"].queryset = User.objects.filter(
            is_active=True, unit__in=OrgUnit.objects.visible_to(user)).exclude(
            groups__name=Role.ENTERPRISE_USER).order_by("full_name")


class OnlineComplaintForm(forms.Form):
    """The public form: anyone, name optional; ``website`` is a honeypot."""

    kind = forms.ChoiceField(label=_("What do you want to report?"), choices=ComplaintKind.choices,
                             widget=forms.RadioSelect, initial=ComplaintKind.COMPLAINT)
    unit = UnitChoiceField(label=_("Fire brigade concerned"), queryset=OrgUnit.objects.none(),
                           empty_label=_("— choose —"))
    text = forms.CharField(label=_("What happened (who, when, where)"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))
    complainant_name = forms.CharField(label=_("Your name (optional)"), max_length=60, required=False)
    complainant_contact = forms.CharField(label=_("Phone for a reply (optional)"), max_length=60, required=False,
                                          widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(kind=UnitKind.BRIGADE).order_by("path")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())


class AssignForm(forms.Form):
    investigator = forms.ModelChoiceField(label=_("Investigator"), queryset=User.objects.none(),
                                          empty_label=_("— choose —"))

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["investigator"].queryset = candidates


class AnswerComplaintForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    rectification = forms.CharField(label=_("Rectification"), max_length=5000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    reply = forms.CharField(label=_("Reply to the complainant"), max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, integrity: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if integrity:
            self.fields["reply"].label = _("Reply to the reporter")


class CloseComplaintForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("What is missing"), max_length=2000)


class ReplyRatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How satisfied are you with the reply?"), choices=SCORE_WORDS, coerce=int,
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label=pgettext_lazy("rating", "Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

