"""Administrator-entered calendar data (DOMAIN.md C2). Read through ``firesvc.workdays``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from firesvc.workcalendar.enums import DayKind, DaySource


class CalendarDay(models.Model):
    """One day of a State Council notice, or a correction: it wins over the calendar package.

    ``holiday``: a statutory holiday (放假), on any weekday; ``workday``: a make-up working day
    (调休上班), normally a Saturday or Sunday. Written only by ``services.calendar_day_set`` and
    ``services.calendar_year_load``.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=40, help_text=_("For example 春节, 国庆节 or 春节调休."))
    source = models.CharField(_("source"), max_length=10, choices=DaySource.choices, default=DaySource.ADMIN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}"


class CalendarYear(models.Model):
    """A year whose State Council holiday notice (国务院办公厅关于部分节假日安排的通知) has been entered.

    While ``complete`` is false (or no row exists) and the calendar package does not know the
    year, its deadlines are provisional: Monday to Friday plus the ``CalendarDay`` entries.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    complete = models.BooleanField(
        _("notice entered completely"), default=False,
        help_text=_("Every holiday and make-up working day of the year's notice has been entered."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("The notice, e.g. its title and document number, or the file loaded."))
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("loaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarVersion(models.Model):
    """One row whose token changes with every calendar edit.

    Each process re-reads it at most every ``workdays.RECHECK_SECONDS`` and rebuilds its
    calendar when it differs. A random token rather than a counter, so a rolled-back edit can
    never make two different calendars look like the same version.
    """

    token = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")

    def __str__(self) -> str:
        return self.token
