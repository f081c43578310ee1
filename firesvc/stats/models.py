from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firesvc.core.indexes import CoveringIndex


class DailyCount(models.Model):
    """A counter's value for one unit and one local day (统计日汇总), written by the roll-up.

    The dashboard sums these for closed days and counts today's rows live, so its cost does
    not grow with the number of records. Rows are recomputed, never incremented: a roll-up
    run replaces the days it covers.
    """

    key = models.CharField(_("counter"), max_length=60)
    # Null: a record not attributed to any unit (e.g. an anonymous pre-check); counted only in the
    # figures of the whole portal.
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [models.UniqueConstraint(fields=["key", "unit", "day"], name="stats_dailycount_unique")]
        indexes = [
            models.Index(fields=["day", "unit", "key"], name="stats_day_unit_idx"),
            # Covering indexes (INCLUDE on PostgreSQL, plain elsewhere): the dashboard's sums
            # over a subtree's units and a period, and the monthly chart's over some counters since a
            # day, are read from the index alone.
            CoveringIndex(fields=["unit", "day"], covering=["key", "value"], name="stats_unit_day_cover_idx"),
            CoveringIndex(fields=["key", "day"], covering=["unit", "value"], name="stats_key_day_cover_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.unit_id} {self.day}: {self.value}"


class RollupState(models.Model):
    """Up to which day the roll-up is complete; days after it are counted live."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    complete_through = models.DateField(_("complete through"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("roll-up state")

    def __str__(self) -> str:
        return f"complete through {self.complete_through}"
