"""The worklist's keyset query (approvals.selectors.intake.worklist) against the plain ORM definition.

These tests hold it to what a staff member's worklist is: ``Application.objects.visible_to(user)``
with a running clock, under every filter, in the order (green channel first, nearest due date, id),
walked page by page with the cursor.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from approvals.enums import WORKLIST_STATUSES, ApplicationStatus
from approvals.models import Application, Matter
from approvals.selectors.intake import worklist
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.sla.enums import Card
from tests.factories import EnterpriseFactory, OrgUnitFactory, UserFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db



@pytest.fixture
def casebook(tree) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Cases in two brigades of 甲 and one of 乙, in every state, with ties on the due time."""
    now = timezone.now().replace(microsecond=0)
    second_brigade = OrgUnitFactory(kind=UnitKind.BRIGADE, name="甲二大队", code="a-b2", parent=tree["a"]["detachment"])
    brigades = [tree["a"]["brigade"], second_brigade, tree["b"]["brigade"]]
    applicant = UserFactory()
    matters = list(Matter.objects.order_by("code")[:2])
    statuses = [*WORKLIST_STATUSES, ApplicationStatus.DEFICIENT, ApplicationStatus.APPROVED, ApplicationStatus.DRAFT]
    made = []
    for n, (brigade, matter, status) in enumerate(itertools.product(brigades, matters, statuses)):
        for k in range(3):
            due_at = now + timedelta(days=(n * 7 + k * 5) % 11 - 5) if (n + k) % 9 else None
            yellow_at = due_at - timedelta(days=(n + k) % 4) if due_at and (n + k) % 7 else None
            enterprise = EnterpriseFactory(brigade=brigade)
            made.append(Application(
                matter=matter, enterprise=enterprise, applicant_name=enterprise.name, brigade=brigade,
                applicant=applicant,
                status=status, project_name=f"项目{n}-{k}", project_address="沈阳市", building_area=Decimal("100"),
                building_height=Decimal("10"), floors=3, use="commercial", contact_name="李", contact_phone="139",
                green_channel=(n + k) % 5 == 0, due_at=due_at, yellow_at=yellow_at,
                due_date=timezone.localdate(due_at) if due_at else None, number=f"N{n}-{k}",
                # submitted, as every case past the draft is (staff see no enterprise's unsubmitted draft)
                submitted_at=None if status == ApplicationStatus.DRAFT else now - timedelta(days=20)))
    Application.objects.bulk_create(made)
    return {"now": now, "brigades": brigades, "matters": matters, "tree": tree, "users": {
        "clerk of 甲's brigade": staff(Role.WINDOW_CLERK, tree["a"]["brigade"]),
        "approver of 甲": staff(Role.APPROVER, tree["a"]["detachment"]),
        "clerk of 乙": staff(Role.WINDOW_CLERK, tree["b"]["brigade"]),
        "administrator": staff(Role.ADMINISTRATOR, None),
    }}


def _card_filter(card: str, now: datetime) -> Q:
    """The cases showing ``card`` at ``now``: red once due, yellow from the warning time, else green."""
    return {Card.RED: Q(due_at__lte=now), Card.YELLOW: Q(due_at__gt=now, yellow_at__lte=now),
            Card.GREEN: Q(yellow_at__gt=now)}[Card(card)]


def _expected(user: Any, now: datetime, *, unit: OrgUnit | None = None, matter_code: str = "", status: str = "",
              card: str = "") -> list[int]:
    """The ORM's worklist: visible to the user, clock running, filters applied, in the worklist's order."""
    qs = Application.objects.visible_to(user).filter(status__in=WORKLIST_STATUSES, due_at__isnull=False)
    if unit is not None:
        qs = qs.filter(brigade__path__startswith=unit.path)
    if matter_code:
        qs = qs.filter(matter__code=matter_code)
    if status:
        qs = qs.filter(status=status)
    if card:
        qs = qs.filter(_card_filter(card, now))
    rows = qs.values_list("pk", "green_channel", "due_at")
    return [pk for pk, _green, _due in sorted(rows, key=lambda r: (not r[1], r[2], r[0]))]


def _walk(user: Any, now: datetime, page_size: int = 4, **filters: Any) -> list[int]:
    """Every page of the worklist, following the cursor."""
    seen: list[int] = []
    cursor = ""
    for _ in range(100):
        page = worklist(user, cursor=cursor, page_size=page_size, now=now, **filters)
        seen.extend(row.pk for row in page.rows)
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor
    raise AssertionError("the cursor never ended")


@pytest.mark.parametrize("who", ["clerk of 甲's brigade", "approver of 甲", "clerk of 乙", "administrator"])
def test_every_page_of_the_worklist_is_the_orm_worklist_in_order(casebook, who) -> None:
    user, now = casebook["users"][who], casebook["now"]
    expected = _expected(user, now)
    assert expected  # each user has cases, so that the comparison means something
    assert _walk(user, now) == expected


@pytest.mark.parametrize("card", ["", "red", "yellow", "green"])
@pytest.mark.parametrize("status", ["", "submitted", "accepted"])
def test_the_worklist_filters_are_the_orm_filters(casebook, status, card) -> None:
    user, now = casebook["users"]["approver of 甲"], casebook["now"]
    units = [None, casebook["brigades"][0], casebook["brigades"][1], casebook["tree"]["a"]["detachment"],
             casebook["brigades"][2]]
    for unit, matter in itertools.product(units, ["", *(m.code for m in casebook["matters"])]):
        filters = {"matter_code": matter, "status": status, "card": card}
        got = _walk(user, now, unit_id=unit.pk if unit else None, **filters)
        assert got == _expected(user, now, unit=unit, **filters), (unit, filters)


def test_filtering_by_a_unit_outside_the_scope_shows_nothing(casebook) -> None:
    clerk = casebook["users"]["clerk of 甲's brigade"]
    assert worklist(clerk, unit_id=casebook["brigades"][2].pk, now=casebook["now"]).rows == []


def test_a_unit_filter_of_an_unknown_unit_shows_nothing(casebook) -> None:
    admin = casebook["users"]["administrator"]
    assert worklist(admin, unit_id=999_999, now=casebook["now"]).rows == []


def test_an_enterprise_user_has_no_worklist_even_with_cases_of_their_own(casebook) -> None:
    enterprise = Application.objects.filter(status=ApplicationStatus.SUBMITTED).first().enterprise
    user = enterprise_user(enterprise)
    assert Application.objects.visible_to(user).exists()
    assert worklist(user, now=casebook["now"]).rows == []


def test_the_rows_carry_the_cases_values_and_card(casebook) -> None:
    now = casebook["now"]
    rows = worklist(casebook["users"]["administrator"], page_size=200, now=now).rows
    by_pk = {a.pk: a for a in Application.objects.select_related("matter", "enterprise").filter(
        pk__in=[r.pk for r in rows])}
    for row in rows:
        case = by_pk[row.pk]
        assert (row.number, row.status, row.green_channel, row.project_name, row.due_date, row.matter_name,
                row.applicant_name) == (case.number, case.status, case.green_channel, case.project_name,
                                        case.due_date, case.matter.name, case.applicant_name)
        expected_card = ("red" if case.due_at <= now else
                         "yellow" if case.yellow_at and case.yellow_at <= now else "green")
        assert row.card == expected_card
