from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import SuggestionSource, VisitStatus, VisitTier
from enterprises.models import Suggestion, TrainingRequest, Visit, VisitInterval
from enterprises.selectors.visits import add_due_dates, overdue_enterprises
from enterprises.services.visits import (
    HazardFound,
    interval_days,
    late_plan_of,
    next_visit_due,
    visit_cancel,
    visit_plan,
    visit_record,
    visit_tier,
)
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from tests.enterprises.visit_world import world_fixture  # noqa: F401
from tests.factories import EnterpriseFactory, UserFactory

TODAY = timezone.localdate()
D = datetime.timedelta


def _registered(enterprise, days_ago: int) -> None:  # type: ignore[no-untyped-def]
    """Back-date the registration in the database, then repair the due date as ``visits_recompute_due`` would."""
    from enterprises.services.visits import visit_due_recompute

    type(enterprise).objects.filter(pk=enterprise.pk).update(created_at=timezone.now() - D(days=days_ago))
    visit_due_recompute(enterprise_ids=[enterprise.pk])


# --- rules (no database) ------------------------------------------------------------------------------------------


def test_visit_tier_of_a_key_unit_is_key_unit_whatever_its_risk() -> None:
    assert visit_tier(is_key_unit=True, risk_tier="low") == VisitTier.KEY_UNIT


def test_visit_tier_of_another_enterprise_is_its_risk_tier() -> None:
    assert visit_tier(is_key_unit=False, risk_tier="high") == VisitTier.HIGH


def test_interval_days_prefers_the_brigades_own_row() -> None:
    intervals = {(7, "high"): 20, (None, "high"): 45}
    assert interval_days(intervals, brigade_id=7, tier="high") == 20


def test_interval_days_falls_back_to_the_default_row_then_the_built_in_default() -> None:
    intervals = {(None, "high"): 45}
    assert (interval_days(intervals, brigade_id=8, tier="high"), interval_days({}, brigade_id=8, tier="low")) == (
        45, 180)


def test_next_visit_due_counts_from_the_last_visit() -> None:
    assert next_visit_due(last_visited_on=datetime.date(2026, 1, 1), interval=30,
                          registered_on=datetime.date(2020, 1, 1)) == datetime.date(2026, 1, 31)


def test_next_visit_due_of_a_never_visited_enterprise_counts_from_registration() -> None:
    assert next_visit_due(last_visited_on=None, interval=30,
                          registered_on=datetime.date(2026, 1, 1)) == datetime.date(2026, 1, 31)


def test_late_plan_of_a_date_by_the_due_date_is_none() -> None:
    assert late_plan_of(datetime.date(2026, 3, 31), due=datetime.date(2026, 3, 31),
                        today=datetime.date(2026, 3, 1)) is None


def test_late_plan_of_a_date_after_the_due_date_counts_the_days_late() -> None:
    late = late_plan_of(datetime.date(2026, 4, 10), due=datetime.date(2026, 3, 31), today=datetime.date(2026, 3, 1))
    assert late is not None
    assert (late.due, late.days_late, late.already_overdue) == (datetime.date(2026, 3, 31), 10, False)


def test_late_plan_of_an_overdue_enterprise_allows_the_catch_up_week() -> None:
    assert late_plan_of(datetime.date(2026, 3, 8), due=datetime.date(2026, 2, 1),
                        today=datetime.date(2026, 3, 1)) is None


def test_late_plan_of_an_overdue_enterprise_beyond_the_catch_up_week_is_late() -> None:
    late = late_plan_of(datetime.date(2026, 3, 9), due=datetime.date(2026, 2, 1), today=datetime.date(2026, 3, 1))
    assert late is not None
    assert late.already_overdue


# --- recording ----------------------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db(databases=["default"])


def test_visit_record_creates_a_done_visit_with_its_audit_event(world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY,
                         method="phone", needs="希望提供消防培训")
    assert (visit.status, visit.visited_on, visit.method, visit.staff) == (
        VisitStatus.DONE, TODAY, "phone", world["officer"])
    assert AuditEvent.objects.filter(action="visit.done", object_id=str(visit.pk)).exists()


def test_visit_record_completes_the_planned_visit(world) -> None:  # type: ignore[no-untyped-def]
    planned = visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY)
    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY)
    assert visit.pk == planned.pk
    assert Visit.objects.get(pk=planned.pk).status == VisitStatus.DONE


def test_visit_record_refuses_a_date_in_the_future(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY + D(days=1))


def test_visit_record_refuses_an_enterprise_of_another_unit(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        visit_record(actor=world["officer"], enterprise=world["other"], visited_on=TODAY)


def test_visit_record_refuses_an_enterprise_user(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        visit_record(actor=world["user"], enterprise=world["enterprise"], visited_on=TODAY)


def test_visit_record_records_hazards_in_the_safety_app(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.safety.models import Hazard

    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY,
                         hazards=[HazardFound("疏散通道堵塞"), HazardFound("消防控制室无人值守", severity="major")])
    hazards = Hazard.objects.filter(enterprise=world["enterprise"]).order_by("pk")
    assert [(h.source, h.severity, h.source_reference) for h in hazards] == [
        ("visit", "general", f"visit:{visit.pk}"), ("visit", "major", f"visit:{visit.pk}")]


def test_visit_record_turns_suggestions_into_e5_suggestions(world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY,
                         contact_person="孙立新", suggestions=["希望简化验收材料", "  "])
    suggestion = Suggestion.objects.get()
    assert (suggestion.source, suggestion.visit, suggestion.enterprise, suggestion.submitter_name) == (
        SuggestionSource.VISIT, visit, world["enterprise"], "孙立新")


def test_visit_record_turns_training_asked_for_into_a_training_request(world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY,
                         training_topic="灭火器使用", training_attendees=25)
    request = TrainingRequest.objects.get(enterprise=world["enterprise"])
    assert (visit.training_request, request.topic, request.attendees_estimate) == (request, "灭火器使用", 25)


def test_visit_plan_refuses_a_second_open_plan(world) -> None:  # type: ignore[no-untyped-def]
    visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY + D(days=3))
    with pytest.raises(ValidationError):
        visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY + D(days=5))


def test_visit_cancel_takes_the_visit_off_the_plan(world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY)
    visit_cancel(actor=world["officer"], visit=visit, reason="企业停业")
    assert Visit.objects.get(pk=visit.pk).status == VisitStatus.CANCELLED


def test_a_done_visit_cannot_be_cancelled(world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY)
    with pytest.raises(ValidationError):
        visit_cancel(actor=world["officer"], visit=visit, reason="误录")


# --- the overdue list ---------------------------------------------------------------------------------------------


def test_overdue_lists_a_never_visited_enterprise_past_its_interval(world) -> None:  # type: ignore[no-untyped-def]
    _registered(world["enterprise"], 200)  # low risk: every 180 days
    assert list(overdue_enterprises(world["officer"])) == [world["enterprise"]]


def test_overdue_leaves_out_an_enterprise_visited_recently(world) -> None:  # type: ignore[no-untyped-def]
    _registered(world["enterprise"], 200)
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=10))
    assert list(overdue_enterprises(world["officer"])) == []


def test_overdue_holds_a_key_unit_to_its_shorter_interval(world) -> None:  # type: ignore[no-untyped-def]
    key = EnterpriseFactory(brigade=world["brigade"], is_key_unit=True)
    visit_record(actor=world["officer"], enterprise=key, visited_on=TODAY - D(days=40))  # key units: 30 days
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=40))
    assert list(overdue_enterprises(world["officer"])) == [key]


def test_overdue_uses_the_interval_an_administrator_set_for_the_brigade(world) -> None:  # type: ignore[no-untyped-def]
    VisitInterval.objects.create(unit=world["brigade"], tier=VisitTier.LOW, interval_days=7)
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=10))
    assert list(overdue_enterprises(world["officer"])) == [world["enterprise"]]


def test_overdue_leaves_out_enterprises_of_other_units(world) -> None:  # type: ignore[no-untyped-def]
    _registered(world["other"], 400)
    assert world["other"] not in overdue_enterprises(world["officer"])


def test_overdue_page_row_knows_its_due_date(world) -> None:  # type: ignore[no-untyped-def]
    visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY - D(days=190))
    row = add_due_dates(overdue_enterprises(world["officer"]))[0]
    assert (row.next_visit_due, row.days_overdue) == (TODAY - D(days=10), 10)


# --- pages --------------------------------------------------------------------------------------------------------


def test_the_visit_page_records_a_visit_with_a_suggestion(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("enterprises:visit_record", args=[world["enterprise"].pk]), {
        "visited_on": TODAY.isoformat(), "method": "on_site", "suggestions": "希望延长窗口服务时间"})
    visit = Visit.objects.get()
    assert response["Location"] == reverse("enterprises:visit_detail", args=[visit.pk])
    assert Suggestion.objects.get().content == "希望延长窗口服务时间"


def test_the_visit_page_keeps_what_was_typed_on_a_bad_date(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("enterprises:visit_record", args=[world["enterprise"].pk]), {
        "visited_on": (TODAY + D(days=2)).isoformat(), "method": "on_site", "needs": "希望上门培训"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "希望上门培训" in body
    assert not Visit.objects.exists()


def test_a_visit_of_another_unit_is_not_found(client, world) -> None:  # type: ignore[no-untyped-def]
    visit = visit_record(actor=world["officer"], enterprise=world["enterprise"], visited_on=TODAY)
    client.force_login(world["other_officer"])
    assert client.get(reverse("enterprises:visit_detail", args=[visit.pk])).status_code == 404


def test_recording_a_visit_for_an_enterprise_of_another_unit_is_not_found(client, world) -> None:  # type: ignore
    client.force_login(world["other_officer"])
    assert client.get(reverse("enterprises:visit_record", args=[world["enterprise"].pk])).status_code == 404


def test_the_overdue_page_lists_the_overdue_enterprise(client, world) -> None:  # type: ignore[no-untyped-def]
    _registered(world["enterprise"], 365)
    client.force_login(world["officer"])
    body = client.get(reverse("enterprises:visits_overdue")).content.decode()
    assert f'data-overdue="{world["enterprise"].pk}"' in body


def test_an_enterprise_user_cannot_open_the_overdue_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["user"])
    assert client.get(reverse("enterprises:visits_overdue")).status_code == 403


def test_a_grid_manager_records_a_visit_in_the_grid(world) -> None:  # type: ignore[no-untyped-def]
    grid = world["tree"]["a"]["grid"]
    enterprise = EnterpriseFactory(brigade=world["brigade"], grid=grid)
    grid_manager = UserFactory(roles=[Role.GRID_MANAGER], unit=grid)
    visit = visit_record(actor=grid_manager, enterprise=enterprise, visited_on=TODAY, suggestions=["希望增加巡查"])
    assert (visit.staff, visit.suggestions.get().unit) == (grid_manager, world["brigade"])


def test_a_service_error_on_a_field_the_form_lacks_shows_on_top() -> None:
    from enterprises.forms.parsing import add_service_error
    from enterprises.forms.visits import VisitPlanForm

    form = VisitPlanForm({"planned_for": TODAY.isoformat(), "method": "on_site"})
    form.is_valid()
    add_service_error(form, ValidationError({"planned_for": "太早", "staff": "不在本单位"}))
    assert (form.errors["planned_for"], form.non_field_errors()) == (["太早"], ["不在本单位"])


def test_the_schedule_rebuild_picks_up_visits_loaded_in_bulk(world) -> None:  # type: ignore[no-untyped-def]
    from enterprises.services.visits import visit_schedule_refresh

    _registered(world["enterprise"], 400)
    Visit.objects.create(enterprise=world["enterprise"], unit=world["brigade"], staff=world["officer"],
                         status=VisitStatus.DONE, visited_on=TODAY - D(days=5))
    visit_schedule_refresh()
    assert list(overdue_enterprises(world["officer"])) == []


def test_the_overdue_list_filters_enterprises_with_a_planned_visit(world) -> None:  # type: ignore[no-untyped-def]
    _registered(world["enterprise"], 400)
    unplanned = EnterpriseFactory(brigade=world["brigade"])
    _registered(unplanned, 400)
    visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY + D(days=1))
    assert list(overdue_enterprises(world["officer"], planned="no")) == [unplanned]


# --- planning after the visit falls due: warned, kept when confirmed -------------------------------------------------


def _due_in(enterprise, days: int) -> datetime.date:  # type: ignore[no-untyped-def]
    due = TODAY + D(days=days)
    type(enterprise).objects.filter(pk=enterprise.pk).update(next_visit_due=due)
    return due


def test_visit_plan_after_the_due_date_asks_for_confirmation(world) -> None:  # type: ignore[no-untyped-def]
    _due_in(world["enterprise"], 10)
    with pytest.raises(ValidationError) as warned:
        visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY + D(days=40))
    assert set(warned.value.message_dict) == {"confirm_late"}
    assert not Visit.objects.exists()


def test_visit_plan_after_the_due_date_is_kept_when_confirmed(world) -> None:  # type: ignore[no-untyped-def]
    due = _due_in(world["enterprise"], 10)
    visit = visit_plan(actor=world["officer"], enterprise=world["enterprise"], planned_for=TODAY + D(days=40),
                       late_confirmed=True)
    event = AuditEvent.objects.get(action="visit.planned", object_id=str(visit.pk))
    assert (event.data["due"], event.data["days_late"]) == (due.isoformat(), 30)
