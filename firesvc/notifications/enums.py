"""Choices and fixed sets of the notifications feature (DOMAIN.md C4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """An external delivery channel; the in-app inbox row always exists besides these."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class OutboxStatus(models.TextChoices):
    """pending → sending → sent, or back to pending (retry later), or failed (attempts used up).

    Only ``delivery.py`` moves a delivery (compare-and-swap updates on the claim time), and
    ``services.outbox_message_retry`` puts a failed one back to pending for an operator.
    """

    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationKind(models.TextChoices):
    """The kinds other features send today. ``Notification.kind`` is free text (a short code),
    so a feature may add a kind without a migration; listing it here gives it a label and a
    switch on the preferences page."""

    SLA_REMINDER = "sla_reminder", _("Time-limit reminder")  # 时限预警
    SLA_ESCALATION = "sla_escalation", _("Time-limit escalation")  # 超期督办
    CALENDAR_MISSING = "calendar_missing", _("Working-day calendar missing")
    ACCOUNT_VERIFIED = "account_verified", _("Enterprise account verified")
    ACCOUNT_REJECTED = "account_rejected", _("Enterprise account not verified")
    APPOINTMENT_REMINDER = "appointment_reminder", _("Appointment reminder")
    # An application's steps (the approvals rows of the notification matrix, docs/notifications.md).
    APPROVAL_STATUS = "approval_status", _("Progress of an application")
    # Any clock of an application (the window's intake review limit too), not only its 审批期限.
    APPROVAL_TIME_LIMIT = "approval_time_limit", _("Changes to the time limits of an application")
    APPROVAL_DECISION = "approval_decision", _("Decision on an application")
    APPROVAL_ASSIGNED = "approval_assigned", _("Case assigned to you")
    APPROVAL_WITHDRAWN = "approval_withdrawn", _("Application withdrawn by the applicant")
    APPROVAL_TERMINATED = "approval_terminated", _("Application terminated")
    DECISION_TO_SIGN = "decision_to_sign", _("Decision waiting for your signature")


# What only staff receive: an enterprise user's settings page does not offer them.
STAFF_KINDS: frozenset[str] = frozenset({
    NotificationKind.SLA_REMINDER, NotificationKind.SLA_ESCALATION, NotificationKind.CALENDAR_MISSING,
    NotificationKind.APPROVAL_ASSIGNED, NotificationKind.APPROVAL_WITHDRAWN, NotificationKind.DECISION_TO_SIGN,
})


def kind_choices(*, staff: bool) -> list[tuple[str, str]]:
    """The kinds a user of this kind can receive, as choices."""
    return [(value, label) for value, label in NotificationKind.choices if staff or value not in STAFF_KINDS]


# Kinds urgent enough for a text message by default (when the caller names no channels).
URGENT_KINDS: frozenset[str] = frozenset({NotificationKind.SLA_ESCALATION})
