"""The citizens' and supervision entries of the navigation bar (their places among the other apps')."""

from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role
from firesvc.core.navigation import CITIZENS, STAFF, SUPERVISION, NavItem, register

register({
    240: NavItem(_("Citizen questions"), "feedback:questions", (*STAFF, Role.GRID_MANAGER, Role.DUTY_OFFICER),
                 CITIZENS),
    250: NavItem(_("Patrol teams"), "feedback:patrol_teams", (*STAFF, Role.GRID_MANAGER), CITIZENS),
    # B1
    260: NavItem(_("Enforcement acts"), "feedback:acts", (Role.REVIEWER, Role.APPROVER, Role.SUPERVISOR), SUPERVISION),
    270: NavItem(_("Supervisor review"), "feedback:review_queue", (Role.SUPERVISOR,), SUPERVISION),  # B4
    280: NavItem(_("Return visits"), "feedback:visits", (Role.SUPERVISOR,), SUPERVISION),  # B3
    290: NavItem(_("Complaints"), "feedback:complaints", (*STAFF,), SUPERVISION),  # B5
})
