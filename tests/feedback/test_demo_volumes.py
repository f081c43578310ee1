"""The demo matches the report for 朝阳 and 锦州 too (issue 21 §7): 38 sub-district mobile teams, 77 community
patrol teams and 77 consultation points in 朝阳, the community police's training, 锦州's window and its
"three ones" figures, and every demo place on the map."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db.models import Count

from approvals.demo import JINZHOU_WINDOW_CONSULTATIONS, seed_jinzhou_window
from approvals.models import Consultation
from enterprises.demo_services import seed_chaoyang_officer_training
from enterprises.models import ServiceMeasure, TrainingAttendance, TrainingSession
from feedback.demo import seed_patrols_and_points
from feedback.enums import TeamKind
from feedback.models import ConsultationPoint, PatrolTeam
from firesvc.accounts.demo import seed_org_tree, seed_staff
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.selectors import place_at_point
from tests.seeding import seeded_for_the_module


def _seed() -> None:
    seed_org_tree()
    seed_staff()


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield from seeded_for_the_module(django_db_blocker, _seed)


@pytest.fixture
def demo(_seeded, db) -> None:  # type: ignore[no-untyped-def]
    """The demo's org tree and staff, seeded once for the module; each test's own seeding rolls back."""


def test_chaoyang_has_38_mobile_teams_77_patrol_teams_and_77_consultation_points(demo) -> None:
    seed_patrols_and_points()
    chaoyang = PatrolTeam.objects.filter(unit__code__startswith="cy")
    assert chaoyang.filter(kind=TeamKind.SUBDISTRICT_MOBILE).count() == 38
    assert chaoyang.filter(kind=TeamKind.COMMUNITY_PATROL).count() == 77
    assert ConsultationPoint.objects.filter(community__code__startswith="cy").count() == 77
    assert ConsultationPoint.objects.values("community").annotate(n=Count("pk")).filter(n__gt=1).count() == 0


def test_every_chaoyang_grid_has_its_patrol_team(demo) -> None:
    from feedback.selectors.patrols import team_for_grid

    seed_patrols_and_points()
    for grid in OrgUnit.objects.filter(code__startswith="cy", kind=UnitKind.GRID):
        assert team_for_grid(grid) is not None, grid.name


def test_chaoyang_community_police_had_12_sessions_and_over_1100_officers_trained(demo) -> None:
    assert seed_chaoyang_officer_training(year=2026) > 0
    assert seed_chaoyang_officer_training(year=2026) == 0  # topped up once
    sessions = TrainingSession.objects.filter(unit__code__startswith="cy", internal=True, date__year=2026)
    assert sessions.count() == 12
    officers = TrainingAttendance.objects.filter(session__in=sessions, is_officer=True, attended=True)
    assert officers.count() >= 1100
    assert all(session.date >= datetime.date(2026, 1, 1) for session in sessions)


def test_jinzhou_window_keeps_the_three_ones(demo) -> None:
    assert seed_jinzhou_window() == JINZHOU_WINDOW_CONSULTATIONS
    assert seed_jinzhou_window() == 0
    log = Consultation.objects.filter(unit__code="jz-gt")
    assert log.values("window").distinct().count() == 3
    first_time = log.filter(resolved_first_contact=True).count() / log.count()
    assert 0.95 <= first_time < 1
    assert log.filter(forms_handed_out=True).count() == log.count()


def test_jinzhou_publishes_its_window_measures(demo) -> None:
    from enterprises.demo_services import seed_service_measures_and_training

    seed_service_measures_and_training()
    titles = set(ServiceMeasure.objects.filter(unit__code="jz", is_published=True).values_list("title", flat=True))
    assert {"坚持做到“三个一”", "周六上午留专人受理", "延时服务和预约服务"} <= titles


def test_every_demo_subdistrict_has_a_duty_officer_with_a_name_of_his_own(demo) -> None:
    duty = User.objects.filter(groups__name="duty_officer", unit__kind=UnitKind.SUBDISTRICT)
    assert duty.values("unit").distinct().count() == OrgUnit.objects.filter(kind=UnitKind.SUBDISTRICT).count()
    names = list(User.objects.values_list("full_name", flat=True))
    assert len(names) == len(set(names))


def test_every_demo_community_has_a_centre_and_a_point_in_a_grid_finds_it(demo) -> None:
    assert not OrgUnit.objects.filter(kind=UnitKind.COMMUNITY, centre_latitude__isnull=True).exists()
    grid = OrgUnit.objects.get(code="cy-st-s1-c1-g1")
    ring = grid.boundary["coordinates"][0]
    lng = (ring[0][0] + ring[1][0]) / 2
    lat = (ring[0][1] + ring[2][1]) / 2
    assert place_at_point(latitude=lat, longitude=lng) == grid


def test_a_point_in_jinzhou_goes_to_the_nearest_community(demo) -> None:
    community = OrgUnit.objects.get(code="jz-gt-s1-c1")
    found = place_at_point(latitude=float(community.centre_latitude) + 0.001,
                           longitude=float(community.centre_longitude))
    assert found == community
