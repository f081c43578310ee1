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
    NavItem(_("Review desk"), "approvals:my_reviews", (Role.REVIEWER, Role.APPROVER)),  # A6
    NavItem(_("Early intervention"), "approvals:early_interventions", (Role.REVIEWER, Role.APPROVER)),  # A10
    NavItem(_("My applications"), "approvals:my_applications", (Role.ENTERPRISE_USER,)),
    NavItem(_("Parallel approval"), "approvals:parallel_new", (Role.ENTERPRISE_USER,)),  # A7
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
    NavItem(_("Overdue visits"), "enterprises:visits_overdue", (*STAFF, Role.GRID_MANAGER)),  # E3
    NavItem(_("Suggestions"), "enterprises:suggestions", (*STAFF, Role.GRID_MANAGER)),  # E5
    NavItem(_("Forums"), "enterprises:forums", (*STAFF,)),  # E4
    NavItem(_("My suggestions"), "enterprises:suggestions_mine", (Role.ENTERPRISE_USER,)),  # E5
    NavItem(_("Fire hazards"), "safety:hazards", (*STAFF, Role.GRID_MANAGER)),  # E6
    NavItem(_("Key fire-safety units"), "safety:key_units", (*STAFF,)),  # E7
    NavItem(_("Rectification orders"), "safety:my_orders", (Role.ENTERPRISE_USER,)),  # E6
    NavItem(_("Training requests"), "enterprises:training_queue",
            (Role.WINDOW_CLERK, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("Citizen questions"), "feedback:questions", (*STAFF, Role.GRID_MANAGER)),
    NavItem(_("Patrol teams"), "feedback:patrol_teams", (*STAFF, Role.GRID_MANAGER)),
    NavItem(_("Enforcement acts"), "feedback:acts", (Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR)),  # B1
    NavItem(_("Supervisor review"), "feedback:review_queue", (Role.SUPERVISOR,)),  # B4
    NavItem(_("Return visits"), "feedback:visits", (Role.SUPERVISOR,)),  # B3
    NavItem(_("Complaints"), "feedback:complaints", (*STAFF,)),  # B5
    NavItem(_("Hazard reports on duty"), "hazard_reports:duty", (Role.DUTY_OFFICER, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("Report a fire hazard"), "hazard_reports:report", (Role.GRID_MANAGER,)),
    NavItem(_("Account verification"), "enterprises:account_queue",
            (Role.WINDOW_CLERK, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("My enterprise"), "enterprises:mine", (Role.ENTERPRISE_USER,)),
    NavItem(_("Statistics"), "stats:dashboard", (Role.APPROVER, Role.SUPERVISOR, Role.ADMINISTRATOR)),
    NavItem(_("Red/yellow cards"), "sla:board", (Role.SUPERVISOR, Role.APPROVER, Role.ADMINISTRATOR)),
    NavItem(_("Audit trail"), "audit:list", (Role.SUPERVISOR, Role.ADMINISTRATOR)),
    NavItem(_("Security events"), "security:events", (Role.SUPERVISOR, Role.ADMINISTRATOR)),
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
