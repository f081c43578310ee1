"""The enterprise registry and enterprise accounts (DOMAIN.md E1, E2)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _

from enterprises.enums import AccountStatus, Industry, RiskTier
from firesvc.accounts.scoping import unit_scope_q
from firesvc.core.indexes import CoveringIndex


def verified_user_q(user: Any, enterprise: str = "enterprise") -> Q:
    """Rows of the enterprises ``user`` is a verified user of, through the relation path ``enterprise``
    ("" for the enterprise itself): one condition on one account row, so a pending claim on the same
    enterprise never counts (anyone can claim a published credit code; staff verify the binding)."""
    prefix = f"{enterprise}__" if enterprise else ""
    return Q(**{f"{prefix}accounts__user": user, f"{prefix}accounts__status": AccountStatus.VERIFIED})


def verified_enterprise_of(user: Any) -> Subquery:
    """The id of the enterprise ``user`` is a verified user of (NULL when none), as a subquery: a row's
    ``enterprise_id`` compared with it is read in the same query (PostgreSQL runs it once), with no round trip
    for the account first."""
    return Subquery(EnterpriseAccount.objects.filter(user_id=user.pk, status=AccountStatus.VERIFIED)
                    .values("enterprise_id")[:1])


class EnterpriseQuerySet(models.QuerySet["Enterprise"]):
    def visible_to(self, user: Any) -> EnterpriseQuerySet:
        """Staff: enterprises of their unit's subtree; enterprise users: their own, once staff have verified
        the binding (anyone can sign up against a published credit code: until then the claimant sees only
        the registry data on their account page); else none."""
        if getattr(user, "is_authenticated", False) and not user.is_staff_member:
            return self.filter(verified_user_q(user, ""))
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
            # The staff search box finds an enterprise by its contact's phone number (firesvc.core.search).
            models.Index(fields=["contact_phone"], name="enterprise_contact_phone_idx"),
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
        permissions = [("verify_enterpriseaccount", _("Can verify enterprise accounts"))]
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
