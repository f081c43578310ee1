"""The demo step is idempotent and leaves hazards in each state."""

from __future__ import annotations

import pytest

from enterprises.safety.demo import seed_safety
from enterprises.safety.enums import HazardStatus
from enterprises.safety.models import Hazard, KeyUnitDesignation
from firesvc.accounts.roles import Role
from tests.factories import EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db


def test_seed_safety_is_idempotent(world):  # type: ignore[no-untyped-def]
    staff(Role.ADMINISTRATOR, None, username="admin")
    staff(Role.REVIEWER, world["brigade"], username="reviewer")
    staff(Role.APPROVER, world["brigade"], username="approver")
    enterprise_user(world["enterprise"], username="ent_a")
    EnterpriseFactory(brigade=world["brigade"], is_key_unit=True)
    seed_safety()
    seed_safety()
    statuses = set(Hazard.objects.values_list("status", flat=True))
    assert Hazard.objects.count() == 4
    assert KeyUnitDesignation.objects.count() == 1
    assert statuses == {HazardStatus.RECORDED, HazardStatus.MAJOR_REVIEW, HazardStatus.ORDERED,
                        HazardStatus.ELIMINATED}


def test_demo_pages_answer_without_server_error(client, world):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    admin = staff(Role.ADMINISTRATOR, None, username="admin")
    reviewer = staff(Role.REVIEWER, world["brigade"], username="reviewer")
    staff(Role.APPROVER, world["brigade"], username="approver")
    owner = enterprise_user(world["enterprise"], username="ent_a")
    EnterpriseFactory(brigade=world["brigade"], is_key_unit=True)
    seed_safety()
    urls = [reverse("safety:hazards"), reverse("safety:hazard_create"), reverse("safety:key_units"),
            reverse("safety:coverage")]
    urls += [reverse("safety:hazard", args=[h.pk]) for h in Hazard.objects.all()]
    urls += [reverse("safety:key_unit", args=[d.enterprise_id]) for d in KeyUnitDesignation.objects.all()]
    urls += [reverse("safety:key_unit", args=[world["enterprise"].pk])]
    codes = {}
    for user in (admin, reviewer):
        client.force_login(user)
        codes.update({(user.username, url): client.get(url).status_code for url in urls})
    client.force_login(owner)
    mine = [reverse("safety:my_orders")] + [reverse("safety:my_order", args=[h.pk])
                                             for h in Hazard.objects.filter(order__isnull=False)]
    codes.update({("ent_a", url): client.get(url).status_code for url in mine})
    assert {k: v for k, v in codes.items() if v != 200} == {}
