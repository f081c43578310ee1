"""The list of the reports a signed-in user sent (``views.mine``, ``selectors.reports_by``): a grid manager
finds the reports he sent through the form, and only those."""

from __future__ import annotations

from django.urls import reverse

from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.selectors import reports_by
from firesvc.accounts.roles import Role
from tests.factories import staff
from tests.hazard_reports.conftest import form_data, submit_report

MINE = reverse("hazard_reports:mine")


def _report(units, **kwargs):  # type: ignore[no-untyped-def]
    return submit_report(units, **kwargs)


def test_reports_by_gives_the_users_own_reports(place) -> None:
    manager = staff(Role.GRID_MANAGER, place["grid"])
    own = _report(place, actor=manager)
    _report(place, actor=staff(Role.GRID_MANAGER, place["grid"]))
    _report(place)
    assert list(reports_by(manager)) == [own]


def test_a_report_sent_through_the_form_is_on_the_senders_list(client, place) -> None:
    client.force_login(staff(Role.GRID_MANAGER, place["grid"]))
    client.post("/reports/", form_data(place, address="和平路8号"))
    report = HazardReport.objects.get()
    assert f'href="{report.get_tracking_url()}"' in client.get(MINE).content.decode()


def test_my_reports_leaves_out_a_residents_report_of_the_grid(client, place) -> None:
    resident_report = _report(place)
    client.force_login(staff(Role.GRID_MANAGER, place["grid"]))
    assert resident_report.tracking_code not in client.get(MINE).content.decode()


def test_my_reports_needs_a_signed_in_user(client, db) -> None:
    response = client.get(MINE)
    assert response.status_code == 302 and "/accounts/" in response["Location"]
