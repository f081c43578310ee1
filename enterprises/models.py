"""The enterprise registry and enterprise accounts (DOMAIN.md E1, E2)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enterprises.enums import AccountStatus, Industry, RiskTier
from firesvc.accounts.scoping import unit_scope_q
from firesvc.core.indexes import CoveringIndex


class EnterpriseQuerySet(models.QuerySet["Enterprise"]):
    def visible_to(self, user: Any) -> EnterpriseQuerySet:
        """Staff: enterprises of their unit's subtree; enterprise users: their own, once staff have verified
        the binding (anyone can sign up against a published credit code: until then the claimant sees only
        the registry data on their account page); else none."""
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(accounts__user=user, accounts__status=AccountStatus.VERIFIED)
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
    # E3, denormalised: last visit (or registration) + its tier's interval. The visit, registry, key-unit and
    # interval services keep it right in their transactions; ``manage.py visits_recompute_due`` repairs it.
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["brigade", "name"], name="enterprise_brigade_name_idx"),
            # The overdue list: a range scan in due-date order, within a brigade or across a detachment.
            models.Index(fields=["brigade", "next_visit_due", "id"], name="enterprise_brigade_due_idx"),
            models.Index(fields=["next_visit_due", "id"], name="enterprise_visit_due_idx"),
            # Key units of a scope (safety.selectors.key_unit_totals / key_unit_coverage): a few per
            # thousand enterprises, read from this small partial index instead of the whole table.
            CoveringIndex(fields=["brigade", "grid"], covering=["id"], condition=Q(is_key_unit=True),
                          name="enterprise_key_unit_idx"),
        ]

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
    issued_on = models.DateField(_("issued on"), db_index=True)  # the statistics count by it
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
            return self.filter(requests__enterprise__accounts__user=user).distinct()
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


# --- Visits (E3), forums (E4), suggestions (E5) ------------------------------------------------------------------

from enterprises.enums import (  # noqa: E402
    Satisfaction,
    SuggestionSource,
    SuggestionStatus,
    VisitMethod,
    VisitStatus,
    VisitTier,
)


class VisitInterval(models.Model):
    """Days between two visits of an enterprise of a tier (走访频次); a brigade's row overrides the default row."""

    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("brigade"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="visit_intervals", limit_choices_to={"kind": "brigade"},
        help_text=_("Leave empty for the default of every brigade."),
    )
    tier = models.CharField(_("tier"), max_length=10, choices=VisitTier.choices)
    interval_days = models.PositiveSmallIntegerField(_("days between visits"))

    class Meta:
        verbose_name = _("visit interval")  # 走访频次
        verbose_name_plural = _("visit intervals")
        ordering = ["unit__path", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tier"], name="visit_interval_unit_tier_uniq"),
            models.UniqueConstraint(fields=["tier"], condition=Q(unit__isnull=True),
                                    name="visit_interval_default_tier_uniq"),
            models.CheckConstraint(condition=Q(interval_days__gte=1), name="visit_interval_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit or '—'} · {self.get_tier_display()}: {self.interval_days}"


class VisitQuerySet(models.QuerySet["Visit"]):
    def visible_to(self, user: Any) -> VisitQuerySet:
        """Staff: visits of enterprises in their scope; nobody else sees visit records."""
        if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
            return self.none()
        q = unit_scope_q(user, "unit", "enterprise__grid")
        return self if q is None else self.filter(q)


class Visit(models.Model):
    """A visit to an enterprise (走访联系), planned or done; ``unit`` is the enterprise's brigade."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="visits")
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT,
                             related_name="visits")
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED,
                              editable=False)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True, editable=False, db_index=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.PROTECT,
                              related_name="visits")
    companions = models.CharField(_("other staff"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=VisitMethod.choices, default=VisitMethod.ON_SITE)
    contact_person = models.CharField(_("person met"), max_length=60, blank=True)
    needs = models.TextField(_("needs raised"), blank=True)  # 企业诉求
    notes = models.TextField(_("notes"), blank=True)
    training_request = models.ForeignKey(TrainingRequest, verbose_name=_("training asked for"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="visits")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")  # 走访
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-planned_for", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "status", "-visited_on"], name="visit_enterprise_done_idx"),
            models.Index(fields=["unit", "status", "-visited_on"], name="visit_unit_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in VisitStatus]), name="visit_status_valid"),
            models.CheckConstraint(condition=~Q(status="done") | Q(visited_on__isnull=False),
                                   name="visit_done_has_date"),
        ]

    def __str__(self) -> str:
        day = self.visited_on or self.planned_for
        return f"{self.enterprise} {day:%Y-%m-%d}" if day else str(self.enterprise)


class ForumQuerySet(models.QuerySet["Forum"]):
    def visible_to(self, user: Any) -> ForumQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
            return self.none()
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)


class Forum(models.Model):
    """A forum of enterprise representatives (企业代表座谈会) held by a unit."""

    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("host unit"), on_delete=models.PROTECT,
                             related_name="forums")
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)  # 会议纪要
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum")  # 企业代表座谈会
        verbose_name_plural = _("forums")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "-held_on"], name="forum_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class ForumAttendee(models.Model):
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="attendees")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="forum_attendance")
    representative = models.CharField(_("representative"), max_length=60)
    position = models.CharField(_("position"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("forum attendee")  # 参会企业代表
        verbose_name_plural = _("forum attendees")
        ordering = ["forum", "pk"]
        constraints = [models.UniqueConstraint(fields=["forum", "enterprise", "representative"],
                                               name="forum_attendee_uniq")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.representative}"


class SuggestionQuerySet(models.QuerySet["Suggestion"]):
    def visible_to(self, user: Any) -> SuggestionQuerySet:
        """Staff: suggestions handled by units in scope; enterprise users: their enterprise's; else none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if not user.is_staff_member:
            return self.filter(enterprise__accounts__user=user)
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)


class Suggestion(models.Model):
    """An opinion or suggestion (意见建议) to the fire service; fed back to the submitter within the SLA."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("handling unit"), on_delete=models.PROTECT,
                             related_name="suggestions")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="suggestions")
    source = models.CharField(_("source"), max_length=20, choices=SuggestionSource.choices)
    visit = models.ForeignKey(Visit, verbose_name=_("visit"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="suggestions")
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="suggestions")
    submitter_name = models.CharField(_("submitted by"), max_length=60)
    submitter_phone = models.CharField(_("phone"), max_length=30, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitter's account"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="suggestions_submitted")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    content = models.TextField(_("suggestion"))
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.SUBMITTED, editable=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="suggestions_assigned", editable=False)
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)
    rectification = models.TextField(_("what was changed"), blank=True, editable=False)  # 整改情况
    feedback = models.TextField(_("reply to the submitter"), blank=True, editable=False)  # 反馈
    fed_back_at = models.DateTimeField(_("fed back at"), null=True, blank=True, editable=False, db_index=True)
    due_at = models.DateTimeField(_("feedback due at"), null=True, blank=True, editable=False)
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True,
                                    editable=False)
    satisfaction_comment = models.CharField(_("comment"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")  # 意见建议
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "-created_at"], name="suggestion_unit_status_idx"),
            models.Index(fields=["enterprise", "-created_at"], name="suggestion_enterprise_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in SuggestionStatus]),
                                   name="suggestion_status_valid"),
        ]

    def __str__(self) -> str:
        return self.number


class VisitSchedule(models.Model):
    """Per enterprise: the last visit done and the next one planned, kept by the visit services.

    The overdue list filters 100,000 enterprises on these two dates; reading them from the visit table
    for every enterprise was the slow part (a correlated subquery per row).
    """

    enterprise = models.OneToOneField(Enterprise, verbose_name=_("enterprise"), primary_key=True,
                                      on_delete=models.CASCADE, related_name="visit_schedule")
    last_visited_on = models.DateField(_("last visit"), null=True, blank=True)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)

    class Meta:
        verbose_name = _("visit schedule")  # 走访计划
        verbose_name_plural = _("visit schedules")
        indexes = [models.Index(fields=["last_visited_on"], name="visit_schedule_last_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.last_visited_on or '—'}"
