from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "firesvc.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Each app declares what it shows on the role desks in its own ``desks.py`` and its entries of the
        # navigation bar in its ``navigation.py``; what the staff search box finds of it in its ``search.py``.
        from django.urls import register_converter
        from django.utils.module_loading import autodiscover_modules

        from firesvc.core.converters import DatabaseIdConverter

        register_converter(DatabaseIdConverter, "id")  # before any URLconf is read

        autodiscover_modules("desks", "navigation", "search")

        from django.contrib.auth.signals import user_logged_in

        from firesvc.core.elder import on_signed_in

        # The 长辈版 chosen before signing in goes to the account (firesvc.core.elder).
        user_logged_in.connect(on_signed_in, dispatch_uid="firesvc.core.elder")
