from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    """Fire hazards and their rectification (E6) and key fire-safety units (E7)."""

    name = "enterprises.safety"
    label = "safety"
    verbose_name = _("Hazards and key units")
