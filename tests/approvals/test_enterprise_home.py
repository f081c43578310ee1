"""The enterprise user's home (issue 22 §1): their cases and what needs their action, the registry card
one link away."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.enums import ApplicationStatus
from approvals.models import Application, Appointment, AppointmentSlot, Matter
from tests.approvals.conftest import ACCOUNT_HOLDERS, account_holder, make_draft, make_submitted

pytestmark = pytest.mark.django_db


def test_enterprise_user_lands_on_my_cases_after_signing_in(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("approvals:my_applications")


def test_my_cases_keeps_the_registry_card_one_link_away(client, approvals_world) -> None:
    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:my_applications")).content.decode()
    assert f'href="{reverse("enterprises:mine")}" data-registry-card' in page
    assert client.get(reverse("enterprises:mine")).status_code == 200


def test_my_cases_lists_a_case_waiting_for_a_supplement(client, approvals_world) -> None:
    application = make_submitted(approvals_world)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.DEFICIENT)
    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:my_applications")).content.decode()
    assert 'data-action="supplement"' in page
    assert f'href="{reverse("approvals:application", args=[application.pk])}">{application.number}</a>' in page


def test_my_cases_lists_only_this_users_coming_appointments(client, approvals_world) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    slot = AppointmentSlot.objects.create(unit=approvals_world["brigade"], date=tomorrow, start=time(9),
                                          end=time(9, 30), capacity=2)
    for user in (approvals_world["applicant"], approvals_world["other_applicant"]):
        Appointment.objects.create(slot=slot, user=user, name="孙立新", phone="13912345678", booked_by=user)
    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:my_applications")).content.decode()
    assert page.count('data-action="appointment"') == 1


def test_an_appointment_in_the_panel_says_when_and_where(client, approvals_world) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    slot = AppointmentSlot.objects.create(unit=approvals_world["brigade"], date=tomorrow, start=time(9),
                                          end=time(9, 30), capacity=2)
    user = approvals_world["applicant"]
    Appointment.objects.create(slot=slot, user=user, name="孙立新", phone="13912345678", booked_by=user)
    client.force_login(user)
    page = client.get(reverse("approvals:my_applications")).content.decode()
    row = page.split('data-action="appointment">')[1].split("</li>")[0]
    assert f"{tomorrow:%Y-%m-%d} 09:00 · {approvals_world['brigade'].name}" in row


def test_my_cases_shows_no_action_panel_when_nothing_waits(client, approvals_world) -> None:
    make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    assert "data-actions" not in client.get(reverse("approvals:my_applications")).content.decode()


@pytest.mark.parametrize("who", ACCOUNT_HOLDERS)
def test_the_panel_with_the_account_in_hand_is_visible_to(approvals_world, who) -> None:
    from approvals.selectors.enterprise_home import actions_for_enterprise_user
    from enterprises.models import EnterpriseAccount

    application = make_submitted(approvals_world)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.DEFICIENT)
    user = account_holder(approvals_world, who)
    account = EnterpriseAccount.objects.get(user=user)
    assert actions_for_enterprise_user(user, account=account) == actions_for_enterprise_user(user)


def test_my_cases_lists_an_unsent_draft_with_a_link_to_continue(client, approvals_world) -> None:
    draft = make_draft(approvals_world)
    client.force_login(approvals_world["applicant"])
    page = client.get(reverse("approvals:my_applications")).content.decode()
    row = page.split('data-action="draft">')[1].split("</li>")[0]
    assert draft.matter.name in row and draft.project_name in row
    assert f'href="{reverse("approvals:application", args=[draft.pk])}"' in row


def test_a_submitted_case_is_not_listed_as_a_draft(client, approvals_world) -> None:
    make_submitted(approvals_world)
    client.force_login(approvals_world["applicant"])
    assert 'data-action="draft"' not in client.get(reverse("approvals:my_applications")).content.decode()


def test_the_drafts_of_the_panel_take_one_query_however_many(approvals_world, django_assert_num_queries) -> None:
    from approvals.selectors.enterprise_home import actions_for_enterprise_user
    from enterprises.models import EnterpriseAccount

    user = approvals_world["applicant"]
    account = EnterpriseAccount.objects.get(user=user)
    make_draft(approvals_world, upload=False)
    with django_assert_num_queries(4):  # drafts, supplements, orders, appointments
        one = actions_for_enterprise_user(user, account=account)
    for _ in range(3):
        make_draft(approvals_world, upload=False)
    with django_assert_num_queries(4):
        four = actions_for_enterprise_user(user, account=account)
    assert (len(one.drafts), len(four.drafts)) == (1, 4)
    assert {row["matter_name"] for row in four.drafts} == {Matter.objects.get(code="acceptance").name}
