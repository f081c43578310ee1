from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    """Fire hazards and their rectification (E6) and key fire-safety units (E7)."""

    name = "enterprises.safety"
    label = "safety"
    verbose_name = _("Hazards and key units")

    def ready(self) -> None:
        # Registers the hazards-found-on-a-visit hook (enterprises.hooks), so that every process records them.
        from enterprises.safety.services import hazards  # noqa: F401
