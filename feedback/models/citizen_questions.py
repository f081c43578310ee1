"""Fire consultation points and citizen questions (群众咨询) with their public FAQ (B7)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from feedback.enums import QuestionChannel, QuestionStatus
from feedback.models.scope import visible_in_scope


class ConsultationPoint(models.Model):
    """A 消防咨询点, usually in the community police office (社区警务室)."""

    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("community"), on_delete=models.PROTECT, related_name="consultation_points",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    service_hours = models.CharField(_("service hours"), max_length=100, blank=True, default="8:00–20:00")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("consultation point")
        verbose_name_plural = _("consultation points")
        ordering = ["community__path", "name"]

    def __str__(self) -> str:
        return self.name


def new_question_token() -> str:
    return secrets.token_urlsafe(16)


class CitizenQuestionQuerySet(models.QuerySet["CitizenQuestion"]):
    def visible_to(self, user: Any) -> CitizenQuestionQuerySet:
        return visible_in_scope(self, user, "community")

    def published(self) -> CitizenQuestionQuerySet:
        return self.filter(published_to_faq=True, status=QuestionStatus.ANSWERED)


class CitizenQuestion(models.Model):
    """A resident's fire question; answered within ten minutes in service hours."""

    token = models.CharField(max_length=32, unique=True, default=new_question_token, editable=False)
    question = models.TextField(_("question"))
    asker_name = models.CharField(_("name"), max_length=60, blank=True)
    asker_phone = models.CharField(_("phone"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=QuestionChannel.choices,
                               default=QuestionChannel.ONLINE)
    point = models.ForeignKey(ConsultationPoint, verbose_name=_("consultation point"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="questions")
    community = models.ForeignKey("accounts.OrgUnit", verbose_name=_("community"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="citizen_questions")
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.OPEN, editable=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    resolved_first_contact = models.BooleanField(_("resolved at first contact"), default=False)
    published_to_faq = models.BooleanField(_("published to the FAQ"), default=False)
    faq_question = models.TextField(_("FAQ question"), blank=True)
    faq_answer = models.TextField(_("FAQ answer"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)

    objects = CitizenQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen question")
        verbose_name_plural = _("citizen questions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "community"], name="feedback_q_status_comm_idx")]

    def __str__(self) -> str:
        return self.question[:40]

