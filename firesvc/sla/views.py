from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from firesvc.accounts.roles import Role
from firesvc.sla.selectors import board_for

BOARD_ROLES = (Role.SUPERVISOR, Role.APPROVER)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The red/yellow-card board (电子监察): every open clock in the user's scope."""
    if not (request.user.is_administrator or request.user.has_role(*BOARD_ROLES)):
        raise PermissionDenied
    return render(request, "sla/board.html", board_for(request.user))
