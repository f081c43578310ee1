"""Factories shared by the tests of every app."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from enterprises.enums import AccountStatus
from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role, sync_role_groups
from firesvc.accounts.services import org_unit_create
from firesvc.identifiers import make_uscc

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


class UserFactory(factory.django.DjangoModelFactory):
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
            sync_role_groups()
            self.groups.set(Group.objects.filter(name__in=extracted))


def staff(role: str, unit: OrgUnit | None, **kwargs: object) -> User:
    return UserFactory(roles=[role], unit=unit, **kwargs)


_org_counter = iter(range(10_000_000, 99_999_999))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.LazyFunction(lambda: make_uscc("91210106", f"{next(_org_counter):08d}"))
    legal_representative = "王建华"
    contact_name = "李海燕"
    contact_phone = "13800138000"
    address = "沈阳市铁西区建设大路1号"
    brigade = factory.LazyFunction(lambda: unit_chain(f"e{next(_org_counter)}")["brigade"])


def enterprise_user(enterprise: Enterprise, *, status: str = AccountStatus.VERIFIED, **kwargs: object) -> User:
    user = UserFactory(roles=[Role.ENTERPRISE_USER], **kwargs)
    EnterpriseAccount.objects.create(user=user, enterprise=enterprise, status=status)
    return user
