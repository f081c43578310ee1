"""The enterprise registry and enterprise accounts (DOMAIN.md E1, E2)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.enums import AccountStatus, Industry, RiskTier
from firesvc.accounts.scoping import unit_scope_q


class EnterpriseQuerySet(models.QuerySet["Enterprise"]):
    def visible_to(self, user: Any) -> EnterpriseQuerySet:
        """Staff: enterprises of their unit's subtree; enterprise users: their own; else none."""
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(accounts__user=user)
        q = unit_scope_q(user, "brigade", "grid")
        return self if q is None else self.filter(q)


class Enterprise(models.Model):
    name = models.CharField(_("enterprise name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True,
        help_text=_("18 characters, GB 32100-2015 (统一社会信用代码)."),
    )
    legal_representative = models.CharField(_("legal representative"), max_length=60)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    address = models.CharField(_("address"), max_length=200)
    brigade = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT, related_name="enterprises",
        limit_choices_to={"kind": "brigade"},
    )
    grid = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("grid"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="grid_enterprises", limit_choices_to={"kind": "grid"},
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, default=Industry.OTHER)
    is_key_unit = models.BooleanField(_("key fire-safety unit"), default=False)  # 消防安全重点单位
    risk_tier = models.CharField(_("risk tier"), max_length=10, choices=RiskTier.choices, default=RiskTier.LOW)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["brigade", "name"], name="enterprise_brigade_name_idx")]

    def __str__(self) -> str:
        return self.name


class EnterpriseAccountQuerySet(models.QuerySet["EnterpriseAccount"]):
    def visible_to(self, user: Any) -> EnterpriseAccountQuerySet:
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(user=user)
        q = unit_scope_q(user, "enterprise__brigade", "enterprise__grid")
        return self if q is None else self.filter(q)


class EnterpriseAccount(models.Model):
    """A user bound to an enterprise; staff verify it before the user can file (E2)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="enterprise_account"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="accounts"
    )
    position = models.CharField(_("position"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AccountStatus.choices, default=AccountStatus.PENDING, editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    objects = EnterpriseAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise account")
        verbose_name_plural = _("enterprise accounts")
        permissions = [("verify_enterpriseaccount", "Can verify enterprise accounts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AccountStatus]), name="enterprise_account_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"

    @property
    def can_file(self) -> bool:
        return self.status == AccountStatus.VERIFIED


# --- Service measures (E9) and free training (E8) ---------------------------------------------------------------


class MeasureCategory(models.TextChoices):
    GREEN_CHANNEL = "green_channel", _("Green channel")  # 绿色通道
    APPOINTMENT = "appointment", _("Approval by appointment")  # 审批预约
    EARLY_INTERVENTION = "early_intervention", _("Early intervention")  # 提前介入
    FIRST_ERROR = "first_error", _("No penalty for a first error")  # 首错不罚
    INTEGRITY = "integrity", _("Integrity supervision")  # 廉政监督
    SIMPLIFICATION = "simplification", _("Simplification")  # 精简审批
    OTHER = "other", _("Other")


class ServiceMeasureQuerySet(models.QuerySet["ServiceMeasure"]):
    def current(self, on: Any = None) -> ServiceMeasureQuerySet:
        """Published measures that have not been retired (as of ``on``, default today)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(is_published=True).filter(Q(retired_on__isnull=True) | Q(retired_on__gt=day))


class ServiceMeasure(models.Model):
    """A service measure (服务举措) published by a detachment or brigade, e.g. the Shenyang ten rules."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="service_measures",
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Number of the measure within its unit."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=MeasureCategory.choices,
                                default=MeasureCategory.OTHER)
    issued_on = models.DateField(_("issued on"))
    is_published = models.BooleanField(_("published"), default=False)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = ServiceMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("service measure")
        verbose_name_plural = _("service measures")
        ordering = ["unit__path", "number", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="service_measure_unit_number_uniq")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TrainingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


# The one place that says which training-request transitions are allowed (services_training uses it).
TRAINING_TRANSITIONS: dict[str, set[str]] = {
    TrainingStatus.REQUESTED: {TrainingStatus.SCHEDULED, TrainingStatus.DECLINED},
    TrainingStatus.SCHEDULED: {TrainingStatus.SCHEDULED, TrainingStatus.DONE, TrainingStatus.DECLINED},
    TrainingStatus.DONE: set(),
    TrainingStatus.DECLINED: set(),
}


class TrainingSessionQuerySet(models.QuerySet["TrainingSession"]):
    def visible_to(self, user: Any) -> TrainingSessionQuerySet:
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(requests__enterprise__accounts__user=user).distinct()
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)


class TrainingSession(models.Model):
    """A free fire-safety training session (免费培训) held by a brigade, or officers' internal training."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT, related_name="training_sessions",
    )
    date = models.DateField(_("date"))
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
            return self.filter(enterprise__accounts__user=user)
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
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

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
