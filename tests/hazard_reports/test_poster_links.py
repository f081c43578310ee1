"""Staff find the printable QR poster of a community or grid where they look at it: the grid manager on his
desk, the duty officer on a report of the place, the patrol team's page; never a unit out of their scope."""

from __future__ import annotations

from django.urls import reverse

from feedback.enums import TeamKind
from feedback.hazard_reports.services.reports import hazard_report_submit
from feedback.models import PatrolTeam
from firesvc.accounts.roles import Role
from tests.factories import staff


def _poster(unit) -> str:  # type: ignore[no-untyped-def]
    return f'href="{reverse("hazard_reports:poster", args=[unit.pk])}"'


def test_a_grid_manager_finds_the_poster_of_his_grid_on_his_desk(client, place, other_place) -> None:
    client.force_login(staff(Role.GRID_MANAGER, place["grid"]))
    html = client.get(reverse("desk", args=[Role.GRID_MANAGER])).content.decode()
    assert _poster(place["grid"]) in html
    assert _poster(other_place["grid"]) not in html


def test_a_community_grid_manager_finds_the_posters_of_the_community_and_its_grids(client, place) -> None:
    client.force_login(staff(Role.GRID_MANAGER, place["community"]))
    html = client.get(reverse("desk", args=[Role.GRID_MANAGER])).content.decode()
    assert _poster(place["community"]) in html and _poster(place["grid"]) in html


def test_a_desk_of_a_unit_above_the_communities_has_no_poster(client, place) -> None:
    client.force_login(staff(Role.APPROVER, place["brigade"]))
    html = client.get(reverse("desk", args=[Role.APPROVER])).content.decode()
    assert "data-posters" not in html


def test_the_duty_officer_finds_the_posters_of_a_reports_place(client, place) -> None:
    report = hazard_report_submit(category="electrical", subdistrict=place["subdistrict"],
                                  community=place["community"], grid=place["grid"], address="友谊街12号",
                                  description="电线冒烟")
    client.force_login(place["duty"])
    html = client.get(reverse("hazard_reports:detail", args=[report.pk])).content.decode()
    assert _poster(place["community"]) in html and _poster(place["grid"]) in html


def test_the_patrol_team_page_links_the_posters_of_its_community_and_grids(client, place, other_place) -> None:
    team = PatrolTeam.objects.create(name="友谊社区保消巡逻队", kind=TeamKind.COMMUNITY_PATROL, unit=place["community"])
    team.grids.add(place["grid"])
    client.force_login(staff(Role.GRID_MANAGER, place["grid"]))
    html = client.get(reverse("feedback:patrol_team", args=[team.pk])).content.decode()
    assert _poster(place["community"]) in html and _poster(place["grid"]) in html
    client.force_login(staff(Role.GRID_MANAGER, other_place["grid"]))
    assert client.get(reverse("feedback:patrol_team", args=[team.pk])).status_code == 404
