"""Citizen questions (群众咨询): the public question form and the staff's answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.forms.fields import UnitChoiceField
from feedback.models import ConsultationPoint
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit


class AskForm(forms.Form):
    """The public question form: no account; ``website`` is a honeypot that people never see."""

    community = UnitChoiceField(label=_("Your community"), queryset=OrgUnit.objects.none(), required=False)
    point = forms.ModelChoiceField(label=_("Consultation point (if you are at one)"),
                                   queryset=ConsultationPoint.objects.none(), required=False)
    question = forms.CharField(label=_("Your question"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 5}))
    asker_name = forms.CharField(label=_("Your name (optional)"), max_length=60, required=False)
    asker_phone = forms.CharField(label=_("Mobile phone (optional)"), max_length=20, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = OrgUnit.objects.filter(kind=UnitKind.COMMUNITY)
        self.fields["point"].queryset = ConsultationPoint.objects.filter(active=True).select_related("community")

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("community") and not data.get("point"):
            self.add_error("community", _("Choose your community or the consultation point you are at."))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    resolved_first_contact = forms.BooleanField(label=_("Resolved at first contact"), required=False)
    publish_to_faq = forms.BooleanField(label=_("Publish to the FAQ"), required=False)
    faq_question = forms.CharField(label=_("FAQ question (edited, optional)"), max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    faq_answer = forms.CharField(label=_("FAQ answer (edited, optional)"), max_length=5000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

