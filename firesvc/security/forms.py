"""Sign-in and password forms of the portal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from firesvc.notifications.enums import Channel


class PortalAuthenticationForm(AuthenticationForm):
    """Django's sign-in form with its length limits enforced before the credentials are checked.

    Django only sets ``max_length`` on the username field after it is built, which adds no validator:
    a 300-character username went on to ``authenticate()`` and into the sign-in throttle's columns
    (255 characters on PostgreSQL). Here it is a form error first.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))
        self.fields["password"].validators.append(MaxLengthValidator(4096))

    def clean(self) -> dict[str, Any]:
        from firesvc.security.spraying import address_is_throttled

        if address_is_throttled(self.request):
            raise forms.ValidationError(
                _("Too many failed sign-ins have come from your network. Please try again in %(minutes)d minutes.")
                % {"minutes": settings.SIGN_IN_ADDRESS_WINDOW_MINUTES},
                code="address_throttled")
        return super().clean()


class PasswordResetRequestForm(forms.Form):
    identifier = forms.CharField(label=_("Username, mobile number or e-mail"), max_length=254)
    channel = forms.ChoiceField(label=_("Send the code by"), choices=[
        (Channel.SMS, _("Text message to the mobile number on the account")),
        (Channel.EMAIL, _("E-mail to the address on the account")),
    ], initial=Channel.SMS, widget=forms.RadioSelect)


class PasswordResetCodeForm(forms.Form):
    identifier = forms.CharField(label=_("Username, mobile number or e-mail"), max_length=254)
    code = forms.RegexField(label=_("Verification code"), regex=r"^\s*[0-9]{6}\s*$", max_length=12,
                            error_messages={"invalid": _("The code has 6 digits.")})
    new_password1 = forms.CharField(label=_("New password"), strip=False, max_length=4096,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    help_text=password_validation.password_validators_help_text_html())
    new_password2 = forms.CharField(label=_("New password again"), strip=False, max_length=4096,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("The two passwords are not the same."))
        return data
