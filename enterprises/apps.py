from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        # Other apps' records on an enterprise's timeline (filings, receipts) come from their ``timeline.py``.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("timeline")
