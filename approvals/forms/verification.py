"""The public form at /approvals/verify/: a document's short verification code, typed by a person."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from firesvc.documents.codes import CODE_LENGTH, normalize_code


class VerificationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=20, strip=True,
        help_text=_("The eight characters printed beside the QR code, e.g. 7KQ4-MX2P (no 0, O, 1 or I)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                      "inputmode": "text", "placeholder": "XXXX-XXXX"}))

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(_("A verification code has %(n)d letters and digits, without 0, O, 1 or I.")
                                        % {"n": CODE_LENGTH})
        return code
