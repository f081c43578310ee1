from django.db import models
from django.utils.translation import gettext_lazy as _

# What the administrator's desk calls each heartbeat (its name is a code of the task that beats it).
HEARTBEAT_LABELS = {"beat": _("Task scheduler"), "sla_sweep": _("Time-limit sweep")}


class Heartbeat(models.Model):
    """The last time a periodic job ran (beat → worker → database); read by health checks."""

    name = models.CharField(max_length=60, unique=True)
    last_seen = models.DateTimeField()
    runs = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("heartbeat")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"

    @property
    def label(self) -> str:
        """The heartbeat in words (``HEARTBEAT_LABELS``; an unknown one by its name)."""
        return str(HEARTBEAT_LABELS.get(self.name, self.name))


class NumberSequence(models.Model):
    """Gap-free document numbers per key (e.g. "受理-SY-TX-2026"), taken under a row lock."""

    key = models.CharField(max_length=80, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class SubmissionReceipt(models.Model):
    """The record a create form made, under the one-time token it was sent with.

    A form carries a fresh token in a hidden field (``{% submission_token %}``); the API's
    ``Idempotency-Key`` is ``IdempotencyKey`` below. The unique token is
    claimed in the transaction that creates the record, so the same submission sent twice (a double
    click, a resent request) stores one record and the second answer shows the first one.
    ``firesvc.core.submissions``.
    """

    token = models.UUIDField(unique=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, null=True)
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("submission receipt")

    def __str__(self) -> str:
        return str(self.token)


class IdempotencyKey(models.Model):
    """An API request sent with an ``Idempotency-Key`` header, and the answer it got (kept 24 hours).

    ``owner`` is whoever sent it (``user:<id>``, or ``open311:<id>`` for an Open311 client's API key): two
    callers never share a key. The unique (owner, key) is claimed in the transaction that runs the request,
    so of two requests sent at the same moment one runs and the other waits and replays its answer.
    ``request_hash`` tells a retry (the same request: the stored answer again) from a key reused for
    another request (422). ``firesvc.core.idempotency``; swept by ``firesvc.core.tasks.expire_idempotency_keys``.
    """

    owner = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.TextField()
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="core_idempotency_owner_key")]

    def __str__(self) -> str:
        return f"{self.owner}: {self.key}"
