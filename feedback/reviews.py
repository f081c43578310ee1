"""Residents' questions (B7, 群众咨询) in 好差评 (DOMAIN.md C13): the person who asked rates the answer online.

The asker has no account: they follow their question by its tracking link, and that page shows the link of
the reviews' own rating page (``firesvc.reviews.services.rater_token``), so the tracking link is the rater's
access. One stage, the answer (办结); counted against the question's community and the staff member who
answered. A bad rating is followed up by the reviews (return visit, rectification, reply, 追评).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from feedback.enums import QuestionStatus
from feedback.models import CitizenQuestion
from firesvc.reviews.enums import Stage
from firesvc.reviews.registry import CaseKind, Handling, register

KEY = "citizen_question"


def _stages(question: CitizenQuestion) -> dict[str, datetime | None]:
    answered = question.answered_at if question.status == QuestionStatus.ANSWERED else None
    return {Stage.COMPLETION: answered}


def _handling(question: CitizenQuestion, stage: str) -> Handling:
    return Handling(unit_id=question.community_id, clerk=question.answered_by)


def _completed_between(start: datetime, end: datetime) -> QuerySet[CitizenQuestion]:
    # The asker has no account to be invited in: the answer's page itself asks for the rating.
    return CitizenQuestion.objects.none()


KIND = register(CaseKind(
    key=KEY, model="feedback.citizenquestion", label=_("Citizen question"),
    stages=_stages, handling=_handling,
    raters=lambda question: [],
    visible_to=lambda user: CitizenQuestion.objects.visible_to(user),
    completed_between=_completed_between,
    title=lambda question: "{} {}".format(_("Citizen question"), Truncator(question.question).chars(60)),
    staff_url=lambda question: reverse("feedback:questions"),
    rater_url=lambda question: reverse("feedback:question", args=[question.token]),
))
