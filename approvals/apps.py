from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from approvals.models import Matter
        from approvals.selectors import forget_matter_names

        # A matter saved in this process is named right at once; other processes follow within a minute.
        post_save.connect(forget_matter_names, sender=Matter, dispatch_uid="approvals.matter_names.save")
        post_delete.connect(forget_matter_names, sender=Matter, dispatch_uid="approvals.matter_names.delete")
