"""Complaints and integrity reports (B5)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.enums import ComplaintKind, ComplaintSource, ComplaintStatus
from feedback.models.acts import EnforcementAct
from feedback.models.receipts import Receipt
from feedback.models.return_visits import ReturnVisit
from firesvc.accounts.roles import Role
from firesvc.accounts.scoping import scope_unit_ids


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
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
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

    def answered_by(self, user: Any) -> bool:
        """Whether ``user`` investigated or wrote the answer: another supervisor reviews it (closes it or sends
        it back), never its author."""
        return user.pk is not None and user.pk in (self.investigator_id, self.replied_by_id)

    def public_path(self) -> str:
        return reverse("feedback:complaint_track", args=[self.pk, self.token])

    @property
    def is_integrity(self) -> bool:
        """A 廉政举报 (not a 投诉): its pages and messages say 举报, 被举报单位, 举报答复."""
        return self.kind == ComplaintKind.INTEGRITY

    @property
    def reply_rating_words(self) -> str:
        """The reply's rating in the 好差评 words (非常满意 … 非常不满意), or "" before it is rated."""
        from firesvc.reviews.enums import SCORES, Level

        words = {score: Level(level).label for level, score in SCORES.items()}
        return str(words.get(self.reply_rating, "")) if self.reply_rating else ""

