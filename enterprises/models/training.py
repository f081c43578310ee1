"""Free fire-safety training (E8): sessions, requests, attendance."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.models.enterprises import Enterprise, verified_user_q
from firesvc.accounts.scoping import unit_scope_q


class TrainingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


# The one place that says which training-request transitions are allowed (enterprises.services.training uses it).
TRAINING_TRANSITIONS: dict[str, set[str]] = {
    TrainingStatus.REQUESTED: {TrainingStatus.SCHEDULED, TrainingStatus.DECLINED},
    TrainingStatus.SCHEDULED: {TrainingStatus.SCHEDULED, TrainingStatus.DONE, TrainingStatus.DECLINED},
    TrainingStatus.DONE: set(),
    TrainingStatus.DECLINED: set(),
}


class TrainingSessionQuerySet(models.QuerySet["TrainingSession"]):
    def visible_to(self, user: Any) -> TrainingSessionQuerySet:
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(verified_user_q(user, "requests__enterprise")).distinct()
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)


class TrainingSession(models.Model):
    """A free fire-safety training session (免费培训) held by a brigade, or officers' internal training."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT, related_name="training_sessions",
    )
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"))
    trainer = models.CharField(_("trainer"), max_length=60)
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    internal = models.BooleanField(_("internal training of officers"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "-start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"


class TrainingRequestQuerySet(models.QuerySet["TrainingRequest"]):
    def visible_to(self, user: Any) -> TrainingRequestQuerySet:
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(verified_user_q(user))
        q = unit_scope_q(user, "enterprise__brigade", "enterprise__grid")
        return self if q is None else self.filter(q)


class TrainingRequest(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="training_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+",
    )
    topic = models.CharField(_("topic"), max_length=200)
    preferred_dates = models.CharField(_("preferred dates"), max_length=200, blank=True)
    attendees_estimate = models.PositiveIntegerField(_("expected attendees"), default=10)
    status = models.CharField(_("status"), max_length=10, choices=TrainingStatus.choices,
                              default=TrainingStatus.REQUESTED, editable=False)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True, editable=False)
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="requests",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)

    objects = TrainingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in TrainingStatus]), name="training_request_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}: {self.topic}"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="training_attendance",
    )
    person_name = models.CharField(_("name"), max_length=60)
    is_officer = models.BooleanField(_("officer"), default=False)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendance")
        ordering = ["session", "is_officer", "person_name", "pk"]

    def __str__(self) -> str:
        return self.person_name
