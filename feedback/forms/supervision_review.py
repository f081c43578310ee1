"""Supervision review (监督评查, B4): a review note, or a complaint opened from it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.enums import ComplaintKind


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Review note"), max_length=2000, required=False)


class ReviewComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ComplaintKind.choices)
    text = forms.CharField(label=_("What is to be investigated"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))

