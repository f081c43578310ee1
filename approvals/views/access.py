"""Who may use a page of the approvals app: the staff roles and the visible application, shared by its views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from approvals.models import Application
from firesvc.accounts.roles import Role

STAFF_WORKLIST_ROLES = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER)
CLERK_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)


def _require(request: HttpRequest, *roles: str) -> None:
    if not (request.user.is_administrator or request.user.has_role(*roles)):
        raise PermissionDenied


def _visible(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("matter", "enterprise", "brigade"), pk=pk)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)
