"""Hazards in the staff search box and on the enterprise user's home (issue 22 §1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enterprises.enums import AccountStatus
from enterprises.safety.enums import HazardSource
from enterprises.safety.models import Hazard
from enterprises.safety.services.hazards import hazard_record, rectification_order_issue
from firesvc.core.search import clean_query, search
from tests.factories import enterprise_user

pytestmark = pytest.mark.django_db


def _ordered(world) -> Hazard:  # type: ignore[no-untyped-def]
    hazard = hazard_record(unit=world["brigade"], source=HazardSource.INSPECTION, description="安全出口堵塞",
                           address="铁西区建设大路1号", enterprise=world["enterprise"], actor=world["inspector"])
    rectification_order_issue(hazard=hazard, requirements="清理出口", rectify_workdays=3, actor=world["inspector"])
    return Hazard.objects.select_related("order").get(pk=hazard.pk)


def _hazard_titles(user, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    groups = {group.key: group for group in search(user=user, query=clean_query(text))}
    return [hit.title for hit in groups["hazards"].hits] if "hazards" in groups else []


def test_search_finds_a_hazard_by_part_of_its_order_number_in_scope_only(world) -> None:
    hazard = _ordered(world)
    part = hazard.order.number[-6:]  # "00001号"
    assert _hazard_titles(world["inspector"], part) == [hazard.order.number]
    assert _hazard_titles(world["outsider"], hazard.order.number) == []


def test_enterprise_home_lists_the_order_to_answer(client, world) -> None:
    hazard = _ordered(world)
    client.force_login(world["owner"])
    page = client.get(reverse("approvals:my_applications")).content.decode()
    assert 'data-action="order"' in page
    assert f'href="{reverse("safety:my_order", args=[hazard.pk])}">{hazard.order.number}</a>' in page


def test_the_enterprise_home_of_an_unverified_claim_lists_no_order(client, world) -> None:
    hazard = _ordered(world)
    client.force_login(enterprise_user(world["enterprise"], status=AccountStatus.PENDING))
    page = client.get(reverse("approvals:my_applications")).content.decode()
    assert 'data-action="order"' not in page
    assert hazard.order.number not in page


def test_the_order_in_the_panel_says_its_rectification_deadline(client, world) -> None:
    hazard = _ordered(world)
    client.force_login(world["owner"])
    page = client.get(reverse("approvals:my_applications")).content.decode()
    row = page.split('data-action="order">')[1].split("</li>")[0]
    assert f"{hazard.order.due_date:%Y-%m-%d}" in row


@pytest.mark.parametrize("status", [AccountStatus.VERIFIED, AccountStatus.PENDING])
def test_the_orders_in_the_panel_with_the_account_in_hand_are_visible_to(world, status) -> None:  # type: ignore[no-untyped-def]
    from approvals.selectors.enterprise_home import actions_for_enterprise_user
    from enterprises.models import EnterpriseAccount

    _ordered(world)
    user = enterprise_user(world["enterprise"], status=status)
    account = EnterpriseAccount.objects.get(user=user)
    in_hand = actions_for_enterprise_user(user, account=account)
    assert in_hand.orders == actions_for_enterprise_user(user).orders
    assert len(in_hand.orders) == (1 if status == AccountStatus.VERIFIED else 0)
