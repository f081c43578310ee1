"""The approver's desk counts the confirmed major hazards not yet reported to the people's government."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from enterprises.safety.enums import HazardSeverity, HazardSource
from enterprises.safety.services.hazards import hazard_major_decide, hazard_major_report, hazard_record

pytestmark = pytest.mark.django_db


def _confirmed_major(world):  # type: ignore[no-untyped-def]
    hazard = hazard_record(
        unit=world["brigade"],
        source=HazardSource.INSPECTION,
        description="仓库违规住人",
        address="铁西区",
        enterprise=world["enterprise"],
        actor=world["inspector"],
        severity=HazardSeverity.MAJOR,
    )
    return hazard_major_decide(hazard=hazard, confirm=True, reason="集体研判", actor=world["approver"])


def _panel(client, world) -> str:  # type: ignore[no-untyped-def]
    client.force_login(world["approver"])
    page = client.get(reverse("desk", args=["approver"])).content.decode()
    return (
        page.split("data-unreported-major-hazards>", 1)[1].split("</div></div></div>", 1)[0]
        if "data-unreported-major-hazards>" in page
        else ""
    )


def test_the_approvers_desk_counts_major_hazards_not_yet_reported(client, world):  # type: ignore[no-untyped-def]
    _confirmed_major(world)
    _confirmed_major(world)
    assert '<div class="card-figure text-danger">2</div>' in _panel(client, world)


def test_the_approvers_desk_leaves_out_a_reported_major_hazard(client, world):  # type: ignore[no-untyped-def]
    _confirmed_major(world)
    hazard_major_report(
        hazard=_confirmed_major(world),
        reported_on=timezone.localdate(),
        reported_to="铁西区人民政府",
        actor=world["approver"],
    )
    assert '<div class="card-figure text-danger">1</div>' in _panel(client, world)
