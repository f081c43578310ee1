from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "firesvc.security"
    label = "security"
    verbose_name = _("Security")  # 安全

    def ready(self) -> None:
        from firesvc.security import signals

        signals.connect()
