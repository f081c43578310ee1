"""The report form (``views.report``, ``forms.ReportForm``) for a signed-in user: the name and mobile number of
the account are not asked again and the report is theirs; anonymous residents get the form as before."""

from __future__ import annotations

from django.test import override_settings

from feedback.hazard_reports.models import HazardReport
from firesvc.accounts.roles import Role
from tests.factories import staff
from tests.hazard_reports.conftest import form_data

URL = "/reports/"


def _manager(units, **kwargs):  # type: ignore[no-untyped-def]
    return staff(Role.GRID_MANAGER, units["grid"], full_name="陈静", phone="13912345678", **kwargs)


def _fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    return set(response.context["form"].fields)


def test_signed_in_form_does_not_ask_for_the_accounts_name_and_phone(client, place) -> None:
    client.force_login(_manager(place))
    assert not _fields(client.get(URL)) & {"reporter_name", "reporter_phone"}


def test_signed_in_form_says_whose_name_and_phone_it_uses(client, place) -> None:
    client.force_login(_manager(place))
    html = client.get(URL).content.decode()
    assert "data-account-reporter" in html and "陈静" in html and "13912345678" in html


def test_signed_in_report_carries_the_accounts_name_and_phone(client, place) -> None:
    client.force_login(_manager(place))
    client.post(URL, form_data(place, reporter_name="别人", reporter_phone="13800000000"))
    report = HazardReport.objects.get()
    assert (report.reporter_name, report.reporter_phone) == ("陈静", "13912345678")


def test_an_account_without_a_mobile_number_is_asked_for_one(client, place) -> None:
    client.force_login(staff(Role.GRID_MANAGER, place["grid"], full_name="陈静", phone=""))
    assert _fields(client.get(URL)) & {"reporter_name", "reporter_phone"} == {"reporter_phone"}


def test_an_account_with_a_landline_is_asked_for_a_mobile_number(client, place) -> None:
    client.force_login(staff(Role.GRID_MANAGER, place["grid"], full_name="陈静", phone="024-23456789"))
    assert "reporter_phone" in _fields(client.get(URL))


def test_anonymous_form_still_asks_for_name_and_phone(client, place) -> None:
    assert {"reporter_name", "reporter_phone"} <= _fields(client.get(URL))


def test_anonymous_report_keeps_what_the_resident_typed(client, place) -> None:
    client.post(URL, form_data(place, reporter_name="王女士", reporter_phone="13700000001"))
    report = HazardReport.objects.get()
    assert (report.reporter_name, report.reporter_phone, report.reporter) == ("王女士", "13700000001", None)


def test_a_signed_in_form_is_not_served_to_the_next_anonymous_visitor(client, place) -> None:
    # given a signed-in grid manager's form (no name or phone fields), which starts at his grid, shown first
    client.force_login(_manager(place))
    client.get(URL)
    client.logout()
    # when a resident opens the form from the grid's poster: the same places as the grid manager's form
    html = client.get(URL, {"place": place["grid"].pk}).content.decode()
    # then the resident still gets the fields (the grid manager's form was not kept in the shared cache)
    assert 'name="reporter_name"' in html and 'name="reporter_phone"' in html


@override_settings(HAZARD_REPORT_RATE_LIMITS={"phone": (2, 86400)})
def test_the_accounts_own_phone_is_not_held_to_the_residents_daily_limit(client, place) -> None:
    client.force_login(_manager(place))
    statuses = [
        client.post(
            URL, form_data(place, grid="", category="other", address=f"{i}号"), REMOTE_ADDR=f"198.51.100.{i}"
        ).status_code
        for i in range(3)
    ]
    assert statuses == [302, 302, 302]
