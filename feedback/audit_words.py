"""The supervision's audit actions in words (timelines and the audit trail; ``firesvc.audit.vocabulary``)."""

from django.utils.translation import gettext_lazy as _

from firesvc.audit.vocabulary import register_actions

register_actions({
    "act.record": _("Enforcement act recorded"),
    "act.seal_up_decline": _("Sealing up declined"),
    "receipt.create": _("Service receipt issued"),
    "receipt.rate": _("Service receipt rated"),
    "receipt.review": _("Rating reviewed by the supervisor"),
    "visit.create": _("Return visit planned"),
    "visit.attempt": _("Return visit attempt recorded"),
    "visit.review": _("Return visit reviewed by the supervisor"),
    "complaint.open": _("Complaint opened"),
    "complaint.assign": _("Complaint assigned"),
    "complaint.rate_reply": _("Reply to the complaint rated"),
    "question.ask": _("Question asked"),
    "hazard_report.submit": _("Hazard report received"),
    "hazard_report.escalate": _("Hazard report escalated"),
    "hazard_report.link": _("Hazard report linked to a case"),
    "hazard_report.unlink": _("Hazard report unlinked from a case"),
    "hazard_report.rated": _("Hazard report answer rated"),
})
