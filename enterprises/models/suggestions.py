"""Suggestions from enterprises and the public (E5), handled under a clock."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises.enums import Satisfaction, SuggestionSource, SuggestionStatus
from enterprises.models.enterprises import Enterprise, verified_user_q
from enterprises.models.forums import Forum
from enterprises.models.visits import Visit
from firesvc.accounts.scoping import unit_scope_q


class SuggestionQuerySet(models.QuerySet["Suggestion"]):
    def visible_to(self, user: Any) -> SuggestionQuerySet:
        """Staff: suggestions handled by units in scope; verified enterprise users: their enterprise's; else none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if not user.is_staff_member:
            return self.filter(verified_user_q(user))
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)


class Suggestion(models.Model):
    """An opinion or suggestion (意见建议) to the fire service; fed back to the submitter within the SLA."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("handling unit"), on_delete=models.PROTECT,
                             related_name="suggestions")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="suggestions")
    source = models.CharField(_("source"), max_length=20, choices=SuggestionSource.choices)
    visit = models.ForeignKey(Visit, verbose_name=_("visit"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="suggestions")
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="suggestions")
    submitter_name = models.CharField(_("submitted by"), max_length=60)
    submitter_phone = models.CharField(_("phone"), max_length=30, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitter's account"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="suggestions_submitted")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    content = models.TextField(_("suggestion"))
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.SUBMITTED, editable=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="suggestions_assigned", editable=False)
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)
    rectification = models.TextField(_("what was changed"), blank=True, editable=False)  # 整改情况
    feedback = models.TextField(_("reply to the submitter"), blank=True, editable=False)  # 反馈
    fed_back_at = models.DateTimeField(_("fed back at"), null=True, blank=True, editable=False, db_index=True)
    due_at = models.DateTimeField(_("feedback due at"), null=True, blank=True, editable=False)
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True,
                                    editable=False)
    satisfaction_comment = models.CharField(_("comment"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")  # 意见建议
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "-created_at"], name="suggestion_unit_status_idx"),
            models.Index(fields=["enterprise", "-created_at"], name="suggestion_enterprise_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in SuggestionStatus]),
                                   name="suggestion_status_valid"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("enterprises:suggestion_detail", args=[self.pk])
