"""Choices of the working-day calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from firesvc import workdays


class DayKind(models.TextChoices):
    HOLIDAY = workdays.HOLIDAY, _("Statutory holiday")  # 法定节假日
    WORKDAY = workdays.WORKDAY, _("Make-up working day")  # 调休上班


class DaySource(models.TextChoices):
    ADMIN = "admin", _("Entered by an administrator")
    FILE = "file", _("Loaded from a notice file")
