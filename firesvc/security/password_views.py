"""Password pages: reset by a code (enterprise users), change (also when an administrator forces it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from firesvc.security.client_address import client_address
from firesvc.security.forms import PasswordResetCodeForm, PasswordResetRequestForm
from firesvc.security.password_reset import (
    address_may_request,
    password_changed,
    password_reset_code_send,
    password_reset_with_code,
)

SESSION_KEY = "password_reset_identifier"


@never_cache
def password_reset_request(request: HttpRequest) -> HttpResponse:
    """Ask for a code. The answer is the same whether or not the account exists."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not address_may_request(client_address=client_address(request) or "unknown"):
            form.add_error(None, _("Too many codes have been requested from here. Please try again in an hour, "
                                   "or ask your brigade's window for help."))
            return render(request, "registration/password_reset_request.html", {"form": form}, status=429)
        password_reset_code_send(identifier=form.cleaned_data["identifier"], channel=form.cleaned_data["channel"])
        request.session[SESSION_KEY] = form.cleaned_data["identifier"].strip()
        messages.info(request, _("If an enterprise account matches what you entered and has a mobile number or "
                                 "e-mail address for the channel you chose, a 6-digit code has been sent to it. "
                                 "It is valid for %(minutes)d minutes.") % {
                                     "minutes": settings.PASSWORD_RESET_CODE_MINUTES})
        return redirect("password_reset_code")
    return render(request, "registration/password_reset_request.html", {"form": form},
                  status=400 if form.errors else 200)


@never_cache
def password_reset_code(request: HttpRequest) -> HttpResponse:
    """Enter the code and a new password."""
    form = PasswordResetCodeForm(request.POST or None,
                                 initial={"identifier": request.session.get(SESSION_KEY, "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = password_reset_with_code(identifier=data["identifier"], code=data["code"],
                                            new_password=data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            if done:
                request.session.pop(SESSION_KEY, None)
                messages.success(request, _("Your password has been changed. Sign in with the new password."))
                return redirect("login")
            form.add_error("code", _("The code is wrong or has expired. Check it, or ask for a new code."))
    return render(request, "registration/password_reset_code.html", {"form": form},
                  status=400 if form.errors else 200)


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    """Django's change page; choosing a new password also lifts an administrator's forced change."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(user=form.user)
        return response
