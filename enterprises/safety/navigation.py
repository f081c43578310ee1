"""The hazards' (E6) and key units' (E7) entries of the navigation bar."""

from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role
from firesvc.core.navigation import ENTERPRISE_SERVICE, MY_ENTERPRISE, STAFF, NavItem, register

register({
    190: NavItem(_("Fire hazards"), "safety:hazards", (*STAFF, Role.GRID_MANAGER), ENTERPRISE_SERVICE),  # E6
    200: NavItem(_("Key fire-safety units"), "safety:key_units", (*STAFF,), ENTERPRISE_SERVICE),  # E7
    210: NavItem(_("Rectification orders"), "safety:my_orders", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),  # E6
    220: NavItem(_("Key unit checklist"), "safety:my_key_unit", (Role.ENTERPRISE_USER,), MY_ENTERPRISE),  # E7
})
