"""Receivers: django.contrib.auth's login signals and django-axes' lockout signal."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from firesvc.security.models import SecurityEventKind
from firesvc.security.services import security_event_record
from firesvc.security.spraying import sign_in_failure_record

logger = logging.getLogger("firesvc.security")


def _account_named(username: str) -> Any:
    """The account whose login name was typed, or ``None``: a failed sign-in or a lockout of an existing
    account is that account's event (its holder is named on the log, its supervisors see it)."""
    if not username:
        return None
    user_model = get_user_model()
    try:
        return user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    except Exception:  # the event is still worth recording without its account
        logger.exception("could not look up the account of a failed sign-in")
        return None


def on_logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEventKind.LOGIN, request=request, user=user)


def on_logged_out(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEventKind.LOGOUT, request=request, user=user)


def on_login_failed(sender: Any, credentials: dict[str, Any] | None = None, request: Any = None,
                    **kwargs: Any) -> None:
    # ``credentials`` is already cleansed by Django (the password is replaced by stars).
    username = str((credentials or {}).get("username", ""))
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, request=request, user=_account_named(username),
                          username=username)
    sign_in_failure_record(request=request)


def on_locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None,
                  **kwargs: Any) -> None:
    security_event_record(kind=SecurityEventKind.LOCKOUT, request=request, user=_account_named(username or ""),
                          username=username or "", detail={"ip_address": ip_address or ""})


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_logged_in, dispatch_uid="firesvc.security.login")
    user_logged_out.connect(on_logged_out, dispatch_uid="firesvc.security.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="firesvc.security.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="firesvc.security.lockout")
