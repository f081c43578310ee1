"""Sign-in and password forms of the portal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


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
