from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import AccountStatus
from enterprises.models import TrainingAttendance, TrainingRequest, TrainingSession, TrainingStatus
from enterprises.services.training import (
    training_attendance_record,
    training_figures,
    training_request_create,
    training_request_decline,
    training_request_mark_done,
    training_request_schedule,
    training_session_create,
)
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from tests.factories import EnterpriseFactory, enterprise_user, staff

pytestmark = pytest.mark.django_db

NEXT_WEEK = timezone.localdate() + datetime.timedelta(days=7)
LAST_WEEK = timezone.localdate() - datetime.timedelta(days=7)


@pytest.fixture
def setup(tree):  # type: ignore[no-untyped-def]
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    user = enterprise_user(enterprise)
    request = training_request_create(actor=user, enterprise=enterprise, topic="灭火器使用", attendees_estimate=20)
    return {"tree": tree, "enterprise": enterprise, "user": user, "request": request,
            "clerk": staff(Role.WINDOW_CLERK, tree["a"]["brigade"])}


def _session(setup, **kwargs: object) -> TrainingSession:  # type: ignore[no-untyped-def]
    fields = {"unit": setup["tree"]["a"]["brigade"], "date": NEXT_WEEK, "start_time": datetime.time(14, 0),
              "trainer": "李建国", "topic": "灭火器使用", "place": "大队会议室"}
    fields.update(kwargs)
    return training_session_create(actor=setup["clerk"], **fields)


def test_a_verified_user_requests_training_on_the_page(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    client.force_login(enterprise_user(enterprise))
    response = client.post(reverse("enterprises:training_requests"),
                           {"topic": "疏散演练", "preferred_dates": "下周三", "attendees_estimate": "30"})
    assert response["Location"] == reverse("enterprises:training_requests")
    request = TrainingRequest.objects.get(enterprise=enterprise)
    assert (request.topic, request.status, request.attendees_estimate) == ("疏散演练", TrainingStatus.REQUESTED, 30)
    assert AuditEvent.objects.filter(action="training_request.requested", object_id=str(request.pk)).exists()
    assert "疏散演练" in client.get(reverse("enterprises:training_requests")).content.decode()


def test_bad_input_on_the_request_form_keeps_what_was_typed(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    client.force_login(enterprise_user(enterprise))
    response = client.post(reverse("enterprises:training_requests"),
                           {"topic": "消防控制室操作", "preferred_dates": "周末上午", "attendees_estimate": "0"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "消防控制室操作" in page
    assert "周末上午" in page
    assert not TrainingRequest.objects.exists()


def test_an_unverified_user_cannot_request(client, tree) -> None:
    enterprise = EnterpriseFactory(brigade=tree["a"]["brigade"])
    user = enterprise_user(enterprise, status=AccountStatus.PENDING)
    client.force_login(user)
    response = client.post(reverse("enterprises:training_requests"), {"topic": "疏散演练", "attendees_estimate": "5"})
    assert response.status_code == 403
    assert not TrainingRequest.objects.exists()


def test_an_unverified_claim_does_not_see_the_enterprises_training_requests(setup) -> None:  # type: ignore[no-untyped-def]
    pending = enterprise_user(setup["enterprise"], status=AccountStatus.PENDING)
    assert not TrainingRequest.objects.visible_to(pending).exists()


def test_the_training_page_of_an_unverified_claim_lists_none_of_the_enterprises_requests(client, setup) -> None:  # type: ignore[no-untyped-def]
    client.force_login(enterprise_user(setup["enterprise"], status=AccountStatus.PENDING))
    response = client.get(reverse("enterprises:training_requests"))
    assert response.status_code == 200
    assert setup["request"].topic not in response.content.decode()


def test_an_unverified_claim_does_not_see_the_enterprises_training_sessions(setup) -> None:  # type: ignore[no-untyped-def]
    session = _session(setup)
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)
    pending = enterprise_user(setup["enterprise"], status=AccountStatus.PENDING)
    assert list(TrainingSession.objects.visible_to(setup["user"])) == [session]
    assert not TrainingSession.objects.visible_to(pending).exists()


def test_a_user_cannot_request_for_another_enterprise(tree) -> None:
    mine = EnterpriseFactory(brigade=tree["a"]["brigade"])
    other = EnterpriseFactory(brigade=tree["a"]["brigade"])
    with pytest.raises(PermissionDenied):
        training_request_create(actor=enterprise_user(mine), enterprise=other, topic="疏散演练")
    assert not TrainingRequest.objects.exists()


def test_staff_and_residents_without_an_account_do_not_get_the_request_page(client, tree) -> None:
    client.force_login(staff(Role.WINDOW_CLERK, tree["a"]["brigade"]))
    assert client.get(reverse("enterprises:training_requests")).status_code == 403


def test_the_queue_is_scoped_and_other_detachments_get_404_on_actions(client, setup) -> None:
    outsider = staff(Role.APPROVER, setup["tree"]["b"]["detachment"])
    client.force_login(outsider)
    pk = setup["request"].pk
    assert "灭火器使用" not in client.get(reverse("enterprises:training_queue")).content.decode()
    assert client.get(reverse("enterprises:training_schedule", args=[pk])).status_code == 404
    assert client.post(reverse("enterprises:training_decline", args=[pk]), {"reason": "不行"}).status_code == 404
    session = _session(setup)
    assert client.get(reverse("enterprises:training_session", args=[session.pk])).status_code == 404
    assert TrainingRequest.objects.get(pk=pk).status == TrainingStatus.REQUESTED

    client.force_login(staff(Role.APPROVER, setup["tree"]["a"]["detachment"]))  # the parent unit sees it
    assert "灭火器使用" in client.get(reverse("enterprises:training_queue")).content.decode()


def test_roles_without_training_duties_get_403(client, setup) -> None:
    client.force_login(staff(Role.REVIEWER, setup["tree"]["a"]["brigade"]))
    assert client.get(reverse("enterprises:training_queue")).status_code == 403
    client.force_login(setup["user"])
    assert client.get(reverse("enterprises:training_queue")).status_code == 403


def test_scheduling_a_new_session_on_the_page(client, setup) -> None:
    client.force_login(setup["clerk"])
    assert client.get(reverse("enterprises:training_schedule", args=[setup["request"].pk])).status_code == 200
    response = client.post(reverse("enterprises:training_schedule", args=[setup["request"].pk]), {
        "session": "", "date": NEXT_WEEK.isoformat(), "start_time": "09:30", "trainer": "张伟",
        "place": "企业一楼大厅", "capacity": "25",
    })
    assert response["Location"] == reverse("enterprises:training_queue")
    request = TrainingRequest.objects.select_related("session").get(pk=setup["request"].pk)
    assert request.status == TrainingStatus.SCHEDULED
    assert (request.session.unit, request.session.trainer, request.session.topic) == (
        setup["tree"]["a"]["brigade"], "张伟", "灭火器使用")
    assert AuditEvent.objects.filter(action="training_request.scheduled", object_id=str(request.pk)).exists()


def test_bad_input_on_the_schedule_form_keeps_what_was_typed(client, setup) -> None:
    client.force_login(setup["clerk"])
    response = client.post(reverse("enterprises:training_schedule", args=[setup["request"].pk]), {
        "session": "", "date": "", "start_time": "09:30", "trainer": "张伟", "place": "企业一楼大厅",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "张伟" in page
    assert "企业一楼大厅" in page
    assert "09:30" in page
    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.REQUESTED
    assert not TrainingSession.objects.exists()


def test_picking_an_existing_session_and_internal_sessions_are_refused(setup) -> None:
    internal = _session(setup, internal=True, topic="干部业务培训")
    with pytest.raises(ValidationError):
        training_request_schedule(actor=setup["clerk"], request=setup["request"], session=internal)
    session = _session(setup)
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)
    assert TrainingRequest.objects.get(pk=setup["request"].pk).session == session


def test_declining_needs_a_reason_and_a_done_request_cannot_be_declined(client, setup) -> None:
    client.force_login(setup["clerk"])
    url = reverse("enterprises:training_decline", args=[setup["request"].pk])
    client.post(url, {"reason": "  "})
    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.REQUESTED
    with pytest.raises(ValidationError):
        training_request_decline(actor=setup["clerk"], request=setup["request"], reason="")

    session = _session(setup, date=LAST_WEEK)
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)
    row = TrainingAttendance.objects.create(session=session, enterprise=setup["enterprise"], person_name="刘海燕")
    training_attendance_record(actor=setup["clerk"], session=session, attended_ids={row.pk})
    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.DONE
    with pytest.raises(ValidationError):
        training_request_decline(actor=setup["clerk"], request=setup["request"], reason="场地不足")
    client.post(url, {"reason": "场地不足"})
    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.DONE


def test_a_declined_request_shows_the_reason_to_the_enterprise(client, setup) -> None:
    client.force_login(setup["clerk"])
    client.post(reverse("enterprises:training_decline", args=[setup["request"].pk]), {"reason": "本月场地已满"})
    request = TrainingRequest.objects.get(pk=setup["request"].pk)
    assert (request.status, request.decline_reason) == (TrainingStatus.DECLINED, "本月场地已满")
    with pytest.raises(ValidationError):
        training_request_schedule(actor=setup["clerk"], request=request, session=_session(setup))
    client.force_login(setup["user"])
    assert "本月场地已满" in client.get(reverse("enterprises:training_requests")).content.decode()


def test_attendance_page_ticks_and_adds_people_and_figures_count_them(client, setup) -> None:
    tree = setup["tree"]
    session = _session(setup, date=datetime.date(2026, 3, 10))
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)
    present = TrainingAttendance.objects.create(session=session, enterprise=setup["enterprise"], person_name="陈国庆")
    TrainingAttendance.objects.create(session=session, enterprise=setup["enterprise"], person_name="缺席者")
    client.force_login(setup["clerk"])
    response = client.post(reverse("enterprises:training_session", args=[session.pk]), {
        "attended": [str(present.pk)], "new_names": "杨秀英\n\n赵立新", "enterprise": str(setup["enterprise"].pk),
    })
    assert response["Location"] == reverse("enterprises:training_session", args=[session.pk])
    page = client.get(reverse("enterprises:training_session", args=[session.pk])).content.decode()
    assert "杨秀英" in page
    assert "赵立新" in page
    assert 'type="checkbox"' in page
    internal = _session(setup, date=datetime.date(2026, 3, 12), internal=True, topic="干部业务培训")
    client.post(reverse("enterprises:training_session", args=[internal.pk]),
                {"new_names": "王晓丽", "is_officer": "on"})
    # another detachment's training and a session outside the period do not count
    other = training_session_create(actor=None, unit=tree["b"]["brigade"], date=datetime.date(2026, 3, 11),
                                    start_time=datetime.time(9), trainer="某", topic="乙", place="乙")
    TrainingAttendance.objects.create(session=other, person_name="乙某", attended=True)
    later = _session(setup, date=datetime.date(2026, 5, 1))
    TrainingAttendance.objects.create(session=later, person_name="后来者", attended=True)

    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.DONE
    assert training_figures(setup["clerk"], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)) == {
        "sessions_held": 2, "people_trained": 3, "officers_trained": 1}
    admin = staff(Role.ADMINISTRATOR, None)
    assert training_figures(admin, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)) == {
        "sessions_held": 3, "people_trained": 4, "officers_trained": 1}
    assert training_figures(setup["user"], datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)) == {
        "sessions_held": 0, "people_trained": 0, "officers_trained": 0}
    assert AuditEvent.objects.filter(action="training_session.attendance", object_id=str(session.pk)).exists()


def test_attendance_rows_of_another_session_are_refused(setup) -> None:
    one, two = _session(setup), _session(setup)
    row = TrainingAttendance.objects.create(session=two, person_name="他人")
    with pytest.raises(ValidationError):
        training_attendance_record(actor=setup["clerk"], session=one, attended_ids={row.pk})
    assert not TrainingAttendance.objects.get(pk=row.pk).attended


def test_a_request_is_not_done_before_its_session_took_place(setup) -> None:
    session = _session(setup, date=NEXT_WEEK)
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)
    with pytest.raises(ValidationError):
        training_request_mark_done(actor=setup["clerk"], request=setup["request"])
    with pytest.raises(ValidationError):  # nobody attends a session that has not been held
        training_attendance_record(actor=setup["clerk"], session=session, attended_ids=set(),
                                   new_people=[{"person_name": "刘海燕", "enterprise": setup["enterprise"]}])
    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.SCHEDULED
    assert not TrainingAttendance.objects.filter(attended=True).exists()


def test_a_held_session_without_the_enterprise_attending_leaves_the_request_scheduled(setup) -> None:
    session = _session(setup, date=LAST_WEEK)
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)
    with pytest.raises(ValidationError):  # attendance not yet recorded
        training_request_mark_done(actor=setup["clerk"], request=setup["request"])
    other = EnterpriseFactory(brigade=setup["tree"]["a"]["brigade"])
    training_attendance_record(actor=setup["clerk"], session=session, attended_ids=set(),
                               new_people=[{"person_name": "路人甲", "enterprise": other}])
    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.SCHEDULED

    training_attendance_record(actor=setup["clerk"], session=session,
                               attended_ids=set(session.attendance.values_list("pk", flat=True)),
                               new_people=[{"person_name": "刘海燕", "enterprise": setup["enterprise"]}])
    assert TrainingRequest.objects.get(pk=setup["request"].pk).status == TrainingStatus.DONE
    assert AuditEvent.objects.filter(action="training_request.done", object_id=str(setup["request"].pk)).exists()


# --- seats (a session holds its capacity and no more) ---------------------------------------------------------------


def _request_for(setup, people: int) -> TrainingRequest:  # type: ignore[no-untyped-def]
    return training_request_create(actor=setup["user"], enterprise=setup["enterprise"], topic="疏散演练",
                                   attendees_estimate=people)


def test_scheduling_more_people_than_the_session_seats_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    session = _session(setup, capacity=30)
    big = _request_for(setup, 50)
    with pytest.raises(ValidationError):
        training_request_schedule(actor=setup["clerk"], request=big, session=session)
    assert TrainingRequest.objects.get(pk=big.pk).status == TrainingStatus.REQUESTED


def test_the_refusal_of_a_full_session_names_the_seats_left(setup) -> None:  # type: ignore[no-untyped-def]
    session = _session(setup, capacity=30)
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)  # 20 people
    with pytest.raises(ValidationError) as refused:
        training_request_schedule(actor=setup["clerk"], request=_request_for(setup, 15), session=session)
    assert "10" in refused.value.message_dict["session"][0]


def test_a_new_session_smaller_than_the_request_is_refused_on_the_page(client, setup) -> None:  # type: ignore[no-untyped-def]
    big = _request_for(setup, 50)
    client.force_login(setup["clerk"])
    response = client.post(reverse("enterprises:training_schedule", args=[big.pk]), {
        "session": "", "date": NEXT_WEEK.isoformat(), "start_time": "09:30", "trainer": "张伟",
        "place": "企业一楼大厅", "capacity": "30",
    })
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    assert not TrainingSession.objects.exists()


# --- the attendance form keeps what was sent when it is refused -----------------------------------------------------


def test_a_refused_attendance_list_keeps_the_enterprise_chosen(client, setup) -> None:  # type: ignore[no-untyped-def]
    session = _session(setup, date=NEXT_WEEK)  # not held yet: attendance is refused
    training_request_schedule(actor=setup["clerk"], request=setup["request"], session=session)
    client.force_login(setup["clerk"])
    response = client.post(reverse("enterprises:training_session", args=[session.pk]), {
        "new_names": "杨秀英", "enterprise": str(setup["enterprise"].pk)})
    assert f'<option value="{setup["enterprise"].pk}" selected>' in response.content.decode()
    assert not TrainingAttendance.objects.exists()


def test_a_refused_attendance_list_keeps_the_ticks(client, setup) -> None:  # type: ignore[no-untyped-def]
    session = _session(setup, date=NEXT_WEEK)
    row = TrainingAttendance.objects.create(session=session, enterprise=setup["enterprise"], person_name="陈国庆")
    client.force_login(setup["clerk"])
    response = client.post(reverse("enterprises:training_session", args=[session.pk]), {"attended": [str(row.pk)]})
    assert f'id="att-{row.pk}" checked>' in response.content.decode()
    assert not TrainingAttendance.objects.get(pk=row.pk).attended
