"""The enterprise services' entries of the navigation bar (their places among the other apps')."""

from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role
from firesvc.core.navigation import ENTERPRISE_SERVICE, HALL, MY_ENTERPRISE, STAFF, NavItem, register

register({
    80: NavItem(_("Free training"), "enterprises:training_requests", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),
    140: NavItem(_("Enterprises"), "enterprises:list", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),
    # E3
    150: NavItem(_("Overdue visits"), "enterprises:visits_overdue", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),
    160: NavItem(_("Suggestions"), "enterprises:suggestions", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),  # E5
    170: NavItem(_("Forums"), "enterprises:forums", (*STAFF,), ENTERPRISE_SERVICE),  # E4
    180: NavItem(_("My suggestions"), "enterprises:suggestions_mine", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),  # E5
    230: NavItem(_("Training requests"), "enterprises:training_queue", HALL, ENTERPRISE_SERVICE),
    320: NavItem(_("Account verification"), "enterprises:account_queue", HALL, ENTERPRISE_SERVICE),
    330: NavItem(_("My enterprise"), "enterprises:mine", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),
})
