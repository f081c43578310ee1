from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """The report's counters for any unit and period (DOMAIN.md C6)."""

    name = "firesvc.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # Each domain app declares its counters in its own ``stats.py``.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("stats")
        from firesvc.stats import (
            checks,  # noqa: F401  (registers the system check)
            freshness,
        )

        freshness.connect()  # a closed day's roll-up is redone when its records change
