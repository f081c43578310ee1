from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a periodic job ran (beat → worker → database); read by health checks."""

    name = models.CharField(max_length=60, unique=True)
    last_seen = models.DateTimeField()
    runs = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("heartbeat")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"


class NumberSequence(models.Model):
    """Gap-free document numbers per key (e.g. "受理-SY-TX-2026"), taken under a row lock."""

    key = models.CharField(max_length=80, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"
