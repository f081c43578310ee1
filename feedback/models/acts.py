"""Enforcement acts (B1) and the rules they apply: first errors not penalised, return-visit sampling."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from feedback.enums import ActKind, SealUpProposal
from feedback.models.scope import visible_in_scope


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
        return visible_in_scope(self, user, "unit")


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

