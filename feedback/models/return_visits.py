"""Return visits after an act (B3) and their attempts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from feedback.enums import VisitMethod, VisitStatus
from feedback.models.acts import EnforcementAct
from feedback.models.scope import visible_in_scope


class ReturnVisitQuerySet(models.QuerySet["ReturnVisit"]):
    def visible_to(self, user: Any) -> ReturnVisitQuerySet:
        return visible_in_scope(self, user, "act__unit")


class ReturnVisit(models.Model):
    """A 回访 of an act picked by the sampling rule, due through the ``return_visit.due`` clock."""

    act = models.OneToOneField(EnforcementAct, verbose_name=_("act"), on_delete=models.CASCADE,
                               related_name="return_visit")
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.DUE,
                              editable=False)
    method = models.CharField(_("method"), max_length=8, choices=VisitMethod.choices, blank=True)
    questions_answers = models.TextField(_("questions and answers"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(5)])
    problem = models.TextField(_("problem raised"), blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, db_index=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("visited by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReturnVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("return visit")  # 回访
        verbose_name_plural = _("return visits")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="feedback_visit_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.act.number} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:visit", args=[self.pk])


class VisitAttempt(models.Model):
    visit = models.ForeignKey(ReturnVisit, verbose_name=_("return visit"), on_delete=models.CASCADE,
                              related_name="attempts")
    method = models.CharField(_("method"), max_length=8, choices=VisitMethod.choices)
    reached = models.BooleanField(_("reached"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    attempted_at = models.DateTimeField(_("attempted at"))
    attempted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("return visit attempt", "by"),
                                     on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("visit attempt")
        verbose_name_plural = _("visit attempts")
        ordering = ["visit", "attempted_at"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.attempted_at:%Y-%m-%d} {self.reached}"

