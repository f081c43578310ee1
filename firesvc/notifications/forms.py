from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from firesvc.notifications.enums import NotificationKind, kind_choices
from firesvc.notifications.models import NotificationPreference


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label=_("Send me e-mails"), required=False)
    sms = forms.BooleanField(
        label=_("Send me text messages for urgent matters"), required=False,
        help_text=_("For example when a case passes its time limit."),
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("No e-mail or text message for"), required=False, choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple, help_text=_("These still appear in your inbox."),
    )

    def __init__(self, *args: Any, preference: NotificationPreference, staff: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {
            "email": preference.email, "sms": preference.sms, "muted_kinds": list(preference.muted_kinds or []),
        })
        super().__init__(*args, **kwargs)
        self.fields["muted_kinds"].choices = kind_choices(staff=staff)  # an enterprise user: only their own kinds
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
