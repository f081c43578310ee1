"""After an administrator's password reset, every page leads to the change-password page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcedPasswordChangeMiddleware:
    ALLOWED_NAMES = ("password_change", "password_change_done", "logout")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and getattr(user, "must_change_password", False)
                and request.path_info not in {reverse(name) for name in self.ALLOWED_NAMES}
                and not request.path_info.startswith(("/static/", "/i18n/"))):
            messages.warning(request, _("An administrator has reset your password. Choose your own new password "
                                        "before you go on."))
            return redirect("password_change")
        return self.get_response(request)
