"""Patrol teams (B8), consultations and the FAQ (B7)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from feedback.demo import seed_patrols_and_points
from feedback.enums import EquipmentKind, QuestionStatus, TeamKind
from feedback.models import CitizenQuestion, ConsultationPoint, PatrolEquipment, PatrolTeam
from feedback.selectors.patrols import team_for_grid
from feedback.services.citizen_questions import faq_entry_create, question_answer, question_ask
from firesvc.accounts.demo import seed_org_tree
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import load_rule_sets
from tests.factories import OrgUnitFactory, staff

BEIJING = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


@pytest.fixture
def rules(db):  # type: ignore[no-untyped-def]
    load_rule_sets()


@pytest.fixture
def teams(tree):  # type: ignore[no-untyped-def]
    a = tree["a"]
    mobile = PatrolTeam.objects.create(name="甲街道巡消机动队", kind=TeamKind.SUBDISTRICT_MOBILE, unit=a["subdistrict"])
    patrol = PatrolTeam.objects.create(name="甲社区保消巡逻队", kind=TeamKind.COMMUNITY_PATROL, unit=a["community"])
    patrol.grids.add(a["grid"])
    PatrolEquipment.objects.create(team=patrol, kind=EquipmentKind.PATROL_VEHICLE, quantity=1)
    return {"mobile": mobile, "patrol": patrol}


def _clock(question: CitizenQuestion) -> Clock:
    return Clock.objects.for_owner(question).get()


# --- patrol teams ----------------------------------------------------------------------------------------------


def test_team_for_grid_prefers_the_community_patrol(tree, teams):  # type: ignore[no-untyped-def]
    grid = tree["a"]["grid"]
    assert team_for_grid(grid) == teams["patrol"]
    teams["patrol"].active = False
    teams["patrol"].save()
    assert team_for_grid(grid) == teams["mobile"]  # falls back to the sub-district's mobile team
    other_grid = OrgUnitFactory(kind=UnitKind.GRID, name="乙网格2", code="b-g2", parent=tree["b"]["community"])
    assert team_for_grid(other_grid) is None


def test_staff_see_their_teams_and_not_another_detachments(client, tree, teams):  # type: ignore[no-untyped-def]
    mine = staff(Role.GRID_MANAGER, tree["a"]["brigade"])
    other = staff(Role.WINDOW_CLERK, tree["b"]["detachment"])
    client.force_login(mine)
    page = client.get(reverse("feedback:patrol_teams"), {"kind": TeamKind.COMMUNITY_PATROL})
    assert page.status_code == 200
    assert "甲社区保消巡逻队" in page.content.decode()
    assert "甲街道巡消机动队" not in page.content.decode()
    detail = client.get(reverse("feedback:patrol_team", args=[teams["patrol"].pk]))
    assert detail.status_code == 200
    assert "a网格" in detail.content.decode()
    client.force_login(other)
    assert client.get(reverse("feedback:patrol_team", args=[teams["patrol"].pk])).status_code == 404
    assert "甲社区保消巡逻队" not in client.get(reverse("feedback:patrol_teams")).content.decode()


def test_a_grid_manager_sees_the_patrol_teams_of_his_grid(client, tree, teams):  # type: ignore[no-untyped-def]
    a = tree["a"]
    elsewhere = OrgUnitFactory(kind=UnitKind.COMMUNITY, parent=a["subdistrict"], name="乙社区")
    PatrolTeam.objects.create(name="乙社区保消巡逻队", kind=TeamKind.COMMUNITY_PATROL, unit=elsewhere)
    client.force_login(staff(Role.GRID_MANAGER, a["grid"]))
    page = client.get(reverse("feedback:patrol_teams")).content.decode()
    assert "甲社区保消巡逻队" in page and "甲街道巡消机动队" in page
    assert "乙社区保消巡逻队" not in page  # another community's patrol does not cover his grid
    assert client.get(reverse("feedback:patrol_team", args=[teams["patrol"].pk])).status_code == 200


def test_patrol_pages_are_for_staff_only(client, tree, teams):  # type: ignore[no-untyped-def]
    assert client.get(reverse("feedback:patrol_teams")).status_code == 302  # to sign in
    client.force_login(staff(Role.ENTERPRISE_USER, None))
    assert client.get(reverse("feedback:patrol_teams")).status_code == 403


# --- consultations ---------------------------------------------------------------------------------------------


def test_asking_in_service_hours_starts_a_ten_minute_clock(tree, rules):  # type: ignore[no-untyped-def]
    question = question_ask(question="灭火器怎么用？", community=tree["a"]["community"], at=at(2025, 3, 5, 10, 0))
    clock = _clock(question)
    assert clock.rule.code == "consultation.answer"
    assert clock.unit == tree["a"]["brigade"]
    assert clock.started_at == at(2025, 3, 5, 10, 0)
    assert clock.due_at == at(2025, 3, 5, 10, 10)
    assert question.status == QuestionStatus.OPEN
    assert len(question.token) >= 20


@pytest.mark.parametrize(("asked", "starts"), [
    ((2025, 3, 5, 21, 30), (2025, 3, 6, 8, 0)),
    ((2025, 3, 5, 6, 15), (2025, 3, 5, 8, 0)),
    ((2025, 3, 5, 20, 0), (2025, 3, 6, 8, 0)),
])
def test_outside_service_hours_the_clock_starts_at_the_next_8(tree, rules, asked, starts):  # type: ignore[no-untyped-def]
    question = question_ask(question="夜里问的问题", community=tree["a"]["community"], at=at(*asked))
    clock = _clock(question)
    assert clock.started_at == at(*starts)
    assert clock.due_at == at(*starts) + timedelta(minutes=10)


def test_answering_stops_the_clock_and_records_first_contact(tree, rules):  # type: ignore[no-untyped-def]
    point = ConsultationPoint.objects.create(name="甲社区警务室", community=tree["a"]["community"])
    question = question_ask(question="楼道能停电动车吗？", point=point, at=at(2025, 3, 5, 10, 0))
    assert question.community == tree["a"]["community"]
    assert question.channel == "point"
    officer = staff(Role.GRID_MANAGER, tree["a"]["community"])
    question = question_answer(question=question, actor=officer, answer="不能。", resolved_first_contact=True,
                               publish_to_faq=True, at=at(2025, 3, 5, 10, 6))
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.resolved_first_contact
    assert question.answered_by == officer
    assert question.faq_question == "楼道能停电动车吗？"
    assert question.faq_answer == "不能。"
    clock = _clock(question)
    assert clock.status == ClockStatus.STOPPED
    assert clock.stopped_at == at(2025, 3, 5, 10, 6)
    stop = AuditEvent.objects.get(action="clock.stop", object_id=str(question.pk))
    assert stop.data["on_time"] is True
    assert AuditEvent.objects.filter(action="question.answered", object_id=str(question.pk)).exists()
    with pytest.raises(Exception, match=r"already been answered|已答复"):
        question_answer(question=question, actor=officer, answer="再答一次")


def test_the_duty_officer_has_citizen_questions_in_the_menu_and_is_told_of_new_ones(client, tree, rules):  # type: ignore[no-untyped-def]
    from firesvc.notifications.models import Notification

    a = tree["a"]
    duty = staff(Role.DUTY_OFFICER, a["subdistrict"])
    other_duty = staff(Role.DUTY_OFFICER, tree["b"]["subdistrict"])
    question = question_ask(question="楼道里能停电动车吗？", community=a["community"])
    note = Notification.objects.get(recipient=duty, kind="question_new")
    assert note.url == reverse("feedback:questions")
    assert not Notification.objects.filter(recipient=other_duty).exists()
    client.force_login(duty)
    desk = client.get(reverse("desk", args=["duty_officer"])).content.decode()
    assert f'href="{reverse("feedback:questions")}"' in desk
    assert question.question in client.get(reverse("feedback:questions")).content.decode()


def test_a_new_question_of_a_sub_district_without_a_duty_officer_goes_to_the_one_above(tree, rules):  # type: ignore[no-untyped-def]
    from firesvc.notifications.models import Notification

    above = staff(Role.DUTY_OFFICER, tree["a"]["detachment"])
    question_ask(question="楼道里能停电动车吗？", community=tree["a"]["community"])
    assert Notification.objects.filter(recipient=above, kind="question_new").exists()


def test_staff_of_another_detachment_cannot_answer(client, tree, rules):  # type: ignore[no-untyped-def]
    question = question_ask(question="问题", community=tree["a"]["community"])
    client.force_login(staff(Role.WINDOW_CLERK, tree["b"]["detachment"]))
    assert "问题" not in client.get(reverse("feedback:questions")).content.decode()
    response = client.post(reverse("feedback:question_answer", args=[question.pk]), {f"q{question.pk}-answer": "x"})
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_staff_answer_through_the_page(client, tree, rules):  # type: ignore[no-untyped-def]
    question = question_ask(question="消防通道被占怎么办？", community=tree["a"]["community"])
    client.force_login(staff(Role.GRID_MANAGER, tree["a"]["subdistrict"]))
    page = client.get(reverse("feedback:questions")).content.decode()
    assert "消防通道被占怎么办？" in page
    assert "data-remaining=\"" in page
    prefix = f"q{question.pk}-"
    empty = client.post(reverse("feedback:question_answer", args=[question.pk]),
                        {prefix + "answer": "", prefix + "faq_question": "我改过的问题"})
    assert empty.status_code == 400
    assert "我改过的问题" in empty.content.decode()
    done = client.post(reverse("feedback:question_answer", args=[question.pk]),
                       {prefix + "answer": "拨打96119。", prefix + "resolved_first_contact": "on"})
    assert done.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.resolved_first_contact
    assert not question.published_to_faq


def test_public_ask_returns_a_tracking_page_that_shows_the_answer(client, tree, rules):  # type: ignore[no-untyped-def]
    response = client.post(reverse("feedback:ask"), {
        "community": tree["a"]["community"].pk, "question": "家里能放几个灭火器？", "asker_phone": "13800000000"})
    question = CitizenQuestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:question", args=[question.token])
    page = client.get(response["Location"]).content.decode()
    assert "家里能放几个灭火器？" in page
    assert "data-answer" not in page
    question_answer(question=question, actor=staff(Role.GRID_MANAGER, tree["a"]["community"]), answer="两具为宜。")
    assert "两具为宜。" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("feedback:question", args=["not-the-token"])).status_code == 404


def test_the_question_confirmation_names_the_address_to_follow_it(client, tree, rules):  # type: ignore[no-untyped-def]
    from django.contrib.messages import get_messages

    response = client.post(reverse("feedback:ask"), {
        "community": tree["a"]["community"].pk, "question": "家里能放几个灭火器？", "asker_phone": "13800000000"})
    question = CitizenQuestion.objects.get()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert reverse("feedback:question", args=[question.token]) in message


def test_honeypot_refuses_bots_silently(client, tree, rules):  # type: ignore[no-untyped-def]
    response = client.post(reverse("feedback:ask"), {
        "community": tree["a"]["community"].pk, "question": "buy cheap pills", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not CitizenQuestion.objects.exists()
    assert not Clock.objects.exists()


def test_bad_input_keeps_what_was_typed(client, tree, rules):  # type: ignore[no-untyped-def]
    response = client.post(reverse("feedback:ask"), {"question": "我的问题原文", "asker_name": "王大爷"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "我的问题原文" in body
    assert "王大爷" in body
    assert "is-invalid" in body
    assert not CitizenQuestion.objects.exists()


def test_faq_shows_only_published_answers(client, tree, rules):  # type: ignore[no-untyped-def]
    community = tree["a"]["community"]
    faq_entry_create(community=community, question="灭火器多久检查一次？", answer="每月查看压力表。")
    unpublished = question_ask(question="私下的问题", community=community)
    question_answer(question=unpublished, actor=staff(Role.GRID_MANAGER, community), answer="私下的答复")
    question_ask(question="还没答的问题", community=community)
    body = client.get(reverse("feedback:faq")).content.decode()
    assert "灭火器多久检查一次？" in body
    assert "私下的" not in body
    assert "还没答的问题" not in body
    assert "灭火器" not in client.get(reverse("feedback:faq"), {"q": "燃气"}).content.decode().split("<h1")[1]
    assert "每月查看压力表" in client.get(reverse("feedback:faq"), {"q": "压力表"}).content.decode()


# --- demo --------------------------------------------------------------------------------------------------------


def test_demo_seed_is_idempotent(db):  # type: ignore[no-untyped-def]
    seed_org_tree()
    first = seed_patrols_and_points()
    assert seed_patrols_and_points() == 0
    subs = OrgUnit.objects.filter(code__startswith="cy", kind=UnitKind.SUBDISTRICT).count()
    coms = OrgUnit.objects.filter(code__startswith="cy", kind=UnitKind.COMMUNITY).count()
    assert first == subs + 2 * coms + 5
    assert PatrolTeam.objects.filter(kind=TeamKind.SUBDISTRICT_MOBILE).count() == subs
    assert PatrolTeam.objects.filter(kind=TeamKind.COMMUNITY_PATROL).count() == coms
    for team in PatrolTeam.objects.all():
        assert 3 <= team.members.count() <= 5
        assert team.equipment.filter(kind=EquipmentKind.PATROL_VEHICLE, quantity=1).exists()
    grid = OrgUnit.objects.get(code="cy-st-s1-c1-g1")
    assert team_for_grid(grid).name == "北塔社区保消巡逻队"
    assert CitizenQuestion.objects.published().count() == 5
