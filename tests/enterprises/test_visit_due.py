"""E3 at scale: the stored ``Enterprise.next_visit_due``, kept by the services, and the overdue list read from it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import RiskTier, VisitStatus, VisitTier
from enterprises.models import Enterprise, Visit, VisitInterval
from enterprises.selectors.visits import overdue_enterprises
from enterprises.services.enterprises import enterprise_create, enterprise_update
from enterprises.services.visits import (
    configured_intervals,
    interval_days,
    visit_cancel,
    visit_due_recompute,
    visit_interval_delete,
    visit_interval_save,
    visit_plan,
    visit_record,
    visit_schedule_refresh,
    visit_tier,
)
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.identifiers import make_uscc
from tests.enterprises.visit_world import world_fixture  # noqa: F401
from tests.factories import EnterpriseFactory, staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
D = datetime.timedelta


def _due(enterprise: Enterprise) -> datetime.date | None:
    return Enterprise.objects.values_list("next_visit_due", flat=True).get(pk=enterprise.pk)


def _registered(enterprise: Enterprise, days_ago: int) -> None:
    Enterprise.objects.filter(pk=enterprise.pk).update(created_at=timezone.now() - D(days=days_ago))
    visit_due_recompute(enterprise_ids=[enterprise.pk])


def _admin():  # type: ignore[no-untyped-def]
    return staff(Role.ADMINISTRATOR, None)


# --- the due date after each change ---------------------------------------------------------------------------------


def test_a_registered_enterprise_is_due_one_interval_after_registration(world) -> None:  # type: ignore
    enterprise = enterprise_create(actor=world["officer"], name="沈阳新建商贸有限公司",
                                   uscc=make_uscc("91210106", "77700001"), legal_representative="王", contact_name="李",
                                   contact_phone="139", address="沈阳", brigade=world["brigade"],
                                   risk_tier=RiskTier.HIGH)
    assert (enterprise.next_visit_due, _due(enterprise)) == (TODAY + D(days=60), TODAY + D(days=60))


def test_recording_a_visit_moves_the_due_date_to_one_interval_after_it(world) -> None:  # type: ignore
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=20))
    assert _due(world["enterprise"]) == TODAY - D(days=20) + D(days=180)


def test_an_older_visit_recorded_late_does_not_move_the_due_date_back(world) -> None:  # type: ignore
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=5))
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=50))
    assert _due(world["enterprise"]) == TODAY - D(days=5) + D(days=180)


def test_planning_and_cancelling_a_visit_leave_the_due_date_alone(world) -> None:  # type: ignore
    _registered(world["enterprise"], 200)
    visit = visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY + D(days=2))
    visit_cancel(actor=world["officer"], visit=visit, reason="企业停业")
    assert _due(world["enterprise"]) == TODAY - D(days=20)


def test_raising_the_risk_tier_brings_the_due_date_forward(world) -> None:  # type: ignore[no-untyped-def]
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=10))
    enterprise_update(actor=world["officer"], enterprise=world["enterprise"], risk_tier=RiskTier.HIGH)
    assert _due(world["enterprise"]) == TODAY - D(days=10) + D(days=60)


def test_moving_an_enterprise_to_a_brigade_with_its_own_interval_uses_that_interval(world) -> None:  # type: ignore
    VisitInterval.objects.create(unit=world["tree"]["b"]["brigade"], tier=VisitTier.LOW, interval_days=20)
    admin = _admin()
    enterprise_update(actor=admin, enterprise=world["enterprise"], brigade=world["tree"]["b"]["brigade"])
    assert _due(world["enterprise"]) == TODAY + D(days=20)


def test_designating_a_key_unit_holds_it_to_the_key_unit_interval(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.safety.models import KeyUnitCategory
    from enterprises.safety.services.key_units import key_unit_designate

    approver = staff(Role.APPROVER, world["brigade"])
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=10))
    key_unit_designate(enterprise=world["enterprise"], category=KeyUnitCategory.objects.create(name="测试类别"),
                       reason="人员密集", actor=approver, building_area=Decimal("5000"))
    assert _due(world["enterprise"]) == TODAY - D(days=10) + D(days=30)


def test_ending_a_designation_returns_to_the_risk_tier_interval(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.safety.models import KeyUnitCategory
    from enterprises.safety.services.key_units import key_unit_designate, key_unit_undesignate

    approver = staff(Role.APPROVER, world["brigade"])
    key_unit_designate(enterprise=world["enterprise"], category=KeyUnitCategory.objects.create(name="测试类别"),
                       reason="人员密集", actor=approver)
    key_unit_undesignate(enterprise=world["enterprise"], reason="搬迁", actor=approver)
    assert _due(world["enterprise"]) == TODAY + D(days=180)


def test_a_brigade_interval_moves_that_brigades_enterprises_of_the_tier(world) -> None:  # type: ignore
    visit_due_recompute(enterprise_ids=[world["other"].pk])
    visit_interval_save(actor=_admin(), interval=VisitInterval(unit=world["brigade"], tier=VisitTier.LOW,
                                                                interval_days=14))
    assert (_due(world["enterprise"]), _due(world["other"])) == (TODAY + D(days=14), TODAY + D(days=180))


def test_a_brigade_interval_leaves_the_brigades_other_tiers_alone(world) -> None:  # type: ignore
    high = EnterpriseFactory(brigade=world["brigade"], risk_tier=RiskTier.HIGH)
    visit_due_recompute(enterprise_ids=[high.pk])
    visit_interval_save(actor=_admin(), interval=VisitInterval(unit=world["brigade"], tier=VisitTier.LOW,
                                                                interval_days=14))
    assert _due(high) == TODAY + D(days=60)


def test_a_default_interval_change_spares_a_brigade_with_its_own_row(world) -> None:  # type: ignore
    admin = _admin()
    visit_interval_save(actor=admin, interval=VisitInterval(unit=world["brigade"], tier=VisitTier.LOW,
                                                            interval_days=14))
    visit_interval_save(actor=admin, interval=VisitInterval(unit=None, tier=VisitTier.LOW, interval_days=90))
    assert (_due(world["enterprise"]), _due(world["other"])) == (TODAY + D(days=14), TODAY + D(days=90))


def test_changing_an_interval_row_recomputes_with_the_new_value(world) -> None:  # type: ignore[no-untyped-def]
    admin = _admin()
    row = visit_interval_save(actor=admin, interval=VisitInterval(unit=None, tier=VisitTier.LOW, interval_days=90))
    row.interval_days = 45
    visit_interval_save(actor=admin, interval=row)
    assert _due(world["other"]) == TODAY + D(days=45)


def test_deleting_a_brigade_interval_falls_back_to_the_default(world) -> None:  # type: ignore[no-untyped-def]
    admin = _admin()
    row = visit_interval_save(actor=admin, interval=VisitInterval(unit=world["brigade"], tier=VisitTier.LOW,
                                                                  interval_days=14))
    visit_interval_delete(actor=admin, interval=row)
    assert _due(world["enterprise"]) == TODAY + D(days=180)


def test_an_interval_change_is_audited_with_the_old_and_new_value(world) -> None:  # type: ignore
    admin = _admin()
    row = visit_interval_save(actor=admin, interval=VisitInterval(unit=None, tier=VisitTier.LOW, interval_days=90))
    row.interval_days = 45
    visit_interval_save(actor=admin, interval=row)
    event = AuditEvent.objects.filter(action="visit_interval.save").order_by("-pk").first()
    assert (event.from_state, event.to_state) == ("90", "45")


def test_only_an_administrator_changes_an_interval(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        visit_interval_save(actor=world["officer"], interval=VisitInterval(unit=None, tier=VisitTier.LOW,
                                                                           interval_days=1))


def test_the_admin_interval_form_recomputes_the_due_dates(client, world) -> None:  # type: ignore
    admin = staff(Role.ADMINISTRATOR, None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(reverse("admin:enterprises_visitinterval_add"), {"unit": world["brigade"].pk, "tier": "low",
                                                                   "interval_days": "21"})
    assert _due(world["enterprise"]) == TODAY + D(days=21)


def test_the_recompute_streams_in_chunks_and_reaches_every_row(world) -> None:  # type: ignore[no-untyped-def]
    extra = [EnterpriseFactory(brigade=world["brigade"]) for _ in range(4)]
    Enterprise.objects.update(next_visit_due=None)
    written = visit_due_recompute(chunk_size=2)
    assert written == Enterprise.objects.count()
    assert all(_due(e) == TODAY + D(days=180) for e in extra)


def test_the_repair_command_rebuilds_schedules_and_due_dates(world) -> None:  # type: ignore[no-untyped-def]
    Visit.objects.create(enterprise=world["enterprise"], unit=world["brigade"], staff=world["officer"],
                         status=VisitStatus.DONE, visited_on=TODAY - D(days=3))  # loaded behind the services' back
    call_command("visits_recompute_due", "--chunk-size", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _due(world["enterprise"]) == TODAY - D(days=3) + D(days=180)


def test_the_data_migration_fills_the_due_date_from_the_visits(world) -> None:  # type: ignore[no-untyped-def]
    import importlib

    from django.apps import apps

    migration = importlib.import_module("enterprises.migrations.0006_enterprise_next_visit_due")
    Visit.objects.create(enterprise=world["enterprise"], unit=world["brigade"], staff=world["officer"],
                         status=VisitStatus.DONE, visited_on=TODAY - D(days=7))
    Enterprise.objects.update(next_visit_due=None)
    migration.fill_next_visit_due(apps, None)
    assert (_due(world["enterprise"]), _due(world["other"])) == (TODAY - D(days=7) + D(days=180),
                                                                  TODAY + D(days=180))


# --- the overdue list against the old definition ----------------------------------------------------------------------


def _old_definition(user, today: datetime.date) -> list[int]:  # type: ignore[no-untyped-def]
    """The list as it was computed before the column: from the visit table, each enterprise's tier and
    interval; overdue when (last done visit, else registration) + interval is before today; longest overdue
    first."""
    intervals = configured_intervals()
    rows = []
    for enterprise in Enterprise.objects.visible_to(user):
        done = [v.visited_on for v in enterprise.visits.all() if v.status == VisitStatus.DONE]
        reference = max(done) if done else timezone.localtime(enterprise.created_at).date()
        days = interval_days(intervals, brigade_id=enterprise.brigade_id,
                             tier=visit_tier(is_key_unit=enterprise.is_key_unit, risk_tier=enterprise.risk_tier))
        due = reference + D(days=days)
        if due < today:
            rows.append((due, enterprise.pk))
    return [pk for _due_on, pk in sorted(rows)]


@pytest.fixture(name="mixed")
def mixed_fixture(world):  # type: ignore[no-untyped-def]
    """Tiers, key units, a brigade's own interval, never-visited and visited enterprises, on both sides of due."""
    officer, brigade = world["officer"], world["brigade"]
    VisitInterval.objects.create(unit=brigade, tier=VisitTier.MEDIUM, interval_days=45)
    VisitInterval.objects.create(unit=None, tier=VisitTier.HIGH, interval_days=50)
    specs = [  # (risk tier, key unit, registered days ago, last visit days ago)
        (RiskTier.LOW, False, 400, None), (RiskTier.LOW, False, 400, 170), (RiskTier.LOW, False, 400, 185),
        (RiskTier.MEDIUM, False, 100, None), (RiskTier.MEDIUM, False, 300, 44), (RiskTier.MEDIUM, False, 300, 46),
        (RiskTier.HIGH, False, 30, None), (RiskTier.HIGH, False, 300, 51), (RiskTier.HIGH, True, 300, 31),
        (RiskTier.LOW, True, 300, 29), (RiskTier.LOW, True, 10, None), (RiskTier.MEDIUM, False, 60, None),
    ]
    for tier, key, registered, visited in specs:
        enterprise = EnterpriseFactory(brigade=brigade, risk_tier=tier, is_key_unit=key)
        Enterprise.objects.filter(pk=enterprise.pk).update(created_at=timezone.now() - D(days=registered))
        if visited is not None:
            visit_record(actor=officer, enterprise=enterprise, visited_on=TODAY - D(days=visited))
    Enterprise.objects.filter(pk=world["other"].pk).update(created_at=timezone.now() - D(days=900))
    call_command("visits_recompute_due", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return world


def test_the_overdue_list_matches_the_old_definition(mixed) -> None:  # type: ignore[no-untyped-def]
    expected = _old_definition(mixed["officer"], TODAY)
    assert [e.pk for e in overdue_enterprises(mixed["officer"])] == expected
    assert len(expected) == 7


def test_the_overdue_list_matches_the_old_definition_for_the_key_unit_tier(mixed) -> None:  # type: ignore
    key_units = set(Enterprise.objects.filter(is_key_unit=True).values_list("pk", flat=True))
    expected = [pk for pk in _old_definition(mixed["officer"], TODAY) if pk in key_units]
    assert [e.pk for e in overdue_enterprises(mixed["officer"], tier=VisitTier.KEY_UNIT)] == expected


def test_the_overdue_list_of_an_administrator_spans_every_brigade(mixed) -> None:  # type: ignore[no-untyped-def]
    admin = _admin()
    assert [e.pk for e in overdue_enterprises(admin)] == _old_definition(admin, TODAY)


def test_the_overdue_list_of_a_later_day_matches_the_old_definition(mixed) -> None:  # type: ignore
    later = TODAY + D(days=40)
    assert [e.pk for e in overdue_enterprises(mixed["officer"], today=later)] == _old_definition(mixed["officer"],
                                                                                                   later)


def test_the_overdue_page_takes_the_same_queries_for_few_and_many_rows(client, world) -> None:  # type: ignore
    client.force_login(world["officer"])
    url = reverse("enterprises:visits_overdue")
    _registered(world["enterprise"], 400)
    client.get(url)  # warm the scope cache and the session
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(30):
        _registered(EnterpriseFactory(brigade=world["brigade"], grid=world["tree"]["a"]["grid"]), 400)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count("data-overdue=") == 25
    assert len(many) == len(one)


def test_the_overdue_page_shows_the_days_overdue(client, world) -> None:  # type: ignore[no-untyped-def]
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=190))
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:visits_overdue")).content.decode()
    assert f"<td>{(TODAY - D(days=10)).isoformat()}</td>\n  <td>10</td>" in body


def test_a_bulk_schedule_refresh_moves_the_due_dates_too(world) -> None:  # type: ignore[no-untyped-def]
    Visit.objects.create(enterprise=world["other"], unit=world["tree"]["b"]["brigade"], staff=world["officer"],
                         status=VisitStatus.DONE, visited_on=TODAY - D(days=1))
    visit_schedule_refresh()
    assert _due(world["other"]) == TODAY - D(days=1) + D(days=180)


def test_the_overdue_pages_follow_each_other_without_gaps_or_repeats(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.selectors.visits import overdue_page

    for days in range(200, 230):
        _registered(EnterpriseFactory(brigade=world["brigade"]), days)
    first = overdue_page(world["officer"], page_size=25)
    second = overdue_page(world["officer"], page_size=25, cursor=first.next_cursor)
    assert [e.pk for e in first.rows + second.rows] == [e.pk for e in overdue_enterprises(world["officer"])]
    assert second.next_cursor is None
    assert first.total == 30


def test_the_overdue_count_stops_at_the_cap(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from enterprises.selectors import visits as visit_selectors

    monkeypatch.setattr(visit_selectors, "COUNT_CAP", 3)
    for _ in range(5):
        _registered(EnterpriseFactory(brigade=world["brigade"]), 400)
    page = visit_selectors.overdue_page(world["officer"])
    assert (page.total, page.more_than_total, len(page.rows)) == (3, True, 5)


def test_a_malformed_cursor_shows_the_first_page(client, world) -> None:  # type: ignore[no-untyped-def]
    _registered(world["enterprise"], 400)
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:visits_overdue"), {"after": "yesterday.x"}).content.decode()
    assert f'data-overdue="{world["enterprise"].pk}"' in body


def test_the_next_page_link_carries_the_filter(client, world) -> None:  # type: ignore[no-untyped-def]
    for _ in range(26):
        _registered(EnterpriseFactory(brigade=world["brigade"]), 400)
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:visits_overdue"), {"tier": "low"}).content.decode()
    assert "?tier=low&amp;after=" in body
