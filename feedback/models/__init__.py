"""The feedback models, one module per sub-domain; every model is imported here so that Django finds it.

``new_question_token`` and ``new_complaint_token`` are named by migrations as ``feedback.models.<name>``.
"""

from feedback.models.acts import EnforcementAct, EnforcementActQuerySet, FirstErrorRule, SamplingRule
from feedback.models.citizen_questions import (
    CitizenQuestion,
    CitizenQuestionQuerySet,
    ConsultationPoint,
    new_question_token,
)
from feedback.models.complaints import Complaint, ComplaintQuerySet, new_complaint_token
from feedback.models.patrols import PatrolEquipment, PatrolMember, PatrolTeam, PatrolTeamQuerySet
from feedback.models.receipts import Receipt, ReceiptQuerySet, sees_integrity_about
from feedback.models.return_visits import ReturnVisit, ReturnVisitQuerySet, VisitAttempt

__all__ = [
    "CitizenQuestion", "CitizenQuestionQuerySet", "Complaint", "ComplaintQuerySet", "ConsultationPoint",
    "EnforcementAct", "EnforcementActQuerySet", "FirstErrorRule", "PatrolEquipment", "PatrolMember", "PatrolTeam",
    "PatrolTeamQuerySet", "Receipt", "ReceiptQuerySet", "ReturnVisit", "ReturnVisitQuerySet", "SamplingRule",
    "VisitAttempt", "new_complaint_token", "new_question_token", "sees_integrity_about",
]
