"""Services of hazard reports: submit, the three clocks, the steps, duplicates, escalation."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from feedback.hazard_reports.enums import DispatchTarget, ReportStatus, VerificationOutcome
from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.photos import process_photo
from feedback.hazard_reports.selectors import expected_datetime, public_steps
from feedback.hazard_reports.services.reports import (
    distance_metres,
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_report_dispatch,
    hazard_report_link,
    hazard_report_submit,
    hazard_report_unlink,
    hazard_report_verify,
    hazard_reports_escalate_due,
)
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.hazard_reports.conftest import jpeg_bytes


def _submit(units, **kwargs):  # type: ignore[no-untyped-def]
    data = {"category": "electrical", "subdistrict": units["subdistrict"], "community": units["community"],
            "grid": units["grid"], "address": "友谊街12号", "description": "电线裸露"}
    data.update(kwargs)
    return hazard_report_submit(**data)


def _rules(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {c.rule.code: c.status for c in Clock.objects.for_owner(report).select_related("rule")}


def test_submit_starts_acknowledge_and_verify_clocks(place) -> None:
    report = _submit(place)
    assert _rules(report) == {"hazard_report.acknowledge": ClockStatus.RUNNING,
                              "hazard_report.verify": ClockStatus.RUNNING}


def test_submit_sets_the_ten_minute_deadline_on_the_row(place) -> None:
    now = timezone.now()
    report = _submit(place, now=now)
    assert report.ack_due_at == now + timedelta(minutes=10)


def test_blocked_exit_gets_the_24_hour_verify_clock(place) -> None:
    report = _submit(place, category="blocked_exit")
    assert "hazard_report.verify_urgent" in _rules(report)


def test_submit_tells_the_duty_officer(place) -> None:
    report = _submit(place)
    note = Notification.objects.get(recipient=place["duty"], kind="hazard_report_new")
    assert note.url == report.get_absolute_url()


def test_submit_rejects_a_community_of_another_subdistrict(place, other_place) -> None:
    with pytest.raises(ValidationError) as exc:
        _submit(place, community=other_place["community"], grid=None)
    assert "community" in exc.value.message_dict


def test_submit_rejects_coordinates_out_of_range(place) -> None:
    with pytest.raises(ValidationError) as exc:
        _submit(place, latitude=Decimal("91"), longitude=Decimal("120"))
    assert "latitude" in exc.value.message_dict


def test_tracking_codes_are_unique_and_long(place) -> None:
    first, second = _submit(place), _submit(place, grid=None, category="other", address="别处")
    assert first.tracking_code != second.tracking_code
    assert len(first.tracking_code) >= 12


def test_same_grid_and_category_within_a_day_is_only_suggested_as_a_duplicate(place) -> None:
    first = _submit(place)
    second = _submit(place, description="又看到了")
    assert second.suggested_duplicate_of == first
    assert second.duplicate_of is None
    assert second.status == ReportStatus.NEW
    assert _rules(second) == {"hazard_report.acknowledge": ClockStatus.RUNNING,
                              "hazard_report.verify": ClockStatus.RUNNING}


def test_a_report_like_a_closed_one_stays_its_own_open_report(place) -> None:
    # given a closed report of the same grid and category, with its reply
    first = _submit(place, category="blocked_exit", address="友谊街12号")
    hazard_report_acknowledge(report=first, actor=place["duty"])
    hazard_report_close(report=first, actor=place["duty"], reply="已清理")
    # when another resident reports the same kind of hazard at that address
    second = _submit(place, category="blocked_exit", address="友谊街12号", photos=[process_photo(jpeg_bytes())])
    # then it is new, with its own clocks, merely suggested as a repeat of the closed one
    assert (second.status, second.duplicate_of, second.suggested_duplicate_of) == (ReportStatus.NEW, None, first)
    assert second.ack_due_at is not None
    assert [step.detail for step in public_steps(second)] == [""]


def test_a_new_report_like_another_tells_its_duty_officer(place) -> None:
    _submit(place)
    second = _submit(place, description="又看到了")
    assert Notification.objects.filter(recipient=place["duty"], url=second.get_absolute_url(),
                                       kind="hazard_report_new").count() == 1


def test_close_coordinates_are_suggested(place) -> None:
    first = _submit(place, grid=None, latitude=Decimal("41.570000"), longitude=Decimal("120.450000"))
    second = _submit(place, grid=None, address="友谊街对面", latitude=Decimal("41.570100"),
                     longitude=Decimal("120.450100"))
    assert second.suggested_duplicate_of == first


def test_the_same_address_without_a_grid_is_suggested(place) -> None:
    first = _submit(place, grid=None, address="友谊街12号")
    second = _submit(place, grid=None, address="友谊街 １２ 号。", description="又看到了")
    assert second.suggested_duplicate_of == first


def test_another_address_of_the_same_grid_is_not_suggested(place) -> None:
    _submit(place, address="友谊街12号")
    second = _submit(place, address="朝阳大街120号")
    assert second.suggested_duplicate_of is None


def test_close_coordinates_of_another_category_are_not_suggested(place) -> None:
    _submit(place, grid=None, latitude=Decimal("41.570000"), longitude=Decimal("120.450000"))
    second = _submit(place, grid=None, category="other", address="别处", latitude=Decimal("41.570100"),
                     longitude=Decimal("120.450100"))
    assert second.suggested_duplicate_of is None


def test_an_open_report_is_suggested_before_an_earlier_closed_one(place) -> None:
    closed = _submit(place)
    hazard_report_acknowledge(report=closed, actor=place["duty"])
    hazard_report_close(report=closed, actor=place["duty"], reply="已处理")
    still_open = _submit(place, grid=None, latitude=Decimal("41.570000"), longitude=Decimal("120.450000"))
    third = _submit(place, latitude=Decimal("41.570050"), longitude=Decimal("120.450000"))
    assert third.suggested_duplicate_of == still_open


def test_a_report_of_the_next_day_is_not_suggested(place) -> None:
    _submit(place, now=timezone.now())
    HazardReport.objects.update(created_at=timezone.now() - timedelta(days=2))
    second = _submit(place)
    assert second.suggested_duplicate_of is None


def test_linking_keeps_the_report_open_with_its_clocks_and_is_audited(place) -> None:
    first = _submit(place)
    second = _submit(place, description="又看到了")
    hazard_report_link(report=second, original=first, actor=place["duty"])
    second.refresh_from_db()
    assert (second.duplicate_of, second.suggested_duplicate_of, second.status) == (first, None, ReportStatus.NEW)
    assert Clock.objects.for_owner(second).filter(status=ClockStatus.RUNNING).count() == 2
    event = AuditEvent.objects.get(action="hazard_report.link")
    assert (event.actor_id, event.data["original"]) == (place["duty"].pk, first.pk)


def test_each_linked_reporter_reads_their_own_reply(place) -> None:
    first = _submit(place)
    second = _submit(place, description="又看到了")
    hazard_report_link(report=second, original=first, actor=place["duty"])
    for report, reply in ((first, "第一位举报人的答复"), (second, "第二位举报人的答复")):
        hazard_report_acknowledge(report=report, actor=place["duty"])
        hazard_report_close(report=report, actor=place["duty"], reply=reply)
    first.refresh_from_db()
    second.refresh_from_db()
    assert public_steps(first)[-1].detail == "第一位举报人的答复"
    assert public_steps(second)[-1].detail == "第二位举报人的答复"


def test_a_link_to_a_repeat_goes_to_the_first_report(place) -> None:
    first = _submit(place)
    second = _submit(place, description="二")
    third = _submit(place, description="三")
    hazard_report_link(report=second, original=first, actor=place["duty"])
    hazard_report_link(report=third, original=second, actor=place["duty"])
    third.refresh_from_db()
    assert third.duplicate_of == first


def test_a_report_cannot_be_linked_to_a_later_one(place) -> None:
    earlier = _submit(place)
    later = _submit(place, description="后来的举报")
    with pytest.raises(ValidationError) as exc:
        hazard_report_link(report=earlier, original=later, actor=place["duty"])
    assert "original" in exc.value.message_dict
    earlier.refresh_from_db()
    assert earlier.duplicate_of is None


def test_of_two_reports_sent_at_the_same_moment_the_lower_number_is_the_earlier(place) -> None:
    first, second = _submit(place), _submit(place, description="同时")
    HazardReport.objects.update(created_at=first.created_at)
    with pytest.raises(ValidationError):
        hazard_report_link(report=first, original=second, actor=place["duty"])


def test_a_report_of_another_subdistrict_cannot_be_linked(place, other_place) -> None:
    first = _submit(other_place)
    second = _submit(place)
    with pytest.raises((ValidationError, PermissionDenied)):
        hazard_report_link(report=second, original=first, actor=place["duty"])


def test_unlinking_removes_the_link_and_is_audited(place) -> None:
    first = _submit(place)
    second = _submit(place, description="又看到了")
    hazard_report_link(report=second, original=first, actor=place["duty"])
    hazard_report_unlink(report=second, actor=place["duty"])
    second.refresh_from_db()
    assert (second.duplicate_of, second.suggested_duplicate_of) == (None, None)
    assert AuditEvent.objects.get(action="hazard_report.unlink").data["original"] == first.pk


def test_dismissing_a_suggestion_clears_it(place) -> None:
    first = _submit(place)
    second = _submit(place, description="又看到了")
    hazard_report_unlink(report=second, actor=place["duty"])
    second.refresh_from_db()
    assert second.suggested_duplicate_of is None
    assert AuditEvent.objects.get(action="hazard_report.unlink").data["suggested"] == first.pk


def test_unlinking_a_report_folded_by_the_former_rule_makes_it_new_again(place) -> None:
    first = _submit(place)
    second = _submit(place, description="又看到了")
    Clock.objects.for_owner(second).delete()
    HazardReport.objects.filter(pk=second.pk).update(status=ReportStatus.LINKED, duplicate_of=first,
                                                     suggested_duplicate_of=None, ack_due_at=None)
    hazard_report_unlink(report=second, actor=place["duty"])
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == (ReportStatus.NEW, None)
    assert second.ack_due_at is not None


def test_distance_of_a_tenth_of_a_millidegree_is_about_eleven_metres() -> None:
    assert 10 < distance_metres(41.57, 120.45, 41.5701, 120.45) < 12


def test_acknowledge_stops_the_ten_minute_clock(place) -> None:
    report = hazard_report_acknowledge(report=_submit(place), actor=place["duty"])
    assert report.status == ReportStatus.ACKNOWLEDGED
    assert _rules(report)["hazard_report.acknowledge"] == ClockStatus.STOPPED


def test_acknowledge_by_another_subdistrict_is_refused(place, other_place) -> None:
    with pytest.raises(PermissionDenied):
        hazard_report_acknowledge(report=_submit(place), actor=other_place["duty"])


def test_acknowledge_twice_is_refused(place) -> None:
    report = hazard_report_acknowledge(report=_submit(place), actor=place["duty"])
    with pytest.raises(ValidationError):
        hazard_report_acknowledge(report=report, actor=place["duty"])


def test_full_path_closes_every_clock_and_keeps_the_reply(place) -> None:
    duty = place["duty"]
    report = hazard_report_acknowledge(report=_submit(place), actor=duty)
    report = hazard_report_dispatch(report=report, actor=duty, target=DispatchTarget.PROPERTY, note="物业")
    report = hazard_report_verify(report=report, actor=duty, outcome=VerificationOutcome.CONFIRMED_RECTIFIED)
    assert _rules(report)["hazard_report.reply"] == ClockStatus.RUNNING
    report = hazard_report_close(report=report, actor=duty, reply="已整改")
    assert set(_rules(report).values()) == {ClockStatus.STOPPED}
    assert [s.detail for s in public_steps(report)][-1] == "已整改"


def test_each_transition_is_audited(place) -> None:
    report = hazard_report_acknowledge(report=_submit(place), actor=place["duty"])
    actions = set(AuditEvent.objects.filter(object_id=str(report.pk), content_type__model="hazardreport")
                  .values_list("action", flat=True))
    assert {"hazard_report.submit", "hazard_report.acknowledged"} <= actions


def test_close_needs_a_reply(place) -> None:
    report = hazard_report_acknowledge(report=_submit(place), actor=place["duty"])
    with pytest.raises(ValidationError):
        hazard_report_close(report=report, actor=place["duty"], reply=" ")


def test_dispatch_to_fire_supervision_records_the_target(place) -> None:
    report = hazard_report_acknowledge(report=_submit(place), actor=place["duty"])
    report = hazard_report_dispatch(report=report, actor=place["duty"], target=DispatchTarget.FIRE_SUPERVISION)
    assert report.status == ReportStatus.DISPATCHED
    assert report.dispatch_target == DispatchTarget.FIRE_SUPERVISION


def test_dispatch_to_fire_supervision_creates_an_e6_hazard(place) -> None:
    from enterprises.safety.models import Hazard

    report = hazard_report_acknowledge(report=_submit(place), actor=place["duty"])
    report = hazard_report_dispatch(report=report, actor=place["duty"], target=DispatchTarget.FIRE_SUPERVISION)
    hazard = Hazard.objects.get(pk=report.hazard_id)
    assert (hazard.source, hazard.source_reference, hazard.unit) == (
        "citizen_report", report.tracking_code, place["brigade"])


def test_expected_datetime_is_the_earliest_running_deadline(place) -> None:
    report = _submit(place)
    assert expected_datetime(report) == report.ack_due_at


def test_escalation_marks_the_report_and_tells_the_brigade(place) -> None:
    report = _submit(place, now=timezone.now() - timedelta(minutes=11))
    assert hazard_reports_escalate_due() == [report.pk]
    report.refresh_from_db()
    assert report.escalated_to == place["brigade"]
    assert Notification.objects.filter(recipient=place["brigade_staff"], kind="hazard_report_escalated").count() == 1


@pytest.mark.parametrize("sweep_first", [True, False])
def test_a_late_acknowledgement_alerts_the_brigade_approver_once(place, sweep_first) -> None:  # type: ignore[no-untyped-def]
    from firesvc.sla.models import SlaAlert
    from firesvc.sla.sweep import sla_sweep

    report = _submit(place, now=timezone.now() - timedelta(minutes=11))
    for step in ([sla_sweep, hazard_reports_escalate_due] if sweep_first else [hazard_reports_escalate_due, sla_sweep]):
        step()
    about_the_report = Notification.objects.filter(recipient=place["brigade_staff"], url=report.get_absolute_url())
    assert list(about_the_report.values_list("kind", flat=True)) == ["hazard_report_escalated"]
    ack_clock = Clock.objects.for_owner(report).get(rule__code="hazard_report.acknowledge")
    assert SlaAlert.objects.filter(clock=ack_clock, level="red").exists()


def test_submit_queues_the_registered_escalation_check_after_commit(place, monkeypatch,  # type: ignore[no-untyped-def]
                                                                   django_capture_on_commit_callbacks) -> None:
    from feedback.hazard_reports.tasks import hazard_report_check_escalation

    sent: list[tuple[str, list[int]]] = []
    monkeypatch.setattr("firesvc.core.queueing.send_accelerator",
                        lambda task, *, args, countdown: sent.append((task.name, list(args))))
    # when a report is submitted and its transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        report = _submit(place)
    # then the report's accelerator (beside the clocks' own) is the task the worker registers, by its name
    assert [(name, args) for name, args in sent if name.startswith("hazard_reports.")] == [
        (hazard_report_check_escalation.name, [report.pk])]


def test_only_the_ten_minute_clocks_checks_are_queued_the_day_long_one_is_the_sweeps(  # type: ignore[no-untyped-def]
        place, monkeypatch, django_capture_on_commit_callbacks) -> None:
    from firesvc.sla.tasks import sla_check_clock

    sent: list[int] = []
    monkeypatch.setattr("firesvc.core.queueing.send_accelerator",
                        lambda task, *, args, countdown: sent.append(args[0]) if task is sla_check_clock else None)
    with django_capture_on_commit_callbacks(execute=True):
        report = _submit(place)
    # a countdown past the broker's visibility timeout (an hour) would be handed out again every hour
    ack = Clock.objects.for_owner(report).get(rule__code="hazard_report.acknowledge")
    assert sent == [ack.pk, ack.pk]  # at yellow and at due


def test_escalation_runs_once(place) -> None:
    _submit(place, now=timezone.now() - timedelta(minutes=11))
    hazard_reports_escalate_due()
    assert hazard_reports_escalate_due() == []


def test_no_escalation_before_ten_minutes(place) -> None:
    _submit(place, now=timezone.now() - timedelta(minutes=9))
    assert hazard_reports_escalate_due() == []


def test_an_acknowledged_report_is_not_escalated(place) -> None:
    report = _submit(place, now=timezone.now() - timedelta(minutes=11))
    hazard_report_acknowledge(report=report, actor=place["duty"])
    assert hazard_reports_escalate_due() == []


def test_photo_is_shrunk_to_1600_pixels() -> None:
    photo = process_photo(jpeg_bytes((3200, 1600)))
    assert (photo.width, photo.height) == (1600, 800)


def test_photo_that_is_not_an_image_is_refused() -> None:
    with pytest.raises(ValueError):
        process_photo(b"%PDF-1.4 not a photo")


def test_submit_stores_photos_under_server_names(place) -> None:
    report = _submit(place, photos=[process_photo(jpeg_bytes())])
    name = report.photos.get().image.name
    assert name.startswith(f"hazard_reports/{report.pk}/") and name.endswith(".jpg")
