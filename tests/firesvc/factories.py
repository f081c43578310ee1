"""Factories of the kernel (firesvc): organisation units and people."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group, Permission

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import ROLE_PERMISSIONS, Role, sync_role_groups
from firesvc.accounts.services import org_unit_create

PASSWORD = "correct-horse-battery-9"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = UnitKind.DETACHMENT
    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"u{n}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        return org_unit_create(**kwargs)


def unit_chain(prefix: str = "t") -> dict[str, OrgUnit]:
    """A detachment with one unit of each kind below it."""
    detachment = OrgUnitFactory(kind=UnitKind.DETACHMENT, name=f"{prefix}支队", code=f"{prefix}")
    brigade = OrgUnitFactory(kind=UnitKind.BRIGADE, name=f"{prefix}大队", code=f"{prefix}-b", parent=detachment)
    sub = OrgUnitFactory(kind=UnitKind.SUBDISTRICT, name=f"{prefix}街道", code=f"{prefix}-s", parent=brigade)
    community = OrgUnitFactory(kind=UnitKind.COMMUNITY, name=f"{prefix}社区", code=f"{prefix}-c", parent=sub)
    grid = OrgUnitFactory(kind=UnitKind.GRID, name=f"{prefix}网格", code=f"{prefix}-g", parent=community)
    return {"detachment": detachment, "brigade": brigade, "subdistrict": sub, "community": community, "grid": grid}


def ensure_role_groups() -> None:
    """``sync_role_groups()`` when the role groups differ from ``ROLE_PERMISSIONS``. The migrate (or a transactional
    test's flush) syncs them before the permissions of later apps exist; a full sync per user made was a hundred
    queries, this check is three."""
    wanted = {role.value: {tuple(dotted.split(".", 1)) for dotted in ROLE_PERMISSIONS.get(role, [])} for role in Role}
    present = set(Permission.objects.filter(codename__in={codename for perms in wanted.values() for _app, codename
                                                          in perms}).values_list("content_type__app_label", "codename"))
    expected = {(role, *perm) for role, perms in wanted.items() for perm in perms if perm in present}
    granted = set(Group.permissions.through.objects.filter(group__name__in=Role.values)
                  .values_list("group__name", "permission__content_type__app_label", "permission__codename"))
    groups = set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
    if groups != set(Role.values) or granted != expected:
        sync_role_groups()


class UserFactory(factory.django.DjangoModelFactory):
    """A person; ``roles=[Role.…]`` puts them in those roles' groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        self.save()
        if extracted:
            ensure_role_groups()
            self.groups.set(Group.objects.filter(name__in=extracted))


def staff(role: str, unit: OrgUnit | None, **kwargs: object) -> User:
    """A member of staff in one role at ``unit``."""
    return UserFactory(roles=[role], unit=unit, **kwargs)
