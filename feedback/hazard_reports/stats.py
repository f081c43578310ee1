"""Citizen hazard reports (B6) on the statistics dashboard (DOMAIN.md C6)."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from feedback.hazard_reports.enums import ReportStatus
from firesvc.stats.registry import Counter, Ratio, register

CITIZENS = _("Ten-minute circle")

register(
    Counter("hazard_reports", _("Citizen hazard reports"), CITIZENS, "hazard_reports.HazardReport", "created_at",
            "subdistrict", condition=~Q(status=ReportStatus.LINKED), order=70),
    Counter("hazard_reports_acknowledged_in_time", _("Acknowledged within ten minutes"), CITIZENS,
            "hazard_reports.HazardReport", "created_at", "subdistrict",
            condition=~Q(status=ReportStatus.LINKED) & Q(acknowledged_at__lte=F("ack_due_at")), order=71),
    Ratio("hazard_reports_ten_minute_rate", _("Ten-minute promise kept"), CITIZENS,
          "hazard_reports_acknowledged_in_time", "hazard_reports", order=72),
    Counter("hazard_reports_closed", _("Citizen hazard reports closed with a reply"), CITIZENS,
            "hazard_reports.HazardReport", "closed_at", "subdistrict", condition=Q(closed_at__isnull=False), order=73),
)
