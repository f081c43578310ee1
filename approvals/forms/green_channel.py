"""The approver's green-channel form on the case page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.services.green_channel import REASON_MAX_LENGTH


class GreenChannelForm(forms.Form):
    on = forms.TypedChoiceField(
        choices=[("1", _("Put in the green channel")), ("0", _("Take out of the green channel"))],
        coerce=lambda v: v == "1", widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH)
