"""On-time rate for the statistics dashboard: every clock that stopped in the period (DOMAIN.md C6), but
those stopped by the applicant's withdrawal, which completed no time limit."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from firesvc.sla.enums import OUTCOME_WITHDRAWN
from firesvc.stats.registry import Counter, Ratio, register

DEADLINES = _("Deadlines")

register(
    Counter("clocks_closed", _("Time limits completed"), DEADLINES, "sla.Clock", "stopped_at", "unit",
            condition=~Q(outcome=OUTCOME_WITHDRAWN), order=30),
    Counter("clocks_closed_on_time", _("Completed within the limit"), DEADLINES, "sla.Clock", "stopped_at", "unit",
            # as Clock.card(): green when stopped before due
            condition=Q(stopped_at__lt=F("due_at")) & ~Q(outcome=OUTCOME_WITHDRAWN), order=31),
    Ratio("on_time_rate", _("On-time rate"), DEADLINES, "clocks_closed_on_time", "clocks_closed", order=32,
          headline=True),
)
