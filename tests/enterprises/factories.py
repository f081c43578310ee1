"""Factories of the enterprises app: enterprises and their users' accounts."""

from __future__ import annotations

import factory

from enterprises.enums import AccountStatus
from enterprises.models import Enterprise, EnterpriseAccount
from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.identifiers import make_uscc
from tests.firesvc.factories import UserFactory, unit_chain

_org_counter = iter(range(10_000_000, 99_999_999))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    """An enterprise with a valid USCC; without ``brigade``, in a brigade of its own new detachment."""

    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.LazyFunction(lambda: make_uscc("91210106", f"{next(_org_counter):08d}"))
    legal_representative = "王建华"
    contact_name = "李海燕"
    contact_phone = "13800138000"
    address = "沈阳市铁西区建设大路1号"
    brigade = factory.LazyFunction(lambda: unit_chain(f"e{next(_org_counter)}")["brigade"])


class EnterpriseAccountFactory(factory.django.DjangoModelFactory):
    """A person's account at an enterprise, verified unless ``status`` says otherwise."""

    class Meta:
        model = EnterpriseAccount

    user = factory.SubFactory(UserFactory, roles=[Role.ENTERPRISE_USER])
    enterprise = factory.SubFactory(EnterpriseFactory)
    status = AccountStatus.VERIFIED


def enterprise_user(enterprise: Enterprise, *, status: str = AccountStatus.VERIFIED, **kwargs: object) -> User:
    """A new enterprise user with an account at ``enterprise``; ``kwargs`` go to the user."""
    return EnterpriseAccountFactory(enterprise=enterprise, status=status,
                                    **{f"user__{name}": value for name, value in kwargs.items()}).user
