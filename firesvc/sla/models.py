"""Time-limit rules (data) and SLA clocks (DOMAIN.md C3, A8)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from firesvc.sla.enums import Card, ClockStatus, LimitUnit, PauseReason


class RuleSet(models.Model):
    """A regime of time limits (report era / current); exactly one is active."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=False)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="sla_one_active_ruleset")]

    def __str__(self) -> str:
        return self.name


class TimeLimitRule(models.Model):
    """One procedure step's limit: how long, counted how, from what, paused by what, extended how far."""

    ruleset = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("code"), max_length=60, help_text=_("e.g. acceptance.decide"))
    name = models.CharField(_("procedure step"), max_length=120)
    limit = models.PositiveIntegerField(_("limit"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=10, choices=LimitUnit.choices)
    start_event = models.CharField(_("starts at"), max_length=120)
    pause_reasons = models.JSONField(_("pause reasons that stop the clock"), default=list, blank=True)
    extension_max = models.PositiveIntegerField(
        _("maximum extension"), default=0, help_text=_("In the rule's unit; 0 means no extension."))
    yellow_share = models.DecimalField(
        _("yellow at share used"), max_digits=3, decimal_places=2, default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))])
    yellow_remaining = models.PositiveIntegerField(
        _("yellow when this many units remain"), default=0)
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("time-limit rule")
        verbose_name_plural = _("time-limit rules")
        ordering = ["ruleset", "code"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "code"], name="sla_rule_unique_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.limit} {self.get_unit_display()})"

    def allows_pause(self, reason: str) -> bool:
        return reason in (self.pause_reasons or [])


class ClockQuerySet(models.QuerySet["Clock"]):
    def visible_to(self, user: Any) -> ClockQuerySet:
        from firesvc.accounts.scoping import unit_scope_q

        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)

    def open(self) -> ClockQuerySet:
        # Named, not "not stopped": an equality the board's (unit, status, due_at) index can serve, so the
        # board reads the open clocks only, however many have stopped.
        return self.filter(status__in=[ClockStatus.RUNNING, ClockStatus.PAUSED])

    def for_owner(self, owner: models.Model) -> ClockQuerySet:
        return self.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)


class Clock(models.Model):
    """A pausable deadline on any case (``owner``).

    ``due_at``/``yellow_at`` are recomputed and stored at every clock event (start, pause,
    resume, extend), in the same transaction as its audit event, so the sweep is one indexed
    query and a lost queue loses no deadline. Limit and unit are copied from the rule at
    start: editing a rule affects new clocks only.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    rule = models.ForeignKey(TimeLimitRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="clocks")
    purpose = models.CharField(_("purpose"), max_length=60, blank=True)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="sla_clocks")
    status = models.CharField(_("status"), max_length=10, choices=ClockStatus.choices, default=ClockStatus.RUNNING)
    limit = models.PositiveIntegerField(_("limit"))
    limit_unit = models.CharField(_("unit"), max_length=10, choices=LimitUnit.choices)
    started_at = models.DateTimeField(_("started at"))
    excluded = models.PositiveBigIntegerField(
        _("excluded by pauses"), default=0, help_text=_("Working days, days or seconds, by unit."))
    extension = models.PositiveIntegerField(_("extension"), default=0)
    due_at = models.DateTimeField(_("due at"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    yellow_at = models.DateTimeField(_("yellow from"))
    provisional = models.BooleanField(_("provisional"), default=False)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    pause_reason = models.CharField(_("pause reason"), max_length=20, choices=PauseReason.choices, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=120, blank=True)
    # Set by the sweep in the transaction that creates the alert (see SlaAlert).
    yellow_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    red_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClockQuerySet.as_manager()

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="sla_clock_owner_idx"),
            # The sweep's two questions, over running clocks not yet alerted.
            models.Index(fields=["yellow_at"], name="sla_clock_yellow_due_idx",
                         condition=Q(status="running", yellow_alerted_at__isnull=True)),
            models.Index(fields=["due_at"], name="sla_clock_red_due_idx",
                         condition=Q(status="running", red_alerted_at__isnull=True)),
            models.Index(fields=["unit", "status", "due_at"], name="sla_clock_board_idx"),
            # The board's newest breaches (red, open or stopped): walked from the newest deadline back.
            models.Index(fields=["due_at"], name="sla_clock_due_idx"),
            # Statistics (C6): clocks completed in a period (the on-time rate).
            models.Index(fields=["stopped_at"], name="sla_clock_stopped_idx", condition=Q(stopped_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.rule.name} #{self.pk}"

    def card(self, now: Any) -> Card:
        """The card at ``now`` (firesvc.sla.cards, the rule the worklist filters by too)."""
        from firesvc.sla.cards import card_of

        return card_of(status=self.status, now=now, due_at=self.due_at, yellow_at=self.yellow_at,
                       paused_at=self.paused_at, stopped_at=self.stopped_at)


class ClockPause(models.Model):
    """One pause of a clock, with its reason; shown to the applicant."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("reason"), max_length=20, choices=PauseReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    expected_until = models.DateField(_("expected until"), null=True, blank=True)
    started_at = models.DateTimeField(_("paused at"))
    ended_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    excluded = models.PositiveBigIntegerField(_("excluded"), default=0)

    class Meta:
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.started_at:%Y-%m-%d}"


class ClockExtension(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="extensions")
    amount = models.PositiveIntegerField(_("extension"))
    reason = models.CharField(_("reason"), max_length=300)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clock extension")
        verbose_name_plural = _("clock extensions")

    def __str__(self) -> str:
        return f"+{self.amount} #{self.clock_id}"


class SlaAlert(models.Model):
    """A threshold crossed by a clock, handled once: the reminder (yellow) or the breach (red)."""

    clock = models.ForeignKey(Clock, verbose_name=_("SLA clock"), on_delete=models.CASCADE, related_name="alerts")
    level = models.CharField(_("card"), max_length=10, choices=Card.choices)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField(_("due at"))
    created_at = models.DateTimeField(_("raised at"), db_index=True)
    notified = models.PositiveIntegerField(_("people notified"), default=0)

    class Meta:
        verbose_name = _("SLA alert")
        verbose_name_plural = _("SLA alerts")
        constraints = [models.UniqueConstraint(fields=["clock", "level"], name="sla_alert_once_per_level")]

    def __str__(self) -> str:
        return f"{self.level} #{self.clock_id}"
