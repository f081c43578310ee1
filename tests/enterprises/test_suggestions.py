from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enterprises.enums import AccountStatus, SuggestionSource, SuggestionStatus
from enterprises.forms.pickers import EnterpriseChoiceField
from enterprises.forms.suggestions import StaffSuggestionForm
from enterprises.models import Suggestion
from enterprises.services.suggestions import (
    suggestion_accept,
    suggestion_assign,
    suggestion_create,
    suggestion_decline,
    suggestion_feed_back,
    suggestion_rate,
    suggestion_rectify,
)
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import Notification
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from tests.enterprises.visit_world import world_fixture  # noqa: F401
from tests.factories import EnterpriseFactory, enterprise_user

pytestmark = pytest.mark.django_db


def _online(world, text: str = "希望开通网上预约") -> Suggestion:  # type: ignore[no-untyped-def]
    return suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                             content=text)


def _fed_back(world) -> Suggestion:  # type: ignore[no-untyped-def]
    s = _online(world)
    suggestion_accept(actor=world["clerk"], suggestion=s)
    suggestion_rectify(actor=world["clerk"], suggestion=s, rectification="已开通网上预约")
    return suggestion_feed_back(actor=world["clerk"], suggestion=s, feedback="已采纳并开通")


def test_an_online_suggestion_goes_to_the_enterprises_brigade(world) -> None:  # type: ignore[no-untyped-def]
    s = _online(world)
    assert (s.unit, s.submitted_by, s.status, s.number[:2]) == (
        world["brigade"], world["user"], SuggestionStatus.SUBMITTED, "YJ")


def test_a_new_suggestion_starts_its_feedback_clock(world) -> None:  # type: ignore[no-untyped-def]
    s = _online(world)
    clock = Clock.objects.for_owner(s).get()
    assert (clock.rule.code, clock.status, s.due_at) == ("suggestion.feedback", ClockStatus.RUNNING, clock.due_at)


def test_an_unverified_user_cannot_send_a_suggestion(world) -> None:  # type: ignore[no-untyped-def]
    pending = enterprise_user(world["enterprise"], status=AccountStatus.PENDING)
    with pytest.raises(PermissionDenied):
        suggestion_create(actor=pending, source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                          content="建议")


def test_an_unverified_claim_does_not_see_the_enterprises_suggestions(world) -> None:  # type: ignore[no-untyped-def]
    _online(world)
    pending = enterprise_user(world["enterprise"], status=AccountStatus.PENDING)
    assert not Suggestion.objects.visible_to(pending).exists()


def test_my_suggestions_of_an_unverified_claim_lists_none_of_the_enterprises(client, world) -> None:  # type: ignore[no-untyped-def]
    s = _online(world)
    client.force_login(enterprise_user(world["enterprise"], status=AccountStatus.PENDING))
    response = client.get(reverse("enterprises:suggestions_mine"))
    assert response.status_code == 200
    assert s.number not in response.content.decode()


def test_staff_cannot_record_a_suggestion_for_another_unit(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        suggestion_create(actor=world["clerk"], source=SuggestionSource.WINDOW, unit=world["tree"]["b"]["brigade"],
                          content="建议", submitter_name="张三")


@pytest.mark.parametrize("source", [SuggestionSource.VISIT, SuggestionSource.FORUM])
def test_a_visits_or_forums_suggestion_needs_its_visit_or_forum(world, source) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        suggestion_create(actor=world["clerk"], source=source, enterprise=world["enterprise"], content="建议",
                          submitter_name="张三")
    assert list(refused.value.message_dict) == ["source"]


def test_the_staff_form_offers_no_visit_or_forum_source(world) -> None:  # type: ignore[no-untyped-def]
    offered = [value for value, _label in StaffSuggestionForm(user=world["clerk"]).fields["source"].choices]
    assert offered == [SuggestionSource.WINDOW, SuggestionSource.RETURN_VISIT, SuggestionSource.DEPUTY]


def test_a_suggestion_needs_its_text(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _online(world, "   ")


def test_feeding_back_stops_the_clock(world) -> None:  # type: ignore[no-untyped-def]
    s = _fed_back(world)
    assert Clock.objects.for_owner(s).get().status == ClockStatus.STOPPED


def test_feeding_back_notifies_the_submitter(world) -> None:  # type: ignore[no-untyped-def]
    _fed_back(world)
    assert Notification.objects.filter(recipient=world["user"], kind="suggestion_fed_back").exists()


def test_every_step_writes_its_audit_event(world) -> None:  # type: ignore[no-untyped-def]
    s = _fed_back(world)
    actions = list(AuditEvent.objects.filter(object_id=str(s.pk), action__startswith="suggestion.")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["suggestion.submitted", "suggestion.accepted", "suggestion.rectified", "suggestion.fed_back"]


def test_a_suggestion_cannot_be_rectified_before_it_is_accepted(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        suggestion_rectify(actor=world["clerk"], suggestion=_online(world), rectification="已整改")


def test_declining_needs_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        suggestion_decline(actor=world["clerk"], suggestion=_online(world), reason=" ")


def test_a_declined_suggestion_is_fed_back_with_the_reason(world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_decline(actor=world["clerk"], suggestion=_online(world), reason="超出职权范围")
    s = suggestion_feed_back(actor=world["clerk"], suggestion=s, feedback="已转交市场监管部门")
    assert (s.status, s.decline_reason) == (SuggestionStatus.FED_BACK, "超出职权范围")


def test_assigning_notifies_the_assignee(world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_assign(actor=world["clerk"], suggestion=_online(world), assignee=world["officer"])
    assert s.assignee == world["officer"]
    assert Notification.objects.filter(recipient=world["officer"], kind="suggestion_assigned").exists()


def test_a_suggestion_cannot_be_assigned_to_staff_of_another_unit(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        suggestion_assign(actor=world["clerk"], suggestion=_online(world), assignee=world["other_officer"])


def test_staff_of_another_unit_cannot_handle_the_suggestion(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        suggestion_accept(actor=world["other_officer"], suggestion=_online(world))


def test_the_submitter_rates_the_reply(world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_rate(actor=world["user"], suggestion=_fed_back(world), satisfaction="satisfied")
    assert Suggestion.objects.get(pk=s.pk).satisfaction == "satisfied"


def test_the_reply_is_rated_only_once(world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_rate(actor=world["user"], suggestion=_fed_back(world), satisfaction="satisfied")
    with pytest.raises(ValidationError):
        suggestion_rate(actor=world["user"], suggestion=s, satisfaction="dissatisfied")


def test_a_reply_not_sent_cannot_be_rated(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        suggestion_rate(actor=world["user"], suggestion=_online(world), satisfaction="satisfied")


def test_another_enterprises_user_cannot_rate(world) -> None:  # type: ignore[no-untyped-def]
    stranger = enterprise_user(EnterpriseFactory(brigade=world["brigade"]))
    with pytest.raises(PermissionDenied):
        suggestion_rate(actor=stranger, suggestion=_fed_back(world), satisfaction="satisfied")


def test_enterprise_users_see_only_their_enterprises_suggestions(world) -> None:  # type: ignore[no-untyped-def]
    own = _online(world)
    stranger_enterprise = EnterpriseFactory(brigade=world["brigade"])
    suggestion_create(actor=enterprise_user(stranger_enterprise), source=SuggestionSource.ONLINE,
                      enterprise=stranger_enterprise, content="别家的建议")
    assert list(Suggestion.objects.visible_to(world["user"])) == [own]


# --- pages --------------------------------------------------------------------------------------------------------


def test_an_enterprise_user_sends_a_suggestion_online(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["user"])
    response = client.post(reverse("enterprises:suggestions_mine"), {"content": "希望增加周末窗口"})
    assert response["Location"] == reverse("enterprises:suggestions_mine")
    assert Suggestion.objects.get().content == "希望增加周末窗口"


def test_the_enterprise_user_reads_the_reply(client, world) -> None:  # type: ignore[no-untyped-def]
    s = _fed_back(world)
    client.force_login(world["user"])
    body = client.get(reverse("enterprises:suggestion_mine", args=[s.pk])).content.decode()
    assert "已采纳并开通" in body


def test_staff_reply_on_the_case_page(client, world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_decline(actor=world["clerk"], suggestion=_online(world), reason="不属于消防职责")
    client.force_login(world["clerk"])
    client.post(reverse("enterprises:suggestion_act", args=[s.pk, "feedback"]), {"text": "已电话告知"})
    assert Suggestion.objects.get(pk=s.pk).feedback == "已电话告知"


def test_an_empty_reply_keeps_the_case_open_with_a_message(client, world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_decline(actor=world["clerk"], suggestion=_online(world), reason="不属于消防职责")
    client.force_login(world["clerk"])
    response = client.post(reverse("enterprises:suggestion_act", args=[s.pk, "feedback"]), {"text": "  "})
    assert response.status_code == 200
    assert Suggestion.objects.get(pk=s.pk).status == SuggestionStatus.DECLINED


def test_a_failed_action_keeps_what_was_typed(client, world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_accept(actor=world["officer"], suggestion=_online(world))  # meanwhile, a colleague accepted it
    client.force_login(world["clerk"])
    response = client.post(reverse("enterprises:suggestion_act", args=[s.pk, "decline"]), {"text": "提前写好的理由"})
    assert "提前写好的理由" in response.content.decode()
    assert Suggestion.objects.get(pk=s.pk).status == SuggestionStatus.ACCEPTED


def test_a_suggestion_of_another_unit_is_not_found(client, world) -> None:  # type: ignore[no-untyped-def]
    s = _online(world)
    client.force_login(world["other_officer"])
    assert client.get(reverse("enterprises:suggestion_detail", args=[s.pk])).status_code == 404


def test_another_enterprises_user_cannot_open_the_suggestion(client, world) -> None:  # type: ignore[no-untyped-def]
    s = _online(world)
    client.force_login(enterprise_user(EnterpriseFactory(brigade=world["brigade"])))
    assert client.get(reverse("enterprises:suggestion_mine", args=[s.pk])).status_code == 404


def _window_suggestion(world, **fields: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {"source": "window", "unit": world["brigade"].pk, "submitter_name": "孙立新",
            "submitter_phone": "13900001111", "content": "希望窗口提供复印服务", **fields}


def test_staff_record_a_window_suggestion_for_a_picked_enterprise(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    client.post(reverse("enterprises:suggestion_create"), _window_suggestion(world, enterprise=world["enterprise"].pk))
    s = Suggestion.objects.get()
    assert (s.source, s.enterprise, s.recorded_by) == ("window", world["enterprise"], world["clerk"])


def test_a_suggestion_need_not_come_from_an_enterprise(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    client.post(reverse("enterprises:suggestion_create"), _window_suggestion(world, enterprise=""))
    assert Suggestion.objects.get().enterprise is None


def test_the_suggestion_form_refuses_an_enterprise_outside_the_users_scope(world) -> None:  # type: ignore[no-untyped-def]
    form = StaffSuggestionForm(_window_suggestion(world, enterprise=world["other"].pk), user=world["clerk"])
    assert not form.is_valid()
    assert form.errors["enterprise"] == [str(EnterpriseChoiceField.default_error_messages["invalid_choice"])]


def test_the_suggestion_form_offers_the_picker_with_only_the_chosen_enterprise(world) -> None:  # type: ignore[no-untyped-def]
    html = str(StaffSuggestionForm(initial={"enterprise": world["enterprise"].pk}, user=world["clerk"])["enterprise"])
    assert "data-enterprise-picker" in html
    assert re.findall(r"<option[^>]*>([^<]*)</option>", html)[1:] == [
        f"沈阳盛京商贸有限公司 · {world['enterprise'].uscc}"]


def test_an_enterprise_outside_the_scope_is_refused_and_the_input_kept(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    response = client.post(reverse("enterprises:suggestion_create"),
                           _window_suggestion(world, enterprise=world["other"].pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "希望窗口提供复印服务" in body and "孙立新" in body and "13900001111" in body
    assert re.search(r'<select name="enterprise"[^>]*aria-invalid="true"', body)
    assert world["other"].name not in body  # an enterprise the clerk may not see is not shown back
    assert not Suggestion.objects.exists()


def test_a_bad_suggestion_keeps_the_picked_enterprise(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    response = client.post(reverse("enterprises:suggestion_create"),
                           _window_suggestion(world, enterprise=world["enterprise"].pk, content=""))
    body = response.content.decode()
    assert f'<option value="{world["enterprise"].pk}" selected>沈阳盛京商贸有限公司' in body
    assert "孙立新" in body
    assert not Suggestion.objects.exists()


def test_the_timeline_link_opens_the_form_with_its_enterprise_picked(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    url = reverse("enterprises:suggestion_create") + f"?enterprise={world['enterprise'].pk}"
    body = client.get(url).content.decode()
    assert f'<option value="{world["enterprise"].pk}" selected>' in body


def test_a_credit_code_typed_without_script_comes_back_on_an_error(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    response = client.post(reverse("enterprises:suggestion_create"),
                           _window_suggestion(world, enterprise_code=world["other"].uscc))
    assert f'value="{world["other"].uscc}"' in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_calendar_change_moves_the_suggestions_due_date_too(world) -> None:  # type: ignore[no-untyped-def]
    from firesvc import workdays
    from firesvc.accounts.roles import Role
    from firesvc.workcalendar.services import calendar_day_set
    from tests.factories import UserFactory

    s = _online(world)
    clock = Clock.objects.for_owner(s).get()
    calendar_day_set(actor=UserFactory(roles=[Role.ADMINISTRATOR]), day=clock.due_date, kind="holiday", name="测试")
    clock.refresh_from_db()
    s.refresh_from_db()
    workdays.reset_cache()
    assert s.due_at == clock.due_at


def test_a_dissatisfied_rating_reopens_the_suggestion_for_the_units_approver(world, client) -> None:  # type: ignore[no-untyped-def]
    from firesvc.accounts.roles import Role
    from tests.factories import staff

    approver = staff(Role.APPROVER, world["brigade"], full_name="赵主任")
    s = suggestion_rate(actor=world["user"], suggestion=_fed_back(world), satisfaction="dissatisfied",
                        comment="只答复了没有落实")

    s.refresh_from_db()
    assert s.status == SuggestionStatus.REOPENED
    event = AuditEvent.objects.get(action="suggestion.reopened", object_id=str(s.pk))
    assert (event.from_state, event.to_state) == (SuggestionStatus.FED_BACK, SuggestionStatus.REOPENED)
    assert Notification.objects.filter(recipient=approver, kind="suggestion_reopened").exists()
    client.force_login(approver)
    assert s.number in client.get(reverse("enterprises:suggestions")).content.decode()  # the open queue
    desk = client.get(reverse("desk", args=["approver"])).content.decode()
    assert s.number in desk and "只答复了没有落实" in desk

    # handled again, a new reply, rated afresh
    suggestion_accept(actor=approver, suggestion=s)
    suggestion_rectify(actor=approver, suggestion=s, rectification="已安排专人落实")
    s = suggestion_feed_back(actor=approver, suggestion=s, feedback="已落实")
    assert s.satisfaction == ""
    s = suggestion_rate(actor=world["user"], suggestion=s, satisfaction="satisfied")
    assert s.status == SuggestionStatus.FED_BACK


def test_a_dissatisfied_rating_tells_the_approver_above_a_brigade_without_one(world) -> None:  # type: ignore[no-untyped-def]
    from firesvc.accounts.roles import Role
    from tests.factories import staff

    detachment_approver = staff(Role.APPROVER, world["tree"]["a"]["detachment"])
    suggestion_rate(actor=world["user"], suggestion=_fed_back(world), satisfaction="dissatisfied",
                    comment="只答复了没有落实")
    assert Notification.objects.filter(recipient=detachment_approver, kind="suggestion_reopened").exists()


def test_a_satisfied_rating_leaves_the_suggestion_closed(world) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_rate(actor=world["user"], suggestion=_fed_back(world), satisfaction="basically")
    s.refresh_from_db()
    assert s.status == SuggestionStatus.FED_BACK
    assert not AuditEvent.objects.filter(action="suggestion.reopened").exists()


# --- deadlines: every screen shows the clock's last day allowed ---------------------------------------------------


def _shown_due(html: str, pk: int | None = None) -> str:
    row = html if pk is None else re.search(rf'data-suggestion="{pk}".*?</tr>', html, re.S).group(0)  # type: ignore[union-attr]
    return re.search(r"data-due>([^<]*)<", row).group(1).strip()  # type: ignore[union-attr]


def test_the_staff_list_shows_the_last_day_allowed_not_the_next_midnight(client, world) -> None:  # type: ignore[no-untyped-def]
    s = _online(world)
    clock = Clock.objects.for_owner(s).get()
    client.force_login(world["clerk"])
    html = client.get(reverse("enterprises:suggestions")).content.decode()
    assert _shown_due(html, s.pk) == f"{clock.due_date:%Y-%m-%d}"


def test_the_enterprises_page_shows_the_last_day_allowed(client, world) -> None:  # type: ignore[no-untyped-def]
    s = _online(world)
    clock = Clock.objects.for_owner(s).get()
    client.force_login(world["user"])
    html = client.get(reverse("enterprises:suggestion_mine", args=[s.pk])).content.decode()
    assert _shown_due(html) == f"{clock.due_date:%Y-%m-%d}"


# --- a reopened suggestion runs a new clock -------------------------------------------------------------------------


def _reopened(world) -> Suggestion:  # type: ignore[no-untyped-def]
    s = suggestion_rate(actor=world["user"], suggestion=_fed_back(world), satisfaction="dissatisfied",
                        comment="只答复了没有落实")
    s.refresh_from_db()
    return s


def test_reopening_starts_a_new_feedback_clock_of_the_same_rule(world) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from firesvc import workdays

    s = _reopened(world)
    first, second = Clock.objects.for_owner(s).order_by("pk")
    assert (first.status, second.status, second.rule.code) == (ClockStatus.STOPPED, ClockStatus.RUNNING,
                                                                "suggestion.feedback")
    assert second.due_date == workdays.add_workdays(timezone.localdate(), second.limit)
    assert s.due_at == second.due_at


def test_the_reopened_suggestions_pages_show_the_new_deadline(client, world) -> None:  # type: ignore[no-untyped-def]
    s = _reopened(world)
    second = Clock.objects.for_owner(s).latest("pk")
    client.force_login(world["clerk"])
    detail = client.get(reverse("enterprises:suggestion_detail", args=[s.pk])).content.decode()
    assert f"{second.due_date:%Y-%m-%d}" in detail
    assert "This step was completed" not in detail
    assert _shown_due(client.get(reverse("enterprises:suggestions")).content.decode(), s.pk) == (
        f"{second.due_date:%Y-%m-%d}")


def test_the_second_reply_stops_the_new_clock(world) -> None:  # type: ignore[no-untyped-def]
    s = _reopened(world)
    suggestion_accept(actor=world["clerk"], suggestion=s)
    suggestion_rectify(actor=world["clerk"], suggestion=s, rectification="已安排专人落实")
    suggestion_feed_back(actor=world["clerk"], suggestion=s, feedback="已落实")
    statuses = list(Clock.objects.for_owner(s).order_by("pk").values_list("status", flat=True))
    assert statuses == [ClockStatus.STOPPED, ClockStatus.STOPPED]


def test_the_reopened_clock_is_reminded_like_the_first(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from firesvc.sla.models import SlaAlert
    from firesvc.sla.sweep import sla_sweep

    s = _reopened(world)
    second = Clock.objects.for_owner(s).latest("pk")
    sla_sweep(now=second.yellow_at + timedelta(minutes=1))
    sla_sweep(now=second.due_at + timedelta(minutes=1))
    assert set(SlaAlert.objects.filter(clock=second).values_list("level", flat=True)) == {"yellow", "red"}


# --- phone numbers ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phone", ["1234", "abc", "1381234567"])
def test_a_suggestion_refuses_a_phone_that_is_no_number(world, phone: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                          content="建议", submitter_phone=phone)
    assert "submitter_phone" in refused.value.error_dict


@pytest.mark.parametrize("phone", ["13812345678", "024-23456789", "(024) 2345 6789"])
def test_a_suggestion_takes_a_mobile_or_landline_number(world, phone: str) -> None:  # type: ignore[no-untyped-def]
    s = suggestion_create(actor=world["user"], source=SuggestionSource.ONLINE, enterprise=world["enterprise"],
                          content="建议", submitter_phone=phone)
    assert s.submitter_phone == phone


def test_the_enterprises_form_refuses_a_bad_phone_and_keeps_what_was_typed(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["user"])
    response = client.post(reverse("enterprises:suggestions_mine"), {"content": "希望增加周末窗口",
                                                                      "submitter_phone": "1234"})
    html = response.content.decode()
    assert 'value="1234"' in html and "希望增加周末窗口" in html and "024-23456789" in html
    assert not Suggestion.objects.exists()


def test_the_staff_form_refuses_a_bad_phone_and_keeps_what_was_typed(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["clerk"])
    response = client.post(reverse("enterprises:suggestion_create"), _window_suggestion(world, submitter_phone="abc"))
    html = response.content.decode()
    assert 'value="abc"' in html and "024-23456789" in html
    assert not Suggestion.objects.exists()
