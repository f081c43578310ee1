from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        # Other apps' records on an enterprise's timeline (filings, receipts) come from their ``timeline.py``.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("timeline")

        from enterprises.models import Suggestion
        from enterprises.services.suggestions import suggestion_deadline_moved
        from firesvc.sla.hooks import on_deadline_moved

        # A calendar change moved a suggestion's clock (the kernel recomputes it): the row's copy follows.
        on_deadline_moved(Suggestion, suggestion_deadline_moved)
