"""The receipt's rating (B2), on the QR page or typed in from paper."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.forms.fields import SCORES, SCORES_OPTIONAL, FieldsOnlyMixin
from feedback.services.receipts import Rating


class RatingForm(FieldsOnlyMixin, forms.Form):
    """The counterparty's rating (QR page) and the paper receipt typed in by staff."""

    visit_confirmed = forms.BooleanField(label=_("I confirm that the officers visited / dealt with us"),
                                         required=False, initial=True)
    overall = forms.TypedChoiceField(label=_("Overall"), choices=SCORES, coerce=int,
                                     widget=forms.RadioSelect(attrs={"class": "rating"}))
    punctuality = forms.TypedChoiceField(label=_("Punctuality"), choices=SCORES_OPTIONAL, coerce=int,
                                         empty_value=None, required=False)
    clarity = forms.TypedChoiceField(label=_("Clear explanations"), choices=SCORES_OPTIONAL, coerce=int,
                                     empty_value=None, required=False)
    courtesy = forms.TypedChoiceField(label=_("Courtesy"), choices=SCORES_OPTIONAL, coerce=int,
                                      empty_value=None, required=False)
    integrity_flag = forms.BooleanField(
        label=_("An officer asked for meals, gifts, money or favours, or made things difficult (吃拿卡要)"),
        required=False)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    callback_contact = forms.CharField(label=_("Phone for a callback (optional)"), max_length=60, required=False,
                                       widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))

    def rating(self) -> Rating:
        d = self.cleaned_data
        return Rating(overall=d["overall"], punctuality=d["punctuality"], clarity=d["clarity"],
                      courtesy=d["courtesy"], integrity_flag=d["integrity_flag"], comment=d["comment"],
                      callback_contact=d["callback_contact"], visit_confirmed=d["visit_confirmed"])

