"""Citizen hazard reports (B6, 群众举报火灾隐患), their photos, and Open311 API keys (C9)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from feedback.hazard_reports.enums import (
    OPEN_STATUSES,
    Channel,
    DispatchTarget,
    HazardCategory,
    ReporterRating,
    ReportStatus,
    VerificationOutcome,
)

# Crockford's base 32: digits and capitals without I, L, O and U, so that a code read off a phone or a
# piece of paper has no look-alikes (I/l/1, O/0) and no case to get wrong.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_CODE_LENGTH = 15  # 75 random bits
# What a code is compared by: capitals, no hyphens, the look-alikes read as the digits they resemble.
LOOK_ALIKES = (("O", "0"), ("I", "1"), ("L", "1"))
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def new_tracking_code() -> str:
    """An unguessable code (75 random bits) the reporter keeps to follow the report; already in its
    normal form. Codes given before were 12 characters of ``token_urlsafe``: they are
    still found, by the same normal form."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def normalise_tracking_code(text: str) -> str:
    """The normal form of a tracking code as typed: full-width characters as ASCII, no spaces or hyphens,
    capitals, O read as 0 and I or L as 1. Each report keeps its code's normal form (``tracking_key``,
    uniquely indexed), so a code typed any of these ways, old codes with small letters too, is one probe."""
    key = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    for look_alike, digit in LOOK_ALIKES:
        key = key.replace(look_alike, digit)
    return key


def new_api_key() -> str:
    return secrets.token_urlsafe(24)


class HazardReportQuerySet(models.QuerySet["HazardReport"]):
    def visible_to(self, user: Any) -> HazardReportQuerySet:
        from firesvc.accounts.scoping import unit_scope_q

        q = unit_scope_q(user, "subdistrict")
        return self if q is None else self.filter(q)

    def open(self) -> HazardReportQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class HazardReport(models.Model):
    """One resident's report of a fire hazard (群众举报); ``subdistrict`` scopes it to the duty officer."""

    # The ten-minute escalation (``hazard_reports_escalate_due``) tells the unit above; the SLA sweep's red
    # card on the same clock must not tell the same people again.
    SLA_RED_CARD_ESCALATED_BY_OWNER = frozenset({"hazard_report.acknowledge"})

    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True, default=new_tracking_code,
                                     editable=False)
    # The code's normal form (``normalise_tracking_code()``), set on save: what the reporter's lookup probes.
    tracking_key = models.CharField(_("tracking code (normal form)"), max_length=20, unique=True, editable=False)
    category = models.CharField(_("category"), max_length=20, choices=HazardCategory.choices)
    status = models.CharField(_("status"), max_length=14, choices=ReportStatus.choices, default=ReportStatus.NEW)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    subdistrict = models.ForeignKey("accounts.OrgUnit", verbose_name=_("sub-district"), on_delete=models.PROTECT,
                                    related_name="+")
    community = models.ForeignKey("accounts.OrgUnit", verbose_name=_("community"), on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    grid = models.ForeignKey("accounts.OrgUnit", verbose_name=_("grid"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="hazard_reports")
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"))
    # Open311's media_url: a picture the client keeps on its own server (http or https only).
    media_url = models.URLField(_("media link"), max_length=1000, blank=True)
    reporter_name = models.CharField(_("reporter's name"), max_length=60, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by (staff)"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    api_key = models.ForeignKey("hazard_reports.ApiKey", verbose_name=_("API key"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="reports")
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    # Set by the duty officer (hazard_report_link): the same hazard as an earlier report. A link only: the
    # report keeps its own status, clocks and reply.
    duplicate_of = models.ForeignKey("self", verbose_name=_("duplicate of"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="duplicates")
    # Set at submission when a report of the same place came the same day: shown to the duty officer as
    # "possible duplicate of #N" until linked or dismissed.
    suggested_duplicate_of = models.ForeignKey("self", verbose_name=_("possible duplicate of"), null=True,
                                               blank=True, on_delete=models.SET_NULL, related_name="+",
                                               editable=False)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The ten-minute promise (受理反馈时限): on the row, swept by beat (tasks.escalate_unacknowledged).
    ack_due_at = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="+")
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True, editable=False)
    escalated_to = models.ForeignKey("accounts.OrgUnit", verbose_name=_("escalated to"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    dispatch_target = models.CharField(_("dispatched to"), max_length=20, choices=DispatchTarget.choices, blank=True)
    dispatch_note = models.TextField(_("dispatch note"), blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    hazard_id = models.PositiveBigIntegerField(_("hazard (E6)"), null=True, blank=True)
    verification_outcome = models.CharField(_("verification result"), max_length=12,
                                            choices=VerificationOutcome.choices, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    reply = models.TextField(_("reply to the reporter"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    # The reporter's rating of the handling, once, from the tracking page (满意度评价).
    rating = models.CharField(_("reporter's rating"), max_length=20, choices=ReporterRating.choices, blank=True)
    rating_comment = models.TextField(_("reporter's comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    review_note = models.TextField(_("supervisor's review"), blank=True)

    objects = HazardReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard report")  # 隐患举报
        verbose_name_plural = _("hazard reports")
        ordering = ["-created_at"]
        indexes = [
            # What the escalation sweep reads: new, unescalated reports by due time.
            models.Index(fields=["ack_due_at"], name="hazard_report_ack_due",
                         condition=Q(status="new", escalated_at__isnull=True)),
            models.Index(fields=["grid", "category", "created_at"], name="hazard_report_dup"),
        ]

    def __str__(self) -> str:
        return f"{_('Hazard report')} #{self.pk} {self.address}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.tracking_key = normalise_tracking_code(self.tracking_code)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("hazard_reports:detail", args=[self.pk])

    def get_tracking_url(self) -> str:
        return reverse("hazard_reports:track", args=[self.tracking_code])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def media_link(self) -> str:
        """``media_url`` when it may be shown as a link (http or https), else empty."""
        from feedback.hazard_reports.links import safe_link

        return self.media_url if self.media_url and safe_link(self.media_url) else ""


def _photo_path(instance: HazardPhoto, filename: str) -> str:
    # The name is made by the server (never the uploader's); served only through views.photo.
    return f"hazard_reports/{instance.report_id}/{secrets.token_hex(12)}.jpg"


class HazardPhoto(models.Model):
    report = models.ForeignKey(HazardReport, verbose_name=_("report"), on_delete=models.CASCADE,
                               related_name="photos")
    image = models.FileField(_("photo"), upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report photo")  # 举报照片
        verbose_name_plural = _("report photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.pk}"


class ApiKey(models.Model):
    """A key for a third-party application posting through Open311 (issued in the admin)."""

    name = models.CharField(_("application"), max_length=100)
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_api_key)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    default_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("default place"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Sub-district, community or grid used when a request gives no address_id."))
    # The unit (a detachment, usually) whose places the key may file into; unset: the detachment of the
    # default place. A key with neither files nowhere.
    jurisdiction = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("jurisdiction"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("The key files reports only into this unit and the units below it. "
                                      "Empty: the city of the default place."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 API key")  # 接口密钥
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name

    def jurisdiction_unit(self) -> Any:
        """Where the key may file: its ``jurisdiction``, else its default place's detachment (or ``None``)."""
        if self.jurisdiction_id is not None:
            return self.jurisdiction
        if self.default_unit is None:
            return None
        from firesvc.accounts.enums import UnitKind

        return self.default_unit.ancestor_of_kind(UnitKind.DETACHMENT)
