from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "firesvc.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Each app names its audit actions in its ``audit_words.py`` (firesvc.audit.vocabulary).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("audit_words")
