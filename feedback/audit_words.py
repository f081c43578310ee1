"""The supervision's audit actions in words (timelines and the audit trail; ``firesvc.audit.vocabulary``)."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from firesvc.audit.vocabulary import register_actions


def _report_number(event: Any) -> Any:
    number = (event.data or {}).get("original")
    return number if isinstance(number, int) else None


def _hazard_report_link(event: Any) -> str:
    """The report a hazard report was linked to, by its number."""
    number = _report_number(event)
    return gettext("Linked to the earlier report #%(number)s") % {"number": number} if number else ""


def _hazard_report_unlink(event: Any) -> str:
    """A removed link names the report it was to; with none, the duty officer dismissed the suggestion."""
    number = _report_number(event)
    if number:
        return gettext("Link to the earlier report #%(number)s removed") % {"number": number}
    return gettext("The duty officer found it is not a repeat report")


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
    "hazard_report.link": _("Hazard report linked to an earlier report"),
    "hazard_report.unlink": _("Hazard report unlinked, or found not to be a repeat"),
    "hazard_report.rated": _("Hazard report answer rated"),
}, event_words={"hazard_report.link": _hazard_report_link, "hazard_report.unlink": _hazard_report_unlink})
