"""Patrol teams (DOMAIN.md B8) and fire consultations with their public FAQ (B7)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.enums import (
    ActKind,
    ComplaintKind,
    ComplaintSource,
    ComplaintStatus,
    EquipmentKind,
    MemberRole,
    QuestionChannel,
    QuestionStatus,
    ReceiptChannel,
    SealUpProposal,
    TeamKind,
    VisitMethod,
    VisitStatus,
)
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import scope_unit_ids, unit_scope_q


def _visible(queryset: models.QuerySet, user: Any, *fields: str) -> models.QuerySet:
    q = unit_scope_q(user, *fields)
    return queryset if q is None else queryset.filter(q)


class PatrolTeamQuerySet(models.QuerySet["PatrolTeam"]):
    def visible_to(self, user: Any) -> PatrolTeamQuerySet:
        return _visible(self, user, "unit")


class PatrolTeam(models.Model):
    """A 巡消机动队 of a sub-district or a 保消巡逻队 of a community, and the grids it covers."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=24, choices=TeamKind.choices)
    unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="patrol_teams",
        help_text=_("The sub-district (mobile team) or community (patrol) the team belongs to."),
    )
    leader = models.CharField(_("leader"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    grids = models.ManyToManyField(
        "accounts.OrgUnit", verbose_name=_("grids covered"), blank=True, related_name="covering_patrol_teams",
    )
    active = models.BooleanField(_("active"), default=True)

    objects = PatrolTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol team")
        verbose_name_plural = _("patrol teams")
        ordering = ["unit__path", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class PatrolMember(models.Model):
    team = models.ForeignKey(PatrolTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        verbose_name = _("patrol member")
        verbose_name_plural = _("patrol members")
        ordering = ["team", "pk"]

    def __str__(self) -> str:
        return self.name


class PatrolEquipment(models.Model):
    team = models.ForeignKey(PatrolTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="equipment")
    kind = models.CharField(_("kind"), max_length=16, choices=EquipmentKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("patrol equipment")
        verbose_name_plural = _("patrol equipment")
        ordering = ["team", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.quantity}"


class ConsultationPoint(models.Model):
    """A 消防咨询点, usually in the community police office (社区警务室)."""

    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("community"), on_delete=models.PROTECT, related_name="consultation_points",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    service_hours = models.CharField(_("service hours"), max_length=100, blank=True, default="8:00–20:00")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("consultation point")
        verbose_name_plural = _("consultation points")
        ordering = ["community__path", "name"]

    def __str__(self) -> str:
        return self.name


def new_question_token() -> str:
    return secrets.token_urlsafe(16)


class CitizenQuestionQuerySet(models.QuerySet["CitizenQuestion"]):
    def visible_to(self, user: Any) -> CitizenQuestionQuerySet:
        return _visible(self, user, "community")

    def published(self) -> CitizenQuestionQuerySet:
        return self.filter(published_to_faq=True, status=QuestionStatus.ANSWERED)


class CitizenQuestion(models.Model):
    """A resident's fire question; answered within ten minutes in service hours."""

    token = models.CharField(max_length=32, unique=True, default=new_question_token, editable=False)
    question = models.TextField(_("question"))
    asker_name = models.CharField(_("name"), max_length=60, blank=True)
    asker_phone = models.CharField(_("phone"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=QuestionChannel.choices,
                               default=QuestionChannel.ONLINE)
    point = models.ForeignKey(ConsultationPoint, verbose_name=_("consultation point"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="questions")
    community = models.ForeignKey("accounts.OrgUnit", verbose_name=_("community"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="citizen_questions")
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.OPEN, editable=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    resolved_first_contact = models.BooleanField(_("resolved at first contact"), default=False)
    published_to_faq = models.BooleanField(_("published to the FAQ"), default=False)
    faq_question = models.TextField(_("FAQ question"), blank=True)
    faq_answer = models.TextField(_("FAQ answer"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)

    objects = CitizenQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("citizen question")
        verbose_name_plural = _("citizen questions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "community"], name="feedback_q_status_comm_idx")]

    def __str__(self) -> str:
        return self.question[:40]


# --- Supervision loop (DOMAIN.md B1–B5) -------------------------------------------------------


class FirstErrorRule(models.Model):
    """One entry of a province's 首错不罚 list (first error not penalised), maintained by administrators."""

    province = models.CharField(_("province"), max_length=40)
    code = models.CharField(_("item number"), max_length=20)
    title = models.CharField(_("violation"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("first-error rule")  # 首错不罚清单事项
        verbose_name_plural = _("first-error rules")
        ordering = ["province", "code"]
        constraints = [models.UniqueConstraint(fields=["province", "code"], name="feedback_first_error_uniq")]

    def __str__(self) -> str:
        return f"{self.province} {self.code} {self.title}"


class SamplingRule(models.Model):
    """Which share of the acts of a kind get a return visit (回访抽样), chosen reproducibly by ``seed``."""

    act_kind = models.CharField(_("act kind"), max_length=16, choices=ActKind.choices, unique=True)
    share_percent = models.PositiveSmallIntegerField(
        _("share (%)"), default=100, validators=[MinValueValidator(0), MaxValueValidator(100)])
    seed = models.CharField(_("seed"), max_length=40, default="2026",
                            help_text=_("Changing the seed changes which acts are picked."))

    class Meta:
        verbose_name = _("return-visit sampling rule")  # 回访抽样规则
        verbose_name_plural = _("return-visit sampling rules")
        ordering = ["act_kind"]

    def __str__(self) -> str:
        return f"{self.get_act_kind_display()} {self.share_percent}%"


class EnforcementActQuerySet(models.QuerySet["EnforcementAct"]):
    def visible_to(self, user: Any) -> EnforcementActQuerySet:
        return _visible(self, user, "unit")


class EnforcementAct(models.Model):
    """One law-enforcement act (执法行为) of a brigade: a licence, penalty, investigation, measure or inspection."""

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ActKind.choices)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="enforcement_acts")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="enforcement_acts")
    person_name = models.CharField(_("person"), max_length=60, blank=True)
    person_phone = models.CharField(_("person's phone"), max_length=30, blank=True)
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("officers"),
                                      related_name="enforcement_acts")
    occurred_at = models.DateTimeField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    summary = models.TextField(_("summary"))
    documents_served = models.TextField(_("documents served"), blank=True)
    reference = models.CharField(_("document number"), max_length=60, blank=True)
    first_error_waived = models.BooleanField(_("first error not penalised"), default=False)  # 首错不罚
    first_error_rule = models.ForeignKey(FirstErrorRule, verbose_name=_("first-error rule applied"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="acts")
    # An inspection that finds grounds for a temporary seal-up starts the ``seal_up.decide`` clock;
    # the compulsory measure that follows names it in ``follows_inspection`` and stops that clock.
    seal_up = models.CharField(_("temporary seal-up"), max_length=10, choices=SealUpProposal.choices, blank=True,
                               default=SealUpProposal.NONE)
    follows_inspection = models.ForeignKey("self", verbose_name=_("following the inspection"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="measures")
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = EnforcementActQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement act")  # 执法行为
        verbose_name_plural = _("enforcement acts")
        ordering = ["-occurred_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source_type", "source_id"], name="feedback_act_source_uniq",
                                               condition=Q(source_type__isnull=False))]
        indexes = [models.Index(fields=["unit", "occurred_at"], name="feedback_act_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:act", args=[self.pk])

    @property
    def counterparty(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.person_name


def sees_integrity_about(user: Any, *, unit_id: int | None, officer_ids: Any) -> bool:
    """Whether ``user`` may read integrity content (a report, a 吃拿卡要 flag) about this unit and officers."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_role(Role.SUPERVISOR)
                and user.unit_id != unit_id and user.pk not in set(officer_ids))


class ReceiptQuerySet(models.QuerySet["Receipt"]):
    def visible_to(self, user: Any) -> ReceiptQuerySet:
        return _visible(self, user, "act__unit")

    def rating_visible_to(self, user: Any) -> ReceiptQuerySet:
        """Like ``visible_to``, without receipts flagged 吃拿卡要 that the user may not read (see ``Complaint``)."""
        qs = self.visible_to(user)
        if getattr(user, "is_authenticated", False) and user.has_role(Role.SUPERVISOR):
            return qs.exclude(Q(integrity_flag=True) & (Q(act__unit_id=user.unit_id) | Q(act__officers=user)))
        return qs.exclude(integrity_flag=True)


class Receipt(models.Model):
    """The 消防监督执法回执单 of an act: the counterparty confirms the visit and rates it.

    The QR link carries ``token`` next to the receipt's id; the view compares it in constant time,
    so a token opens only its own receipt.
    """

    act = models.OneToOneField(EnforcementAct, verbose_name=_("act"), on_delete=models.CASCADE,
                               related_name="receipt")
    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    token = models.CharField(max_length=64, editable=False)
    channel = models.CharField(_("channel"), max_length=8, choices=ReceiptChannel.choices, blank=True)
    visit_confirmed = models.BooleanField(_("visit confirmed"), default=False)
    overall = models.PositiveSmallIntegerField(_("overall"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(5)])
    punctuality = models.PositiveSmallIntegerField(_("punctuality"), null=True, blank=True,
                                                   validators=[MinValueValidator(1), MaxValueValidator(5)])
    clarity = models.PositiveSmallIntegerField(_("clarity"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(5)])
    courtesy = models.PositiveSmallIntegerField(_("courtesy"), null=True, blank=True,
                                                validators=[MinValueValidator(1), MaxValueValidator(5)])
    integrity_flag = models.BooleanField(_("asked for benefits"), default=False)  # 吃拿卡要
    comment = models.TextField(_("comment"), blank=True)
    callback_contact = models.CharField(_("contact for a callback"), max_length=60, blank=True)
    first_rated_at = models.DateTimeField(_("first rated at"), null=True, blank=True, db_index=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement receipt")  # 消防监督执法回执单
        verbose_name_plural = _("enforcement receipts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["overall"], name="feedback_receipt_review_idx",
                                condition=Q(rated_at__isnull=False, reviewed_at__isnull=True))]

    def __str__(self) -> str:
        return self.number

    @property
    def returned(self) -> bool:
        return self.rated_at is not None

    def public_path(self) -> str:
        return reverse("feedback:receipt_public", args=[self.pk, self.token])


class ReturnVisitQuerySet(models.QuerySet["ReturnVisit"]):
    def visible_to(self, user: Any) -> ReturnVisitQuerySet:
        return _visible(self, user, "act__unit")


class ReturnVisit(models.Model):
    """A 回访 of an act picked by the sampling rule, due through the ``return_visit.due`` clock."""

    act = models.OneToOneField(EnforcementAct, verbose_name=_("act"), on_delete=models.CASCADE,
                               related_name="return_visit")
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.DUE,
                              editable=False)
    method = models.CharField(_("method"), max_length=8, choices=VisitMethod.choices, blank=True)
    questions_answers = models.TextField(_("questions and answers"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(5)])
    problem = models.TextField(_("problem raised"), blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, db_index=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("visited by"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReturnVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("return visit")  # 回访
        verbose_name_plural = _("return visits")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="feedback_visit_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.act.number} {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:visit", args=[self.pk])


class VisitAttempt(models.Model):
    visit = models.ForeignKey(ReturnVisit, verbose_name=_("return visit"), on_delete=models.CASCADE,
                              related_name="attempts")
    method = models.CharField(_("method"), max_length=8, choices=VisitMethod.choices)
    reached = models.BooleanField(_("reached"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    attempted_at = models.DateTimeField(_("attempted at"))
    attempted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("visit attempt")
        verbose_name_plural = _("visit attempts")
        ordering = ["visit", "attempted_at"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.attempted_at:%Y-%m-%d} {self.reached}"


def new_complaint_token() -> str:
    return secrets.token_urlsafe(24)


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def visible_to(self, user: Any) -> ComplaintQuerySet:
        """The one gate for every list, detail, search, count, export and API of complaints.

        Ordinary complaints follow the unit scope. Integrity reports (廉政) are seen only by discipline
        supervisors, and never by an officer named in them or by members of the unit complained about.
        """
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        ids = scope_unit_ids(user)
        qs = self if ids is None else self.filter(unit_id__in=ids)
        if user.has_role(Role.SUPERVISOR):
            return qs.exclude(Q(kind=ComplaintKind.INTEGRITY)
                              & (Q(unit_id=user.unit_id) | Q(subject_officers=user)))
        return qs.exclude(kind=ComplaintKind.INTEGRITY)


class Complaint(models.Model):
    """A complaint (投诉) or integrity report (廉政举报) about an act, an officer or a unit."""

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    source = models.CharField(_("source"), max_length=8, choices=ComplaintSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.OPEN, editable=False)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit complained about"), on_delete=models.PROTECT,
                             related_name="complaints")
    act = models.ForeignKey(EnforcementAct, verbose_name=_("act"), null=True, blank=True, on_delete=models.PROTECT,
                            related_name="complaints")
    receipt = models.ForeignKey(Receipt, verbose_name=_("receipt"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="complaints")
    visit = models.ForeignKey(ReturnVisit, verbose_name=_("return visit"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="complaints")
    subject_officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("officers concerned"),
                                              blank=True, related_name="+")
    text = models.TextField(_("complaint"))
    complainant_name = models.CharField(_("name"), max_length=60, blank=True)
    complainant_contact = models.CharField(_("contact"), max_length=60, blank=True)
    token = models.CharField(max_length=64, default=new_complaint_token, editable=False)
    investigator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("investigator"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="investigations")
    findings = models.TextField(_("findings"), blank=True)
    rectification = models.TextField(_("rectification"), blank=True)
    reply = models.TextField(_("reply to the complainant"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reply_rating = models.PositiveSmallIntegerField(_("rating of the reply"), null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(5)])
    reply_rating_comment = models.TextField(_("comment on the reply"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False, db_index=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")  # 投诉 / 廉政举报
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="feedback_complaint_unit_idx")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("feedback:complaint", args=[self.pk])

    def public_path(self) -> str:
        return reverse("feedback:complaint_track", args=[self.pk, self.token])
