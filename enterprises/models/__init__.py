"""The models of the enterprises app, one module per sub-domain; every model is imported here so that
Django finds it (app label ``enterprises``, table names unchanged).
"""

from enterprises.models.enterprises import Enterprise, EnterpriseAccount, EnterpriseAccountQuerySet, EnterpriseQuerySet
from enterprises.models.forums import Forum, ForumAttendee
from enterprises.models.measures import MeasureCategory, ServiceMeasure
from enterprises.models.suggestions import Suggestion
from enterprises.models.training import (
    TRAINING_TRANSITIONS,
    TrainingAttendance,
    TrainingRequest,
    TrainingSession,
    TrainingStatus,
)
from enterprises.models.visits import Visit, VisitInterval, VisitSchedule

__all__ = [
    "TRAINING_TRANSITIONS", "Enterprise", "EnterpriseAccount", "EnterpriseAccountQuerySet", "EnterpriseQuerySet",
    "Forum", "ForumAttendee", "MeasureCategory", "ServiceMeasure", "Suggestion", "TrainingAttendance",
    "TrainingRequest", "TrainingSession", "TrainingStatus", "Visit", "VisitInterval", "VisitSchedule",
]
