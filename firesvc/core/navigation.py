"""The navigation bar per role, declared once. Later features add their entries here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[str, ...]  # empty: every signed-in user


STAFF = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR, Role.ADMINISTRATOR)

NAV_ITEMS: list[NavItem] = [
    NavItem(_("My desk"), "home", ()),
    NavItem(_("Worklist"), "approvals:worklist", (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER)),
    NavItem(_("My applications"), "approvals:my_applications", (Role.ENTERPRISE_USER,)),
    NavItem(_("Service guides"), "approvals:catalogue", (Role.ENTERPRISE_USER,)),
    NavItem(_("My appointments"), "approvals:appointments", (Role.ENTERPRISE_USER,)),
    NavItem(_("Free training"), "enterprises:training_requests", (Role.ENTERPRISE_USER,)),
    NavItem(_("Book an appointment"), "approvals:appointment_book", (Role.ENTERPRISE_USER,)),
    NavItem(_("Appointments of the day"), "approvals:appointment_day",
            (Role.WINDOW_CLERK, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("Window filing"), "approvals:window_filing", (Role.WINDOW_CLERK,)),
    NavItem(_("Consultations"), "approvals:consultations", (Role.WINDOW_CLERK,)),
    NavItem(_("“Three ones”"), "approvals:three_ones", (Role.WINDOW_CLERK, Role.APPROVER, Role.SUPERVISOR)),
    NavItem(_("Enterprises"), "enterprises:list", (*STAFF, Role.GRID_MANAGER)),
    NavItem(_("Training requests"), "enterprises:training_queue",
            (Role.WINDOW_CLERK, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("Citizen questions"), "feedback:questions", (*STAFF, Role.GRID_MANAGER)),
    NavItem(_("Patrol teams"), "feedback:patrol_teams", (*STAFF, Role.GRID_MANAGER)),
    NavItem(_("Account verification"), "enterprises:account_queue",
            (Role.WINDOW_CLERK, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("My enterprise"), "enterprises:mine", (Role.ENTERPRISE_USER,)),
    NavItem(_("Red/yellow cards"), "sla:board", (Role.SUPERVISOR, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("Audit trail"), "audit:list", (Role.SUPERVISOR, Role.ADMINISTRATOR)),
    NavItem(_("Working-day calendar"), "workcalendar:overview", (Role.ADMINISTRATOR,)),
]


@lru_cache(maxsize=128)
def _url(url_name: str) -> str:
    # The navigation's URLs take no arguments: reverse each once per process.
    return reverse(url_name)


def nav_for(user: Any) -> list[dict[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for item in NAV_ITEMS:
        allowed = not item.roles or user.has_role(*item.roles) or (
            user.is_superuser and Role.ADMINISTRATOR in item.roles)
        if allowed:
            items.append({"label": str(item.label), "url": _url(item.url_name), "name": item.url_name})
    return items
