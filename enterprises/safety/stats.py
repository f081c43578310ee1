"""Hazards (E6) on the statistics dashboard (DOMAIN.md C6)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.safety.enums import HazardSeverity
from enterprises.safety.selectors import key_unit_totals
from firesvc.stats.registry import Counter, register, register_stock

HAZARDS = _("Hazards and rectification")

register(
    Counter("hazards_found", _("Hazards recorded"), HAZARDS, "safety.Hazard", "created_at", "unit", order=50),
    Counter("major_hazards_found", _("Major hazards recorded"), HAZARDS, "safety.Hazard", "created_at", "unit",
            condition=Q(severity=HazardSeverity.MAJOR), order=51),
    Counter("rectification_orders", _("Rectification orders issued"), HAZARDS, "safety.RectificationOrder",
            "issued_at", "hazard__unit", order=52),
    Counter("hazards_eliminated", _("Hazards eliminated"), HAZARDS, "safety.Hazard", "eliminated_at", "unit",
            condition=Q(eliminated_at__isnull=False), order=53, headline=True),
)

# The key units of a unit's subtree now, and those with every 六加一 measure and this year's letter (E7).
register_stock("key_units", key_unit_totals)
