"""The grid manager's desk (``feedback/hazard_reports/desks.py``): the button to report a hazard and the reports
he sent himself, each linked to its tracking page; residents' reports of his grid are the duty officer's."""

from __future__ import annotations

from django.urls import reverse

from firesvc.accounts.roles import Role
from tests.factories import staff
from tests.hazard_reports.conftest import submit_report

DESK = reverse("desk", args=[Role.GRID_MANAGER])


def _report(units, **kwargs):  # type: ignore[no-untyped-def]
    return submit_report(units, **kwargs)


def test_grid_manager_desk_has_the_report_a_hazard_button(client, place) -> None:
    client.force_login(staff(Role.GRID_MANAGER, place["grid"]))
    html = client.get(DESK).content.decode()
    assert f'href="{reverse("hazard_reports:report")}" data-report-hazard' in html


def test_grid_manager_desk_lists_a_report_he_sent(client, place) -> None:
    manager = staff(Role.GRID_MANAGER, place["grid"])
    report = _report(place, actor=manager, address="和平路8号")
    client.force_login(manager)
    panel = client.get(DESK).context["my_hazard_reports"]
    assert [row.pk for row in panel["rows"]] == [report.pk]
    assert panel["count"] == 1


def test_grid_manager_desk_links_his_report_to_its_tracking_page(client, place) -> None:
    manager = staff(Role.GRID_MANAGER, place["grid"])
    report = _report(place, actor=manager)
    client.force_login(manager)
    assert f'href="{report.get_tracking_url()}"' in client.get(DESK).content.decode()


def test_grid_manager_desk_leaves_out_a_residents_report_of_his_grid(client, place) -> None:
    resident_report = _report(place)
    client.force_login(staff(Role.GRID_MANAGER, place["grid"]))
    response = client.get(DESK)
    assert response.context["my_hazard_reports"]["count"] == 0
    assert resident_report.tracking_code not in response.content.decode()


def test_grid_manager_desk_counts_every_report_and_shows_the_latest_five(client, place) -> None:
    manager = staff(Role.GRID_MANAGER, place["grid"])
    reports = [_report(place, actor=manager, address=f"和平路{i}号") for i in range(7)]
    client.force_login(manager)
    panel = client.get(DESK).context["my_hazard_reports"]
    assert panel["count"] == 7
    assert [row.pk for row in panel["rows"]] == [row.pk for row in reversed(reports)][:5]


def test_another_roles_desk_has_no_my_reports_panel(client, place) -> None:
    client.force_login(staff(Role.APPROVER, place["brigade"]))
    html = client.get(reverse("desk", args=[Role.APPROVER])).content.decode()
    assert "data-my-hazard-reports" not in html
