"""Receipts of enforcement acts (B2) and who may see an integrity flag."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from feedback.enums import ReceiptChannel
from feedback.models.acts import EnforcementAct
from feedback.models.scope import visible_in_scope
from firesvc.accounts.roles import Role


def sees_integrity_about(user: Any, *, unit_id: int | None, officer_ids: Any) -> bool:
    """Whether ``user`` may read integrity content (a report, a 吃拿卡要 flag) about this unit and officers.

    For receipts this gates the whole rating, flagged or not: were ordinary ratings shown where flagged
    ones are not, the gap would tell the officers which receipt reported them."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_role(Role.SUPERVISOR)
                and user.unit_id != unit_id and user.pk not in set(officer_ids))


class ReceiptQuerySet(models.QuerySet["Receipt"]):
    def visible_to(self, user: Any) -> ReceiptQuerySet:
        return visible_in_scope(self, user, "act__unit")

    def rating_visible_to(self, user: Any) -> ReceiptQuerySet:
        """The receipts whose rating (scores, comment, 吃拿卡要 flag) ``user`` may read: the query form of
        ``sees_integrity_about``. Only discipline supervisors, never about their own unit's or their own
        acts, and for every receipt alike, flagged or not, so that no gap marks the flagged ones."""
        qs = self.visible_to(user)
        if getattr(user, "is_authenticated", False) and user.is_active and user.has_role(Role.SUPERVISOR):
            return qs.exclude(Q(act__unit_id=user.unit_id) | Q(act__officers=user))
        return qs.none()


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

