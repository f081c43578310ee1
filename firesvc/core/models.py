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
