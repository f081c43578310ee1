"""Reading citizen questions (群众咨询, B7): the open ones a user answers, and the published FAQ."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from feedback.enums import QuestionStatus
from feedback.models import CitizenQuestion


def open_questions_for(user: Any) -> QuerySet[CitizenQuestion]:
    return (CitizenQuestion.objects.visible_to(user).filter(status=QuestionStatus.OPEN)
            .select_related("community", "point").order_by("created_at", "pk"))


def faq_entries(*, search: str = "") -> QuerySet[CitizenQuestion]:
    entries = CitizenQuestion.objects.published().order_by("-answered_at", "-pk")
    search = search.strip()
    if search:
        entries = entries.filter(Q(faq_question__icontains=search) | Q(faq_answer__icontains=search))
    return entries

