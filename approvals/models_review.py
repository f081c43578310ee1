"""Review, site inspection, decisions, clock notices, parallel cases, early intervention (A6–A8, A10).

Imported by ``approvals.models`` so that Django registers these models in the ``approvals`` app.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.enums import (
    AcceptanceMode,
    ClockNoticeKind,
    DecisionKind,
    DecisionOutcome,
    MatterCode,
    ReviewStatus,
)
from approvals.visibility import shown_to_staff_q
from firesvc.accounts.scoping import unit_scope_q
from firesvc.documents.codes import format_code, new_verification_code, new_verification_token


def _token() -> str:
    return new_verification_token()


def _photo_upload(instance: Any, filename: str) -> str:
    return f"private/inspections/{date.today():%Y/%m}/{uuid.uuid4().hex}"


class ChecklistItem(models.Model):
    """One line of a matter's site-inspection checklist (检查项目): catalogue data, edited in the admin."""

    matter = models.ForeignKey("approvals.Matter", verbose_name=_("matter"), on_delete=models.CASCADE,
                               related_name="checklist_items")
    code = models.SlugField(_("code"), max_length=40)
    text = models.CharField(_("what is checked"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("inspection checklist item")  # 现场检查项目
        verbose_name_plural = _("inspection checklist items")
        ordering = ["matter", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["matter", "code"], name="approvals_checklist_code")]

    def __str__(self) -> str:
        return self.text


class Review(models.Model):
    """The technical review of one application (one track): who reviews it and where it stands (审查)."""

    application = models.OneToOneField("approvals.Application", verbose_name=_("application"),
                                       on_delete=models.CASCADE, related_name="review")
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices,
                              default=ReviewStatus.ASSIGNED, editable=False)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT,
                                 related_name="reviews")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))
    notes = models.TextField(_("technical review notes"), blank=True)
    sent_back_reason = models.TextField(_("reason for sending back"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")  # 技术审查
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["reviewer", "status"], name="approvals_review_reviewer_idx")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_status_display()}"


class SiteInspection(models.Model):
    """A scheduled site inspection (现场检查/评定) with the checklist result per item."""

    application = models.ForeignKey("approvals.Application", verbose_name=_("application"),
                                    on_delete=models.CASCADE, related_name="inspections")
    scheduled_for = models.DateField(_("inspection date"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="+")
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # [{"item": pk, "code": ..., "text": ..., "passed": bool, "note": ...}] frozen when recorded.
    results = models.JSONField(_("checklist results"), default=list, blank=True)
    completed_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("site inspection")  # 现场检查
        verbose_name_plural = _("site inspections")
        ordering = ["scheduled_for", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.scheduled_for}"

    @property
    def failed_items(self) -> list[dict[str, Any]]:
        return [row for row in self.results if not row.get("passed")]


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(SiteInspection, on_delete=models.CASCADE, related_name="photos")
    item_code = models.CharField(_("checklist item"), max_length=40, blank=True)
    file = models.FileField(upload_to=_photo_upload, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection photo")  # 现场照片
        verbose_name_plural = _("inspection photos")

    def __str__(self) -> str:
        return f"{self.inspection_id}/{self.pk}"


# The case page's heading of a signed decision, by matter (Decision.heading).
DECISION_HEADINGS = {
    MatterCode.DESIGN_REVIEW: _("Fire design review decision"),  # 消防设计审核决定
    MatterCode.ACCEPTANCE: _("Fire acceptance decision"),  # 消防验收决定
    MatterCode.PRE_OPENING: _("Pre-opening fire-safety inspection decision"),  # 营业前消防安全检查决定
    # A filing is no licence: its spot check concludes 合格 or 不合格 in an opinion (抽查意见书).
    MatterCode.COMPLETION_FILING: _("Spot check opinion of the completion filing"),
}


def qualified_label(matter_code: str, approved: bool) -> Any:
    """合格 or 不合格, the conclusion of a design review, an acceptance and a pre-opening inspection; ``None`` for
    another matter, whose decision keeps its general wording."""
    if matter_code not in DECISION_HEADINGS:
        return None
    return _("Qualified") if approved else _("Not qualified")


class Decision(models.Model):
    """The decision on an application (准予/不予许可, 合格/不合格), drafted by the reviewer and signed by
    the approver; numbered at signing. On a coordination track it is the brigade's opinion to the
    housing and construction department instead (协同意见)."""

    application = models.OneToOneField("approvals.Application", verbose_name=_("application"),
                                       on_delete=models.PROTECT, related_name="decision")
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices, default=DecisionKind.DECISION)
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    rectification_items = models.JSONField(_("items to rectify"), default=list, blank=True)
    appeal_route = models.TextField(_("appeal route"), blank=True)
    # "Approve" despite failed checklist items: the approver's reason and the items it covers,
    # frozen at signing and printed on the decision.
    override_reason = models.TextField(_("reason for approving despite failed checks"), blank=True)
    override_items = models.JSONField(_("failed checks overridden"), default=list, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT,
                                   related_name="+")
    drafted_at = models.DateTimeField(_("drafted at"))
    number = models.CharField(_("number"), max_length=60, unique=True, null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True, db_index=True)
    verification_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    # 核验码: typed by a person at /approvals/verify/ (firesvc.documents.codes), printed beside the QR code.
    verification_code = models.CharField(_("verification code"), max_length=10, unique=True,
                                         default=new_verification_code, editable=False)

    class Meta:
        verbose_name = _("decision")  # 决定书
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.number or f"draft {self.application_id}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def heading(self) -> Any:
        """What the case page calls this decision: by matter, since a pre-opening decision rests on an
        inspection (检查), not a review (审核); a coordination track's is an opinion, not a decision."""
        if self.kind == DecisionKind.COORDINATION:
            return _("Coordination opinion")
        return DECISION_HEADINGS.get(self.application.matter.code, _("Licence decision"))

    @property
    def outcome_label(self) -> Any:
        """The conclusion in the words of the act: a design review, an acceptance and a pre-opening inspection
        conclude 合格 or 不合格; another matter keeps the general 准予许可 / 合格."""
        return (qualified_label(self.application.matter.code, self.outcome == DecisionOutcome.APPROVE)
                or self.get_outcome_display())

    @property
    def printed_verification_code(self) -> str:
        return format_code(self.verification_code)

    def get_verification_url(self) -> str:
        return reverse("approvals:verify_decision", args=[self.verification_token])


class ClockNotice(models.Model):
    """A written notice to the applicant that the time limit was suspended, resumed or extended (A8)."""

    application = models.ForeignKey("approvals.Application", verbose_name=_("application"),
                                    on_delete=models.CASCADE, related_name="clock_notices")
    kind = models.CharField(_("kind"), max_length=10, choices=ClockNoticeKind.choices)
    number = models.CharField(_("number"), max_length=60, unique=True)
    pause_reason = models.CharField(_("pause reason"), max_length=20, blank=True)
    reason = models.TextField(_("reason"))
    expected_until = models.DateField(_("expected to end by"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    due_date = models.DateField(_("decision due by"), null=True, blank=True)
    # The due date was counted through a year whose holiday notice is not out yet (firesvc.workdays): printed as 暂定.
    due_date_provisional = models.BooleanField(_("due date provisional"), default=False, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    verification_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    # 核验码: typed by a person at /approvals/verify/ (firesvc.documents.codes), printed beside the QR code.
    verification_code = models.CharField(_("verification code"), max_length=10, unique=True,
                                         default=new_verification_code, editable=False)

    class Meta:
        verbose_name = _("time-limit notice")  # 时限告知书
        verbose_name_plural = _("time-limit notices")
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def printed_verification_code(self) -> str:
        return format_code(self.verification_code)

    def get_verification_url(self) -> str:
        return reverse("approvals:verify_clock_notice", args=[self.verification_token])


class ParallelCaseQuerySet(models.QuerySet["ParallelCase"]):
    def visible_to(self, user: Any) -> ParallelCaseQuerySet:
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            from enterprises.models.enterprises import verified_enterprise_of

            return self.filter(enterprise_id=verified_enterprise_of(user))
        # Staff: as its tracks (Application.objects.visible_to), which are submitted together.
        q = unit_scope_q(user, "brigade")
        shown = shown_to_staff_q("acceptance__")
        return self.filter(shown if q is None else q & shown)


class ParallelCase(models.Model):
    """Fire acceptance and the pre-opening inspection filed together (并联审批): two tracks, one case."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="parallel_cases")
    brigade = models.ForeignKey("accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT,
                                related_name="+")
    acceptance = models.OneToOneField("approvals.Application", verbose_name=_("fire acceptance track"),
                                      on_delete=models.PROTECT, related_name="parallel_as_acceptance")
    pre_opening = models.OneToOneField("approvals.Application", verbose_name=_("pre-opening inspection track"),
                                       on_delete=models.PROTECT, related_name="parallel_as_pre_opening")
    acceptance_mode = models.CharField(_("acceptance decided by"), max_length=12, choices=AcceptanceMode.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = ParallelCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("parallel case")  # 并联审批
        verbose_name_plural = _("parallel cases")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("approvals:parallel_case", args=[self.pk])

    @property
    def tracks(self) -> list[Any]:
        return [self.acceptance, self.pre_opening]

    @property
    def due_date(self) -> date | None:
        """The later track's due date (the case is due when both tracks are)."""
        dates = [a.due_date for a in self.tracks if a.due_date]
        return max(dates) if dates else None


class EarlyIntervention(models.Model):
    """An early-intervention meeting (提前介入) with a key or livelihood project before it files."""

    brigade = models.ForeignKey("accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT,
                                related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="early_interventions")
    project_name = models.CharField(_("project name"), max_length=200)
    met_on = models.DateField(_("meeting date"), db_index=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("staff"), related_name="+")
    advice = models.TextField(_("advice given"))
    application = models.ForeignKey("approvals.Application", verbose_name=_("later application"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="early_interventions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("early intervention")  # 提前介入
        verbose_name_plural = _("early interventions")
        ordering = ["-met_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project_name} {self.met_on}"
