"""Visits to enterprises (E3): the interval per tier, the visits, each enterprise's schedule."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.enums import VisitMethod, VisitStatus, VisitTier
from enterprises.models.enterprises import Enterprise
from enterprises.models.training import TrainingRequest
from firesvc.accounts.scoping import unit_scope_q


class VisitInterval(models.Model):
    """Days between two visits of an enterprise of a tier (走访频次); a brigade's row overrides the default row."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("brigade"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="visit_intervals", limit_choices_to={"kind": "brigade"},
        help_text=_("Leave empty for the default of every brigade."),
    )
    tier = models.CharField(_("tier"), max_length=10, choices=VisitTier.choices)
    interval_days = models.PositiveSmallIntegerField(_("days between visits"))

    class Meta:
        verbose_name = _("visit interval")  # 走访频次
        verbose_name_plural = _("visit intervals")
        ordering = ["unit__path", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tier"], name="visit_interval_unit_tier_uniq"),
            models.UniqueConstraint(fields=["tier"], condition=Q(unit__isnull=True),
                                    name="visit_interval_default_tier_uniq"),
            models.CheckConstraint(condition=Q(interval_days__gte=1), name="visit_interval_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit or '—'} · {self.get_tier_display()}: {self.interval_days}"


class VisitQuerySet(models.QuerySet["Visit"]):
    def visible_to(self, user: Any) -> VisitQuerySet:
        """Staff: visits of enterprises in their scope; nobody else sees visit records."""
        if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
            return self.none()
        q = unit_scope_q(user, "unit", "enterprise__grid")
        return self if q is None else self.filter(q)


class Visit(models.Model):
    """A visit to an enterprise (走访联系), planned or done; ``unit`` is the enterprise's brigade."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="visits")
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT,
                             related_name="visits")
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED,
                              editable=False)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True, editable=False, db_index=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.PROTECT,
                              related_name="visits")
    companions = models.CharField(_("other staff"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=VisitMethod.choices, default=VisitMethod.ON_SITE)
    contact_person = models.CharField(_("person met"), max_length=60, blank=True)
    needs = models.TextField(_("needs raised"), blank=True)  # 企业诉求
    notes = models.TextField(_("notes"), blank=True)
    training_request = models.ForeignKey(TrainingRequest, verbose_name=_("training asked for"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="visits")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")  # 走访
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-planned_for", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "status", "-visited_on"], name="visit_enterprise_done_idx"),
            models.Index(fields=["unit", "status", "-visited_on"], name="visit_unit_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in VisitStatus]), name="visit_status_valid"),
            models.CheckConstraint(condition=~Q(status="done") | Q(visited_on__isnull=False),
                                   name="visit_done_has_date"),
        ]

    def __str__(self) -> str:
        day = self.visited_on or self.planned_for
        return f"{self.enterprise} {day:%Y-%m-%d}" if day else str(self.enterprise)


class VisitSchedule(models.Model):
    """Per enterprise: the last visit done and the next one planned, kept by the visit services.

    The overdue list filters 100,000 enterprises on these two dates; reading them from the visit table
    for every enterprise was the slow part (a correlated subquery per row).
    """

    enterprise = models.OneToOneField(Enterprise, verbose_name=_("enterprise"), primary_key=True,
                                      on_delete=models.CASCADE, related_name="visit_schedule")
    last_visited_on = models.DateField(_("last visit"), null=True, blank=True)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit schedule")  # 走访计划
        verbose_name_plural = _("visit schedules")
        indexes = [models.Index(fields=["last_visited_on"], name="visit_schedule_last_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.last_visited_on or '—'}"
