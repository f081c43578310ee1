"""Published service measures (E9)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeasureCategory(models.TextChoices):
    GREEN_CHANNEL = "green_channel", _("Green channel")  # 绿色通道
    APPOINTMENT = "appointment", _("Approval by appointment")  # 审批预约
    EARLY_INTERVENTION = "early_intervention", _("Early intervention")  # 提前介入
    FIRST_ERROR = "first_error", _("No penalty for a first error")  # 首错不罚
    INTEGRITY = "integrity", _("Integrity supervision")  # 廉政监督
    SIMPLIFICATION = "simplification", _("Simplification")  # 精简审批
    OTHER = "other", _("Other")


class ServiceMeasureQuerySet(models.QuerySet["ServiceMeasure"]):
    def current(self, on: Any = None) -> ServiceMeasureQuerySet:
        """Published measures that have not been retired (as of ``on``, default today)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(is_published=True).filter(Q(retired_on__isnull=True) | Q(retired_on__gt=day))


class ServiceMeasure(models.Model):
    """A service measure (服务举措) published by a detachment or brigade, e.g. the Shenyang ten rules."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="service_measures",
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Number of the measure within its unit."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=MeasureCategory.choices,
                                default=MeasureCategory.OTHER)
    issued_on = models.DateField(_("issued on"), db_index=True)  # the statistics count by it
    is_published = models.BooleanField(_("published"), default=False)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = ServiceMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("service measure")
        verbose_name_plural = _("service measures")
        ordering = ["unit__path", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="service_measure_unit_number_uniq")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
