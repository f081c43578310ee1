"""The organisation tree and the people who work in it (DOMAIN.md C1)."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from firesvc.accounts.enums import UnitKind

SCOPE_CACHE_SECONDS = 60


def scope_cache_key(unit_id: int) -> str:
    return f"firesvc:scope:{unit_id}"


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def subtree_of(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """The unit itself and every unit below it (materialised path prefix)."""
        return self.filter(path__startswith=unit.path)

    def visible_to(self, user: object) -> OrgUnitQuerySet:
        ids = scope_unit_ids(user)
        if ids is None:
            return self
        return self.filter(pk__in=ids)


class OrgUnit(models.Model):
    """One node of the tree (总队 →) 支队 → 大队 → 街道 → 社区 → 网格.

    ``path`` is the materialised path of primary keys ("/1/4/17/"), set once by
    ``services.org_unit_create``; a subtree is a prefix match, so scoping costs one query.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Where a grid or community lies, for placing a report given only by its coordinates (firesvc.geo):
    # a GeoJSON Polygon or MultiPolygon (WGS 84, [longitude, latitude]); the community's centre where its
    # grids have no boundary.
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    centre_latitude = models.DecimalField(_("centre latitude"), max_digits=9, decimal_places=6, null=True,
                                          blank=True)
    centre_longitude = models.DecimalField(_("centre longitude"), max_digits=9, decimal_places=6, null=True,
                                           blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """锦州支队 / 古塔大队 — the names from the detachment down (a province above is left out)."""
        names = [u.name for u in self.ancestors() if u.kind != UnitKind.PROVINCE] + [self.name]
        return " / ".join(names)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from firesvc.geo import boundary_problem

        problem = boundary_problem(self.boundary) if self.boundary not in (None, "", {}) else None
        if problem:
            raise ValidationError({"boundary": problem})
        if (self.centre_latitude is None) != (self.centre_longitude is None):
            raise ValidationError({"centre_longitude": _("Give both the latitude and the longitude of the centre.")})

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def ancestors(self) -> list[OrgUnit]:
        ids = self.ancestor_ids()
        by_id = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def ancestor_of_kind(self, kind: str) -> OrgUnit | None:
        if self.kind == kind:
            return self
        for unit in self.ancestors():
            if unit.kind == kind:
                return unit
        return None

    def is_within(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)


class User(AbstractUser):
    """A member of staff, an enterprise user or an administrator.

    Roles are Django groups (``roles.Role``); ``unit`` is where a member of staff works
    and bounds what they can see (their unit and the units below it).
    """

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="members",
    )
    # Set when an administrator resets the password: the next sign-in leads straight to the change page
    # (firesvc.accounts.middleware.ForcedPasswordChangeMiddleware) until the user picks their own.
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=False)
    window_number = models.CharField(
        _("service window"), max_length=20, blank=True, help_text=_("For window clerks: the window they sit at.")
    )
    # 长辈版 (large text, high contrast), kept on the account so that every device the person signs in on
    # shows it (firesvc.core.elder); visitors keep theirs in a cookie.
    elder_mode = models.BooleanField(_("large-text display (长辈版)"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        # Every screen that prints a user (forms' choices, lists, the bar) shows the name, not the login.
        return self.display_name

    def get_full_name(self) -> str:
        """The person's name as registered (``full_name``, else Django's first and last name); may be empty."""
        return (self.full_name or "").strip() or super().get_full_name()

    @property
    def display_name(self) -> str:
        """How the person appears on every screen and notice: the full name, never the login name
        (an account without a name reads as what it is: a member of staff, an enterprise user)."""
        name = self.get_full_name()
        if name:
            return name
        return str(_("Member of staff") if self.is_staff_member else _("Portal user"))

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of the user's groups (roles), read once per request: every page asks (the bar,
        access checks)."""
        if self.pk is None:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def is_administrator(self) -> bool:
        from firesvc.accounts.roles import Role

        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)

    @property
    def is_staff_member(self) -> bool:
        """Fire-service staff (any staff role), as opposed to enterprise users and residents."""
        from firesvc.accounts.roles import STAFF_ROLES

        return self.is_administrator or self.has_role(*STAFF_ROLES)

    @cached_property
    def visible_unit_ids(self) -> list[int] | None:
        """Ids of the units whose data this user may see (``scoping``); ``None`` means all of them."""
        if not self.is_active:
            return []
        if self.is_administrator:
            return None
        if not self.is_staff_member or self.unit_id is None:
            return []
        unit_id = self.unit_id

        def load() -> list[int]:
            path = OrgUnit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or "/missing/"
            return list(OrgUnit.objects.filter(path__startswith=path).values_list("pk", flat=True))

        # The tree changes rarely (units are added, never moved): a minute in the shared cache per unit
        # saves two queries on every page of every member of staff; org_unit_create drops it on commit.
        return cache.get_or_set(scope_cache_key(unit_id), load, SCOPE_CACHE_SECONDS)


def scope_unit_ids(user: object) -> list[int] | None:
    """Ids of the organisation units whose data ``user`` may see; ``None`` means all of them.

    An anonymous user, a user without a unit and an enterprise user get an empty list.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return user.visible_unit_ids  # type: ignore[attr-defined]  # an authenticated user is a User


class PasswordResetCode(models.Model):
    """A one-time code sent to a user's mobile phone or e-mail to set a new password (找回密码).

    Only a keyed hash of the code is kept. A code lasts ``PASSWORD_RESET_CODE_MINUTES``, takes a few
    wrong tries, and a newer code or a successful reset ends every earlier one
    (``firesvc.security.password_reset``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_reset_codes")
    code_hash = models.CharField(max_length=128)
    channel = models.CharField(max_length=10)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("password reset code")
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_reset_code_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d %H:%M}"
