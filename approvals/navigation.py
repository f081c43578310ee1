"""The approvals' entries of the navigation bar (their places among the other apps')."""

from django.utils.translation import gettext_lazy as _

from firesvc.accounts.roles import Role
from firesvc.core.navigation import APPROVALS, HALL, MY_FILINGS, NavItem, register

register({
    10: NavItem(_("Worklist"), "approvals:worklist", (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER), APPROVALS),
    20: NavItem(_("Review desk"), "approvals:my_reviews", (Role.REVIEWER, Role.APPROVER), APPROVALS),  # A6
    # A10
    30: NavItem(_("Early intervention"), "approvals:early_interventions", (Role.REVIEWER, Role.APPROVER), APPROVALS),
    40: NavItem(_("My applications"), "approvals:my_applications", (Role.ENTERPRISE_USER,), MY_FILINGS),
    50: NavItem(_("Parallel approval"), "approvals:parallel_new", (Role.ENTERPRISE_USER,), MY_FILINGS),  # A7
    60: NavItem(_("Service guides"), "approvals:catalogue", (Role.ENTERPRISE_USER,), MY_FILINGS),
    70: NavItem(_("My appointments"), "approvals:appointments", (Role.ENTERPRISE_USER,), MY_FILINGS),
    90: NavItem(_("Book an appointment"), "approvals:appointment_book", (Role.ENTERPRISE_USER,), MY_FILINGS),
    100: NavItem(_("Appointments of the day"), "approvals:appointment_day", HALL, APPROVALS),
    110: NavItem(_("Window filing"), "approvals:window_filing", (Role.WINDOW_CLERK,), APPROVALS),
    120: NavItem(_("Consultations"), "approvals:consultations", (Role.WINDOW_CLERK,), APPROVALS),
    130: NavItem(_("“Three ones”"), "approvals:three_ones",
                  (Role.WINDOW_CLERK, Role.APPROVER, Role.SUPERVISOR), APPROVALS),
})
