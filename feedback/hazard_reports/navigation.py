"""The citizen hazard reports' entries of the navigation bar."""

from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role
from firesvc.core.navigation import CITIZENS, ON_DUTY, NavItem, register

register({
    300: NavItem(_("Hazard reports on duty"), "hazard_reports:duty", ON_DUTY, CITIZENS),
    310: NavItem(_("Report a fire hazard"), "hazard_reports:report", (Role.GRID_MANAGER,), CITIZENS),
})
