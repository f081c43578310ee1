from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback and supervision")

    def ready(self) -> None:
        from feedback import checks  # noqa: F401  (registers the system check of unstaffed units)
        from feedback.selectors.audit import audit_events_hidden_from
        from firesvc.audit.selectors import audit_hide

        audit_hide(audit_events_hidden_from)  # integrity reports and ratings about the viewer's own unit
