from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    name = "firesvc.workcalendar"
    label = "workcalendar"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from firesvc import workdays
        from firesvc.workcalendar.selectors import calendar_from_database

        # The kernel's calendar reads the administrators' entries through this app.
        workdays.use_database_reader(calendar_from_database)
