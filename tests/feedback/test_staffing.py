"""The system check and the administrator's desk list units whose reports or complaints reach nobody."""

from __future__ import annotations

import pytest
from django.core import checks

from feedback.checks import units_reach_a_person
from firesvc.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, staff, unit_chain


@pytest.fixture
def chain(db):  # type: ignore[no-untyped-def]
    return unit_chain("w")


def _warnings() -> list[checks.CheckMessage]:
    return units_reach_a_person(databases=["default"])


def test_a_subdistrict_without_duty_officer_is_warned_of(chain) -> None:
    staff(Role.SUPERVISOR, chain["detachment"])
    warnings = _warnings()
    assert [(w.id, w.obj) for w in warnings] == [("feedback.W001", chain["subdistrict"])]
    assert isinstance(warnings[0], checks.Warning)
    assert "w支队 / w大队 / w街道" in warnings[0].msg


def test_a_brigade_without_supervisor_above_is_warned_of(chain) -> None:
    staff(Role.DUTY_OFFICER, chain["subdistrict"])
    staff(Role.SUPERVISOR, chain["brigade"])  # its own supervisor cannot take integrity reports about it
    assert {(w.id, w.obj) for w in _warnings()} == {("feedback.W002", chain["brigade"]),
                                                    ("feedback.W002", chain["detachment"])}


def test_a_fully_staffed_chain_gives_no_warning(chain) -> None:
    staff(Role.DUTY_OFFICER, chain["subdistrict"])
    staff(Role.SUPERVISOR, chain["detachment"])
    assert _warnings() == []


def test_an_inactive_duty_officer_does_not_count(chain) -> None:
    staff(Role.SUPERVISOR, chain["detachment"])
    staff(Role.DUTY_OFFICER, chain["subdistrict"], is_active=False)
    assert [w.id for w in _warnings()] == ["feedback.W001"]


def test_the_check_runs_only_when_a_database_is_named(chain) -> None:
    assert units_reach_a_person(databases=None) == []


def test_the_administrators_desk_lists_the_unstaffed_units(client, chain) -> None:
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_superuser=True)
    client.login(username=admin.username, password=PASSWORD)
    body = client.get("/", follow=True).content.decode()
    assert "data-unstaffed-units" in body
    assert "w支队 / w大队 / w街道" in body
