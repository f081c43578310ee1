"""The in-app inbox, the delivery outbox and each user's preferences (DOMAIN.md C4).

``Notification`` is what the user reads in the portal; ``OutboxMessage`` is one e-mail or
text message to send for it. Both are written in the transaction of the business change
that causes them (``services.notify``), so a notification exists exactly when the change
does; ``delivery.py`` then works through the outbox, which is the source of truth for what
still has to go out — not the Celery queue.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firesvc.notifications.enums import Channel, NotificationKind, OutboxStatus


class Notification(models.Model):
    """One message in a user's inbox (站内消息)."""

    # Empty for a message to someone without an account (a complainant's phone, ``notify_address``):
    # it has no inbox, only its outbox deliveries.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications",
        db_index=False,  # notification_inbox_idx starts with the recipient
        null=True, blank=True,
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A page of this portal."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set by callers that may run twice (a sweep, a retried task): the second call is a no-op.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            # The unread badge on every page: a count over this small index.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        # A kind without a label reads as a plain "notice": the inbox never shows a code.
        return str(NotificationKind(self.kind).label if self.kind in NotificationKind.values else _("Notice"))


class OutboxMessage(models.Model):
    """One delivery of a notification through one channel, with its retry state.

    ``claimed_at`` is when a delivery pass took the row ("sending"); it is also the claim's
    identity: a pass only records the outcome of a row that still carries its claim time.
    """

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries",
        db_index=False,  # outbox_one_per_channel starts with the notification
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, help_text=_("E-mail address or mobile phone number."))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, editable=False
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="outbox_one_per_channel"),
            models.CheckConstraint(condition=Q(status__in=OutboxStatus.values), name="outbox_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="outbox_channel_valid"),
        ]
        indexes = [
            # What a delivery pass looks for: due rows among the (few) pending ones.
            models.Index(fields=["next_attempt_at"], condition=Q(status=OutboxStatus.PENDING),
                         name="outbox_pending_due_idx"),
            # Claims whose lease has run out (the worker died mid-send).
            models.Index(fields=["claimed_at"], condition=Q(status=OutboxStatus.SENDING),
                         name="outbox_sending_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}"


class NotificationPreference(models.Model):
    """Which external channels a user wants. Without a row the defaults apply (``DEFAULTS``)."""

    DEFAULTS: dict[str, Any] = {"email": True, "sms": True, "muted_kinds": []}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email = models.BooleanField(_("e-mail"), default=True)
    # Text messages go only for urgent kinds unless a caller asks for them (see routing.py).
    sms = models.BooleanField(_("text messages for urgent matters"), default=True)
    muted_kinds = models.JSONField(
        _("kinds without e-mail or text message"), default=list, blank=True,
        help_text=_("These still appear in the inbox."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
