"""A return visit's attempt (B3)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.enums import VisitMethod
from feedback.forms.fields import SCORE_WORDS, FieldsOnlyMixin


class VisitAttemptForm(FieldsOnlyMixin, forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=VisitMethod.choices)
    reached = forms.TypedChoiceField(label=_("Reached"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Reached")), ("no", _("Not reached"))],
                                     widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    questions_answers = forms.CharField(label=_("Questions and answers"), max_length=5000, required=False,
                                        widget=forms.Textarea(attrs={"rows": 4}))
    # Asked on the phone or at the door: the person answers in words (非常满意 … 非常不满意), not in digits.
    satisfaction = forms.TypedChoiceField(label=_("Satisfaction"), choices=[("", "—"), *SCORE_WORDS], coerce=int,
                                          empty_value=None, required=False)
    problem = forms.CharField(label=_("Problem raised"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

