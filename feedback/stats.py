"""Citizen consultations (B7) on the statistics dashboard (DOMAIN.md C6)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from feedback.enums import ComplaintKind, VisitStatus
from firesvc.stats.registry import Counter, Ratio, register

CITIZENS = _("Ten-minute circle")
SUPERVISION = _("Supervision of enforcement")

register(
    Counter("enforcement_acts", _("Enforcement acts"), SUPERVISION, "feedback.EnforcementAct", "occurred_at", "unit",
            order=90),
    Counter("receipts_returned", _("Receipts returned with a rating"), SUPERVISION, "feedback.Receipt",
            "first_rated_at", "act__unit", condition=Q(overall__isnull=False), order=91),
    # Satisfaction: the sum of the overall ratings (1–5) over the number of ratings.
    Counter("receipt_rating_sum", _("Sum of receipt ratings"), SUPERVISION, "feedback.Receipt", "first_rated_at",
            "act__unit", condition=Q(overall__isnull=False), sum_field="overall", order=92),
    Ratio("receipt_rating_average", _("Average receipt rating (of 5)"), SUPERVISION, "receipt_rating_sum",
          "receipts_returned", percent=False, order=93, headline=True),
    Counter("return_visits_done", _("Return visits done"), SUPERVISION, "feedback.ReturnVisit", "done_at",
            "act__unit", condition=Q(status=VisitStatus.DONE), order=94),
    # Integrity reports (廉政) are never counted here: their number must not reach the staff they name.
    Counter("complaints_received", _("Complaints received"), SUPERVISION, "feedback.Complaint", "created_at", "unit",
            condition=Q(kind=ComplaintKind.COMPLAINT), order=95),
    Counter("complaints_closed", _("Complaints closed"), SUPERVISION, "feedback.Complaint", "closed_at", "unit",
            condition=Q(kind=ComplaintKind.COMPLAINT, closed_at__isnull=False), order=96),
    Counter("citizen_questions", _("Citizen questions"), CITIZENS, "feedback.CitizenQuestion", "created_at",
            "community", order=80),
    Counter("citizen_questions_answered", _("Citizen questions answered"), CITIZENS, "feedback.CitizenQuestion",
            "answered_at", "community", order=81),
    Counter("citizen_questions_first_contact", _("Citizen questions resolved at first contact"), CITIZENS,
            "feedback.CitizenQuestion", "answered_at", "community", condition=Q(resolved_first_contact=True),
            order=82),
    Ratio("citizen_questions_first_contact_rate", _("Questions resolved at first contact"), CITIZENS,
          "citizen_questions_first_contact", "citizen_questions_answered", order=83),
)
