"""The 好差评 entries of the navigation bar."""

from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role
from firesvc.core.navigation import SUPERVISION, NavItem, register

register({
    295: NavItem(_("Bad reviews"), "reviews:follow_ups", (Role.SUPERVISOR, Role.APPROVER, Role.ADMINISTRATOR),
                 SUPERVISION),
    345: NavItem(_("Satisfaction"), "reviews:figures", (Role.APPROVER, Role.SUPERVISOR, Role.ADMINISTRATOR)),
})
