"""Fire hazards and their rectification (E6); key fire-safety units (E7).

A hazard carries the one status field of the rectification procedure; its order (责令限期改正通知书),
attachments and re-checks hang off it. Key units: ``Enterprise.is_key_unit`` stays the flag the
rest of the portal reads; ``KeyUnitDesignation`` records why and under which category (history kept).
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises.models.enterprises import verified_user_q
from enterprises.safety.enums import (
    OPEN_HAZARD_STATUSES,
    AttachmentKind,
    HazardSeverity,
    HazardSource,
    HazardStatus,
)
from firesvc.accounts.scoping import unit_scope_q
from firesvc.documents.codes import format_code, new_verification_code, new_verification_token


def _private_upload(instance: Any, filename: str) -> str:
    # Server-made names: the uploader's file name is kept in a column, never in the path.
    return f"private/safety/{date.today():%Y/%m}/{uuid.uuid4().hex}"


class HazardQuerySet(models.QuerySet["Hazard"]):
    def visible_to(self, user: Any) -> HazardQuerySet:
        """Staff: hazards of their unit's subtree, and those they recorded for a unit above their own (a
        grid manager records for the brigade above); never a sibling unit's, whoever recorded it.
        Verified enterprise users: their enterprise's hazards once an order is issued."""
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(verified_user_q(user), order__isnull=False)
        q = unit_scope_q(user, "unit")
        if q is None:
            return self
        own = getattr(user, "unit", None) if getattr(user, "is_authenticated", False) else None
        if own is None:
            return self.filter(q)
        return self.filter(q | Q(recorded_by=user, unit_id__in=own.ancestor_ids()))

    def open(self) -> HazardQuerySet:
        return self.filter(status__in=OPEN_HAZARD_STATUSES)

    def awaiting_government_report(self) -> HazardQuerySet:
        """Confirmed major hazards not yet reported in writing to the people's government (``Hazard.awaits_...``)."""
        return self.filter(severity=HazardSeverity.MAJOR, major_confirmed_at__isnull=False,
                           government_reported_on__isnull=True)


class Hazard(models.Model):
    """A fire hazard (火灾隐患) found on a visit, an inspection, a patrol or reported by a citizen."""

    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("responsible unit"), on_delete=models.PROTECT,
                             related_name="hazards")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="hazards")
    source = models.CharField(_("source"), max_length=20, choices=HazardSource.choices)
    source_reference = models.CharField(_("source reference"), max_length=100, blank=True,
                                        help_text=_("e.g. the visit, inspection or report number."))
    description = models.TextField(_("description"))
    address = models.CharField(_("address"), max_length=200)
    severity = models.CharField(_("severity"), max_length=10, choices=HazardSeverity.choices,
                                default=HazardSeverity.GENERAL)
    status = models.CharField(_("status"), max_length=20, choices=HazardStatus.choices,
                              default=HazardStatus.RECORDED, editable=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("found by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    # The day of the inspection or visit that found it, as the officer gives it (a portal visit gives its own);
    # the order's grounds print it. Empty when unknown: the order then names no day rather than a wrong one.
    found_on = models.DateField(_("date of the inspection or visit"), null=True, blank=True)
    # Other officers present when it was found (消防监督检查 is done by at least two), beside ``reported_by``.
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("other officers present"), blank=True,
                                      related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)
    # 重大火灾隐患: the brigade's approver confirms the designation and it is reported to the detachment.
    major_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("major designation confirmed by"),
                                           null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                           editable=False)
    major_confirmed_at = models.DateTimeField(_("major designation confirmed at"), null=True, blank=True,
                                              editable=False)
    # 消防法 §55: a major fire hazard affecting public safety is reported in writing to the local people's
    # government. Recorded by the approver after the confirmation (hazard_major_report), not by it.
    government_reported_on = models.DateField(_("reported to the government on"), null=True, blank=True,
                                              editable=False)
    government_reported_to = models.CharField(_("reported to"), max_length=100, blank=True, editable=False)
    government_report_note = models.TextField(_("report note"), blank=True, editable=False)
    government_report_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("report recorded by"),
                                             null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                             editable=False)
    government_report_at = models.DateTimeField(_("report recorded at"), null=True, blank=True, editable=False)
    # Set when the unit's approvers were reminded that the report is overdue (hazard_major_report_remind), once.
    government_report_reminded_at = models.DateTimeField(_("report reminder sent at"), null=True, blank=True,
                                                         editable=False)
    eliminated_at = models.DateTimeField(_("eliminated at"), null=True, blank=True, editable=False)

    objects = HazardQuerySet.as_manager()

    class Meta:
        verbose_name = _("fire hazard")  # 火灾隐患
        verbose_name_plural = _("fire hazards")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="safety_hazard_unit_status"),
            models.Index(fields=["enterprise", "created_at"], name="safety_hazard_enterprise"),
            models.Index(fields=["eliminated_at"], name="safety_hazard_eliminated"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in HazardStatus]),
                                   name="safety_hazard_status_valid"),
            models.CheckConstraint(condition=Q(severity__in=[s.value for s in HazardSeverity]),
                                   name="safety_hazard_severity_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.description[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("safety:hazard", args=[self.pk])

    @property
    def is_major(self) -> bool:
        return self.severity == HazardSeverity.MAJOR

    @property
    def awaits_government_report(self) -> bool:
        """A confirmed major hazard not yet reported in writing to the people's government."""
        return self.is_major and self.major_confirmed_at is not None and self.government_reported_on is None


# The document's title names what it orders (公安部令第120号 forms): correction within a deadline, or at once.
# Orders issued before the title was kept print the old general title.
ORDER_TITLE_DEADLINE = "责令限期改正通知书"
ORDER_TITLE_IMMEDIATE = "责令立即改正通知书"
ORDER_TITLE_LEGACY = "责令改正通知书"


def order_title(*, rectify_workdays: int) -> str:
    """The printed title of an order that gives ``rectify_workdays`` to correct (0: at once)."""
    return ORDER_TITLE_DEADLINE if rectify_workdays > 0 else ORDER_TITLE_IMMEDIATE


# What ends a sentence (Chinese and ASCII); closing quotes and brackets after it still end it (…。”).
_SENTENCE_FINAL = "。！？!?.…"
_CLOSERS = "”’」』）)]】》"
# What a requirement may end with that is not the end of a sentence (a clause left open): replaced by 。.
_CLAUSE_END = "，,、；;：:"
# A requirement that itself says to act at once ("立即清理…", "请立即…", "你单位应当立即…").
_SAYS_IMMEDIATELY = re.compile(r"^(?:请|须|应|应当|必须)?(?:你单位)?(?:须|应|应当|必须)?立即")


def requirements_sentence(text: str) -> str:
    """The requirements as printed in the order and its message: sentence-final punctuation at the end (。 unless
    the text already ends a sentence; a trailing comma, semicolon or colon becomes 。)."""
    text = (text or "").strip()
    if not text or text.rstrip(_CLOSERS).endswith(tuple(_SENTENCE_FINAL)):
        return text
    return text.rstrip(_CLAUSE_END + " \t\u3000") + "。"


def requirements_say_immediately(text: str) -> bool:
    """The requirements themselves open with 立即 (or 请立即 …): an order to correct immediately does not say it
    twice ("请立即改正：立即清理…")."""
    return bool(_SAYS_IMMEDIATELY.match((text or "").strip()))


class RectificationOrder(models.Model):
    """责令限期改正通知书: numbered, with the deadline the order sets (in working days)."""

    hazard = models.OneToOneField(Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="order")
    number = models.CharField(_("order number"), max_length=40, unique=True)
    requirements = models.TextField(_("what must be rectified"))
    # Frozen at issue, as printed on the paper (an order issued before these were kept prints its old text):
    # how the hazard came to the unit's knowledge (selectors.order_grounds) and the right to seek remedy.
    title = models.CharField(_("document title"), max_length=20, blank=True, editable=False)
    grounds = models.TextField(_("grounds"), blank=True, editable=False)
    appeal_route = models.TextField(_("appeal route"), blank=True, editable=False)
    rectify_workdays = models.PositiveSmallIntegerField(_("working days to rectify"))  # 0: immediately
    due_date = models.DateField(_("rectify by"))  # an order to correct immediately: the day of issue
    # The deadline the order was issued with, as printed: a failed re-check moves ``due_date`` (a new deadline
    # is an act of its own), never the paper. Empty: an order issued before it was kept (``printed_due_date``).
    issued_due_date = models.DateField(_("rectify by, as issued"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    response_note = models.TextField(_("enterprise's answer"), blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Set by the sweep when the deadline passes unanswered (escalated to the approver; a re-check is due).
    overdue_at = models.DateTimeField(_("overdue since"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("new deadlines after a failed re-check"), default=0)
    # The order is a legal document like the intake notices and decisions, verified the same way
    # (firesvc.documents.verification): its QR code opens ``safety:verify_order``; its 核验码 is typed at the
    # public verify page.
    verification_token = models.CharField(max_length=64, unique=True, default=new_verification_token,
                                          editable=False)
    verification_code = models.CharField(_("verification code"), max_length=10, unique=True,
                                         default=new_verification_code, editable=False)

    class Meta:
        verbose_name = _("rectification order")  # 责令改正通知书
        verbose_name_plural = _("rectification orders")
        indexes = [models.Index(fields=["due_date"], condition=Q(overdue_at__isnull=True),
                                name="safety_order_due_open")]

    def __str__(self) -> str:
        return self.number

    @property
    def printed_title(self) -> str:
        """The title as printed when issued (frozen in ``title``; older orders: the general title)."""
        return self.title or ORDER_TITLE_LEGACY

    @property
    def printed_requirements(self) -> str:
        """What must be rectified, as the order and its message print it (``requirements_sentence``)."""
        return requirements_sentence(self.requirements)

    @property
    def requirements_say_immediately(self) -> bool:
        """The requirements open with 立即 themselves (``requirements_say_immediately``)."""
        return requirements_say_immediately(self.requirements)

    @property
    def printed_due_date(self) -> date:
        """The deadline as the order printed it when issued (``issued_due_date``; older orders: ``due_date``)."""
        return self.issued_due_date or self.due_date

    @property
    def is_immediate(self) -> bool:
        """An order to correct immediately (责令立即改正): no deadline; its re-check is due from the issue."""
        return self.rectify_workdays == 0

    @property
    def due_at_once(self) -> bool:
        """The order still says "immediately" (a failed re-check gives it a dated deadline)."""
        return self.is_immediate and not self.extensions

    @property
    def printed_verification_code(self) -> str:
        return format_code(self.verification_code)

    def get_verification_url(self) -> str:
        return reverse("safety:verify_order", args=[self.verification_token])


class HazardAttachment(models.Model):
    """A photo of the hazard, the enterprise's evidence, or a re-check photo; served by an authorising view."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=_private_upload, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hazard attachment")
        verbose_name_plural = _("hazard attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Recheck(models.Model):
    """复查: the result of a re-check after the enterprise's answer or after the deadline passed."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="rechecks")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT,
                                   related_name="+")
    checked_at = models.DateTimeField(_("checked at"))
    passed = models.BooleanField(_("eliminated"))
    note = models.TextField(_("findings"), blank=True)
    new_due_date = models.DateField(_("new deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-check")  # 复查
        verbose_name_plural = _("re-checks")
        ordering = ["checked_at", "pk"]

    def __str__(self) -> str:
        return f"{self.hazard_id} {self.checked_at:%Y-%m-%d}"


# --- Key fire-safety units (E7) ------------------------------------------------------------------------------------


class KeyUnitCategory(models.Model):
    """A category of key unit with the thresholds administrators set (e.g. 公众聚集场所 ≥ 1000 m²)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    industries = models.JSONField(_("industries"), default=list, blank=True,
                                  help_text=_("Industries the category covers; empty means any industry."))
    min_building_area = models.DecimalField(_("minimum building area (m²)"), max_digits=10, decimal_places=1,
                                            null=True, blank=True)
    min_occupants = models.PositiveIntegerField(_("minimum number of occupants"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("key unit category")  # 重点单位类别
        verbose_name_plural = _("key unit categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class KeyUnitDesignationQuerySet(models.QuerySet["KeyUnitDesignation"]):
    def current(self) -> KeyUnitDesignationQuerySet:
        return self.filter(ended_at__isnull=True)

    def visible_to(self, user: Any) -> KeyUnitDesignationQuerySet:
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(verified_user_q(user))
        q = unit_scope_q(user, "enterprise__brigade", "enterprise__grid")
        return self if q is None else self.filter(q)


class KeyUnitDesignation(models.Model):
    """One period in which an enterprise is a key fire-safety unit (消防安全重点单位界定)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="key_unit_designations")
    category = models.ForeignKey(KeyUnitCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="designations")
    building_area = models.DecimalField(_("building area (m²)"), max_digits=10, decimal_places=1, null=True,
                                        blank=True)
    occupants = models.PositiveIntegerField(_("occupants"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    designated_at = models.DateTimeField(_("designated at"))
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)

    objects = KeyUnitDesignationQuerySet.as_manager()

    class Meta:
        verbose_name = _("key unit designation")  # 重点单位界定
        verbose_name_plural = _("key unit designations")
        ordering = ["-designated_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["enterprise"], condition=Q(ended_at__isnull=True),
                                               name="safety_one_current_designation")]

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.category})"


class KeyUnitMeasure(models.Model):
    """One item of the 六加一 checklist; administrators edit the list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("six-plus-one measure")  # 六加一措施
        verbose_name_plural = _("six-plus-one measures")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class KeyUnitMeasureRecord(models.Model):
    """Whether a key unit has one measure in place, since when, with evidence."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE,
                                   related_name="key_unit_measures")
    measure = models.ForeignKey(KeyUnitMeasure, on_delete=models.PROTECT, related_name="records")
    in_place = models.BooleanField(_("in place"), default=False)
    implemented_on = models.DateField(_("in place since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    evidence = models.FileField(upload_to=_private_upload, max_length=200, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("six-plus-one measure record")
        verbose_name_plural = _("six-plus-one measure records")
        constraints = [models.UniqueConstraint(fields=["enterprise", "measure"], name="safety_measure_once")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.measure}"


class ResponsibilityLetter(models.Model):
    """消防安全责任书 of one year: who signed, when, and the scanned copy."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE,
                                   related_name="responsibility_letters")
    year = models.PositiveSmallIntegerField(_("year"))
    signed_on = models.DateField(_("signed on"))
    unit_signatory = models.CharField(_("signed for the fire service by"), max_length=60)
    enterprise_signatory = models.CharField(_("signed for the enterprise by"), max_length=60)
    scan = models.FileField(upload_to=_private_upload, max_length=200)
    scan_name = models.CharField(_("file name"), max_length=200)
    scan_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("responsibility letter")  # 消防安全责任书
        verbose_name_plural = _("responsibility letters")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="safety_one_letter_a_year")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"
