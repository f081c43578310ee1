"""The public case lookup's form (办件查询): the case number and its query code or phone digits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CaseLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"), max_length=40, strip=True,
        help_text=_("As printed on the acceptance notice, e.g. SY-TX-2026-000011."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    secret = forms.CharField(
        label=_("Query code or last four digits of the contact phone"), max_length=20, strip=True,
        help_text=_("The query code is printed on the acceptance notice (e.g. 7KQ4-MX2P); or type the last "
                    "four digits of the contact phone given in the application."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
