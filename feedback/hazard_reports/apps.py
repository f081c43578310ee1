from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardReportsConfig(AppConfig):
    """Citizen hazard reports with the ten-minute promise (B6) and the Open311 API (C9)."""

    name = "feedback.hazard_reports"
    label = "hazard_reports"
    verbose_name = _("Citizen hazard reports")

    def ready(self) -> None:
        from feedback.hazard_reports.models import HazardReport
        from feedback.hazard_reports.selectors import report_clock_handlers, report_clock_names
        from firesvc.sla.hooks import on_clock_handlers, on_clock_names

        on_clock_names(HazardReport, report_clock_names)
        # The time-limit board counts a report's clocks under the duty officer who acknowledged it.
        on_clock_handlers(HazardReport, report_clock_handlers)
