"""On-time rate for the statistics dashboard: every clock that stopped in the period (DOMAIN.md C6)."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from firesvc.stats.registry import Counter, Ratio, register

DEADLINES = _("Deadlines")

register(
    Counter("clocks_closed", _("Time limits completed"), DEADLINES, "sla.Clock", "stopped_at", "unit", order=30),
    Counter("clocks_closed_on_time", _("Completed within the limit"), DEADLINES, "sla.Clock", "stopped_at", "unit",
            condition=Q(stopped_at__lt=F("due_at")), order=31),  # as Clock.card(): green when stopped before due
    Ratio("on_time_rate", _("On-time rate"), DEADLINES, "clocks_closed_on_time", "clocks_closed", order=32,
          headline=True),
)
