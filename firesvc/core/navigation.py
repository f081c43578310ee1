"""The navigation bar per role, declared once. Later features add their entries here."""

from __future__ import annotations

from dataclasses import dataclass
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
    group: str | Promise | None = None  # a drop-down menu of the bar; None: a link of its own


# The bar's drop-down menus: one per area of work, so that no role gets a bar that wraps.
APPROVALS = _("Approvals")
ENTERPRISE_SERVICE = _("Enterprise services")
SUPERVISION = _("Supervision")
CITIZENS = _("Ten-minute circle")
MY_FILINGS = _("My filings")
MY_ENTERPRISE = _("My enterprise")


STAFF = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR, Role.ADMINISTRATOR)
HALL = (Role.WINDOW_CLERK, Role.APPROVER, Role.ADMINISTRATOR)  # the service hall's daily work
ON_DUTY = (Role.DUTY_OFFICER, Role.APPROVER, Role.ADMINISTRATOR)  # citizen hazard reports as they come in

NAV_ITEMS: list[NavItem] = [
    NavItem(_("My desk"), "home", ()),
    NavItem(_("Worklist"), "approvals:worklist", (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER), APPROVALS),
    NavItem(_("Review desk"), "approvals:my_reviews", (Role.REVIEWER, Role.APPROVER), APPROVALS),  # A6
    NavItem(_("Early intervention"), "approvals:early_interventions", (Role.REVIEWER, Role.APPROVER), APPROVALS),  # A10
    NavItem(_("My applications"), "approvals:my_applications", (Role.ENTERPRISE_USER,), MY_FILINGS),
    NavItem(_("Parallel approval"), "approvals:parallel_new", (Role.ENTERPRISE_USER,), MY_FILINGS),  # A7
    NavItem(_("Service guides"), "approvals:catalogue", (Role.ENTERPRISE_USER,), MY_FILINGS),
    NavItem(_("My appointments"), "approvals:appointments", (Role.ENTERPRISE_USER,), MY_FILINGS),
    NavItem(_("Free training"), "enterprises:training_requests", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),
    NavItem(_("Book an appointment"), "approvals:appointment_book", (Role.ENTERPRISE_USER,), MY_FILINGS),
    NavItem(_("Appointments of the day"), "approvals:appointment_day", HALL, APPROVALS),
    NavItem(_("Window filing"), "approvals:window_filing", (Role.WINDOW_CLERK,), APPROVALS),
    NavItem(_("Consultations"), "approvals:consultations", (Role.WINDOW_CLERK,), APPROVALS),
    NavItem(_("“Three ones”"), "approvals:three_ones", (Role.WINDOW_CLERK, Role.APPROVER, Role.SUPERVISOR), APPROVALS),
    NavItem(_("Enterprises"), "enterprises:list", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),
    NavItem(_("Overdue visits"), "enterprises:visits_overdue", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),  # E3
    NavItem(_("Suggestions"), "enterprises:suggestions", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),  # E5
    NavItem(_("Forums"), "enterprises:forums", (*STAFF,), ENTERPRISE_SERVICE),  # E4
    NavItem(_("My suggestions"), "enterprises:suggestions_mine", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),  # E5
    NavItem(_("Fire hazards"), "safety:hazards", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),  # E6
    NavItem(_("Key fire-safety units"), "safety:key_units", (*STAFF,), ENTERPRISE_SERVICE),  # E7
    NavItem(_("Rectification orders"), "safety:my_orders", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),  # E6
    NavItem(_("Key unit checklist"), "safety:my_key_unit", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),  # E7
    NavItem(_("Training requests"), "enterprises:training_queue", HALL, ENTERPRISE_SERVICE),
    NavItem(_("Citizen questions"), "feedback:questions", (*STAFF, Role.GRID_MANAGER), CITIZENS),
    NavItem(_("Patrol teams"), "feedback:patrol_teams", (*STAFF, Role.GRID_MANAGER), CITIZENS),
    NavItem(_("Enforcement acts"), "feedback:acts", (Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR), SUPERVISION),  # B1
    NavItem(_("Supervisor review"), "feedback:review_queue", (Role.SUPERVISOR,), SUPERVISION),  # B4
    NavItem(_("Return visits"), "feedback:visits", (Role.SUPERVISOR,), SUPERVISION),  # B3
    NavItem(_("Complaints"), "feedback:complaints", (*STAFF,), SUPERVISION),  # B5
    NavItem(_("Hazard reports on duty"), "hazard_reports:duty", ON_DUTY, CITIZENS),
    NavItem(_("Report a fire hazard"), "hazard_reports:report", (Role.GRID_MANAGER,), CITIZENS),
    NavItem(_("Account verification"), "enterprises:account_queue", HALL, ENTERPRISE_SERVICE),
    NavItem(_("My enterprise"), "enterprises:mine", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),
    NavItem(_("Statistics"), "stats:dashboard", (Role.APPROVER, Role.SUPERVISOR, Role.ADMINISTRATOR)),
    NavItem(_("Red/yellow cards"), "sla:board", (Role.SUPERVISOR, Role.APPROVER, Role.ADMINISTRATOR), SUPERVISION),
    NavItem(_("Audit trail"), "audit:list", (Role.SUPERVISOR, Role.ADMINISTRATOR), SUPERVISION),
    NavItem(_("Security events"), "security:events", (Role.SUPERVISOR, Role.ADMINISTRATOR), SUPERVISION),
    NavItem(_("Working-day calendar"), "workcalendar:overview", (Role.ADMINISTRATOR,)),
]


def nav_for(user: Any) -> list[dict[str, Any]]:
    """The user's bar: links, and drop-downs (``children``) where a group holds two links or more."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _entries(user.role_names, user.is_superuser)


def _entries(roles: frozenset[str], superuser: bool) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for item in NAV_ITEMS:
        allowed = not item.roles or bool(roles.intersection(item.roles)) or (
            superuser and Role.ADMINISTRATOR in item.roles)
        if not allowed:
            continue
        link = {"label": str(item.label), "url": reverse(item.url_name), "name": item.url_name}
        if item.group is None:
            entries.append(link)
            continue
        key = str(item.group)
        if key not in groups:
            groups[key] = {"label": key, "children": [], "names": []}
            entries.append(groups[key])
        groups[key]["children"].append(link)
        groups[key]["names"].append(item.url_name)
    return [entry["children"][0] if "children" in entry and len(entry["children"]) == 1 else entry
            for entry in entries]
