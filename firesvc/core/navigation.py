"""The navigation bar per role: its menus and places, the kernel's entries; the apps register theirs."""

from __future__ import annotations

import zlib
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

# The bar's entries by their place in it; each app registers its own in its ``navigation.py`` (DESIGN.md
# rule 9): the kernel names only its own pages.
_ITEMS: dict[int, NavItem] = {}
NAV_ITEMS: list[NavItem] = []  # in order
_layout = 0  # a checksum of the registered places, links and roles: part of the bar's cache key


def register(items: dict[int, NavItem]) -> None:
    """Add ``items`` to the bar, each at its place (the key; the bar reads in ascending order)."""
    for order, item in items.items():
        existing = _ITEMS.get(order)
        if existing is not None and existing.url_name != item.url_name:
            raise ValueError(f"navigation place {order} taken by {existing.url_name!r}")
        _ITEMS[order] = item
    NAV_ITEMS[:] = [_ITEMS[order] for order in sorted(_ITEMS)]
    global _layout
    _layout = zlib.crc32(repr([(order, _ITEMS[order].url_name, _ITEMS[order].roles) for order in sorted(_ITEMS)])
                         .encode())


register({
    0: NavItem(_("My desk"), "home", ()),
    340: NavItem(_("Statistics"), "stats:dashboard", (Role.APPROVER, Role.SUPERVISOR, Role.ADMINISTRATOR)),
    350: NavItem(_("Red/yellow cards"), "sla:board", (Role.SUPERVISOR, Role.APPROVER, Role.ADMINISTRATOR), SUPERVISION),
    360: NavItem(_("Audit trail"), "audit:list", (Role.SUPERVISOR, Role.ADMINISTRATOR), SUPERVISION),
    370: NavItem(_("Security events"), "security:events", (Role.SUPERVISOR, Role.ADMINISTRATOR), SUPERVISION),
    380: NavItem(_("Working-day calendar"), "workcalendar:overview", (Role.ADMINISTRATOR,)),
})


def nav_for(user: Any) -> list[dict[str, Any]]:
    """The user's bar: links, and drop-downs (``children``) where a group holds two links or more."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _entries(user.role_names, user.is_superuser)


def nav_key(user: Any) -> str:
    """What the user's bar depends on besides the language and the open page: the key under which
    ``base.html`` keeps it in the shared cache ("" for visitors, who have no bar)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return f"{_layout}:{','.join(sorted(user.role_names))}:{int(user.is_superuser)}"


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
