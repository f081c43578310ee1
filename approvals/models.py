"""Matters, applications, materials, intake notices, consultations and appointments (A1–A5, A9, A11)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.enums import (
    ApplicationStatus,
    AppointmentStatus,
    BuildingUse,
    ConsultationChannel,
    MaterialStatus,
    NoticeKind,
    SlotKind,
)
from approvals.visibility import shown_to_staff_q
from firesvc.accounts.scoping import unit_scope_q
from firesvc.core.indexes import CoveringIndex
from firesvc.documents.codes import format_code, new_verification_code, new_verification_token
from firesvc.sla.enums import LimitUnit

# The columns a worklist row reads besides the order's key (approvals.selectors.intake.worklist), carried in
# approvals_worklist_order_idx.
WORKLIST_ROW_COLUMNS = ("brigade", "status", "number", "green_channel", "project_name", "due_date", "matter",
                        "applicant_name", "yellow_at", "clock_paused_at", "clock_unit")


def _private_upload(instance: Any, filename: str) -> str:
    # Server-made names: the applicant's file name is kept in a column, never in the path.
    return f"private/materials/{date.today():%Y/%m}/{uuid.uuid4().hex}"


def _blank_form_upload(instance: Any, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"forms/{instance.matter.code}/{instance.code}-{uuid.uuid4().hex[:8]}.{suffix[:8]}"


class Matter(models.Model):
    """An approval matter (事项) with its time-limit rule and service guide (A1)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("conditions and scope"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    rule_code = models.CharField(_("time-limit rule"), max_length=60,
                                 help_text=_("Code of the time-limit rule for the decision, e.g. acceptance.decide."))
    promised_days = models.PositiveIntegerField(
        _("promised limit for key and livelihood projects (working days)"), null=True, blank=True)
    process = models.TextField(_("process"), blank=True)
    fee = models.CharField(_("fee"), max_length=100, default="不收费")
    # The place only: the documents and the booking page print the hours from approvals.hall_hours.
    window = models.CharField(_("where to apply"), max_length=200, blank=True,
                              help_text=_("The place only; the office hours are printed from the hall's hours."))
    phone = models.CharField(_("enquiries"), max_length=60, blank=True)
    is_active = models.BooleanField(_("open for applications"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("approvals:guide", args=[self.code])

    def requirements_on(self, day: date) -> models.QuerySet[MaterialRequirement]:
        """The materials required of an application created on ``day`` (retired ones left out)."""
        return self.requirements.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=day)).order_by("order", "pk")


class MaterialRequirement(models.Model):
    """A required material (要件); retiring it affects new applications only."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="requirements")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what is needed"), blank=True)
    is_mandatory = models.BooleanField(_("mandatory"), default=True)
    blank_form = models.FileField(_("blank form"), upload_to=_blank_form_upload, blank=True)
    retired_on = models.DateField(_("retired from"), null=True, blank=True,
                                  help_text=_("Applications created from this date on no longer need it."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")
        ordering = ["matter", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["matter", "code"], name="approvals_requirement_code")]

    def __str__(self) -> str:
        return self.name


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """Staff: their unit's subtree, less the enterprises' own unsubmitted drafts (``shown_to_staff_q``);
        verified enterprise users: their enterprise's applications; else none.

        An account still awaiting verification sees nothing: anyone can sign up against a
        published credit code, so the binding counts only once staff have verified it.
        """
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            from enterprises.models.enterprises import verified_enterprise_of

            return self.filter(enterprise_id=verified_enterprise_of(user))
        q = unit_scope_q(user, "brigade")
        return self.filter(shown_to_staff_q() if q is None else q & shown_to_staff_q())

    def shown_to_staff(self) -> ApplicationQuerySet:
        """The applications staff may see at all, whatever their scope (``shown_to_staff_q``)."""
        return self.filter(shown_to_staff_q())


class Application(models.Model):
    """One filing of a matter by an enterprise (A3), taken in at the window (A4)."""

    number = models.CharField(_("number"), max_length=40, unique=True, null=True, blank=True)
    matter = models.ForeignKey(Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="applications")
    brigade = models.ForeignKey("accounts.OrgUnit", verbose_name=_("brigade"), on_delete=models.PROTECT,
                                related_name="applications")
    # 申请单位: the enterprise's name as the case carries it. Set when the draft is made; a rename of the
    # enterprise reaches its open cases (enterprises.services.enterprise_update) while closed ones keep the
    # name they were decided under. The worklists print it without reading the enterprise.
    applicant_name = models.CharField(_("applicant"), max_length=200, default="", editable=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT,
                                  related_name="applications")
    filed_by_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed at the window by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="window_filings")  # 一次性申报服务 (A11)
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT, editable=False)
    project_name = models.CharField(_("project name"), max_length=200)
    project_address = models.CharField(_("project address"), max_length=200)
    building_area = models.DecimalField(_("building area (m²)"), max_digits=12, decimal_places=2)
    building_height = models.DecimalField(_("building height (m)"), max_digits=7, decimal_places=2)
    floors = models.PositiveSmallIntegerField(_("floors above ground"))
    use = models.CharField(_("use"), max_length=20, choices=BuildingUse.choices)
    is_key_project = models.BooleanField(_("key project (重点工程)"), default=False)
    is_livelihood_project = models.BooleanField(_("livelihood project (民生工程)"), default=False)
    green_channel = models.BooleanField(_("green channel (绿色通道)"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=60)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    description = models.TextField(_("notes"), blank=True)
    # 查询码: printed on the acceptance notice and shown to the enterprise; with the case number it opens the
    # public case lookup (办件查询) without signing in. Made with the application; the database default ""
    # (rows written without Django, e.g. the benchmarks' COPY) leaves a case to the contact phone's last digits.
    query_code = models.CharField(_("query code"), max_length=10, default=new_verification_code, db_default="",
                                  blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False, db_index=True)
    arrival_date = models.DateField(_("materials arrived on"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False, db_index=True)
    deemed_accepted = models.BooleanField(_("deemed accepted (§32)"), default=False, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False, db_index=True)
    # Denormalised from the current clock for the worklists' keyset order (updated with every clock event).
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, editable=False)
    yellow_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_date = models.DateField(_("due date"), null=True, blank=True, editable=False)
    # When the current clock was paused, while it is: the worklist's card is the clock's (firesvc.sla.cards).
    clock_paused_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The current clock's unit (working days, days…): the worklist counts what is left in it, as the case page does.
    # "" with no clock; rows written without Django (the benchmarks' COPY) read as working days.
    clock_unit = models.CharField(max_length=10, choices=LimitUnit.choices, blank=True, default="", db_default="",
                                  editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            # The worklist: cases with a running clock, green channel first, then by due date.
            models.Index("brigade", models.F("green_channel").desc(), "due_at", "id", name="approvals_worklist_idx",
                         condition=Q(status__in=["submitted", "accepted"])),
            # The same order as one ascending key, (not green channel, due_at, id), over the whole table:
            # a page of a scope of several units (an IN list) and the page after a keyset cursor (one row
            # comparison) are a single range of it, however deep (bench/worklist.py).
            # It covers what a worklist row shows, so that a page is an index-only scan on PostgreSQL
            # (no heap page read per row while the table's visibility map is current).
            CoveringIndex(models.ExpressionWrapper(Q(green_channel=False), output_field=models.BooleanField()),
                          "due_at", "id", name="approvals_worklist_order_idx",
                          condition=Q(status__in=["submitted", "accepted"]),
                          covering=WORKLIST_ROW_COLUMNS),
            # Cases waiting for the applicant's supplement (the worklist's second list): few rows.
            models.Index("brigade", models.F("updated_at").desc(), name="approvals_awaiting_idx",
                         condition=Q(status="deficient")),
            models.Index(fields=["enterprise", "-created_at"], name="approvals_enterprise_idx"),
            # The staff search box finds a case by its contact's phone number (firesvc.core.search).
            models.Index(fields=["contact_phone"], name="approvals_contact_phone_idx"),
            # The search box's case whose number is the query (``number__iexact``): the trigram index finds it
            # slowly when the query's words are in every number (SY, 2026).
            models.Index(Upper(Cast("number", models.TextField())), name="approvals_number_upper_idx"),
            # The statistics dashboard counts today's filings and acceptances per brigade (stats.selectors
            # ._live_rows): covering indexes make those counts index-only scans, without reading
            # one heap page per application of the day.
            CoveringIndex(fields=["submitted_at"], covering=["brigade", "filed_by_clerk", "id"],
                          name="approvals_submitted_stats_idx"),
            CoveringIndex(fields=["accepted_at"],
                          covering=["brigade", "matter", "is_key_project", "is_livelihood_project", "id"],
                          name="approvals_accepted_stats_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('draft')} {self.project_name}"

    def get_absolute_url(self) -> str:
        return reverse("approvals:application", args=[self.pk])

    @property
    def printed_query_code(self) -> str:
        return format_code(self.query_code)


class ApplicationMaterial(models.Model):
    """One uploaded version of a required material; the newest version per requirement counts."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    requirement = models.ForeignKey(MaterialRequirement, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(upload_to=_private_upload, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=MaterialStatus.choices,
                              default=MaterialStatus.UPLOADED)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")
        ordering = ["requirement__order", "requirement_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["application", "requirement", "version"],
                                               name="approvals_material_version")]

    def __str__(self) -> str:
        return f"{self.requirement} v{self.version}"


class RequiredItem(models.Model):
    """The requirements an application must meet, frozen when it is created (retiring affects new ones only)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="required_items")
    requirement = models.ForeignKey(MaterialRequirement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("required item")
        verbose_name_plural = _("required items")
        constraints = [models.UniqueConstraint(fields=["application", "requirement"], name="approvals_required_item")]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.requirement_id}"


def _token() -> str:
    return new_verification_token()


class IntakeNotice(models.Model):
    """A numbered written notice of intake: acceptance, one-time deficiency, or non-acceptance (A4, C7)."""

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="notices")
    kind = models.CharField(_("kind"), max_length=12, choices=NoticeKind.choices)
    number = models.CharField(_("number"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("decision due by"), null=True, blank=True)
    # A one-time notice's date by which the applicant is asked to supplement (services.intake.supplement_due_date).
    supplement_due = models.DateField(_("supplement due by"), null=True, blank=True)
    # The due date was counted through a year whose holiday notice is not out yet (firesvc.workdays): printed as 暂定.
    due_date_provisional = models.BooleanField(_("due date provisional"), default=False, editable=False)
    items = models.JSONField(_("items"), default=list, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    # The material versions the clerk had in front of them: a later notice raising an item whose
    # version is unchanged since this one is a "three ones" breach.
    snapshot = models.JSONField(_("material versions seen"), default=dict, blank=True)
    # A completion filing's acceptance notice, frozen at issue so that a later change of the rule set or of the
    # draw's records never changes an issued document: the legal basis it cites (the fire law's filing article
    # and the regulation of the rule set then in force), whether the filing was drawn for a spot check (None:
    # not drawn when the notice was issued) and, if drawn, the day its spot check is due by.
    legal_basis = models.TextField(_("legal basis"), blank=True, editable=False)
    spot_check_selected = models.BooleanField(_("drawn for spot check"), null=True, blank=True, editable=False)
    spot_check_due = models.DateField(_("spot check due by"), null=True, blank=True, editable=False)
    # A parallel case's pre-opening track accepted while its fire acceptance track is undecided: its decision clock
    # waits (paused, 等待消防验收结果), so the notice promises a decision within this many working days of the
    # acceptance's approval instead of a date (``due_date`` is empty).
    limit_after_acceptance = models.PositiveSmallIntegerField(
        _("decision limit after fire acceptance"), null=True, blank=True, editable=False)
    verification_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    # 核验码: typed by a person at /approvals/verify/ (firesvc.documents.codes), printed beside the QR code.
    verification_code = models.CharField(_("verification code"), max_length=10, unique=True,
                                         default=new_verification_code, editable=False)

    class Meta:
        verbose_name = _("intake notice")
        verbose_name_plural = _("intake notices")
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def printed_verification_code(self) -> str:
        return format_code(self.verification_code)

    def get_verification_url(self) -> str:
        return reverse("approvals:verify_notice", args=[self.verification_token])


class ThreeOnesBreach(models.Model):
    """A later notice raised an item an earlier one could have raised (三个一: 一次性写清)."""

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.CASCADE,
                                    related_name="breaches")
    notice = models.ForeignKey(IntakeNotice, verbose_name=_("intake notice"), on_delete=models.CASCADE,
                               related_name="breaches")
    earlier_notice = models.ForeignKey(IntakeNotice, verbose_name=_("earlier notice"), on_delete=models.CASCADE,
                                       related_name="+")
    requirement = models.ForeignKey(MaterialRequirement, verbose_name=_("required material"),
                                    on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("clerk"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("\"three ones\" breach")
        verbose_name_plural = _("\"three ones\" breaches")

    def __str__(self) -> str:
        return f"{self.notice} / {self.requirement}"


class Consultation(models.Model):
    """A question answered at the window, by phone or online (A5: 一次性说清)."""

    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("clerk"), on_delete=models.PROTECT,
                              related_name="consultations")
    window = models.CharField(_("window"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=ConsultationChannel.choices,
                               default=ConsultationChannel.WINDOW)
    matter = models.ForeignKey(Matter, verbose_name=_("matter"), null=True, blank=True, on_delete=models.PROTECT)
    asker = models.CharField(_("who asked"), max_length=100, blank=True)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    resolved_first_contact = models.BooleanField(_("resolved at first contact"), default=True)
    forms_handed_out = models.BooleanField(_("whole form pack handed out"), default=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question[:40]


class AppointmentSlot(models.Model):
    """A window slot of a brigade's service hall with a capacity (A9)."""

    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("service hall"), on_delete=models.PROTECT,
                             related_name="appointment_slots")
    date = models.DateField(_("date"), db_index=True)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    kind = models.CharField(_("kind"), max_length=10, choices=SlotKind.choices, default=SlotKind.OFFICE)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=4)
    booked = models.PositiveSmallIntegerField(_("booked"), default=0, editable=False)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["date", "start"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "date", "start"], name="approvals_slot_unique"),
            models.CheckConstraint(condition=Q(booked__lte=models.F("capacity")), name="approvals_slot_capacity"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="approvals_slot_times"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, user: Any) -> AppointmentQuerySet:
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(user=user)
        q = unit_scope_q(user, "slot__unit")
        return self if q is None else self.filter(q)


class Appointment(models.Model):
    slot = models.ForeignKey(AppointmentSlot, verbose_name=_("slot"), on_delete=models.PROTECT,
                             related_name="appointments")
    matter = models.ForeignKey(Matter, verbose_name=_("matter"), null=True, blank=True, on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked for"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="appointments")
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="appointments")
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=30)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.BOOKED, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__date", "slot__start", "pk"]

    def __str__(self) -> str:
        return f"{self.slot} {self.name}"


# --- filing pre-check (A2) and spot check of filings (抽查) -----------------------------------

class PrecheckNotice(models.Model):
    """A recorded pre-check result; "no filing needed" ones are the 提前告知无需办理备案 notices counted (A2)."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    answers = models.JSONField(_("answers"), default=dict)
    outcome = models.CharField(_("outcome"), max_length=12, choices=[
        ("review", _("Fire design review and fire acceptance")),
        ("filing", _("Filing, with possible spot check")),
        ("none", _("No filing needed")),
    ])  # the values of approvals.precheck.OutcomeCode
    rule = models.CharField(_("rule cited"), max_length=200)
    rule_text = models.TextField(_("rule text"), blank=True)
    brigade = models.ForeignKey("accounts.OrgUnit", verbose_name=_("brigade"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    enterprise_name = models.CharField(_("enterprise"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pre-check notice")  # 提前告知书
        verbose_name_plural = _("pre-check notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["outcome", "brigade", "created_at"], name="approvals_precheck_stats_idx")]

    def __str__(self) -> str:
        return self.number


class SpotCheck(models.Model):
    """The random selection of a completion filing for spot check (备案抽查), decided once per filing."""

    application = models.OneToOneField(Application, verbose_name=_("application"), on_delete=models.CASCADE,
                                       related_name="spot_check")
    selected = models.BooleanField(_("selected for spot check"))
    ratio = models.DecimalField(_("ratio"), max_digits=5, decimal_places=4)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("spot check selection")  # 备案抽查
        verbose_name_plural = _("spot check selections")

    def __str__(self) -> str:
        return f"{self.application_id}: {'selected' if self.selected else 'not selected'}"


# Review, inspection, decisions, parallel cases, early intervention (A6–A8, A10): their own module.
from approvals.models_review import (  # noqa: E402
    ChecklistItem,
    ClockNotice,
    Decision,
    EarlyIntervention,
    InspectionPhoto,
    ParallelCase,
    Review,
    SiteInspection,
)

__all__ = [
    "Application", "ApplicationMaterial", "Appointment", "AppointmentSlot", "ChecklistItem", "ClockNotice",
    "Consultation", "Decision", "EarlyIntervention", "InspectionPhoto", "IntakeNotice", "MaterialRequirement",
    "Matter", "ParallelCase", "PrecheckNotice", "RequiredItem", "Review", "SiteInspection", "SpotCheck",
    "ThreeOnesBreach",
]
