"""The approvals' audit actions in words (the case timeline and the audit trail; ``firesvc.audit.vocabulary``)."""

from django.utils.translation import gettext_lazy as _

from approvals.enums import SUPPLEMENT_REPORT
from approvals.notifications import GREEN_CHANNEL_CLEAR, GREEN_CHANNEL_SET
from firesvc.audit.vocabulary import register_actions

register_actions({
    "application.create": _("Application drafted"),
    "application.update": _("Project details changed"),
    "material.upload": _("Material uploaded"),
    "application.submit": _("Submitted to the window"),
    "application.deficiency_notice": _("One-time notice issued: materials to supplement"),
    "application.accept": _("Accepted at the window"),
    "application.deemed_accept": _("Deemed accepted (no answer within five working days)"),
    "application.refuse": _("Not accepted"),
    "application.withdraw": _("Withdrawn by the applicant"),
    "application.decide": _("Decision issued"),
    "application.terminate": _("Terminated: the fire acceptance was not passed"),
    SUPPLEMENT_REPORT: _("Supplement reported as submitted by the applicant"),
    GREEN_CHANNEL_SET: _("Put in the green channel"),
    GREEN_CHANNEL_CLEAR: _("Taken out of the green channel"),
    "review.assign": _("Assigned for technical review"),
    "review.note": _("Technical review notes saved"),
    "inspection.schedule": _("Site inspection scheduled"),
    "inspection.record": _("Site inspection result recorded"),
    "inspection.cancel": _("Site inspection called off"),
    "decision.draft": _("Draft decision sent to the approver"),
    "decision.send_back": _("Draft decision sent back to the reviewer"),
    "decision.sign": _("Decision signed"),
    "filing.complete": _("Completion filing recorded"),
    "filing.spot_check_select": _("Completion filing drawn (or not) for spot check"),
    "precheck.record": _("Pre-check recorded"),
    "parallel_case.create": _("Parallel case opened"),
    "parallel_case.deficiency_notice": _("Joint one-time notice issued"),
    "parallel_case.close": _("Parallel case closed"),
    "parallel_case.withdraw": _("Parallel case withdrawn by the applicant"),
    "appointment.book": _("Appointment booked"),
    "appointment.move": _("Appointment moved"),
    "appointment.cancel": _("Appointment cancelled"),
    "appointment.attended": _("Came to the appointment"),
    "appointment.no_show": _("Did not come to the appointment"),
    "appointment.remind": _("Appointment reminder sent"),
    "appointment_slots.generate": _("Appointment slots opened"),
    "consultation.record": _("Window consultation recorded"),
    "early_intervention.record": _("Early intervention recorded"),
    "early_intervention.link": _("Early intervention linked to the application"),
    # The kernel names it (its clocks' words); it follows from the acceptance and sets the new due date.
    # The spot-check draw is random, made by the system on acceptance, and a filing not drawn is complete by
    # it: no person's act, though recorded with the clerk whose acceptance set them off.
}, system_acts=("clock.promised_limit", "filing.spot_check_select", "filing.complete"),
    due_date_shown=("clock.promised_limit",))
