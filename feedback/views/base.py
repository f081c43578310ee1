"""What the feedback pages share: access checks, form errors from services, the pager's query."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest

from firesvc.accounts.roles import Role

PAGE_SIZE = 50


def add_errors(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on its field where the form has one, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def staff_only(request: HttpRequest) -> None:
    """The supervision loop's staff pages: staff members and administrators."""
    if not request.user.is_staff_member and not request.user.is_administrator:
        raise PermissionDenied


def staff_member_only(request: HttpRequest) -> None:
    """Patrol teams and citizen questions: staff members only; unlike ``staff_only``, not administrators."""
    if not request.user.is_staff_member:
        raise PermissionDenied


def is_supervisor(user: Any) -> bool:
    return bool(user.has_role(Role.SUPERVISOR))


def supervisor_only(request: HttpRequest) -> None:
    if not (is_supervisor(request.user) or request.user.is_administrator):
        raise PermissionDenied


def page_query(request: HttpRequest) -> str:
    """The list's query string without its page, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
