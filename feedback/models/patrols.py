"""Patrol teams (DOMAIN.md B8): their members, equipment and the grids they cover."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from feedback.enums import EquipmentKind, MemberRole, TeamKind
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.scoping import scope_unit_ids


class PatrolTeamQuerySet(models.QuerySet["PatrolTeam"]):
    def visible_to(self, user: Any) -> PatrolTeamQuerySet:
        """The teams of the user's units, and the teams of a grid manager's grid: those listing a grid of
        his scope, and the community patrols and sub-district mobile teams above his grid (whose unit is
        above his own)."""
        ids = scope_unit_ids(user)
        if ids is None:
            return self
        covering = PatrolTeam.grids.through.objects.filter(orgunit_id__in=ids).values("patrolteam_id")
        q = Q(unit_id__in=ids) | Q(pk__in=covering)
        own = getattr(user, "unit", None) if ids else None
        if own is not None and own.kind == UnitKind.GRID:
            q |= Q(unit_id__in=own.ancestor_ids(), unit__kind__in=[UnitKind.COMMUNITY, UnitKind.SUBDISTRICT])
        return self.filter(q)


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

