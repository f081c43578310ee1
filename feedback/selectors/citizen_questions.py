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



def question_rating(question: CitizenQuestion) -> dict[str, Any]:
    """For the asker's tracking page: their rating of the answer (好差评), if given, else the link of the
    rating page once the question is answered (empty before)."""
    from django.urls import reverse

    from feedback import reviews
    from firesvc.reviews.enums import Stage
    from firesvc.reviews.models import Review
    from firesvc.reviews.services import rater_token, stages_to_rate

    rating = Review.objects.for_owner(question).first_ratings().first()
    link = ""
    if Stage.COMPLETION in stages_to_rate(kind=reviews.KIND, case=question) or rating is not None:
        link = reverse("reviews:link_rate", args=[rater_token(kind=reviews.KIND, case=question,
                                                              stage=Stage.COMPLETION)])
    return {"rating": rating, "rating_url": link}
