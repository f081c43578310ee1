"""The enterprises' audit actions in words (timelines and the audit trail; ``firesvc.audit.vocabulary``)."""

from django.utils.translation import gettext_lazy as _

from firesvc.audit.vocabulary import register_actions

register_actions({
    "enterprise.create": _("Enterprise registered"),
    "enterprise.update": _("Enterprise details changed"),
    "enterprise_account.register": _("Enterprise account requested"),
    "forum.held": _("Forum held"),
    "forum.minutes": _("Forum minutes recorded"),
    "hazard.record": _("Hazard recorded"),
    "hazard.photo": _("Hazard photo added"),
    "hazard.major_confirm": _("Major hazard confirmed"),
    "hazard.major_downgrade": _("Major hazard downgraded"),
    "hazard.major_report": _("Major hazard reported to the people's government"),
    "hazard.major_report_reminder": _("Approvers reminded to report the major hazard to the people's government"),
    "hazard.order": _("Rectification order issued"),
    "hazard.respond": _("Rectification evidence submitted"),
    "hazard.rectification_reported": _("Correction reported by the enterprise"),
    "hazard.recheck": _("Re-check recorded"),
    "hazard.overdue": _("Rectification overdue"),
    "hazard.recheck_due": _("Re-check due: ordered to correct immediately"),
    "key_unit.designate": _("Designated a key fire-safety unit"),
    "key_unit.undesignate": _("Key fire-safety unit designation ended"),
    "key_unit.letter": _("Letter to the key unit issued"),
    "key_unit.measure": _("Key unit measure recorded"),
    "service_measure.publish": _("Service measure published"),
    "service_measure.retire": _("Service measure retired"),
    "suggestion.submitted": _("Suggestion submitted"),
    "suggestion.rated": _("Suggestion answer rated"),
    "training_request.requested": _("Training requested"),
    "training_session.create": _("Training session scheduled"),
    "training_session.attendance": _("Training attendance recorded"),
    "visit.planned": _("Visit planned"),
    "visit_interval.save": _("Visit interval saved"),
    "visit_interval.delete": _("Visit interval removed"),
})
