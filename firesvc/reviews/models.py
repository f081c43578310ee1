"""Ratings of cases (好差评) and the follow-up of a bad one (差评整改) (DOMAIN.md C13)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from firesvc.reviews.enums import BAD_LEVELS, Channel, FollowUpStatus, Level, Stage


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible_to(self, user: Any) -> ReviewQuerySet:
        from firesvc.accounts.scoping import unit_scope_q

        if not getattr(user, "is_staff_member", False) and not getattr(user, "is_administrator", False):
            return self.none()
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)

    def for_owner(self, owner: models.Model) -> ReviewQuerySet:
        return self.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)

    def first_ratings(self) -> ReviewQuerySet:
        """The ratings of a stage, without the 追评 given after a follow-up."""
        return self.filter(parent__isnull=True)


class Review(models.Model):
    """One rating of one stage of a case (一事一评), online or at the window; never changed afterwards.

    A 追评 (the rating once more after a bad review's follow-up) is its own row pointing at the first.
    """

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    kind = models.CharField(_("kind of case"), max_length=30)
    case_label = models.CharField(_("case"), max_length=250)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    level = models.CharField(_("rating"), max_length=20, choices=Level.choices)
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    items = models.JSONField(_("second-level items"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rated by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    # Whose work it rates, as it was when rated (firesvc.reviews.registry.Handling).
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("clerk"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="reviews_received")
    window = models.CharField(_("window"), max_length=20, blank=True)
    matter_key = models.CharField(_("matter"), max_length=40, blank=True)
    matter_label = models.CharField(_("matter"), max_length=200, blank=True)
    parent = models.OneToOneField("self", verbose_name=_("rating followed up"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="follow_up_rating")
    created_at = models.DateTimeField(_("rated at"), db_index=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # 一事一评 per stage: a second rating of the same stage is refused (the 追评 has a parent).
            models.UniqueConstraint(fields=["owner_type", "owner_id", "stage"], condition=Q(parent__isnull=True),
                                    name="reviews_one_per_stage"),
        ]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="reviews_owner_idx"),
            models.Index(fields=["matter_key", "created_at"], name="reviews_matter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_label} · {self.get_stage_display()} · {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    def item_labels(self) -> list[str]:
        from firesvc.reviews.enums import Item

        labels = dict(Item.choices)
        return [str(labels.get(i, i)) for i in self.items]


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def visible_to(self, user: Any) -> FollowUpQuerySet:
        from firesvc.accounts.scoping import unit_scope_q

        if not getattr(user, "is_staff_member", False) and not getattr(user, "is_administrator", False):
            return self.none()
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)


class FollowUp(models.Model):
    """The follow-up of a bad review (差评整改): a return visit within 1 working day, rectification within
    15, a reply to the applicant, who may then rate once more (追评). Both deadlines are SLA clocks owned
    by this row (``firesvc.reviews.enums.RULE_VISIT``, ``RULE_RECTIFY``)."""

    review = models.OneToOneField(Review, verbose_name=_("review"), on_delete=models.PROTECT,
                                  related_name="follow_up")
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.VISIT_DUE, editable=False)
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True, editable=False)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("visited by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    visit_note = models.TextField(_("what the applicant said"), blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True, editable=False)
    rectification = models.TextField(_("what was rectified"), blank=True)
    reply = models.TextField(_("reply to the applicant"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("opened at"), db_index=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("bad-review follow-up")
        verbose_name_plural = _("bad-review follow-ups")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["unit", "created_at"], name="reviews_followup_open_idx",
                                condition=Q(status__in=["visit_due", "rectifying"]))]

    def __str__(self) -> str:
        return str(self.review)

    def get_absolute_url(self) -> str:
        # The red/yellow-card board links its clocks' owners: its viewers (supervisors, approvers) are the
        # people who follow up bad reviews in their scope.
        return reverse("reviews:follow_up", args=[self.pk])


class Invitation(models.Model):
    """The one invitation to rate a case completed unrated for 3 days (inbox and SMS, through the
    notification matrix). Its row is what makes the sweep idempotent."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    kind = models.CharField(_("kind of case"), max_length=30)
    case_label = models.CharField(_("case"), max_length=250)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("rating invitation")
        verbose_name_plural = _("rating invitations")
        constraints = [models.UniqueConstraint(fields=["owner_type", "owner_id", "stage"],
                                               name="reviews_one_invitation")]

    def __str__(self) -> str:
        return self.case_label
