from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "firesvc.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from firesvc.audit.services import audit_listen
        from firesvc.notifications.matrix import dispatch

        # The notification matrix hears every audit event (the apps register its rules as data).
        audit_listen(dispatch)
