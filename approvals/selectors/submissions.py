"""When the materials a notice answers arrived: the submission it answers, read from the case's events.

An application's ``submitted_at``/``arrival_date`` hold its latest submission: a supplement sent after a
one-time notice overwrites them, so a notice printed later must not read them for an earlier submission
(it would say the applicant submitted after the notice was issued). Each ``application.submit`` event
keeps its time (``firesvc.audit.selectors.occurred_at``: the arrival when entered after the fact).
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from approvals.models import Application
from firesvc.audit.models import AuditEvent
from firesvc.audit.selectors import occurred_at

SUBMIT = "application.submit"


def submitted_on(application: Application, *, before: datetime) -> date | None:
    """The day the materials answered at ``before`` arrived: the latest submission up to then."""
    events = list(AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=str(application.pk), action=SUBMIT,
    ).order_by("seq").only("created_at", "data"))
    times = [occurred_at(event) for event in events]
    answered = [index for index, when in enumerate(times) if when <= before]
    if not answered or answered[-1] == len(times) - 1:
        # The latest submission (or a case with no events, imported): the application's own fields hold it.
        return application.arrival_date or (
            timezone.localdate(application.submitted_at) if application.submitted_at else None)
    return timezone.localdate(times[answered[-1]])
