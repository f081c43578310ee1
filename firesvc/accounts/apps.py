from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "firesvc.accounts"
    label = "accounts"
    verbose_name = _("Organisation and people")

    def ready(self) -> None:
        from firesvc.accounts.roles import sync_role_groups_after_migrate

        # Groups and their permissions are data derived from roles.py; keep them in step.
        post_migrate.connect(sync_role_groups_after_migrate, sender=self)
