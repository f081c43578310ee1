"""What the reporter is told and tells back: the mobile number, text messages, rating, lookup and the chain."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from enterprises.safety.services.checks import Upload
from enterprises.safety.services.hazards import hazard_recheck, rectification_order_issue, rectification_respond
from feedback.hazard_reports.enums import DispatchTarget, ReportStatus, VerificationOutcome
from feedback.hazard_reports.models import HazardReport
from feedback.hazard_reports.selectors import public_chain, reopened_for
from feedback.hazard_reports.services.reporter import (
    COMMENT_REQUIRED,
    hazard_report_rate,
    hazard_report_review_close,
    mobile_number,
)
from feedback.hazard_reports.services.reports import (
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_report_dispatch,
    hazard_report_submit,
    hazard_report_verify,
)
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from firesvc.notifications.models import OutboxMessage
from tests.factories import EnterpriseFactory, UserFactory, enterprise_user, staff
from tests.hazard_reports.conftest import form_data, rate_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(tmp_path):  # type: ignore[no-untyped-def]
    old = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    settings.MEDIA_ROOT = old


def _submit(units, **kwargs):  # type: ignore[no-untyped-def]
    data = {"category": "electrical", "subdistrict": units["subdistrict"], "community": units["community"],
            "grid": units["grid"], "address": "友谊街12号", "description": "电线裸露", "reporter_phone": "13912345678"}
    data.update(kwargs)
    return hazard_report_submit(**data)


def _closed(units, **kwargs):  # type: ignore[no-untyped-def]
    report = _submit(units, **kwargs)
    duty = units["duty"]
    hazard_report_acknowledge(report=report, actor=duty)
    hazard_report_dispatch(report=report, actor=duty, target=DispatchTarget.PROPERTY)
    hazard_report_verify(report=report, actor=duty, outcome=VerificationOutcome.CONFIRMED_RECTIFIED)
    return hazard_report_close(report=report, actor=duty, reply="已督促物业清理")


def _texts(phone: str) -> list[str]:
    return list(OutboxMessage.objects.filter(channel="sms", address=phone).order_by("pk")
                .values_list("notification__body", flat=True))


# --- the mobile number ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "stored"), [("13912345678", "13912345678"), ("139 1234 5678", "13912345678"),
                                               ("+86 139-1234-5678", "13912345678"), ("", "")])
def test_mobile_number_accepts_mainland_mobiles(typed: str, stored: str) -> None:
    assert mobile_number(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "12912345678", "1391234567", "139123456789", "010-12345678"])
def test_mobile_number_refuses_anything_else(typed: str) -> None:
    assert mobile_number(typed) is None


def test_report_form_refuses_a_short_phone_number_in_chinese(client, place) -> None:  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        response = client.post(reverse("hazard_reports:report"), form_data(place, reporter_phone="12345"),
                               HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "请填写中国大陆手机号码" in response.content.decode()
    assert not HazardReport.objects.exists()


def test_submit_service_refuses_a_short_phone_number(place) -> None:
    with pytest.raises(ValidationError) as error:
        _submit(place, reporter_phone="12345")
    assert set(error.value.message_dict) == {"reporter_phone"}


def test_open311_refuses_a_short_phone_number(client, place) -> None:  # type: ignore[no-untyped-def]
    from feedback.hazard_reports.models import ApiKey

    key = ApiKey.objects.create(name="app", default_unit=place["grid"])
    response = client.post("/open311/v2/requests.json", {
        "api_key": key.key, "service_code": "electrical", "description": "电线裸露", "phone": "12345"})
    assert response.status_code == 400
    assert not HazardReport.objects.exists()


# --- text messages -------------------------------------------------------------------------------------------

def test_reporter_is_texted_at_acknowledgement_dispatch_and_closure_with_the_link(place) -> None:
    report = _closed(place)
    texts = _texts("13912345678")
    assert len(texts) == 3
    assert all(report.tracking_code in text and text.count("http") == 1 for text in texts)


def test_reporter_without_a_phone_gets_no_text(place) -> None:
    _closed(place, reporter_phone="")
    assert not OutboxMessage.objects.filter(channel="sms").exists()


# --- rating --------------------------------------------------------------------------------------------------

def test_satisfied_rating_keeps_the_report_closed(place) -> None:
    report = hazard_report_rate(report=_closed(place), rating="satisfied")
    assert (report.status, report.rating) == (ReportStatus.CLOSED, "satisfied")


def test_dissatisfied_rating_reopens_for_the_supervisor_with_an_audit_event(place) -> None:
    supervisor = staff(Role.SUPERVISOR, place["detachment"])
    report = hazard_report_rate(report=_closed(place), rating="very_dissatisfied", comment="物业没有清理")
    assert HazardReport.objects.get(pk=report.pk).status == ReportStatus.REOPENED
    assert AuditEvent.objects.filter(action="hazard_report.reopened", object_id=str(report.pk)).exists()
    assert list(reopened_for(supervisor)) == [report]


def test_dissatisfied_rating_without_a_comment_is_refused_and_changes_nothing(place) -> None:
    report = _closed(place)
    with pytest.raises(ValidationError) as refused:
        hazard_report_rate(report=report, rating="very_dissatisfied", comment="  ")
    assert list(refused.value.message_dict) == ["comment"]
    assert HazardReport.objects.get(pk=report.pk).status == ReportStatus.CLOSED


def test_tracking_page_refuses_a_dissatisfied_rating_without_a_comment(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _closed(place)
    response = client.post(report.get_tracking_url(), {"rating": "dissatisfied", "comment": ""})
    assert response.status_code == 400
    assert response.context["rate_form"].errors["comment"] == [str(COMMENT_REQUIRED)]
    assert HazardReport.objects.get(pk=report.pk).rated_at is None


def test_tracking_page_keeps_the_chosen_rating_when_the_comment_is_missing(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _closed(place)
    response = client.post(report.get_tracking_url(), {"rating": "very_dissatisfied", "comment": ""})
    page = response.content.decode()
    checked = page[page.index('value="very_dissatisfied"'):].split(">", 1)[0]
    assert "checked" in checked


def test_tracking_page_takes_a_fairly_satisfied_rating_without_a_comment(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _closed(place)
    response = client.post(report.get_tracking_url(), {"rating": "fairly_satisfied", "comment": ""})
    assert response.status_code == 302
    assert HazardReport.objects.get(pk=report.pk).rating == "fairly_satisfied"


def test_a_report_is_rated_once(place) -> None:
    report = hazard_report_rate(report=_closed(place), rating="satisfied")
    with pytest.raises(ValidationError):
        rate_report(report, "dissatisfied")


def test_an_open_report_cannot_be_rated(place) -> None:
    with pytest.raises(ValidationError):
        hazard_report_rate(report=_submit(place), rating="satisfied")


def test_supervisor_closes_the_reopened_report_with_the_review(place) -> None:
    supervisor = staff(Role.SUPERVISOR, place["detachment"])
    report = rate_report(_closed(place), "dissatisfied")
    report = hazard_report_review_close(report=report, actor=supervisor, note="已约谈物业，复查已清理")
    assert (report.status, report.review_note) == (ReportStatus.CLOSED, "已约谈物业，复查已清理")


def test_tracking_page_rating_reopens_the_report(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _closed(place)
    response = client.post(report.get_tracking_url(), {"rating": "dissatisfied", "comment": "没有处理"})
    assert response.status_code == 302
    assert HazardReport.objects.get(pk=report.pk).status == ReportStatus.REOPENED


def test_review_queue_lists_the_reopened_report(client, place) -> None:  # type: ignore[no-untyped-def]
    supervisor = staff(Role.SUPERVISOR, place["detachment"])
    report = rate_report(_closed(place), "dissatisfied")
    client.force_login(supervisor)
    assert f'data-reopened="{report.pk}"' in client.get(reverse("feedback:review_queue")).content.decode()


# --- lookup --------------------------------------------------------------------------------------------------

def test_lookup_redirects_a_known_code_to_its_tracking_page(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _submit(place)
    response = client.post(reverse("hazard_reports:lookup"), {"code": f" {report.tracking_code} "})
    assert response["Location"] == report.get_tracking_url()


def test_lookup_of_an_unknown_code_answers_alike_with_a_message(client, place) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("hazard_reports:lookup"), {"code": "no-such-code"}, follow=True)
    assert response.redirect_chain == [(reverse("hazard_reports:lookup"), 302)]
    assert "No report has this tracking code" in response.content.decode() or "没有" in response.content.decode()


def test_lookup_is_rate_limited(client, place, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HAZARD_REPORT_RATE_LIMITS = {"lookup": (2, 3600)}
    codes = [client.post(reverse("hazard_reports:lookup"), {"code": "x"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


# --- the chain -----------------------------------------------------------------------------------------------

def test_tracking_page_shows_the_hazard_its_order_and_the_recheck_photo(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _submit(place)
    duty = place["duty"]
    hazard_report_acknowledge(report=report, actor=duty)
    report = hazard_report_dispatch(report=report, actor=duty, target=DispatchTarget.FIRE_SUPERVISION)
    from enterprises.safety.models import Hazard

    hazard = Hazard.objects.get(pk=report.hazard_id)
    inspector = staff(Role.REVIEWER, hazard.unit)
    enterprise = EnterpriseFactory(brigade=hazard.unit)
    rectification_order_issue(hazard=hazard, requirements="清理楼道", rectify_workdays=3, actor=inspector,
                              enterprise=enterprise)
    rectification_respond(hazard=Hazard.objects.get(pk=hazard.pk), note="已清理", files=[Upload("a.png", PNG)],
                          actor=enterprise_user(enterprise))
    hazard_recheck(hazard=Hazard.objects.get(pk=hazard.pk), passed=True, note="合格", actor=inspector,
                   photos=[Upload("after.png", PNG)])
    chain = public_chain(report)
    assert chain is not None and chain.order_number and len(chain.rechecks) == 1
    assert len(chain.rechecks[0].photo_ids) == 1
    page = client.get(report.get_tracking_url()).content.decode()
    assert chain.order_number in page and "data-chain-recheck" in page
    photo = client.get(reverse("hazard_reports:recheck_photo_public", args=[report.tracking_code,
                                                                          chain.rechecks[0].photo_ids[0]]))
    assert photo.status_code == 200
    assert enterprise.name not in page  # only what is public: not the enterprise ordered to rectify


def test_tracking_page_of_an_order_to_correct_immediately_gives_no_date(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _submit(place)
    hazard_report_acknowledge(report=report, actor=place["duty"])
    report = hazard_report_dispatch(report=report, actor=place["duty"], target=DispatchTarget.FIRE_SUPERVISION)
    from enterprises.safety.models import Hazard

    hazard = Hazard.objects.get(pk=report.hazard_id)
    rectification_order_issue(hazard=hazard, requirements="清理楼道", rectify_workdays=0,
                              actor=staff(Role.REVIEWER, hazard.unit),
                              enterprise=EnterpriseFactory(brigade=hazard.unit))
    page = client.get(report.get_tracking_url()).content.decode()
    order = page[page.index("data-chain-order"):]
    order = order[:order.index("</li>")]
    with translation.override(settings.LANGUAGE_CODE):  # the page's language
        at_once = translation.gettext("the fire service ordered immediate correction")
        by = translation.gettext("rectify by")
    assert at_once in order and by not in order


def test_tracking_page_after_dispatch_says_fire_supervision_is_checking(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _submit(place)
    hazard_report_acknowledge(report=report, actor=place["duty"])
    report = hazard_report_dispatch(report=report, actor=place["duty"], target=DispatchTarget.FIRE_SUPERVISION)
    page = client.get(report.get_tracking_url()).content.decode()
    chain = page[page.index("data-chain-hazard"):]
    chain = chain[:chain.index("</li>")]
    # no order is announced before the inspectors have found the hazard
    assert "已转消防监督核查" in chain and "消防监督人员核查中" in chain
    assert "责令改正" not in chain

def test_recheck_photo_needs_the_reports_code(client, place) -> None:  # type: ignore[no-untyped-def]
    report = _submit(place)
    assert client.get(reverse("hazard_reports:recheck_photo_public", args=[report.tracking_code, 1])).status_code == 404


# --- the duty screen's announcement --------------------------------------------------------------------------

def test_duty_new_count_gives_the_waiting_reports_and_the_newest(client, place, other_place) -> None:  # type: ignore[no-untyped-def]
    first, newest = _submit(place), _submit(place, category="flammables")
    _submit(other_place)  # another sub-district's report is not counted
    hazard_report_acknowledge(report=first, actor=place["duty"])
    client.force_login(place["duty"])
    assert client.get(reverse("hazard_reports:duty_new_count")).json() == {"new": 1, "latest": newest.pk}


def test_duty_new_count_is_for_handlers_only(client, place) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.GRID_MANAGER, place["grid"]))
    assert client.get(reverse("hazard_reports:duty_new_count")).status_code == 403


def test_dissatisfied_rating_tells_the_supervisors_above_not_those_of_another_detachment(place, other_place) -> None:
    from firesvc.notifications.models import Notification

    above = staff(Role.SUPERVISOR, place["brigade"])
    elsewhere = staff(Role.SUPERVISOR, other_place["detachment"])
    rate_report(_closed(place), "dissatisfied")
    told = set(Notification.objects.filter(kind="hazard_report_reopened").values_list("recipient", flat=True))
    assert above.pk in told and elsewhere.pk not in told


def test_dissatisfied_rating_with_no_supervisor_up_the_chain_tells_the_administrators_why(place) -> None:
    from firesvc.notifications.models import Notification
    from firesvc.notifications.unstaffed import nobody_in_chain_words

    # given no supervisor anywhere up the sub-district's chain, and an administrator
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    report = _closed(place)
    # when the reporter is dissatisfied
    rate_report(report, "dissatisfied")
    # then the administrator alone is told, in the words that say the chain has no supervisor, around the notice's
    note = Notification.objects.get(kind="hazard_report_reopened")
    assert note.recipient_id == admin.pk
    title, body = nobody_in_chain_words(roles=[Role.SUPERVISOR], unit=place["subdistrict"], title="|", body="|")
    assert note.title.startswith(title.split("|")[0]) and f"#{report.pk}" in note.title
    assert note.body.startswith(body.split("|")[0]) and note.body != body.split("|")[0]
