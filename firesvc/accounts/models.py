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


# What a unit's name ends with, left out of its 代字: 沈阳市消防救援支队 → 沈阳, 铁西区消防救援大队 → 铁西.
_UNIT_SUFFIXES = ("消防救援总队", "消防救援支队", "消防救援大队", "消防支队", "消防大队", "支队", "大队", "总队")
_PLACE_SUFFIXES = ("自治州", "自治县", "省", "市", "区", "县", "旗", "盟", "州")


def _place(name: str) -> str:
    for suffix in _UNIT_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def default_document_code(names: list[str]) -> str:
    """The default 机关代字 from the names of the units from the detachment (or the province) down to the unit:
    the first character of each place and 消 — 沈阳市消防救援支队 → 沈消; 沈阳市消防救援支队, 铁西区消防救援大队
    → 沈铁消. A brigade named with its city (沈阳市铁西区消防救援大队) is read without it."""
    places: list[str] = []
    for name in names:
        place = _place(name.strip())
        for above in places:
            for prefix in (f"{above}市", above):
                if place.startswith(prefix) and len(place) > len(prefix):
                    place = place[len(prefix):]
                    break
        places.append(place)
    return "".join(place[:1] for place in places if place) + "消"


# The units that issue documents in their own name; a unit below a brigade issues its brigade's.
ISSUING_KINDS = (UnitKind.PROVINCE, UnitKind.DETACHMENT, UnitKind.BRIGADE)


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
    # 机关代字 of the unit's document numbers (沈铁消 → 沈铁消责改〔2026〕3号, GB/T 9704-2012 7.2.3); empty: the
    # default derived from the names (``document_code``).
    doc_code = models.CharField(
        _("document code"), max_length=12, blank=True,
        help_text=_("The characters that open the unit's document numbers, e.g. 沈铁消 for 沈阳市铁西区消防救援大队. "
                    "Leave empty for the default made from the first characters of the city's and the unit's "
                    "names and 消. Numbers already issued keep the code they were issued with."))
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
        constraints = [models.UniqueConstraint(fields=["doc_code"], condition=~models.Q(doc_code=""),
                                               name="accounts_orgunit_doc_code_uniq")]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """锦州支队 / 古塔大队 — the names from the detachment down (a province above is left out)."""
        return " / ".join(self.letterhead())

    def letterhead(self) -> list[str]:
        """The names a document of this unit prints at its head, from the detachment (支队) down:
        ["沈阳市消防救援支队", "铁西区消防救援大队"]. A provincial corps above is not part of the issuing organ."""
        return [u.name for u in self.ancestors() if u.kind != UnitKind.PROVINCE] + [self.name]

    @property
    def document_code(self) -> str:
        """The 机关代字 that opens the numbers of the documents this unit issues: ``doc_code`` if set, else the
        default from the names (``default_document_code``). A unit below a brigade issues nothing itself: it
        takes its brigade's."""
        if self.doc_code:
            return self.doc_code
        if self.kind in (UnitKind.SUBDISTRICT, UnitKind.COMMUNITY, UnitKind.GRID):
            brigade = self.ancestor_of_kind(UnitKind.BRIGADE)
            if brigade is not None:
                return brigade.document_code
        return self._default_code(self._units_above())

    def _units_above(self) -> list[OrgUnit]:
        """The units above this one, from the top; for a unit not saved yet, its parent's and the parent."""
        if self.path:
            return self.ancestors()
        return [*self.parent.ancestors(), self.parent] if self.parent_id and self.parent else []

    def _default_code(self, above: list[OrgUnit]) -> str:
        chain = [u for u in above if u.kind in (UnitKind.DETACHMENT, UnitKind.BRIGADE)]
        if self.kind != UnitKind.PROVINCE:
            chain.append(self)
        return default_document_code([u.name for u in chain] if chain else [self.name])

    def _unit_with_document_code(self, code: str) -> OrgUnit | None:
        """Another unit that issues documents (a province, detachment or brigade) whose numbers open with
        ``code``, set or by default: two issuers with one 代字 would print numbers that read alike."""
        issuers = {u.pk: u for u in OrgUnit.objects.filter(kind__in=ISSUING_KINDS).exclude(pk=self.pk)}
        for unit in issuers.values():
            effective = unit.doc_code or unit._default_code(
                [issuers[pk] for pk in unit.ancestor_ids() if pk in issuers])
            if effective == code:
                return unit
        return None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from firesvc.geo import boundary_problem

        self.doc_code = (self.doc_code or "").strip()
        if self.kind in ISSUING_KINDS:
            code = self.doc_code or self._default_code(self._units_above())
            other = self._unit_with_document_code(code)
            if other is not None and self.doc_code:
                raise ValidationError({"doc_code": _("%(unit)s already uses the document code %(code)s: the "
                                                     "numbers of the two units would read alike.") % {
                    "unit": other.name, "code": code}})
            if other is not None:
                raise ValidationError({"doc_code": _("The default document code %(code)s is already that of "
                                                     "%(unit)s: give this unit a code of its own.") % {
                    "unit": other.name, "code": code}})
        elif self.doc_code and OrgUnit.objects.filter(doc_code=self.doc_code).exclude(pk=self.pk).exists():
            raise ValidationError({"doc_code": _("Another unit uses this document code: document numbers would "
                                                 "repeat.")})

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
    # 执法证号: printed beside the officer's name where a legal document names the officers (an order's grounds);
    # optional, as not every member of staff holds a law-enforcement certificate.
    enforcement_certificate = models.CharField(
        _("law-enforcement certificate number"), max_length=30, blank=True,
        help_text=_("For officers: the number on their law-enforcement certificate (执法证)."),
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

    def get_short_name(self) -> str:
        """What Django's own pages greet the user with (the admin's "欢迎，…"): the name, not the login name."""
        return self.display_name

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
